package deliver

import (
	"fmt"
	"net"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"bulletin/internal/spell"
	"bulletin/pipeline/diag"
	"bulletin/pipeline/textfile"
	"bulletin/pipeline/yamlfile"
)

// Settings is the mail settings file (mail/settings.yaml).
type Settings struct {
	File         string
	From         mail.Address
	ReplyTo      string
	EnvelopeFrom string // MAIL FROM: where bounces go
	ListID       string
	SMTP         SMTP
	Rate         Rate
	Attempts     int           // tries for a temporary failure within one run
	RetryDelay   time.Duration // the first backoff; doubled for each further try
	Breaker      int           // failures in a row that stop the run
	Limit        int           // messages one run sends at most (a relay's daily quota); 0: no limit
	UnsubURL     string        // https URL of the one-click endpoint
	UnsubMailto  string        // address for mailto: unsubscribes
	DKIM         *DKIM
	Link         string // when set, a link to the PDF (URL prefix) instead of the attachment
	Layout       string // whose e-mail texts and names: aircenter
}

// SMTP says how to reach the relay.
type SMTP struct {
	Host     string
	Port     int
	TLS      string // starttls, tls or none
	Username string // the password comes from BULLETIN_SMTP_PASSWORD
	CAFile   string // optional PEM file of certificates to trust
	Helo     string
}

// DKIM names the signing domain, selector and private key file.
type DKIM struct {
	Domain, Selector, KeyFile string
}

// Rate is at most N messages in any window of Per; N == 0 is no limit.
type Rate struct {
	N   int
	Per time.Duration
}

func (r Rate) String() string {
	if r.N == 0 {
		return "off"
	}
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if r.Per%u.d == 0 {
			return fmt.Sprintf("%d/%d%s", r.N, r.Per/u.d, u.name)
		}
	}
	return fmt.Sprintf("%d/%s", r.N, r.Per)
}

// Environment variables that hold the secrets: never in a file.
const (
	EnvPassword = "BULLETIN_SMTP_PASSWORD"
	EnvUnsubKey = "BULLETIN_UNSUBSCRIBE_KEY"
)

var (
	topKeys   = []string{"from", "reply_to", "envelope_from", "list_id", "smtp", "rate", "attempts", "retry_delay", "breaker", "limit", "unsubscribe", "dkim", "link", "layout"}
	smtpKeys  = []string{"host", "port", "tls", "username", "ca_file", "helo"}
	unsubKeys = []string{"url", "mailto"}
	dkimKeys  = []string{"domain", "selector", "key_file"}
	rateRE    = regexp.MustCompile(`^([0-9]+)/([0-9]*)(s|m|h)$`)
	listIDRE  = regexp.MustCompile(`^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`)
)

// ydec is the strict YAML decoder with the mail settings' own checks.
type ydec struct{ yamlfile.Decoder }

// mapping calls f for each key of m, after reporting unknown keys (and,
// through Mapping, repeated ones); prefix names the enclosing key in
// messages ("smtp.").
func (d *ydec) mapping(m *yaml.Node, prefix string, known []string, f func(k string, v *yaml.Node)) {
	if m.Kind != yaml.MappingNode {
		d.Errorf(m, "%s must be a map of keys", strings.TrimSuffix(prefix, "."))
		return
	}
	d.Mapping(m, func(k, v *yaml.Node) {
		if !slices.Contains(known, k.Value) {
			d.Errorf(k, "unknown key %q%s", prefix+k.Value, spell.Suggest(k.Value, known))
			return
		}
		f(k.Value, v)
	})
}

func (d *ydec) text(v *yaml.Node, what string) string {
	if v.Kind != yaml.ScalarNode || v.ShortTag() == "!!null" || strings.TrimSpace(v.Value) == "" {
		d.Errorf(v, "%s must be non-empty text", what)
		return ""
	}
	return strings.TrimSpace(v.Value)
}

func (d *ydec) integer(v *yaml.Node, what string, lo, hi int) int {
	n, err := strconv.Atoi(v.Value)
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" || err != nil || n < lo || n > hi {
		d.Errorf(v, "%s must be a whole number from %d to %d", what, lo, hi)
		return lo
	}
	return n
}

func (d *ydec) address(v *yaml.Node, what string) string {
	s := d.text(v, what)
	if s != "" && checkAddress(s) != "" {
		d.Errorf(v, "%s %q is not an e-mail address like name@example.org", what, s)
	}
	return s
}

// ParseSettings decodes the mail settings file; path is used in positions.
func ParseSettings(path string, data []byte) (*Settings, error) {
	s := &Settings{File: path, Attempts: 3, RetryDelay: time.Minute, Breaker: 5, Rate: Rate{N: 20, Per: time.Minute}}
	s.SMTP.Helo = "localhost"
	s.Layout = "aircenter"
	d := &ydec{yamlfile.Decoder{File: path}}
	data, ok := textfile.Clean(path, data, &d.Errs)
	if !ok {
		return s, d.Errs.Err()
	}
	root := d.parse(data)
	if root == nil {
		return s, d.Errs.Err()
	}
	seen := map[string]bool{}
	d.mapping(root, "", topKeys, func(k string, v *yaml.Node) {
		seen[k] = true
		d.top(s, k, v)
	})
	for _, k := range []string{"from", "envelope_from", "smtp", "unsubscribe"} {
		if !seen[k] {
			d.Errorf(root, "missing required key %q", k)
		}
	}
	if seen["smtp"] {
		d.checkSMTP(s, root)
	}
	return s, d.Errs.Err()
}

// parse returns the root map of src, or nil after reporting why not.
func (d *ydec) parse(src []byte) *yaml.Node {
	n0 := len(d.Errs)
	root := d.Parse(src)
	switch {
	case len(d.Errs) > n0:
		return nil
	case root == nil:
		d.Errs.Add(diag.Pos{File: d.File, Line: 1, Col: 1}, "the file is empty; see mail/settings.yaml in the repository for an example")
		return nil
	case root.Kind != yaml.MappingNode:
		d.Errorf(root, `the settings must be a map of keys, like "from: Name <bulletin@example.org>"`)
		return nil
	}
	return root
}

func (d *ydec) top(s *Settings, k string, v *yaml.Node) {
	switch k {
	case "from":
		if t := d.text(v, "from"); t != "" {
			a, err := mail.ParseAddress(t)
			if err != nil || checkAddress(a.Address) != "" {
				d.Errorf(v, `from %q must be an address like "AIR Center <bulletin@example.org>"`, t)
			} else {
				s.From = *a
			}
		}
	case "reply_to":
		s.ReplyTo = d.address(v, "reply_to")
	case "envelope_from":
		s.EnvelopeFrom = d.address(v, "envelope_from")
	case "list_id":
		if s.ListID = d.text(v, "list_id"); s.ListID != "" && !listIDRE.MatchString(s.ListID) {
			d.Errorf(v, "list_id %q must be a dotted name like bulletin.example.org", s.ListID)
		}
	case "rate":
		d.rate(s, v)
	case "attempts":
		s.Attempts = d.integer(v, "attempts", 1, 20)
	case "breaker":
		s.Breaker = d.integer(v, "breaker", 1, 1000)
	case "limit":
		s.Limit = d.integer(v, "limit", 1, 10000000)
	case "retry_delay":
		t := d.text(v, "retry_delay")
		if dur, err := time.ParseDuration(t); err == nil && dur >= 0 {
			s.RetryDelay = dur
		} else if t != "" {
			d.Errorf(v, "retry_delay %q must be a duration like 30s or 2m", t)
		}
	case "smtp":
		d.mapping(v, "smtp.", smtpKeys, func(k string, v *yaml.Node) { d.smtp(&s.SMTP, k, v) })
	case "unsubscribe":
		d.mapping(v, "unsubscribe.", unsubKeys, func(k string, v *yaml.Node) { d.unsub(s, k, v) })
	case "dkim":
		s.DKIM = &DKIM{}
		d.mapping(v, "dkim.", dkimKeys, func(k string, v *yaml.Node) {
			*map[string]*string{"domain": &s.DKIM.Domain, "selector": &s.DKIM.Selector, "key_file": &s.DKIM.KeyFile}[k] = d.text(v, "dkim."+k)
		})
		if v.Kind == yaml.MappingNode && (s.DKIM.Domain == "" || s.DKIM.Selector == "" || s.DKIM.KeyFile == "") {
			d.Errorf(v, "dkim needs domain, selector and key_file")
		}
	case "layout":
		s.Layout = d.text(v, "layout")
	case "link":
		if s.Link = d.text(v, "link"); s.Link != "" && !strings.HasPrefix(s.Link, "https://") {
			d.Errorf(v, "link %q must start with https://", s.Link)
		}
	}
}

func (d *ydec) rate(s *Settings, v *yaml.Node) {
	t := d.text(v, "rate")
	if t == "off" {
		s.Rate = Rate{}
		return
	}
	m := rateRE.FindStringSubmatch(t)
	n, _ := strconv.Atoi(m2(m, 1))
	k, _ := strconv.Atoi(m2(m, 2))
	if m2(m, 2) == "" {
		k = 1
	}
	if m == nil || n < 1 || k < 1 {
		if t != "" {
			d.Errorf(v, `rate %q must be messages per time, like 20/1m, 5/1s or 1000/1h, or "off"`, t)
		}
		return
	}
	unit := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour}[m[3]]
	s.Rate = Rate{N: n, Per: time.Duration(k) * unit}
}

func m2(m []string, i int) string {
	if m == nil {
		return ""
	}
	return m[i]
}

func (d *ydec) smtp(s *SMTP, k string, v *yaml.Node) {
	switch k {
	case "host":
		s.Host = d.text(v, "smtp.host")
	case "port":
		s.Port = d.integer(v, "smtp.port", 1, 65535)
	case "tls":
		s.TLS = d.text(v, "smtp.tls")
		if s.TLS != "" && !slices.Contains([]string{"starttls", "tls", "none"}, s.TLS) {
			d.Errorf(v, "smtp.tls %q must be starttls, tls or none", s.TLS)
		}
	case "username":
		s.Username = d.text(v, "smtp.username")
	case "ca_file":
		s.CAFile = d.text(v, "smtp.ca_file")
	case "helo":
		s.Helo = d.text(v, "smtp.helo")
	}
}

func (d *ydec) unsub(s *Settings, k string, v *yaml.Node) {
	switch k {
	case "url":
		if s.UnsubURL = d.text(v, "unsubscribe.url"); s.UnsubURL != "" && !strings.HasPrefix(s.UnsubURL, "https://") {
			d.Errorf(v, "unsubscribe.url %q must start with https:// (RFC 8058)", s.UnsubURL)
		}
	case "mailto":
		s.UnsubMailto = d.address(v, "unsubscribe.mailto")
	}
}

// checkSMTP checks what needs the whole smtp map: required keys, and no
// plain connection except to this machine.
func (d *ydec) checkSMTP(s *Settings, root *yaml.Node) {
	var node *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "smtp" {
			node = root.Content[i+1]
		}
	}
	if node.Kind != yaml.MappingNode {
		return
	}
	for _, k := range []string{"host", "port", "tls"} {
		if !hasKey(node, k) {
			d.Errorf(node, "smtp needs %q", k)
		}
	}
	if s.SMTP.TLS == "none" && s.SMTP.Host != "" && !loopback(s.SMTP.Host) {
		d.Errorf(node, "smtp.tls none is allowed only for a relay on this machine (127.0.0.1, ::1, localhost), not %s", s.SMTP.Host)
	}
	if s.SMTP.TLS == "none" && s.SMTP.Username != "" {
		d.Errorf(node, "smtp.username needs TLS: a password is never sent over a plain connection")
	}
}

func hasKey(m *yaml.Node, k string) bool {
	for i := 0; i < len(m.Content); i += 2 {
		if m.Content[i].Value == k {
			return true
		}
	}
	return false
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Secrets are read from the environment only.
type Secrets struct {
	Password string
	UnsubKey []byte
}

// MinKeyBytes is the shortest unsubscribe key accepted: the tokens are an
// HMAC of it, and a short key could be guessed.
const MinKeyBytes = 32

// ReadSecrets takes the secrets s needs from getenv; needKey says whether
// the unsubscribe key is needed (to send or preview, not for a dry run).
func ReadSecrets(s *Settings, getenv func(string) string, needKey bool) (Secrets, error) {
	var errs diag.List
	sec := Secrets{Password: getenv(EnvPassword), UnsubKey: []byte(getenv(EnvUnsubKey))}
	if s.SMTP.Username != "" && sec.Password == "" {
		errs.Add(diag.Pos{File: "$" + EnvPassword}, "not set; smtp.username %s in %s needs the password", s.SMTP.Username, s.File)
	}
	if needKey && len(sec.UnsubKey) < MinKeyBytes {
		errs.Add(diag.Pos{File: "$" + EnvUnsubKey}, "must hold at least %d characters (it signs the unsubscribe links; e.g. openssl rand -hex 32)", MinKeyBytes)
	}
	return sec, errs.Err()
}
