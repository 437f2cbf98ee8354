package deliver

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-msgauth/dkim"

	bmail "bulletin/pipeline/mail"
)

// part is one leaf of a received message.
type part struct {
	typ    string
	header map[string][]string
	body   []byte // decoded
}

// walk returns the content type tree as text ("multipart/mixed(...)")
// and the leaves.
func walk(t *testing.T, header mail.Header, body io.Reader) (string, []part) {
	t.Helper()
	typ, params, err := mime.ParseMediaType(header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", header.Get("Content-Type"), err)
	}
	if !strings.HasPrefix(typ, "multipart/") {
		data, _ := io.ReadAll(body)
		switch header.Get("Content-Transfer-Encoding") {
		case "base64":
			data, err = base64.StdEncoding.DecodeString(strings.ReplaceAll(string(data), "\r\n", ""))
		case "quoted-printable":
			var b bytes.Buffer
			_, err = b.ReadFrom(newQP(data))
			data = b.Bytes()
		}
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		return typ, []part{{typ, header, data}}
	}
	r := multipart.NewReader(body, params["boundary"])
	var names []string
	var leaves []part
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		name, sub := walk(t, mail.Header(p.Header), p)
		names = append(names, name)
		leaves = append(leaves, sub...)
	}
	return typ + "(" + strings.Join(names, ",") + ")", leaves
}

// TestMessageAsReceived sends the Azerbaijani message through the real
// SMTP server and checks what a mail client would see.
func TestMessageAsReceived(t *testing.T) {
	f := newFixture(t, 1) // reader00, az
	if res, _ := f.send(t, context.Background(), false); res.Sent != 1 {
		t.Fatalf("%+v", res)
	}
	got := f.srv.Messages()[0]
	if got.From != "bounces@example.org" || !slices.Equal(got.To, []string{"reader00@example.org"}) {
		t.Errorf("envelope %q -> %v", got.From, got.To)
	}
	checkLines(t, got.Data)
	m, err := mail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil || subject != "Bülleten — Yanvar 2025" {
		t.Errorf("subject %q (%v), raw %q", subject, err, m.Header.Get("Subject"))
	}
	to, err := mail.ParseAddress(m.Header.Get("To"))
	if err != nil || to.Name != "Oxucu 0" || to.Address != "reader00@example.org" {
		t.Errorf("To %q", m.Header.Get("To"))
	}
	wantID := bmail.MessageID("2025-01", "READER00@example.org", "example.org")
	for k, want := range map[string]string{
		"From":                  `"AIR Center Bulletin" <bulletin@example.org>`,
		"Reply-To":              "editors@example.org",
		"Message-Id":            wantID,
		"Date":                  "Wed, 15 Jan 2025 09:00:00 +0000",
		"List-Id":               "AIR Center Bulletin <bulletin.example.org>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"List-Unsubscribe": "<https://example.org/unsubscribe?a=reader00%40example.org&t=" + bmail.Token(testKey, "reader00@example.org") +
			">, <mailto:unsubscribe@example.org?subject=unsubscribe>",
	} {
		if g := m.Header.Get(k); g != want {
			t.Errorf("%s: %q, want %q", k, g, want)
		}
	}
	tree, parts := walk(t, m.Header, m.Body)
	if tree != "multipart/mixed(multipart/alternative(text/plain,text/html),application/pdf)" {
		t.Fatalf("structure %s", tree)
	}
	text, html, pdf := string(parts[0].body), string(parts[1].body), parts[2]
	for _, want := range []string{"Hörmətli Oxucu 0,", "I. Orta Dəhliz və az (2)", "Abunəlikdən çıxın: https://example.org/unsubscribe?a="} {
		if !strings.Contains(text, want) {
			t.Errorf("text body lacks %q:\n%s", want, text)
		}
	}
	for _, want := range []string{`<html lang="az">`, "<td style=\"padding:4px 0;border-bottom:1px solid #e5e7eb;\">I. Orta Dəhliz və az</td>", "Bülleten — Yanvar 2025"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML body lacks %q", want)
		}
	}
	if strings.Contains(html, "<img") || strings.Contains(html, "<script") {
		t.Error("the HTML body has an image or a script")
	}
	sum := sha256.Sum256(pdf.body)
	if hex.EncodeToString(sum[:]) != f.ed.Files["az"].SHA256 {
		t.Errorf("attachment SHA-256 %x, manifest %s", sum, f.ed.Files["az"].SHA256)
	}
	if cd := mail.Header(pdf.header).Get("Content-Disposition"); cd != "attachment; filename=bulletin-2025-01-az.pdf" {
		t.Errorf("Content-Disposition %q", cd)
	}
	// The same reader gets the same Message-ID on any run.
	comp, _ := NewComposer(f.ed, f.set, testKey, nil)
	if comp.MessageID("Reader00@Example.org") != wantID {
		t.Error("Message-ID is not the same for the same address")
	}
}

// checkLines: CRLF only, no line over 998 bytes (RFC 5322).
func checkLines(t *testing.T, data []byte) {
	t.Helper()
	for i, line := range bytes.Split(data, []byte("\r\n")) {
		if bytes.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 998 {
			t.Fatalf("line %d is %d bytes long", i+1, len(line))
		}
	}
}

// TestDKIMVerifies signs with RSA and with Ed25519 and verifies offline
// with go-msgauth against a fake DNS lookup.
func TestDKIMVerifies(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	pkix, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	for _, c := range []struct {
		name string
		key  crypto.Signer
		txt  string
	}{
		{"rsa", rsaKey, "v=DKIM1; k=rsa; p=" + base64.StdEncoding.EncodeToString(pkix)},
		{"ed25519", edKey, "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(edKey.Public().(ed25519.PublicKey))},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, 3)
			signer := bmail.NewSigner("example.org", "sel", c.key)
			comp, err := NewComposer(f.ed, f.set, testKey, signer)
			if err != nil {
				t.Fatal(err)
			}
			msg, err := comp.Compose(f.subs[2], comp.MessageID(f.subs[2].Email), f.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			checkLines(t, msg)
			lookup := func(domain string) ([]string, error) {
				if domain != "sel._domainkey.example.org" {
					t.Errorf("looked up %s", domain)
				}
				return []string{c.txt}, nil
			}
			vs, err := dkim.VerifyWithOptions(bytes.NewReader(msg), &dkim.VerifyOptions{LookupTXT: lookup})
			if err != nil || len(vs) != 1 || vs[0].Err != nil {
				t.Fatalf("verify: %v %+v", err, vs)
			}
			for _, h := range []string{"list-unsubscribe", "list-unsubscribe-post", "from", "subject"} {
				if !slices.ContainsFunc(vs[0].HeaderKeys, func(k string) bool { return strings.EqualFold(k, h) }) {
					t.Errorf("the signature does not cover %s: %v", h, vs[0].HeaderKeys)
				}
			}
			// A changed header breaks it: the check can fail.
			bad := bytes.Replace(msg, []byte("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), []byte("List-Unsubscribe-Post: List-Unsubscribe=Two-Click"), 1)
			vs, _ = dkim.VerifyWithOptions(bytes.NewReader(bad), &dkim.VerifyOptions{LookupTXT: lookup})
			if len(vs) != 1 || vs[0].Err == nil {
				t.Error("a changed List-Unsubscribe-Post still verifies")
			}
		})
	}
}

func newQP(data []byte) io.Reader { return quotedprintable.NewReader(bytes.NewReader(data)) }
