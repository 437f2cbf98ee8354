// Package testedition writes generated editions of any size for tests and
// benchmarks: valid sources with varied titles (some long enough to wrap in
// the contents), paragraphs, lists, quotes and subheadings. The text is
// assembled from words written for this project; it is deterministic.
package testedition

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

var (
	subjects = []string{"The corridor through Gəncə", "Rail freight from Ələt", "The new port at Ələt", "Reconstruction in Ağdam",
		"Trade with Central Asia", "The power line to Naxçıvan", "Housing in Şuşa", "The airport near Füzuli",
		"Water policy in Xankəndi", "A customs office in Zəngilan", "Green hydrogen on the Caspian shore", "The ministry's new road plan"}
	verbs   = []string{"shapes", "depends on", "opens", "tests", "connects", "slows", "speeds up", "redraws", "supports", "complicates"}
	objects = []string{"the balance of regional trade", "every talk about transit fees", "the timetable of the next summit",
		"investment from the Gulf", "the view from Brussels", "a decade of planning", "freight prices across the Caspian",
		"the return of families to their villages", "the budget of the coming year", "cooperation with Türkiye and Georgia"}
	tails = []string{"more than most observers expected", "in ways that are easy to miss", "while the winter lasts",
		"according to officials in Baku", "at least for now", "as the figures for the autumn show", "although slowly"}
	titleWords = []string{"Corridor", "Energy", "Reconstruction", "Diplomacy", "Transit", "Caspian", "Partnership", "Şuşa",
		"Gəncə", "Ağdam", "Xankəndi", "Security", "Investment", "Dialogue", "Neighbourhood", "Strategy", "Europe", "Asia"}
)

func sentence(r *rand.Rand) string {
	s := fmt.Sprintf("%s %s %s, %s.", subjects[r.IntN(len(subjects))], verbs[r.IntN(len(verbs))],
		objects[r.IntN(len(objects))], tails[r.IntN(len(tails))])
	switch r.IntN(7) {
	case 0:
		s = strings.Replace(s, " ", " **", 1)
		s = strings.Replace(s, ",", "**,", 1)
	case 1:
		s = strings.Replace(s, "the ", "*the ", 1)
		s = strings.Replace(s, ",", "*,", 1)
	}
	return s
}

func paragraph(r *rand.Rand) string {
	n := 3 + r.IntN(6)
	ss := make([]string, n)
	for i := range ss {
		ss[i] = sentence(r)
	}
	return strings.Join(ss, " ")
}

// Title returns the generated title of article i (1-based).
func Title(i int) string {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	n := 2 + r.IntN(5)
	if i%7 == 0 {
		n = 14 // long enough to wrap in the contents
	}
	ws := make([]string, n)
	for k := range ws {
		ws[k] = titleWords[r.IntN(len(titleWords))]
	}
	return fmt.Sprintf("%s %d", strings.Join(ws, " "), i)
}

// Write creates dir with edition.yaml and n articles of about words words.
func Write(dir string, n, words int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	yaml := "edition: 2030-06\nlanguages: [en]\nsubtitle:\n  en: Generated edition for tests\n"
	if err := os.WriteFile(filepath.Join(dir, "edition.yaml"), []byte(yaml), 0o644); err != nil {
		return err
	}
	for i := 1; i <= n; i++ {
		r := rand.New(rand.NewPCG(uint64(i), 11))
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %q\n---\n\n", Title(i))
		count := 0
		for k := 0; count < words; k++ {
			p := paragraph(r)
			switch {
			case k == 2:
				fmt.Fprintf(&b, "## Section on %s\n\n", strings.ToLower(titleWords[r.IntN(len(titleWords))]))
			case k == 3 && i%3 == 0:
				b.WriteString("- first point about transit\n- second point, longer, about the ports and the railways of the region\n- third point\n\n")
			case k == 4 && i%4 == 0:
				p = "> " + p
			}
			b.WriteString(p + "\n\n")
			count += len(strings.Fields(p))
		}
		name := Name(i) + ".md"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Name is the file name of article i without ".md": slugs are distinct,
// since articles differing only in their number are refused.
func Name(i int) string { return fmt.Sprintf("%04d-article-%d", i, i) }

// WriteTiny creates dir with the edition that issue 11 (class 12) found
// slow within the limits: 16 articles, each articleBytes of paragraphs of
// one short word, the most paragraphs (and boxes, lines and pages) the
// limits let in.
func WriteTiny(dir string, articleBytes int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "edition.yaml"), []byte("edition: 2030-06\n"), 0o644); err != nil {
		return err
	}
	head := "---\ntitle: Tiny\n---\n\n"
	body := strings.Repeat("Ələt.\n\n", (articleBytes-len(head))/len("Ələt.\n\n"))
	for i := 1; i <= 16; i++ {
		name := fmt.Sprintf("%02d-tiny-%d.md", i, i) // slugs must differ
		if err := os.WriteFile(filepath.Join(dir, name), []byte(head+body), 0o644); err != nil {
			return err
		}
	}
	return nil
}
