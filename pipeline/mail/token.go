package mail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"
)

// Token is the unsubscribe token of addr: an HMAC-SHA256 of the address
// (lower case) under the unsubscribe key, so the endpoint needs no list
// of tokens and nobody without the key can unsubscribe someone else.
func Token(key []byte, addr string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("bulletin-unsubscribe\x00" + strings.ToLower(addr)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ValidToken reports whether tok is addr's token, in constant time.
func ValidToken(key []byte, addr, tok string) bool {
	return hmac.Equal([]byte(Token(key, addr)), []byte(tok))
}

// UnsubscribeURL is base with the reader's address and token in its query.
func UnsubscribeURL(base string, key []byte, addr string) string {
	q := url.Values{"a": {addr}, "t": {Token(key, addr)}}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + q.Encode()
}
