package source

import (
	"fmt"

	"bulletin/pipeline/diag"
)

// Limits on what an edition folder may hold. They are checked from the
// folder listing before any article is read, so a mistaken folder (a 20 MB
// export, thousands of notes) is refused at once and in little memory. A
// real edition holds about ten articles of 5 to 30 KB each; the limits are
// far above that and keep the worst case of the later stages (typesetting
// takes about 75 bytes of memory per byte of Markdown, and see
// markdown.MaxParagraph for time) to seconds and a few hundred megabytes.
const (
	// MaxSettingsBytes is the size of edition.yaml: a list of a thousand
	// articles takes 30 KB.
	MaxSettingsBytes = 256 << 10
	// MaxArticleBytes is the size of one Markdown file: about 80,000
	// words, a book rather than an article.
	MaxArticleBytes = 512 << 10
	// MaxEditionBytes is the size of all the Markdown files of an edition
	// together, translations included: a thousand articles of 600 words
	// in two languages.
	MaxEditionBytes = 8 << 20
	// MaxArticles is the number of articles of an edition, and separately
	// of translations. The contents number them in Roman numerals, which
	// end at 3999; a thousand still builds in about a second.
	MaxArticles = 1000
	// MaxTitleChars is the length of a title or subtitle, in characters:
	// three lines of the contents.
	MaxTitleChars = 300
)

// size prints a measured number of bytes: "20.0 MB", "300 KB" (rounded up,
// so that a file just over a limit never reads as equal to it).
func size(n int64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}

// limit prints a limit as it is written in this file: "1 GB", "512 KB".
func limit(n int64) string {
	if n%(1<<30) == 0 {
		return fmt.Sprintf("%d GB", n>>30)
	}
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// start is the first character of a file: where a problem with the file as
// a whole is reported, so that every diagnostic reads path:line:col and an
// editor's jump-to-error opens the file (or creates it, when it is missing).
func start(path string) diag.Pos {
	return diag.Pos{File: path, Line: 1, Col: 1}
}
