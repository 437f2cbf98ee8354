package fingerprint

import (
	"testing"

	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
)

func TestOf(t *testing.T) {
	para := func(s string) doc.Block {
		return &doc.Paragraph{Inlines: []doc.Inline{{Text: s}}, Pos: diag.Pos{File: "a.md", Line: 3}}
	}
	article := func(bs ...doc.Block) *doc.Article { return &doc.Article{Name: "01-a", Title: "A", Blocks: bs} }
	tests := []struct {
		name string
		a, b []any
		same bool
	}{
		{"same data, other pointers", []any{article(para("x"))}, []any{article(para("x"))}, true},
		{"a word changed", []any{article(para("x"))}, []any{article(para("y"))}, false},
		{"a block added", []any{article(para("x"))}, []any{article(para("x"), para("x"))}, false},
		{"the type behind an interface", []any{article(&doc.Quote{})}, []any{article(&doc.Rule{})}, false},
		{"a position moved", []any{article(para("x"))}, []any{article(&doc.Paragraph{Inlines: []doc.Inline{{Text: "x"}}, Pos: diag.Pos{File: "a.md", Line: 4}})}, false},
		{"strings split elsewhere", []any{"ab", "c"}, []any{"a", "bc"}, false},
		{"maps in any order", []any{map[string]string{"en": "1", "az": "2"}}, []any{map[string]string{"az": "2", "en": "1"}}, true},
		{"nil and empty", []any{[]string(nil)}, []any{[]string{""}}, false},
		{"bytes", []any{[]byte{1, 2}}, []any{[]byte{1, 3}}, false},
		{"numbers", []any{1.5, int64(2)}, []any{1.5, int64(3)}, false},
	}
	for _, tt := range tests {
		if got := Of(tt.a...) == Of(tt.b...); got != tt.same {
			t.Errorf("%s: same sum = %v, want %v", tt.name, got, tt.same)
		}
	}
}
