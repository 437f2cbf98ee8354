package deliver

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Transport hands one message to the relay.
type Transport interface {
	// Send gives msg for to, from the envelope sender from. beforeDot is
	// called once all the data is written, just before the final dot: if
	// it fails, the dot is not sent and Send returns its error. The reply
	// is the relay's text after the dot, e.g. "2.0.0 OK: queued as 1234".
	Send(from, to string, msg []byte, beforeDot func() error) (reply string, err error)
	Close() error
}

// SendError is a failed Send: Code is the SMTP reply code (0 for a
// network failure); AfterDot says the final dot went out.
type SendError struct {
	Code     int
	Text     string
	AfterDot bool
	Err      error
}

func (e *SendError) Error() string {
	if e.Code != 0 {
		return fmt.Sprintf("%d %s", e.Code, e.Text)
	}
	return e.Err.Error()
}

func (e *SendError) Unwrap() error { return e.Err }

// outcome is the ledger event of a failed Send.
func (e *SendError) outcome() string {
	switch {
	case e.Code >= 500:
		return EvBounced
	case e.Code >= 400:
		return EvDeferred
	case e.AfterDot:
		return EvUnknown // no reply: delivered or not, nobody knows
	default:
		return EvDeferred
	}
}

// ErrLedger wraps a failure to write the ledger, which stops the run.
var ErrLedger = errors.New("ledger")

// SMTPTransport talks to the relay of the settings, over one connection
// kept open from message to message.
type SMTPTransport struct {
	s        SMTP
	password string
	tls      *tls.Config
	c        *smtp.Client
}

// NewSMTP makes a transport; the CA file, when given, is read now.
func NewSMTP(s SMTP, password string) (*SMTPTransport, error) {
	cfg := &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	if s.CAFile != "" {
		pem, err := os.ReadFile(s.CAFile)
		if err != nil {
			return nil, fmt.Errorf("smtp.ca_file: %w", err)
		}
		cfg.RootCAs = x509.NewCertPool()
		if !cfg.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("smtp.ca_file %s holds no PEM certificate", s.CAFile)
		}
	}
	return &SMTPTransport{s: s, password: password, tls: cfg}, nil
}

func (t *SMTPTransport) connect() error {
	addr := net.JoinHostPort(t.s.Host, strconv.Itoa(t.s.Port))
	conn, err := net.DialTimeout("tcp", addr, 30*time.Second)
	if err != nil {
		return err
	}
	var c *smtp.Client
	switch t.s.TLS {
	case "tls":
		c = smtp.NewClient(tls.Client(conn, t.tls))
	case "starttls":
		c, err = smtp.NewClientStartTLS(conn, t.tls)
	default:
		c = smtp.NewClient(conn)
	}
	if err != nil {
		conn.Close()
		return fmt.Errorf("%s: %w", addr, err)
	}
	c.CommandTimeout, c.SubmissionTimeout = time.Minute, 5*time.Minute
	if err := c.Hello(t.s.Helo); err != nil {
		c.Close()
		return err
	}
	if t.s.Username != "" {
		// Settings forbid this already; the check here is the one that
		// holds whatever the settings say.
		if _, ok := c.TLSConnectionState(); !ok {
			c.Close()
			return errors.New("refusing to send the SMTP password over a connection without TLS")
		}
		if err := c.Auth(sasl.NewPlainClient("", t.s.Username, t.password)); err != nil {
			c.Close()
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	t.c = c
	return nil
}

// Send implements Transport.
func (t *SMTPTransport) Send(from, to string, msg []byte, beforeDot func() error) (string, error) {
	if t.c == nil {
		if err := t.connect(); err != nil {
			return "", &SendError{Err: err}
		}
	}
	fail := func(err error, afterDot bool) (string, error) {
		var se *smtp.SMTPError
		if errors.As(err, &se) {
			if se.Code == 421 || t.c.Reset() != nil {
				t.drop()
			}
			return "", &SendError{Code: se.Code, Text: fmt.Sprintf("%d.%d.%d %s", se.EnhancedCode[0], se.EnhancedCode[1], se.EnhancedCode[2], se.Message), AfterDot: afterDot, Err: err}
		}
		t.drop()
		return "", &SendError{Err: err, AfterDot: afterDot}
	}
	if err := t.c.Mail(from, nil); err != nil {
		return fail(err, false)
	}
	if err := t.c.Rcpt(to, nil); err != nil {
		return fail(err, false)
	}
	w, err := t.c.Data()
	if err != nil {
		return fail(err, false)
	}
	if _, err := w.Write(msg); err != nil {
		return fail(err, false)
	}
	if !bytes.HasSuffix(msg, []byte("\r\n")) {
		w.Write([]byte("\r\n"))
	}
	if err := beforeDot(); err != nil {
		t.drop() // the dot is never sent: the relay drops the message
		return "", err
	}
	resp, err := w.CloseWithResponse()
	if err != nil {
		return fail(err, true)
	}
	return "250 " + resp.StatusText, nil // CloseWithResponse takes only 250
}

func (t *SMTPTransport) drop() {
	if t.c != nil {
		t.c.Close()
		t.c = nil
	}
}

// Close says QUIT and closes the connection.
func (t *SMTPTransport) Close() error {
	if t.c == nil {
		return nil
	}
	err := t.c.Quit()
	t.drop()
	return err
}
