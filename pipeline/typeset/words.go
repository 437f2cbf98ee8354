package typeset

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"bulletin/fonts"
	"bulletin/pipeline/book"
)

// frag is a piece of a word in one face.
type frag struct {
	s     string
	face  fonts.Face
	size  float64
	color book.Color
	link  string
	w     float64
	rise  float64 // baseline shift, negative upwards (a footnote mark)
	note  string  // the footnote this mark refers to
	el    *book.Elem
}

// word is what lines are made of: one or more fragments with no space
// between them, and the natural width of the space that follows it.
//
// After hyphenation a word may be cut into pieces; each piece is a word
// here, with no space after it, and says what breaking after it costs.
type word struct {
	frags []frag
	w     float64
	space float64 // natural width of the following space; 0 inside a broken word
	// hard marks a forced line break after this word.
	hard bool
	// marks are the soft hyphens and word joiners the text had inside
	// the word, at byte offsets of its text (they are not in it).
	marks []mark
	// hyphen is the width of the hyphen drawn when a line breaks after
	// this piece (0: nothing is added, as after a dash or a slash).
	hyphen float64
	// penalty is the cost of breaking after this piece; flagged breaks
	// (hyphens, dashes) cost extra when two lines in a row end in one.
	penalty float64
	flagged bool
	// prot is how far the piece may hang into the margin when it ends
	// a justified line, lprot when it starts a line of a justified
	// paragraph (set by protrude).
	prot, lprot float64
}

// mark is an invisible character inside a word that decides where a line
// may break: a soft hyphen (U+00AD) offers a hyphenation point, a word
// joiner (U+2060, or U+FEFF in its old role) forbids a break.
type mark struct {
	at   int // byte offset in the word's text
	soft bool
}

// style is how a run of text is set.
type style struct {
	face  fonts.Face
	size  float64
	color book.Color
	link  string
	lang  string // the language of the text, for hyphenation
	rise  float64
	note  string
	// el is the structure element the text belongs to: nil, an artifact.
	el *book.Elem
}

// builder turns styled runs into words. The fragments of all its words
// share one backing array, since nearly every word is a single fragment
// and a paragraph has hundreds of them.
type builder struct {
	m     Measurer
	words []word
	cur   word
	open  bool   // cur has at least one fragment
	pool  []frag // the fragments; cur's are pool[start:]
	start int
	// curLen is the length of cur's text so far; marks holds the marks of
	// all the words, cur's from marks[mstart:].
	curLen int
	marks  []mark
	mstart int
	// spaceStyle and spaceW cache the width of a space in the last style
	// measured.
	spaceStyle style
	spaceW     float64
}

// reset empties the builder for text measured with m, keeping its arrays
// for the words and fragments to come.
func (b *builder) reset(m Measurer) {
	*b = builder{m: m, words: b.words[:0], pool: b.pool[:0], marks: b.marks[:0]}
}

// scratch is the working memory of setting one paragraph: the words its
// text is split into and the pieces hyphenation cuts them into, with their
// fragments. All of it is garbage once the paragraph's lines are set, and
// a book has thousands of paragraphs (the contents are set again on every
// pass), so scratches are recycled through the pool scratches rather than
// allocated anew for each paragraph.
type scratch struct {
	b      builder
	pieces []word
	frags  []frag // the pieces' fragments
	cuts   []cut  // the cuts of the word being cut
	// names lets hyphenate cut capitalised words too.
	names bool
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// invisible are the characters that are never drawn: they only tell where
// lines may break (soft hyphen, word joiners) or how letters join (zero
// width joiner and non-joiner, which the fonts' scripts do not need), and
// the narrow no-break space, which a face without it gets as a no-break
// space.
const invisible = "\u00ad\u2060\ufeff\u200c\u200d\u202f"

func (b *builder) add(text string, st style) {
	if strings.ContainsAny(text, invisible) {
		b.addMarked(text, st)
		return
	}
	b.addPlain(text, st)
}

// addMarked is add for text holding invisible characters: they end the
// fragment before them and become marks of the word, or nothing.
func (b *builder) addMarked(text string, st style) {
	for len(text) > 0 {
		i := strings.IndexAny(text, invisible)
		if i < 0 {
			b.addPlain(text, st)
			return
		}
		b.addPlain(text[:i], st)
		r, n := utf8.DecodeRuneInString(text[i:])
		text = text[i+n:]
		switch r {
		case '\u00ad':
			b.marks = append(b.marks, mark{at: b.curLen, soft: true})
		case '\u2060', '\ufeff':
			b.marks = append(b.marks, mark{at: b.curLen})
		case '\u202f':
			if b.m.Width(st.face, st.size, "\u202f") > 0 {
				b.addFrag("\u202f", st)
			} else {
				b.addFrag("\u00a0", st) // the monospaced face has no narrow one
			}
		}
	}
}

func (b *builder) addPlain(text string, st style) {
	for len(text) > 0 {
		i := strings.IndexFunc(text, isBreakSpace)
		if i < 0 {
			b.addFrag(text, st)
			return
		}
		if i > 0 {
			b.addFrag(text[:i], st)
		}
		b.endWord(st)
		_, n := utf8.DecodeRuneInString(text[i:])
		text = text[i+n:]
	}
}

// isBreakSpace is a space at which a line may break; a no-break space
// (U+00A0) is kept inside its word.
func isBreakSpace(r rune) bool {
	return unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f' && r != '\u2007'
}

func (b *builder) addFrag(s string, st style) {
	w := b.m.Width(st.face, st.size, s)
	fs := b.pool[b.start:]
	if n := len(fs); n > 0 && fs[n-1].face == st.face && fs[n-1].size == st.size && fs[n-1].link == st.link && fs[n-1].color == st.color && fs[n-1].rise == st.rise && fs[n-1].note == st.note {
		fs[n-1].s += s
		fs[n-1].w += w
	} else {
		b.pool = append(b.pool, frag{s: s, face: st.face, size: st.size, color: st.color, link: st.link, w: w, rise: st.rise, note: st.note, el: st.el})
	}
	b.cur.w += w
	b.curLen += len(s)
	b.open = true
}

// endWord closes the current word; the space that ended it is measured in
// the style of the text around it.
func (b *builder) endWord(st style) {
	if !b.open {
		return
	}
	if st != b.spaceStyle || b.spaceW == 0 {
		b.spaceStyle, b.spaceW = st, b.m.Width(st.face, st.size, " ")
	}
	b.cur.space = b.spaceW
	// The word's fragments are its part of the pool, capped so that an
	// append to them can never write over the next word's.
	n := len(b.pool)
	b.cur.frags = b.pool[b.start:n:n]
	b.start = n
	if m := len(b.marks); m > b.mstart {
		b.cur.marks = b.marks[b.mstart:m:m]
		b.mstart = m
	}
	b.words = append(b.words, b.cur)
	b.cur = word{}
	b.open = false
	b.curLen = 0
}

// hardBreak forces a line break after the current word.
func (b *builder) hardBreak(st style) {
	b.endWord(st)
	if n := len(b.words); n > 0 {
		b.words[n-1].hard = true
	}
}

func (b *builder) finish(st style) []word {
	b.endWord(st)
	return b.words
}

// splitLong cuts words wider than the measure into pieces that fit, as a
// last resort, so that no line ever runs past the margin.
func splitLong(ws []word, width float64, m Measurer) []word {
	long := false
	for _, w := range ws {
		long = long || w.w > width
	}
	if !long {
		return ws // the common case: nothing to cut, nothing to copy
	}
	var out []word
	for _, w := range ws {
		if w.w <= width {
			out = append(out, w)
			continue
		}
		var piece word
		for _, f := range w.frags {
			start := 0
			for i, r := range f.s {
				cw := m.Width(f.face, f.size, string(r))
				if piece.w+cw > width && (piece.w > 0 || i > start) {
					if i > start {
						piece.frags = append(piece.frags, sub(f, f.s[start:i], m))
					}
					piece.w = sumW(piece.frags)
					piece.penalty = emergencyPenalty
					out = append(out, piece)
					piece = word{}
					start = i
				}
				piece.w += cw
			}
			if start < len(f.s) {
				piece.frags = append(piece.frags, sub(f, f.s[start:], m))
			}
			piece.w = sumW(piece.frags)
		}
		piece.space, piece.hard, piece.hyphen, piece.penalty, piece.flagged = w.space, w.hard, w.hyphen, w.penalty, w.flagged
		out = append(out, piece)
	}
	return out
}

func sub(f frag, s string, m Measurer) frag {
	f.s = s
	f.w = m.Width(f.face, f.size, s)
	return f
}

func sumW(fs []frag) float64 {
	var w float64
	for _, f := range fs {
		w += f.w
	}
	return w
}
