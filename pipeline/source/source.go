// Package source reads an edition folder: edition.yaml and the Markdown
// articles with their front matter, decoded strictly and kept with the
// position of every value, so that later stages can point at the line an
// editor has to fix.
package source

import (
	"time"

	"bulletin/pipeline/diag"
)

// Edition is one edition folder as read from disk, before any Markdown is
// parsed.
type Edition struct {
	Dir      string   // the folder as given on the command line
	Settings Settings // edition.yaml
	// Articles are the originals in publication order.
	Articles []Article
	// Translations are the NN-slug.LANG.md files, sorted by file name.
	Translations []Article
	// Digest is the edition digest that manifest.json records, in hex
	// (see Load); "" when the folder has problems.
	Digest string
}

// Settings is edition.yaml.
type Settings struct {
	File      string            // path of edition.yaml
	Edition   string            // "2025-01"
	Year      int               // 2025
	Month     time.Month        // time.January
	Layout    string            // folder under layouts/, default "aircenter"
	Languages []string          // default ["en"]; the first is the original
	Title     map[string]string // by language; empty when not given
	Subtitle  map[string]string // by language; empty when not given
	Combined  bool              // combined: true
	Fallback  string            // fallback: en; "" when not given
	// Articles is the explicit order, as file names; nil when not given.
	Articles []string
	// ArticlePos is the position of each entry of Articles, so that Load
	// can point at the entry naming a file that does not exist.
	ArticlePos []diag.Pos
	// Pos is the position of each top-level key's value, and of each
	// text of title and subtitle as "title.en".
	Pos map[string]diag.Pos
}

// Article is one Markdown file.
type Article struct {
	Path string // path as shown to the user, e.g. input/2025-01/01-energy-corridor.md
	Name string // file name without language suffix and .md: 01-energy-corridor
	Lang string // "" for an original; "az" for 01-energy-corridor.az.md
	// Front matter.
	Title    string
	TitlePos diag.Pos
	Author   string // "" when not given
	Summary  string // "" when not given
	// Body is the Markdown after the front matter, byte for byte except
	// that CRLF line ends become LF;
	// BodyLine is the 1-based line of the file on which Body starts, so a
	// position inside Body maps back to the file.
	Body     []byte
	BodyLine int
}
