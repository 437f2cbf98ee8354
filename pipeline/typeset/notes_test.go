package typeset

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"bulletin/layouts"
	"bulletin/pipeline/asset"
	"bulletin/pipeline/book"
	"bulletin/pipeline/doc"
)

// textPages maps each piece of text to the pages it is printed on.
func textPages(b *book.Book) map[string][]int {
	out := map[string][]int{}
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			if t, ok := it.(book.Text); ok {
				s := strings.TrimSpace(t.S)
				out[s] = append(out[s], pg.Index)
			}
		}
	}
	return out
}

// A footnote is set at the foot of the page whose line refers to it,
// below all of that page's text, wherever the reference falls.
func TestFootnoteOnItsPage(t *testing.T) {
	moved := false
	for filler := 100; filler < 1400; filler += 37 {
		ref := &doc.Paragraph{Inlines: []doc.Inline{{Text: "Ferries sail from Ələt"}, {Kind: doc.FootnoteRef, Text: "port"}, {Text: " every week."}}}
		note := &doc.Footnote{ID: "port", Blocks: []doc.Block{&doc.Paragraph{Inlines: []doc.Inline{{Text: "Notemarker port authority schedule."}}}}}
		d := document(doc.Article{Name: "01-a", Title: "Ports", Lang: "en", Blocks: []doc.Block{tagged(1, filler), ref, note, tagged(2, 200)}})
		b, err := Book(t.Context(), testInput(t, d), pageM)
		if err != nil {
			t.Fatal(err)
		}
		where := textPages(b)
		refPage, notePage := where["Ələt"], where["Notemarker"]
		if len(refPage) != 1 || len(notePage) != 1 || refPage[0] != notePage[0] {
			t.Fatalf("filler %d: reference on pages %v, note on %v", filler, refPage, notePage)
		}
		// The note is below every other text of its page but the footer.
		pg := b.Pages[notePage[0]]
		var noteY, lowest float64
		for _, it := range pg.Items {
			if tx, ok := it.(book.Text); ok {
				switch {
				case strings.HasPrefix(tx.S, "Notemarker"):
					noteY = tx.Y
				case tx.Size >= 10 && tx.Y > lowest:
					lowest = tx.Y
				}
			}
		}
		if noteY <= lowest {
			t.Fatalf("filler %d: note at y=%.1f above body text at y=%.1f", filler, noteY, lowest)
		}
		moved = moved || refPage[0] > 1
	}
	if !moved {
		t.Error("the reference never reached a later page; the test checks too little")
	}
}

// A table that runs over a page break repeats its header row at the head
// of the next page; a reader has read it already, so the repeat is an
// artifact and only the first is a TH of the structure.
func TestTableHeaderRepeats(t *testing.T) {
	row := func(a, b string) [][]doc.Inline { return [][]doc.Inline{{{Text: a}}, {{Text: b}}} }
	tbl := &doc.Table{Rows: [][][]doc.Inline{row("Headport", "Headvolume")}}
	for i := range 80 {
		tbl.Rows = append(tbl.Rows, row(fmt.Sprintf("Port%d", i), "steady"))
	}
	d := document(doc.Article{Name: "01-a", Title: "Ports", Lang: "en", Blocks: []doc.Block{tagged(1, 120), tbl}})
	b, err := Book(t.Context(), testInput(t, d), pageM)
	if err != nil {
		t.Fatal(err)
	}
	where := textPages(b)
	heads, first, last := where["Headport"], where["Port0"], where["Port79"]
	if len(first) != 1 || len(last) != 1 || last[0] == first[0] {
		t.Fatalf("table rows on pages %v to %v: it does not cross a page", first, last)
	}
	want := []int{}
	for p := first[0]; p <= last[0]; p++ {
		want = append(want, p)
	}
	if fmt.Sprint(heads) != fmt.Sprint(want) {
		t.Errorf("header row on pages %v, want on every page of the table %v", heads, want)
	}
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			tx, ok := it.(book.Text)
			if !ok || strings.TrimSpace(tx.S) != "Headport" {
				continue
			}
			switch first := pg.Index == heads[0]; {
			case first && (tx.Elem == nil || tx.Elem.Role != book.RoleTH):
				t.Errorf("page %d: the table's own header cell is %+v, want in a TH", pg.Index, tx.Elem)
			case !first && tx.Elem != nil:
				t.Errorf("page %d: the repeated header cell is in a %s, want an artifact", pg.Index, tx.Elem.Role)
			}
		}
	}
}

// bodyAndNotes splits the text of a page below the masthead into running
// text (the body size and above) and note text (smaller), footers aside.
func bodyAndNotes(pg book.Page, l *layouts.Layout) (body, notes []book.Text) {
	for _, it := range pg.Items {
		tx, ok := it.(book.Text)
		if !ok || tx.Y > l.Page.Height-l.Margins.Bottom+eps {
			continue
		}
		if math.Abs(tx.Size-l.Sizes.Note) < 0.01 && tx.Face.Family == l.Fonts.Body { // a note's size
			notes = append(notes, tx)
		} else {
			body = append(body, tx)
		}
	}
	return body, notes
}

// allText is every text item of the book run together.
func bookText(b *book.Book) string {
	var sb strings.Builder
	for _, pg := range b.Pages {
		for _, it := range pg.Items {
			if tx, ok := it.(book.Text); ok {
				sb.WriteString(tx.S)
			}
		}
	}
	return sb.String()
}

// A note longer than the room left on its page continues at the foot of
// the next pages, below their text, never above the top margin or over
// the body, and no word of it is lost.
func TestLongNoteContinues(t *testing.T) {
	for _, size := range []int{400, 1500, 5000} {
		ref := &doc.Paragraph{Inlines: []doc.Inline{{Text: "Ferries sail from Ələt"}, {Kind: doc.FootnoteRef, Text: "long"}, {Text: " every week."}}}
		note := &doc.Footnote{ID: "long", Blocks: []doc.Block{tagged(7, size)}}
		d := document(doc.Article{Name: "01-a", Title: "Ports", Lang: "en", Blocks: []doc.Block{tagged(1, 300), ref, note, tagged(2, 600)}})
		in := testInput(t, d)
		l := in.Layout
		b, err := Book(t.Context(), in, pageM)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(bookText(b), "#7"); got != size {
			t.Errorf("note of %d words: %d of them printed", size, got)
		}
		refPage := textPages(b)["Ələt"]
		var notePages []int
		for _, pg := range b.Pages {
			body, notes := bodyAndNotes(pg, l)
			if len(notes) == 0 {
				continue
			}
			notePages = append(notePages, pg.Index)
			lowest := 0.0
			for _, tx := range body {
				lowest = max(lowest, tx.Y)
			}
			for _, tx := range notes {
				if tx.Y-0.8*tx.Size < l.Margins.Top-eps || tx.Y-0.8*tx.Size < lowest {
					t.Fatalf("note of %d words, page %s: note text %q at y=%.1f is above the top margin or the body (lowest body baseline %.1f)", size, pg.Label, tx.S, tx.Y, lowest)
				}
			}
		}
		if len(refPage) != 1 || len(notePages) == 0 || notePages[0] != refPage[0] {
			t.Fatalf("note of %d words: reference on %v, note on pages %v; it must start on the reference's page", size, refPage, notePages)
		}
		if size >= 1500 && len(notePages) < size/1000 {
			t.Errorf("a note of %d words fits on one page %v: the test checks too little", size, notePages)
		}
	}
}

// Whatever a note holds is set at the foot of the page: lists, quotes,
// code, tables, pictures and references to further notes, which follow it
// with their own numbers.
func TestNoteBlocksAreSet(t *testing.T) {
	para := func(s string, more ...doc.Inline) *doc.Paragraph {
		return &doc.Paragraph{Inlines: append([]doc.Inline{{Text: s}}, more...)}
	}
	note := &doc.Footnote{ID: "rich", Blocks: []doc.Block{
		para("Notepara opens", doc.Inline{Kind: doc.FootnoteRef, Text: "inner"}),
		&doc.List{Items: []doc.ListItem{{Blocks: []doc.Block{para("Notelist item")}}}},
		&doc.Quote{Blocks: []doc.Block{para("Notequote words")}},
		&doc.CodeBlock{Lines: []string{"notecode --flag"}},
		&doc.Table{Rows: [][][]doc.Inline{{{{Text: "Notehead"}}}, {{{Text: "Notecell"}}}}},
		&doc.Image{Src: "images/m.png", Alt: "Notecaption"},
	}}
	inner := &doc.Footnote{ID: "inner", Blocks: []doc.Block{para("Innernote text")}}
	ref := para("Trains reach Gəncə", doc.Inline{Kind: doc.FootnoteRef, Text: "rich"}, doc.Inline{Text: " at dawn."})
	d := document(doc.Article{Name: "01-a", Title: "Ports", Lang: "en", Blocks: []doc.Block{tagged(1, 60), ref, note, inner}})
	d.Assets = asset.Table{"images/m.png": {Format: "png", Width: 40, Height: 20}}
	b, err := Book(t.Context(), testInput(t, d), pageM)
	if err != nil {
		t.Fatal(err)
	}
	where := textPages(b)
	page := where["Gəncə"]
	for _, w := range []string{"Notepara", "Notelist", "Notequote", "notecode --flag", "Notehead", "Notecell", "Notecaption", "Innernote"} {
		if fmt.Sprint(where[w]) != fmt.Sprint(page) {
			t.Errorf("%q printed on pages %v, want on the reference's page %v", w, where[w], page)
		}
	}
	// The inner note has number 2, printed as a mark and beside its note.
	pictures, twos := 0, 0
	for _, it := range b.Pages[page[0]].Items {
		switch it := it.(type) {
		case book.Image:
			pictures++
		case book.Text:
			if l := testInput(t, d).Layout; it.S == "2" && it.Size < l.Sizes.Body && it.Y < l.Page.Height-l.Margins.Bottom {
				twos++
			}
		}
	}
	if twos != 2 {
		t.Errorf("the inner note's number 2 printed %d times, want twice (mark and note)", twos)
	}
	if pictures != 1 {
		t.Errorf("%d pictures on the note's page, want 1", pictures)
	}
}

// A note referred to from a table cell or a subheading is set on the page
// of the reference.
func TestNoteFromCellAndHeading(t *testing.T) {
	cellNote := &doc.Footnote{ID: "c", Blocks: []doc.Block{&doc.Paragraph{Inlines: []doc.Inline{{Text: "Cellnote text"}}}}}
	headNote := &doc.Footnote{ID: "h", Blocks: []doc.Block{&doc.Paragraph{Inlines: []doc.Inline{{Text: "Headnote text"}}}}}
	tbl := &doc.Table{Rows: [][][]doc.Inline{
		{{{Text: "Port"}}, {{Text: "Tonnes"}}},
		{{{Text: "Ələt"}, {Kind: doc.FootnoteRef, Text: "c"}}, {{Text: "1200"}}},
	}}
	h := &doc.Heading{Level: 2, Inlines: []doc.Inline{{Text: "Harbours"}, {Kind: doc.FootnoteRef, Text: "h"}}}
	d := document(doc.Article{Name: "01-a", Title: "Ports", Lang: "en", Blocks: []doc.Block{tagged(1, 500), tbl, h, tagged(2, 40), cellNote, headNote}})
	b, err := Book(t.Context(), testInput(t, d), pageM)
	if err != nil {
		t.Fatal(err)
	}
	where := textPages(b)
	for ref, note := range map[string]string{"Ələt": "Cellnote", "Harbours": "Headnote"} {
		if len(where[note]) != 1 || fmt.Sprint(where[note]) != fmt.Sprint(where[ref]) {
			t.Errorf("%q on pages %v, its note %q on %v", ref, where[ref], note, where[note])
		}
	}
}

// A word hyphenated at a line's end reads whole through its /ActualText;
// the note mark after it is not part of that word: it reads as itself, in
// its Reference, and the word's text holds no digit.
func TestBrokenWordBeforeANoteMark(t *testing.T) {
	broken := false
	for n := range 40 {
		words := strings.Repeat("ab ", n)
		ref := &doc.Paragraph{Inlines: []doc.Inline{{Text: words + "the internationalisation."}, {Kind: doc.FootnoteRef, Text: "n"}, {Text: " Then more words follow to end it."}}}
		note := &doc.Footnote{ID: "n", Blocks: []doc.Block{&doc.Paragraph{Inlines: []doc.Inline{{Text: "A note."}}}}}
		d := document(doc.Article{Name: "01-a", Title: "Words", Lang: "en", Blocks: []doc.Block{ref, note}})
		b, err := Book(t.Context(), testInput(t, d), pageM)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range b.Pages[len(b.Pages)-1].Items {
			tx, ok := it.(book.Text)
			if !ok {
				continue
			}
			if tx.ActualText != "" && strings.HasPrefix("internationalisation.", strings.TrimSuffix(tx.S, " ")) {
				broken = true
				if tx.ActualText != "internationalisation." {
					t.Errorf("%d words before: the broken word reads %q", n, tx.ActualText)
				}
			}
			if tx.Elem != nil && tx.Elem.Role == book.RoleReference && (tx.HasActualText || strings.TrimSpace(tx.S) != "1") {
				t.Errorf("%d words before: the reference is %q (ActualText %v %q), want 1 read as itself", n, tx.S, tx.HasActualText, tx.ActualText)
			}
		}
	}
	if !broken {
		t.Error("the word never broke at a line's end; the test checks too little")
	}
}
