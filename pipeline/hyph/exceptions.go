package hyph

import (
	"strings"
	"unicode/utf8"
)

// enExceptions are English words the patterns leave whole although they
// break well, written as TeX's \hyphenation list is, with their hyphens:
// words and names that come back month after month in the bulletin's
// subject (a reader of the first 600-article test edition found "Caspian",
// "decade" and "timetable" ending loose lines they could have shortened).
// A word here is hyphenated only where this says. Names are still subject
// to the rule of Breaks: they are cut only when nothing else will do.
var enExceptions = func() map[string][]int {
	m := map[string][]int{}
	for _, w := range []string{
		"an-kara", "cas-pian", "dec-ade", "dec-ades", "kara-bakh",
		"teh-ran", "time-table", "time-tables",
	} {
		var at []int
		n := 0
		for _, r := range w {
			if r == '-' {
				at = append(at, n)
				continue
			}
			n++
		}
		m[strings.ReplaceAll(w, "-", "")] = at
	}
	return m
}()

// exception returns the breaks of a run of lower-case letters listed in
// enExceptions, as indexes of the units they come before, and whether it
// is listed.
func exception(units []unit) ([]int, bool) {
	if len(units) > 16 {
		return nil, false // longer than any word listed
	}
	var buf [16 * 4]byte
	b := buf[:0]
	for _, u := range units {
		b = utf8.AppendRune(b, u.r)
	}
	at, ok := enExceptions[string(b)]
	return at, ok
}
