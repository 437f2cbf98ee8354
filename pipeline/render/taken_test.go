package render

import (
	"bytes"
	"testing"
)

// taken keeps one write as it is and copies when there is a second,
// never writing into the spare room of the first writer's buffer.
func TestTaken(t *testing.T) {
	for _, c := range []struct {
		name   string
		writes []string
		want   string
	}{
		{"nothing", nil, ""},
		{"one write", []string{"%PDF-1.7"}, "%PDF-1.7"},
		{"two writes", []string{"%PDF", "-1.7"}, "%PDF-1.7"},
	} {
		var tk taken
		var firsts [][]byte
		for _, w := range c.writes {
			p := make([]byte, len(w), len(w)+16) // room after it
			copy(p, w)
			firsts = append(firsts, p)
			if n, err := tk.Write(p); n != len(p) || err != nil {
				t.Fatalf("%s: Write = %d, %v", c.name, n, err)
			}
		}
		if string(tk.b) != c.want {
			t.Errorf("%s: took %q, want %q", c.name, tk.b, c.want)
		}
		if len(firsts) > 0 {
			first := firsts[0][:cap(firsts[0])]
			if !bytes.Equal(first[len(c.writes[0]):], make([]byte, 16)) {
				t.Errorf("%s: wrote into the first buffer's spare room: %q", c.name, first)
			}
		}
	}
}
