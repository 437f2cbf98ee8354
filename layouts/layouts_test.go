package layouts

import (
	"errors"
	"strings"
	"testing"

	"bulletin/pipeline/book"
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
	if l.Colors.Accent == (book.Color{}) {
		t.Error("accent colour not read")
	}
	// Body text is black ink alone in print, whatever its screen grey;
	// a colour without fine inks uses its cmyk for small text too.
	black := book.CMYK{K: 100}
	if c := l.Colors.Text; c.CMYK != black || c.Fine != black || c.RGB != (book.RGB{R: 0x1B, G: 0x1B, B: 0x1B}) {
		t.Errorf("text colour = %+v, want #1B1B1B on screen, 0 0 0 100 in print", c)
	}
	if c := l.Colors.Accent; c.CMYK != (book.CMYK{C: 100, M: 75, Y: 20, K: 35}) || c.Fine != black {
		t.Errorf("accent colour = %+v", c)
	}
}

// No brand colour puts more than two inks into small text or a hairline.
func TestFineColoursHaveTwoInksAtMost(t *testing.T) {
	l, err := Load("aircenter")
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]book.Color{"accent": l.Colors.Accent, "gold": l.Colors.Gold, "text": l.Colors.Text, "muted": l.Colors.Muted} {
		inks := 0
		for _, v := range []uint8{c.Fine.C, c.Fine.M, c.Fine.Y, c.Fine.K} {
			if v > 0 {
				inks++
			}
		}
		if inks > 2 {
			t.Errorf("%s: fine %+v uses %d inks", name, c.Fine, inks)
		}
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
		{"ink over 100%", "cmyk: [100, 75, 20, 35]", "cmyk: [100, 75, 20, 135]", "colors.accent: line 29: [100, 75, 20, 135] is not [C, M, Y, K]"},
		{"three inks", "cmyk: [100, 75, 20, 35]", "cmyk: [100, 75, 20]", "is not [C, M, Y, K]"},
		{"no print colour", `text: {rgb: "#1B1B1B", cmyk: [0, 0, 0, 100]}`, `text: {rgb: "#1B1B1B"}`, "colors.text: both rgb and cmyk are required"},
		{"unknown colour", "muted: {", "mutd: {", `unknown colour "mutd"`},
		{"unknown key of a colour", "fine: [0, 35, 100, 0]", "fien: [0, 35, 100, 0]", `unknown key "fien"`},
		{"four inks for small navy", ", fine: [0, 0, 0, 100]}", "}", "colors.accent: small text and hairlines would print in 4 inks"},
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
