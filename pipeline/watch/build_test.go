package watch

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"bulletin/internal/pdfread"
	"bulletin/internal/testedition"
)

// bilingual writes a generated edition of n articles in English and
// Azerbaijani with a combined document: each translation starts as a copy
// of its original, which the typesetter sets with the other language's
// hyphenation and labels all the same.
func bilingual(t testing.TB, dir string, n int) {
	t.Helper()
	if err := testedition.Write(dir, n, 250); err != nil {
		t.Fatal(err)
	}
	yaml := "edition: 2030-06\nlanguages: [en, az]\ncombined: true\nsubtitle:\n  en: Generated edition for tests\n  az: Testlər üçün buraxılış\n"
	write(t, filepath.Join(dir, "edition.yaml"), yaml)
	for i := 1; i <= n; i++ {
		data, err := os.ReadFile(filepath.Join(dir, testedition.Name(i)+".md"))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, testedition.Name(i)+".az.md"), string(data))
	}
}

func write(t testing.TB, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	subtitleRE = regexp.MustCompile(`(?m)^  en: Generated edition.*$`)
	takes      int // subtitles written so far, each another
)

// edits are the changes an editor makes, applied at random.
var edits = []struct {
	name string
	do   func(t *testing.T, r *rand.Rand, dir string)
}{
	{"rewrite a paragraph of an original", func(t *testing.T, r *rand.Rand, dir string) {
		rewrite(t, r, pick(t, r, dir, false))
	}},
	{"rewrite a paragraph of a translation", func(t *testing.T, r *rand.Rand, dir string) {
		rewrite(t, r, pick(t, r, dir, true))
	}},
	{"add a paragraph to both", func(t *testing.T, r *rand.Rand, dir string) {
		p := pick(t, r, dir, false)
		extra := fmt.Sprintf("\nA paragraph added in edit %d, long enough to take a line of its own and a little more.\n", r.IntN(1000))
		for _, f := range []string{p, strings.TrimSuffix(p, ".md") + ".az.md"} {
			data, _ := os.ReadFile(f)
			write(t, f, string(data)+extra)
		}
	}},
	{"add an article", func(t *testing.T, r *rand.Rand, dir string) {
		n := 5000 + r.IntN(4000)
		name := fmt.Sprintf("%04d-added-%d", n, n) // slugs must differ
		text := "---\ntitle: An Article Added While Watching\n---\n\nShort, with two paragraphs.\n\nThis is the second.\n"
		write(t, filepath.Join(dir, name+".md"), text)
		write(t, filepath.Join(dir, name+".az.md"), strings.Replace(text, "An Article Added", "Sonradan əlavə olunan məqalə", 1))
	}},
	{"delete an article", func(t *testing.T, r *rand.Rand, dir string) {
		p := pick(t, r, dir, false)
		os.Remove(p)
		os.Remove(strings.TrimSuffix(p, ".md") + ".az.md")
	}},
	{"change the subtitle", func(t *testing.T, r *rand.Rand, dir string) {
		p := filepath.Join(dir, "edition.yaml")
		data, _ := os.ReadFile(p)
		takes++
		s := subtitleRE.ReplaceAllString(string(data), fmt.Sprintf("  en: Generated edition, take %d", takes))
		write(t, p, s)
	}},
	// A warm process keeps what it read from a file while its stat is
	// the same: these change a file and leave its size as it was.
	{"change one letter, the size kept", func(t *testing.T, r *rand.Rand, dir string) {
		p := pick(t, r, dir, false)
		data, _ := os.ReadFile(p)
		write(t, p, sameSize(t, p, string(data)))
	}},
	{"rename a copy of the same size over it, its time set back", func(t *testing.T, r *rand.Rand, dir string) {
		p := pick(t, r, dir, false)
		data, _ := os.ReadFile(p)
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(dir, ".saving") // a dot file: not part of the edition
		write(t, tmp, sameSize(t, p, string(data)))
		if err := os.Chtimes(tmp, fi.ModTime(), fi.ModTime()); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, p); err != nil {
			t.Fatal(err)
		}
	}},
	{"show a picture, or resize it", func(t *testing.T, r *rand.Rand, dir string) {
		// The same path with another size: only the picture's bytes
		// change, and with them the figure's place on the page. Half
		// of them are wide and large enough for the screen file to
		// downsample them, which a warm process keeps.
		os.MkdirAll(filepath.Join(dir, "images"), 0o755)
		wide, w := r.IntN(2) == 1, 40+r.IntN(400)
		if wide {
			w += 1600
		}
		m := image.NewRGBA(image.Rect(0, 0, w, 30+r.IntN(300)))
		for i := range m.Pix {
			m.Pix[i] = uint8(i * 7)
			if wide && i%4 == 1 {
				m.Pix[i] = uint8(r.IntN(256)) // noise: a file past 64 KB, which is scaled
			}
		}
		var b bytes.Buffer
		if err := png.Encode(&b, m); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "images", "chart.png"), b.String())
		all, _ := filepath.Glob(filepath.Join(dir, "*[0-9]-*[a-z].md")) // originals, sorted
		p := all[0]
		data, _ := os.ReadFile(p)
		if !bytes.Contains(data, []byte("images/chart.png")) {
			write(t, p, string(data)+"\n![A chart drawn for the test](images/chart.png)\n")
		}
	}},
	{"touch without a change", func(t *testing.T, r *rand.Rand, dir string) {
		p := pick(t, r, dir, r.IntN(2) == 0)
		data, _ := os.ReadFile(p)
		write(t, p, string(data))
	}},
}

// sameSize is an article's text with one letter of its body changed for
// another: the same number of bytes, another text.
func sameSize(t *testing.T, path, text string) string {
	i := strings.Index(text, "\n---\n") + len("\n---\n")
	j := strings.IndexAny(text[i:], "aeiou")
	if j < 0 {
		t.Fatalf("%s: no vowel in the body", path)
	}
	j += i
	swap := map[byte]string{'a': "e", 'e': "i", 'i': "o", 'o': "u", 'u': "a"}
	return text[:j] + swap[text[j]] + text[j+1:]
}

// pick returns a random article (or translation) of the edition.
func pick(t *testing.T, r *rand.Rand, dir string, translation bool) string {
	t.Helper()
	all, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	var ps []string
	for _, p := range all {
		if strings.HasSuffix(p, ".az.md") == translation {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		t.Fatal("no article left to edit")
	}
	return ps[r.IntN(len(ps))]
}

// rewrite replaces the words of the first paragraph of an article (its
// last may be a picture another edit added).
func rewrite(t *testing.T, r *rand.Rand, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	front, body, ok := strings.Cut(string(data), "\n---\n\n")
	_, rest, ok2 := strings.Cut(body, "\n\n")
	if !ok || !ok2 {
		t.Fatalf("%s: no first paragraph", path)
	}
	words := []string{"ferries", "a timetable", "the border", "grain", "the council", "Ələt", "winter prices", "a survey"}
	var b strings.Builder
	for range 12 + r.IntN(40) {
		b.WriteString(words[r.IntN(len(words))] + " ")
	}
	write(t, path, front+"\n---\n\nRewritten: "+strings.TrimSpace(b.String())+".\n\n"+rest)
}

// TestIncrementalEqualsCold applies random edits to a generated bilingual
// edition, rebuilds after each with one warm Builder, and checks that
// every file it wrote, manifest.json included, is byte for byte what a
// cold `bulletin build --variant screen` of the same sources writes; and that an
// edit renders again only the documents it touches.
func TestIncrementalEqualsCold(t *testing.T) {
	bin := coldBinary(t)
	for seed := range uint64(2) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 16))
			dir := filepath.Join(t.TempDir(), "2030-06")
			bilingual(t, dir, 8)
			out := t.TempDir()
			b := NewBuilder(Options{Out: out, Version: "dev"}) // the version of a binary built without make
			first, err := b.Rebuild(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"en", "az", "en-az"}; !slices.Equal(first.Rendered, want) {
				t.Fatalf("first build rendered %v, want %v", first.Rendered, want)
			}
			// Every edit once in a random order, a few at random, then the
			// picture's twice in a row: shown, then resized.
			order := append(r.Perm(len(edits)), r.IntN(len(edits)), r.IntN(len(edits)), len(edits)-2, len(edits)-2)
			for step, i := range order {
				e := edits[i]
				e.do(t, r, dir)
				o, err := b.Rebuild(context.Background(), dir)
				if err != nil {
					t.Fatalf("step %d (%s): %v", step, e.name, err)
				}
				checkRendered(t, e.name, o.Rendered)
				sameAsCold(t, bin, fmt.Sprintf("step %d (%s)", step, e.name), dir, filepath.Join(out, "2030-06"))
			}
		})
	}
}

// coldBinary builds the program: the cold build runs in a process of its
// own, so that nothing this process keeps can reach it.
func coldBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bulletin")
	if msg, err := exec.Command("go", "build", "-o", bin, "../../cmd/bulletin").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	return bin
}

// sameAsCold runs `bulletin build --variant screen` of the edition in dir
// and checks that the watch's folder got holds the same files.
func sameAsCold(t *testing.T, bin, what, dir, got string) {
	t.Helper()
	cold := t.TempDir()
	cmd := exec.Command(bin, "build", "--variant", "screen", "--out", cold, dir)
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cold build: %v\n%s", err, msg)
	}
	sameFiles(t, what, got, filepath.Join(cold, filepath.Base(dir)))
}

// TestIncrementalEqualsColdAtTheEnds edits the first article, the last
// one, and one in the middle so that the page breaks after it move, with
// one warm Builder: the typesetter takes over no page, all the pages
// before the last article, and those before the middle one; each time
// the files must be a cold build's.
func TestIncrementalEqualsColdAtTheEnds(t *testing.T) {
	const n = 40
	bin := coldBinary(t)
	dir := filepath.Join(t.TempDir(), "2030-06")
	if err := testedition.Write(dir, n, 250); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	b := NewBuilder(Options{Out: out, Version: "dev"})
	if _, err := b.Rebuild(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(out, "2030-06", "bulletin-2030-06-en.pdf")
	r := rand.New(rand.NewPCG(3, 16))
	article := func(i int) string { return filepath.Join(dir, testedition.Name(i)+".md") }
	steps := []struct {
		name  string
		edit  func()
		moves bool // the pages of the articles after it move
	}{
		{"the first article", func() { rewrite(t, r, article(1)) }, false},
		{"the last article", func() { rewrite(t, r, article(n)) }, false},
		{"a page break moves", func() {
			data, _ := os.ReadFile(article(n / 2))
			write(t, article(n/2), string(data)+strings.Repeat("\nA paragraph added to push the pages after it further on, several lines long at the least.\n", 12))
		}, true},
	}
	for _, st := range steps {
		before := lastBookmarkPage(t, pdf)
		st.edit()
		if _, err := b.Rebuild(context.Background(), dir); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		sameAsCold(t, bin, st.name, dir, filepath.Join(out, "2030-06"))
		if after := lastBookmarkPage(t, pdf); (after != before) != st.moves {
			t.Errorf("%s: the last article on page %d, was on %d; the edit was to move it: %v", st.name, after+1, before+1, st.moves)
		}
	}
}

// lastBookmarkPage is the page the last bookmark of the PDF opens.
func lastBookmarkPage(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := pdfread.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Bookmarks) == 0 {
		t.Fatal("no bookmarks")
	}
	return d.Bookmarks[len(d.Bookmarks)-1].Page
}

// checkRendered checks that an edit rendered again the documents it
// touches and no other.
func checkRendered(t *testing.T, edit string, got []string) {
	t.Helper()
	want := map[string][]string{
		"rewrite a paragraph of an original":                        {"en", "en-az"},
		"change one letter, the size kept":                          {"en", "en-az"},
		"rename a copy of the same size over it, its time set back": {"en", "en-az"},
		"change the subtitle":                                       {"en", "en-az"}, // the English one only
		"rewrite a paragraph of a translation":                      {"az", "en-az"},
		"touch without a change":                                    nil,
	}[edit]
	if edit == "show a picture, or resize it" {
		// The English document and the combined one show the picture;
		// the Azerbaijani one may too, from an earlier step.
		if len(got) < 2 || got[0] != "en" || got[len(got)-1] != "en-az" {
			t.Errorf("%s: rendered %v again, want en and en-az at least", edit, got)
		}
		return
	}
	if want == nil && edit != "touch without a change" {
		want = []string{"en", "az", "en-az"}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: rendered %v again, want %v", edit, got, want)
	}
}

// sameFiles checks that two folders hold the same files with the same bytes.
func sameFiles(t *testing.T, what, a, b string) {
	t.Helper()
	names := func(dir string) []string {
		es, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range es {
			out = append(out, e.Name())
		}
		return out
	}
	na, nb := names(a), names(b)
	if !slices.Equal(na, nb) {
		t.Fatalf("%s: the watch wrote %v, a cold build %v", what, na, nb)
	}
	for _, n := range na {
		x, _ := os.ReadFile(filepath.Join(a, n))
		y, _ := os.ReadFile(filepath.Join(b, n))
		if !bytes.Equal(x, y) {
			t.Errorf("%s: %s differs from a cold build's (%d and %d bytes)", what, n, len(x), len(y))
		}
	}
}
