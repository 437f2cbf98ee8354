package layouts

import (
	"strings"
	"testing"
)

func TestMailTexts(t *testing.T) {
	texts, err := Mail("aircenter")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang, field, text string
		data              MailData
		want              string
	}{
		{"az", "subject", texts["az"].Subject, MailData{Month: "Yanvar", Year: "2025"}, "Bülleten — Yanvar 2025"},
		{"en", "subject", texts["en"].Subject, MailData{Month: "January", Year: "2025"}, "Bulletin — January 2025"},
		{"az", "greeting", texts["az"].Greeting, MailData{Name: "Aysel"}, "Hörmətli Aysel,"},
		{"az", "greeting", texts["az"].Greeting, MailData{}, "Hörmətli oxucu,"},
		{"en-az", "greeting", texts["en-az"].Greeting, MailData{}, "Dear reader / Hörmətli oxucu,"},
	}
	for _, c := range cases {
		got, err := Fill(c.text, c.data)
		if err != nil || got != c.want {
			t.Errorf("%s %s: %q, %v; want %q", c.lang, c.field, got, err, c.want)
		}
	}
	if _, err := Fill("{{.Nmae}}", MailData{}); err == nil || !strings.Contains(err.Error(), "Nmae") {
		t.Errorf("a misspelt field: %v", err)
	}
	if _, err := Mail("nosuch"); err == nil {
		t.Error("a layout without mail.yaml")
	}
}
