package spell

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"title", "title", 0},
		{"", "abc", 3},
		{"subtitel", "subtitle", 1}, // a swap is one slip
		{"titel", "title", 1},
		{"colour", "color", 1},
		{"Gəncə", "Gence", 2}, // characters, not bytes
		{"ca", "abc", 3},      // OSA: no edit of a swapped pair
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"title", "subtitle", "layout", "languages"}
	for _, tc := range []struct{ got, want string }{
		{"subtitel", ` (did you mean "subtitle"?)`},
		{"layuot", ` (did you mean "layout"?)`},
		{"langauges", ` (did you mean "languages"?)`},
		{"colour", ""},
		{"", ""},
	} {
		if got := Suggest(tc.got, known); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.got, got, tc.want)
		}
	}
}
