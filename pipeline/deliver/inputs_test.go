package deliver

import (
	"strings"
	"testing"
	"time"
)

var langs = []string{"az", "en", "en-az"}

// TestSubscribersCatalogue: each bad subscriber file gets exactly these
// messages, all at once.
func TestSubscribersCatalogue(t *testing.T) {
	const head = "email,name,language\n"
	cases := []struct {
		name, file string
		want       []string // "" for a good file
	}{
		{"ok", head + "a@example.org,Aysel,az\nb@example.org,,en-az\n", nil},
		{"ok-status", "email,name,language,status\na@example.org,A,en,paused\nb@example.org,B,en,active\nc@example.org,C,en,\n", nil},
		{"ok-bom-crlf", "\uFEFF" + strings.ReplaceAll(head+"a@example.org,\"Hart, J.\",en\n", "\n", "\r\n"), nil},
		{"ok-comment", head + "# a comment\na@example.org,A,en\n", nil},
		{"empty", "", []string{"s.csv:1:1: the file is empty; it needs the header email,name,language"}},
		{"no-header", "a@example.org,A,en\n", []string{"s.csv:1:1: the first line must be the header email,name,language or email,name,language,status"}},
		{"duplicate", head + "a@example.org,A,en\nb@example.org,B,en\nA@Example.org,A2,az\n",
			[]string{"s.csv:4:1: A@Example.org is listed twice (first at line 2); addresses are compared without case"}},
		{"malformed", head + "aysel.example.org,A,en\n", []string{`s.csv:2:1: "aysel.example.org" is not an e-mail address like name@example.org`}},
		{"name-in-address", head + "Aysel <a@example.org>,A,en\n", []string{`s.csv:2:1: "Aysel <a@example.org>" is not an e-mail address like name@example.org`}},
		{"no-dot-domain", head + "a@localhost,A,en\n", []string{`s.csv:2:1: "a@localhost" is not an e-mail address like name@example.org`}},
		{"non-ascii", head + "ə@example.org,A,en\n", []string{`s.csv:2:1: address "ə@example.org" has a character outside ASCII; write the domain in its xn-- form`}},
		{"unknown-language", head + "a@example.org,Aysel Məmmədova,ru\n", []string{`s.csv:2:31: unknown language "ru": the edition has screen files for az, en, en-az`}},
		{"field-count", head + "a@example.org,A\nb@example.org,B,en,active,extra\n", []string{
			"s.csv:2:1: 2 fields; a line needs 3 or 4: email,name,language[,status]",
			"s.csv:3:1: 5 fields; a line needs 3 or 4: email,name,language[,status]"}},
		{"status", "email,name,language,status\na@example.org,A,en,gone\n", []string{`s.csv:2:20: status "gone" must be active or paused`}},
		{"quote", head + "a@example.org,\"A,en\n", []string{"s.csv:2:21: extraneous or missing \" in quoted-field"}},
		{"utf16", "\xff\xfee\x00", []string{"s.csv:1:1: the file is UTF-16; save it as UTF-8"}},
		{"latin1", head + "a@example.org,M\xe9,en\n", []string{"s.csv:2:16: invalid UTF-8 (byte 0xE9); save the file as UTF-8"}},
		{"lone-cr", head + "a@example.org,A,en\rb@example.org,B,en\n", []string{"s.csv:2:19: carriage return U+000D without a line feed; use LF or CRLF line ends"}},
		{"long-name", head + "a@example.org," + strings.Repeat("ə", 201) + ",en\n", []string{"s.csv:2:15: the name is 201 characters long; the limit is 200"}},
		{"long-address", head + strings.Repeat("a", 250) + "@example.org,A,en\n", []string{"s.csv:2:1: the address is 262 characters long; an address has at most 254 (RFC 5321)"}},
		{"many", head + "x,A,en\nb@example.org,B,fr\n", []string{
			`s.csv:2:1: "x" is not an e-mail address like name@example.org`,
			`s.csv:3:17: unknown language "fr": the edition has screen files for az, en, en-az`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseSubscribers("s.csv", []byte(c.file), langs)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if want := strings.Join(c.want, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestSubscribersFields(t *testing.T) {
	subs, err := ParseSubscribers("s.csv", []byte("email,name,language,status\nAysel@Example.org, Aysel Məmmədova ,az,paused\n"), langs)
	if err != nil {
		t.Fatal(err)
	}
	want := Subscriber{Email: "Aysel@Example.org", Name: "Aysel Məmmədova", Lang: "az", Paused: true, Line: 2}
	if len(subs) != 1 || subs[0] != want || subs[0].Key() != "aysel@example.org" {
		t.Errorf("got %+v, want %+v", subs, want)
	}
}

const goodSettings = `from: AIR Center <bulletin@example.org>
envelope_from: bounces@example.org
smtp:
  host: 127.0.0.1
  port: 2525
  tls: none
unsubscribe:
  url: https://example.org/u
  mailto: unsubscribe@example.org
`

// TestSettingsCatalogue: each bad settings file gets exactly these
// messages, all at once.
func TestSettingsCatalogue(t *testing.T) {
	cases := []struct {
		name, file string
		want       []string
	}{
		{"ok", goodSettings, nil},
		{"empty", "", []string{"m.yaml:1:1: the file is empty; see mail/settings.yaml in the repository for an example"}},
		{"not-a-map", "- a\n", []string{`m.yaml:1:1: the settings must be a map of keys, like "from: Name <bulletin@example.org>"`}},
		{"missing", "rate: 5/1s\n", []string{
			`m.yaml:1:1: missing required key "from"`, `m.yaml:1:1: missing required key "envelope_from"`,
			`m.yaml:1:1: missing required key "smtp"`, `m.yaml:1:1: missing required key "unsubscribe"`}},
		{"unknown-key", goodSettings + "brekaer: 3\n", []string{`m.yaml:10:1: unknown key "brekaer" (did you mean "breaker"?)`}},
		{"unknown-nested", strings.Replace(goodSettings, "  tls: none", "  tls: none\n  hots: x", 1), []string{`m.yaml:7:3: unknown key "smtp.hots" (did you mean "host"?)`}},
		{"duplicate", goodSettings + "rate: 5/1s\nrate: 6/1s\n", []string{`m.yaml:11:1: duplicate key "rate" (first at line 10)`}},
		{"password", strings.Replace(goodSettings, "  tls: none", "  tls: none\n  password: hunter2", 1), []string{`m.yaml:7:3: unknown key "smtp.password"`}},
		{"rate", goodSettings + "rate: fast\n", []string{`m.yaml:10:7: rate "fast" must be messages per time, like 20/1m, 5/1s or 1000/1h, or "off"`}},
		{"attempts", goodSettings + "attempts: 0\n", []string{`m.yaml:10:11: attempts must be a whole number from 1 to 20`}},
		{"tls-mode", strings.Replace(goodSettings, "tls: none", "tls: ssl", 1), []string{`m.yaml:6:8: smtp.tls "ssl" must be starttls, tls or none`}},
		{"plain-remote", strings.Replace(goodSettings, "127.0.0.1", "relay.example.org", 1), []string{
			`m.yaml:4:3: smtp.tls none is allowed only for a relay on this machine (127.0.0.1, ::1, localhost), not relay.example.org`}},
		{"auth-without-tls", strings.Replace(goodSettings, "  tls: none", "  tls: none\n  username: u", 1), []string{
			`m.yaml:4:3: smtp.username needs TLS: a password is never sent over a plain connection`}},
		{"smtp-port-missing", strings.Replace(goodSettings, "  port: 2525\n", "", 1), []string{`m.yaml:4:3: smtp needs "port"`}},
		{"from", strings.Replace(goodSettings, "AIR Center <bulletin@example.org>", "bulletin", 1), []string{
			`m.yaml:1:7: from "bulletin" must be an address like "AIR Center <bulletin@example.org>"`}},
		{"http-unsubscribe", strings.Replace(goodSettings, "https://", "http://", 1), []string{
			`m.yaml:8:8: unsubscribe.url "http://example.org/u" must start with https:// (RFC 8058)`}},
		{"dkim-incomplete", goodSettings + "dkim:\n  domain: example.org\n", []string{`m.yaml:11:3: dkim needs domain, selector and key_file`}},
		{"tab", goodSettings + "rate:\t5/1s\nlist_id: [a\n", []string{`m.yaml:11:1: did not find expected ',' or ']'`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseSettings("m.yaml", []byte(c.file))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if want := strings.Join(c.want, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestSettingsValues(t *testing.T) {
	s, err := ParseSettings("m.yaml", []byte(goodSettings+"rate: 5/2s\nattempts: 4\nretry_delay: 30s\nbreaker: 9\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Rate != (Rate{5, 2 * time.Second}) || s.Attempts != 4 || s.RetryDelay != 30*time.Second || s.Breaker != 9 ||
		s.SMTP.Port != 2525 || s.From.Name != "AIR Center" || s.Rate.String() != "5/2s" {
		t.Errorf("got %+v", s)
	}
}

func TestSecrets(t *testing.T) {
	s, _ := ParseSettings("m.yaml", []byte(strings.Replace(goodSettings, "tls: none", "tls: starttls\n  username: u", 1)))
	env := map[string]string{}
	_, err := ReadSecrets(s, func(k string) string { return env[k] }, true)
	want := "$BULLETIN_SMTP_PASSWORD: not set; smtp.username u in m.yaml needs the password\n" +
		"$BULLETIN_UNSUBSCRIBE_KEY: must hold at least 32 characters (it signs the unsubscribe links; e.g. openssl rand -hex 32)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want\n%s", err, want)
	}
	env[EnvPassword], env[EnvUnsubKey] = "pw", strings.Repeat("k", 32)
	if sec, err := ReadSecrets(s, func(k string) string { return env[k] }, true); err != nil || sec.Password != "pw" {
		t.Errorf("got %+v, %v", sec, err)
	}
}

func FuzzParseSubscribers(f *testing.F) {
	f.Add([]byte("email,name,language\na@example.org,A,en\n"))
	f.Add([]byte("email,name,language,status\n\"a@example.org\",\"A, B\",az,paused\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		subs, err := ParseSubscribers("s.csv", data, langs)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, s := range subs {
			if seen[s.Key()] || checkAddress(s.Email) != "" {
				t.Fatalf("accepted %+v", s)
			}
			seen[s.Key()] = true
		}
	})
}

func FuzzParseSettings(f *testing.F) {
	f.Add([]byte(goodSettings))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSettings("m.yaml", data)
		if err == nil && (s.SMTP.TLS == "none" && !loopback(s.SMTP.Host) || s.From.Address == "") {
			t.Fatalf("accepted %+v", s)
		}
	})
}
