package mail

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/emersion/go-msgauth/dkim"
)

// signed are the headers the signature covers; List-Unsubscribe and
// List-Unsubscribe-Post must be among them for RFC 8058's one-click.
var signed = []string{"From", "To", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version",
	"List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "Content-Type"}

// Signer signs messages with one DKIM key.
type Signer struct {
	opts dkim.SignOptions
}

// ParseKey reads a PEM private key (PKCS #8, or PKCS #1 for RSA): RSA or
// Ed25519.
func ParseKey(data []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("not a PKCS #1 or PKCS #8 private key: %w", err)
	}
	switch k := k.(type) {
	case *rsa.PrivateKey: // Go refuses RSA keys under 1024 bits already
		return k, nil
	case ed25519.PrivateKey:
		return k, nil
	}
	return nil, fmt.Errorf("a %T key: DKIM needs RSA or Ed25519", k)
}

// NewSigner signs as domain with selector.
func NewSigner(domain, selector string, key crypto.Signer) *Signer {
	return &Signer{opts: dkim.SignOptions{Domain: domain, Selector: selector, Signer: key,
		HeaderKeys: signed, HeaderCanonicalization: dkim.CanonicalizationRelaxed,
		BodyCanonicalization: dkim.CanonicalizationRelaxed}}
}

// Sign returns msg with a DKIM-Signature header in front.
func (s *Signer) Sign(msg []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(msg) + 1024)
	if err := dkim.Sign(&out, bytes.NewReader(msg), &s.opts); err != nil {
		return nil, fmt.Errorf("dkim: %w", err)
	}
	return out.Bytes(), nil
}
