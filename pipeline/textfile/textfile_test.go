package textfile

import (
	"strings"
	"testing"

	"bulletin/pipeline/diag"
)

func TestClean(t *testing.T) {
	for _, c := range []struct {
		name, in, out string
		ok            bool
		errs          []string
	}{
		{"plain", "a: b\n", "a: b\n", true, nil},
		{"bom and crlf are fine", "\uFEFFa\r\nb\r\n", "a\r\nb\r\n", true, nil},
		{"decomposed letters compose", "S\u0327u\u0308\n", "Şü\n", true, nil},
		{"utf-16", "\xFF\xFEa\x00", "", false, []string{"f:1:1: the file is UTF-16; save it as UTF-8"}},
		{"bad byte becomes a space, later problems still found", "ab\xFFc\nd\x07\n", "ab c\nd \n", true, []string{
			"f:1:3: invalid UTF-8 (byte 0xFF); save the file as UTF-8",
			"f:2:2: control character U+0007 is not allowed",
		}},
		{"lone CR ends a line", "a\rb\x01", "a\nb ", true, []string{
			"f:1:2: carriage return U+000D without a line feed; use LF or CRLF line ends",
			"f:2:2: control character U+0001 is not allowed",
		}},
		{"columns count composed letters", "S\u0327\x02", "Ş ", true, []string{"f:1:2: control character U+0002 is not allowed"}},
		{"too many", strings.Repeat("\x01", 11), "", false, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var errs diag.List
			out, ok := Clean("f", []byte(c.in), &errs)
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v (%v)", ok, c.ok, errs)
			}
			if c.ok && string(out) != c.out {
				t.Errorf("out = %q, want %q", out, c.out)
			}
			if c.errs == nil && !c.ok {
				if len(errs) == 0 {
					t.Error("no problem reported")
				}
				return
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(c.errs, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.errs, "\n"))
			}
		})
	}
}
