// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp)
// on 127.0.0.1:0 for tests: it keeps a message only once its data is
// complete, and has hooks to refuse a recipient (451, 550) and to hold
// back the reply after the final dot.
package smtptest

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one message the server received whole.
type Message struct {
	From string
	To   []string
	Data []byte
	ID   string // the queue id of the reply
}

// Server is a running test server.
type Server struct {
	Addr string // host:port
	Host string
	Port int

	srv *smtp.Server
	mu  sync.Mutex
	msg []Message
	n   int
	// Rcpt, when set, is asked for each recipient: a non-zero code
	// (451, 550, ...) refuses it.
	Rcpt func(to string) int
	// Hold, when set, is called after a message has been kept and before
	// the reply is written: blocking in it holds the reply back.
	Hold func(m Message)
	// Users, when set, requires AUTH PLAIN with one of these passwords.
	Users map[string]string
	// Auths counts successful logins.
	Auths int
}

// Options configure Start.
type Options struct {
	TLS *tls.Config // offered through STARTTLS when set
	// Implicit makes the whole connection TLS from the start (port 465
	// style) instead of STARTTLS.
	Implicit bool
}

// Start runs a server until the test ends.
func Start(t testing.TB, opt Options) *Server {
	t.Helper()
	s := &Server{}
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.ErrorLog = log.New(io.Discard, "", 0) // killed clients are the point of some tests
	s.srv.ReadTimeout, s.srv.WriteTimeout = time.Minute, time.Minute
	s.srv.MaxMessageBytes = 64 << 20
	s.srv.TLSConfig = opt.TLS
	s.srv.AllowInsecureAuth = false
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if opt.Implicit {
		l = tls.NewListener(l, opt.TLS)
	}
	s.Addr = l.Addr().String()
	s.Host = "127.0.0.1"
	s.Port = l.Addr().(*net.TCPAddr).Port
	go s.srv.Serve(l)
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// Messages returns what was received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msg...)
}

// To returns the messages received for addr (compared without case).
func (s *Server) To(addr string) []Message {
	var out []Message
	for _, m := range s.Messages() {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				out = append(out, m)
			}
		}
	}
	return out
}

type backend struct{ s *Server }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{s: b.s}, nil
}

type session struct {
	s      *Server
	from   string
	to     []string
	authed bool
}

func (se *session) AuthMechanisms() []string {
	if se.s.Users == nil {
		return nil
	}
	return []string{sasl.Plain}
}

func (se *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		se.s.mu.Lock()
		defer se.s.mu.Unlock()
		if p, ok := se.s.Users[user]; !ok || p != pass {
			return errors.New("invalid credentials")
		}
		se.authed = true
		se.s.Auths++
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	if se.s.Users != nil && !se.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}
	}
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	se.s.mu.Lock()
	rcpt := se.s.Rcpt
	se.s.mu.Unlock()
	if rcpt != nil {
		switch code := rcpt(to); {
		case code >= 500:
			return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
		case code >= 400:
			return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "try again later"}
		}
	}
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err // an incomplete message is never kept
	}
	se.s.mu.Lock()
	se.s.n++
	m := Message{From: se.from, To: se.to, Data: data, ID: fmt.Sprintf("Q%05d", se.s.n)}
	se.s.msg = append(se.s.msg, m)
	hold := se.s.Hold
	se.s.mu.Unlock()
	if hold != nil {
		hold(m)
	}
	// go-smtp answers a successful DATA with a fixed text; an SMTPError
	// with code 250 is its way to say which queue id the message got.
	return &smtp.SMTPError{Code: 250, EnhancedCode: smtp.EnhancedCode{2, 0, 0}, Message: "OK: queued as " + m.ID}
}

func (se *session) Reset() { se.from, se.to = "", nil }

func (se *session) Logout() error { return nil }

// Close stops the server and closes every connection.
func (s *Server) Close() { s.srv.Close() }

// SetRcpt and SetHold change the hooks while the server runs.
func (s *Server) SetRcpt(f func(to string) int) {
	s.mu.Lock()
	s.Rcpt = f
	s.mu.Unlock()
}

// SetHold sets the hook called before the reply after the final dot.
func (s *Server) SetHold(f func(m Message)) {
	s.mu.Lock()
	s.Hold = f
	s.mu.Unlock()
}
