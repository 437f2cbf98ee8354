package mail

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

var key = []byte("a key of the unsubscribe links, 32+")

// TestUnsubscribeEndpoint: GET shows a button and changes nothing, POST
// with the token unsubscribes, a forged or missing token is refused.
func TestUnsubscribeEndpoint(t *testing.T) {
	var mu sync.Mutex
	var done []string
	srv := httptest.NewServer(Handler(key, func(a string) error {
		mu.Lock()
		defer mu.Unlock()
		done = append(done, a)
		return nil
	}))
	defer srv.Close()
	link := UnsubscribeURL(srv.URL+"/unsubscribe", key, "Aysel@example.org")
	cases := []struct {
		name, method, url string
		status            int
		page              string
		unsubscribed      []string
	}{
		{"get shows a button", "GET", link, 200, `<form method="post" action="/unsubscribe?a=Aysel%40example.org&amp;t=`, nil},
		{"forged token", "POST", UnsubscribeURL(srv.URL+"/unsubscribe", []byte("another key, not the server's one"), "Aysel@example.org"), 403, "This link is not valid", nil},
		{"token of another address", "POST", strings.Replace(link, "Aysel%40", "leyla%40", 1), 403, "This link is not valid", nil},
		{"no token", "POST", srv.URL + "/unsubscribe?a=x%40example.org", 403, "This link is not valid", nil},
		{"one-click post", "POST", link, 200, "Aysel@example.org will receive no more bulletins.", []string{"Aysel@example.org"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mu.Lock()
			done = nil
			mu.Unlock()
			var body *strings.Reader = strings.NewReader("")
			if c.method == "POST" {
				body = strings.NewReader("List-Unsubscribe=One-Click") // RFC 8058's body
			}
			req, _ := http.NewRequest(c.method, c.url, body)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var page bytes.Buffer
			page.ReadFrom(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.status || !strings.Contains(page.String(), c.page) {
				t.Errorf("%d %s", resp.StatusCode, page.String())
			}
			mu.Lock()
			defer mu.Unlock()
			if strings.Join(done, ",") != strings.Join(c.unsubscribed, ",") {
				t.Errorf("unsubscribed %v, want %v", done, c.unsubscribed)
			}
		})
	}
}

func TestToken(t *testing.T) {
	tok := Token(key, "A@Example.org")
	cases := []struct {
		addr, tok string
		key       []byte
		ok        bool
	}{
		{"a@example.org", tok, key, true}, // without case
		{"b@example.org", tok, key, false},
		{"a@example.org", tok, []byte("other"), false},
		{"a@example.org", tok[:len(tok)-1], key, false},
		{"a@example.org", "", key, false},
	}
	for _, c := range cases {
		if ValidToken(c.key, c.addr, c.tok) != c.ok {
			t.Errorf("ValidToken(%s, %s) != %v", c.addr, c.tok, c.ok)
		}
	}
	u, _ := url.Parse(UnsubscribeURL("https://example.org/u?list=b", key, "a+b@example.org"))
	if u.Query().Get("a") != "a+b@example.org" || u.Query().Get("list") != "b" || !ValidToken(key, "a+b@example.org", u.Query().Get("t")) {
		t.Errorf("URL %s", u)
	}
}

// TestHeaderFolding: long headers fold before a space, under 78 columns
// when the words allow it, with CRLF.
func TestHeaderFolding(t *testing.T) {
	cases := []struct{ key, value, want string }{
		{"Subject", "short", "Subject: short\r\n"},
		{"List-Unsubscribe", "<https://example.org/unsubscribe?a=aysel%40example.org&t=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG>, <mailto:u@example.org?subject=unsubscribe>",
			"List-Unsubscribe: <https://example.org/unsubscribe?a=aysel%40example.org&t=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG>,\r\n <mailto:u@example.org?subject=unsubscribe>\r\n"},
		{"Subject", encodeWords("Bülleten — Yanvar 2025"), "Subject: =?utf-8?q?B=C3=BClleten_=E2=80=94_Yanvar_2025?=\r\n"},
	}
	for _, c := range cases {
		var b bytes.Buffer
		writeHeader(&b, c.key, c.value)
		if b.String() != c.want {
			t.Errorf("got %q\nwant %q", b.String(), c.want)
		}
	}
}
