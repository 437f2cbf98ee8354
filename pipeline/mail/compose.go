// Package mail composes the message that carries a bulletin to one
// subscriber, signs it with DKIM, and makes and checks the tokens of the
// one-click unsubscribe links (RFC 8058).
package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Message is one e-mail: the headers' values and the two bodies.
type Message struct {
	From      mail.Address
	To        mail.Address
	ReplyTo   string
	Subject   string
	Date      time.Time
	MessageID string // with its angle brackets
	Lang      string // Content-Language of the bodies
	ListID    string // bulletin.example.org
	ListName  string // the list's name, shown by some clients beside List-Id
	// Unsubscribe is the one-click URL with the reader's token; Mailto the
	// address for mailto: unsubscribes.
	Unsubscribe, Mailto string
	Text, HTML          string
	Attachment          *Attachment // nil when the message links to the PDF
}

// Attachment is the PDF, its base64 lines made once per run and shared by
// every message that carries it.
type Attachment struct {
	Name    string
	Encoded []byte // base64 in lines of 76 characters, each ending in CRLF
}

// NewAttachment encodes data once.
func NewAttachment(name string, data []byte) *Attachment {
	enc := make([]byte, base64.StdEncoding.EncodedLen(len(data)))
	base64.StdEncoding.Encode(enc, data)
	var b bytes.Buffer
	b.Grow(len(enc) + len(enc)/76*2 + 2)
	for len(enc) > 0 {
		n := min(76, len(enc))
		b.Write(enc[:n])
		b.WriteString("\r\n")
		enc = enc[n:]
	}
	return &Attachment{Name: name, Encoded: b.Bytes()}
}

// MessageID is the Message-ID of edition's message to addr: the same on
// every run, so a relay's log can say whether an uncertain message left.
func MessageID(edition, addr, domain string) string {
	sum := sha256.Sum256([]byte(edition + "\x00" + strings.ToLower(addr)))
	return fmt.Sprintf("<bulletin-%s.%s@%s>", edition, hex.EncodeToString(sum[:12]), domain)
}

// Bytes writes the message: multipart/mixed holding a
// multipart/alternative (text/plain, text/html) and the PDF, or the
// alternative alone when there is no attachment. Lines end in CRLF and
// none is longer than 76 characters except a header that cannot be
// folded; the boundaries come from the Message-ID, so the same message
// always has the same bytes.
func (m *Message) Bytes() []byte {
	var b bytes.Buffer
	b.Grow(4096 + len(m.Text) + 2*len(m.HTML) + attachmentLen(m.Attachment))
	h := func(k, v string) { writeHeader(&b, k, v) }
	h("From", m.From.String())
	h("To", m.To.String())
	if m.ReplyTo != "" {
		h("Reply-To", m.ReplyTo)
	}
	h("Subject", encodeWords(m.Subject))
	h("Date", m.Date.Format(time.RFC1123Z))
	h("Message-ID", m.MessageID)
	h("MIME-Version", "1.0")
	h("List-Id", listID(m.ListName, m.ListID))
	h("List-Unsubscribe", "<"+m.Unsubscribe+">, <mailto:"+m.Mailto+"?subject=unsubscribe>")
	h("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	sum := sha256.Sum256([]byte(m.MessageID))
	outer, inner := "mixed-"+hex.EncodeToString(sum[:10]), "alt-"+hex.EncodeToString(sum[10:20])
	if m.Attachment != nil {
		h("Content-Type", `multipart/mixed; boundary="`+outer+`"`)
		b.WriteString("\r\n--" + outer + "\r\n")
	}
	h("Content-Type", `multipart/alternative; boundary="`+inner+`"`)
	b.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		b.WriteString("--" + inner + "\r\n")
		h("Content-Type", part.typ+"; charset=utf-8")
		h("Content-Transfer-Encoding", "quoted-printable")
		h("Content-Language", m.Lang)
		b.WriteString("\r\n")
		writeQP(&b, part.body)
		b.WriteString("\r\n")
	}
	b.WriteString("--" + inner + "--\r\n")
	if a := m.Attachment; a != nil {
		b.WriteString("\r\n--" + outer + "\r\n")
		h("Content-Type", mime.FormatMediaType("application/pdf", map[string]string{"name": a.Name}))
		h("Content-Transfer-Encoding", "base64")
		h("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
		b.WriteString("\r\n")
		b.Write(a.Encoded)
		b.WriteString("--" + outer + "--\r\n")
	}
	return b.Bytes()
}

func attachmentLen(a *Attachment) int {
	if a == nil {
		return 0
	}
	return len(a.Encoded)
}

func listID(name, id string) string {
	if name == "" {
		return "<" + id + ">"
	}
	return encodeWords(name) + " <" + id + ">"
}

// encodeWords encodes s as RFC 2047 words when it is not plain ASCII.
func encodeWords(s string) string {
	return mime.QEncoding.Encode("utf-8", s)
}

// writeHeader writes "Key: value" folded before a space once a line
// passes 76 characters (RFC 5322 asks for 78 at most, 998 is the limit).
func writeHeader(b *bytes.Buffer, key, value string) {
	line := textproto.CanonicalMIMEHeaderKey(key) + ":"
	if key == "Message-ID" || key == "MIME-Version" || key == "List-Id" || key == "List-Unsubscribe-Post" {
		line = key + ":" // as the RFCs spell them
	}
	width := len(line)
	b.WriteString(line)
	for i, word := range strings.Split(value, " ") {
		if i > 0 && width+1+len(word) > 76 {
			b.WriteString("\r\n")
			width = 0
		}
		b.WriteByte(' ')
		b.WriteString(word)
		width += 1 + len(word)
	}
	b.WriteString("\r\n")
}

// writeQP writes s quoted-printable with CRLF line ends.
func writeQP(b *bytes.Buffer, s string) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	w := quotedprintable.NewWriter(b)
	w.Write([]byte(strings.ReplaceAll(s, "\n", "\r\n")))
	w.Close()
}
