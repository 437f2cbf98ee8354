package deliver

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bulletin/internal/smtptest"
)

// selfSigned returns a TLS certificate for 127.0.0.1 and its PEM.
func selfSigned(t *testing.T) (tls.Certificate, []byte) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test relay"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func TestSTARTTLSWithAuth(t *testing.T) {
	cert, pemData := selfSigned(t)
	srv := smtptest.Start(t, smtptest.Options{TLS: &tls.Config{Certificates: []tls.Certificate{cert}}})
	srv.Users = map[string]string{"bulletin": "s3cret"}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(ca, pemData, 0o644)
	msg := []byte("Subject: t\r\n\r\nhello\r\n")
	noop := func() error { return nil }

	tr, err := NewSMTP(SMTP{Host: srv.Host, Port: srv.Port, TLS: "starttls", Username: "bulletin", CAFile: ca, Helo: "localhost"}, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	if reply, err := tr.Send("b@example.org", "r@example.org", msg, noop); err != nil || !strings.Contains(reply, "queued as") {
		t.Fatalf("over STARTTLS: %q, %v", reply, err)
	}
	if _, ok := tr.c.TLSConnectionState(); !ok || srv.Auths != 1 || len(srv.Messages()) != 1 {
		t.Errorf("TLS %v, %d logins, %d messages", ok, srv.Auths, len(srv.Messages()))
	}
	tr.Close()

	// Without the CA the self-signed certificate is not trusted.
	tr, _ = NewSMTP(SMTP{Host: srv.Host, Port: srv.Port, TLS: "starttls", Username: "bulletin", Helo: "localhost"}, "s3cret")
	if _, err := tr.Send("b@example.org", "r@example.org", msg, noop); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("untrusted certificate: %v", err)
	}

	// A password is never sent over a plain connection, whatever the
	// settings say.
	tr, _ = NewSMTP(SMTP{Host: srv.Host, Port: srv.Port, TLS: "none", Username: "bulletin", Helo: "localhost"}, "s3cret")
	_, err = tr.Send("b@example.org", "r@example.org", msg, noop)
	if err == nil || !strings.Contains(err.Error(), "refusing to send the SMTP password over a connection without TLS") {
		t.Errorf("plain auth: %v", err)
	}
	if srv.Auths != 1 || len(srv.Messages()) != 1 {
		t.Errorf("%d logins, %d messages after the refused ones", srv.Auths, len(srv.Messages()))
	}
}

func TestImplicitTLS(t *testing.T) {
	cert, pemData := selfSigned(t)
	srv := smtptest.Start(t, smtptest.Options{TLS: &tls.Config{Certificates: []tls.Certificate{cert}}, Implicit: true})
	srv.Users = map[string]string{"bulletin": "s3cret"}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(ca, pemData, 0o644)
	tr, err := NewSMTP(SMTP{Host: srv.Host, Port: srv.Port, TLS: "tls", Username: "bulletin", CAFile: ca, Helo: "localhost"}, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if _, err := tr.Send("b@example.org", "r@example.org", []byte("Subject: t\r\n\r\nhi\r\n"), func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	if st, ok := tr.c.TLSConnectionState(); !ok || !st.HandshakeComplete || len(srv.Messages()) != 1 {
		t.Errorf("TLS %v, %d messages", ok, len(srv.Messages()))
	}
}
