package layouts

import (
	"errors"
	"strings"
	"testing"
)

func TestLoadAircenter(t *testing.T) {
	l, err := Load("aircenter")
	if err != nil {
		t.Fatal(err)
	}
	if l.Title["az"] != "Beynəlxalq Münasibətlərin Təhlili Mərkəzi" {
		t.Errorf("az title = %q", l.Title["az"])
	}
	if l.Page.Width != 595.28 || l.Page.Height != 841.89 {
		t.Errorf("page = %v, want A4", l.Page)
	}
	if l.Colors.Accent == (RGB{}) {
		t.Error("accent colour not read")
	}
}

// The position of each text of title and subtitle is known, for the
// messages about them.
func TestTextPositions(t *testing.T) {
	l, err := Load("aircenter")
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"title.en":    "layouts/aircenter/layout.yaml:6:7",
		"title.az":    "layouts/aircenter/layout.yaml:7:7",
		"subtitle.az": "layouts/aircenter/layout.yaml:10:7",
	} {
		if got := l.Pos[key].String(); got != want {
			t.Errorf("%s at %s, want %s", key, got, want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load("nope"); !errors.Is(err, ErrUnknown) {
		t.Errorf("Load(nope) = %v, want ErrUnknown", err)
	}
	good, _ := files.ReadFile("aircenter/layout.yaml")
	tests := []struct{ name, from, to, want string }{
		{"unknown key", "short:", "shrt:", "field shrt not found"},
		{"bad colour", `"#0E3B66"`, `"navy"`, `colour "navy" is not #RRGGBB`},
		{"unknown font", "body: serif", "body: comic", `unknown family "comic"`},
		{"tiny size", "footer: 8", "footer: 1", "sizes.footer"},
		{"tab in the author", "author: Center of Analysis of International Relations", `author: "Center\tof Analysis"`, "author: a control character"},
		{"measure wider than the page", "measure: 300", "measure: 600", "grid.measure: 600"},
		{"measure too narrow", "measure: 300", "measure: 50", "grid.measure: 50"},
		{"newline in a subtitle", "  en: Highlight of the foreign policy of Republic of Azerbaijan", `  en: "Highlight\n"`, "subtitle.en: a control character"},
	}
	for _, tt := range tests {
		data := strings.Replace(string(good), tt.from, tt.to, 1)
		_, err := Parse("x", []byte(data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}
