package mail

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
)

func TestParseKey(t *testing.T) {
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 1024)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	pkcs8 := func(k any) []byte {
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	}
	cases := []struct {
		name string
		pem  []byte
		err  string // "" for a key that is taken
	}{
		{"rsa pkcs1", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}), ""},
		{"rsa pkcs8", pkcs8(rsaKey), ""},
		{"ed25519", pkcs8(edKey), ""},
		{"ecdsa", pkcs8(ecKey), "a *ecdsa.PrivateKey key: DKIM needs RSA or Ed25519"},
		{"not pem", []byte("hello"), "no PEM block"},
		{"garbage", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("x")}), "not a PKCS #1 or PKCS #8 private key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseKey(c.pem)
			if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.HasPrefix(err.Error(), c.err)) {
				t.Errorf("got %v, want %q", err, c.err)
			}
		})
	}
}

// FuzzMessageLines: whatever the texts and names, a message has CRLF
// line ends only and no line over 998 bytes.
func FuzzMessageLines(f *testing.F) {
	f.Add("Bülleten — Yanvar 2025", "Aysel Məmmədova", "Hörmətli oxucu,\nbody", "I. Orta Dəhliz")
	f.Fuzz(func(t *testing.T, subject, name, body, title string) {
		if len(name) > 800 {
			return // subscriber names are limited to 200 characters
		}
		m := &Message{Subject: subject, Text: body, HTML: body, MessageID: "<x@example.org>", ListID: "b.example.org",
			Unsubscribe: "https://example.org/u?a=x&t=y", Mailto: "u@example.org", Lang: "az",
			Attachment: NewAttachment("b.pdf", []byte(body+title))}
		m.To.Name, m.To.Address = name, "r@example.org"
		m.From.Address = "b@example.org"
		text, html := Bodies(Texts{Lang: "az", Subject: subject, Greeting: name}, []Article{{Title: title, Page: 2}}, "", m.Unsubscribe)
		m.Text, m.HTML = text, html
		data := m.Bytes()
		for i, line := range strings.Split(string(data), "\r\n") {
			if strings.ContainsAny(line, "\r\n") || len(line) > 998 {
				t.Fatalf("line %d: %q", i+1, line)
			}
		}
	})
}
