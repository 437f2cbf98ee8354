package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Manifest is manifest.json: what an edition folder holds and what it was
// made from.
type Manifest struct {
	Edition string `json:"edition"`
	// Tool is the version of bulletin that made the files.
	Tool string `json:"tool"`
	// Sources is the edition digest: see source.Edition.Digest.
	Sources string  `json:"sources_sha256"`
	Files   []Entry `json:"files"`
	// Releases lists every `bulletin release` of the edition, oldest
	// first; empty while the edition is a draft.
	Releases []Release `json:"releases,omitempty"`
}

// Release is one release of an edition: the moment its files became final.
type Release struct {
	Number  int    `json:"number"`         // 1 for the first release, 2 for a correction, ...
	Time    string `json:"time"`           // RFC 3339 in UTC: SOURCE_DATE_EPOCH or the clock
	Sources string `json:"sources_sha256"` // the edition digest released
	Tool    string `json:"tool"`           // the bulletin that made the release
}

// Released reports whether the edition has been released at least once
// (false for no manifest at all).
func (m *Manifest) Released() bool { return m != nil && len(m.Releases) > 0 }

// Heading is one entry of a document's contents: "I. Title" and the page
// (1-based) on which it starts.
type Heading struct {
	Title string `json:"title"`
	Page  int    `json:"page"`
}

// Entry is one file of the folder.
type Entry struct {
	Name    string `json:"name"`
	Lang    string `json:"language"`
	Variant string `json:"variant"`
	Pages   int    `json:"pages,omitempty"`
	// Contents are the document's articles (see File.Contents).
	Contents []Heading `json:"contents,omitempty"`
	Bytes    int64     `json:"bytes"`
	SHA256   string    `json:"sha256"`
	// Sources and Tool are set only when they differ from the manifest's
	// own: for a file an earlier build made (another --variant, or a
	// released file kept by a correction).
	Sources string `json:"sources_sha256,omitempty"`
	Tool    string `json:"tool,omitempty"`
	// Superseded marks a released file that a correction replaced,
	// kept as NAME.N; Release still says which release it was.
	Superseded bool `json:"superseded,omitempty"`
	// Release is the number of the release this file belongs to; 0 for a
	// draft file written by build.
	Release int `json:"release,omitempty"`
}

func entryOf(f File) Entry {
	sum := sha256.Sum256(f.Data)
	return Entry{Name: f.Name, Lang: f.Lang, Variant: f.Variant, Pages: f.Pages, Contents: f.Contents,
		Bytes: int64(len(f.Data)), SHA256: hex.EncodeToString(sum[:])}
}

func (m *Manifest) entry(name string) (Entry, bool) {
	if m == nil {
		return Entry{}, false
	}
	for _, e := range m.Files {
		if e.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}

func (m *Manifest) sourcesOf(e Entry) string {
	if e.Sources != "" {
		return e.Sources
	}
	return m.Sources
}

func (m *Manifest) toolOf(e Entry) string {
	if e.Tool != "" {
		return e.Tool
	}
	return m.Tool
}

func (m *Manifest) encode() []byte {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(err) // plain strings and numbers always encode
	}
	return append(data, '\n')
}

// ReadManifest reads dir/manifest.json: a regular file, at most
// MaxManifestBytes, strictly decoded.
func ReadManifest(dir string) (*Manifest, error) {
	m, _, err := readManifest(dir)
	return m, err
}

func readManifest(dir string) (*Manifest, []byte, error) {
	path := filepath.Join(dir, ManifestName)
	data, err := readBounded(dir, ManifestName, MaxManifestBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, err
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return &m, data, nil
}

// Latest is the release that stands, the last one; ok is false for a
// draft.
func (m *Manifest) Latest() (r Release, ok bool) {
	if !m.Released() {
		return Release{}, false
	}
	return m.Releases[len(m.Releases)-1], true
}

// Problem is one thing wrong in an edition folder.
type Problem struct {
	Path string // the file
	What string // "changed (...)", "missing", "not in the manifest"
}

func (p Problem) String() string { return p.Path + ": " + p.What }

// Verify hashes every file of dir again and compares it with
// manifest.json: it returns the files changed or missing, and the files in
// the folder that the manifest does not list. Only plain names of dir are
// opened, and only regular files, each read no further than the size the
// manifest gives it: an entry like ../x, a pipe or a link to /dev/zero is
// a problem, never followed. A missing or unreadable manifest is a
// problem too. The error is for a folder that cannot be read at all.
func Verify(dir string) ([]Problem, error) {
	names, err := sortedNames(dir)
	if err != nil {
		return nil, err
	}
	mpath := filepath.Join(dir, ManifestName)
	m, err := ReadManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return []Problem{{mpath, "missing: nothing to verify against"}}, nil
	}
	if err != nil {
		return []Problem{{mpath, "unreadable: " + strings.TrimPrefix(err.Error(), mpath+": ")}}, nil
	}
	var probs []Problem
	listed := map[string]bool{ManifestName: true}
	for _, e := range m.Files {
		switch {
		case !PlainName(e.Name):
			probs = append(probs, Problem{mpath, fmt.Sprintf("lists %q, which is not a file name in this folder; not opened", e.Name)})
			continue
		case listed[e.Name]:
			probs = append(probs, Problem{mpath, fmt.Sprintf("lists %q more than once", e.Name)})
			continue
		}
		listed[e.Name] = true
		if p, bad := verifyEntry(dir, e); bad {
			probs = append(probs, p)
		}
	}
	for _, n := range names {
		if !listed[n] {
			what := "not in the manifest"
			if n[0] == '.' {
				what += " (a leftover of an interrupted build of an older bulletin? the next build removes it)"
			}
			probs = append(probs, Problem{filepath.Join(dir, n), what})
		}
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Path < probs[j].Path })
	return probs, nil
}

// verifyEntry hashes one listed file, reading one byte more than the
// manifest says it holds at most.
func verifyEntry(dir string, e Entry) (Problem, bool) {
	path := filepath.Join(dir, e.Name)
	got, n, err := hashBounded(dir, e.Name, max(e.Bytes, 0))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Problem{path, "missing"}, true
	case err != nil:
		return Problem{path, fmt.Sprintf("unreadable: %v", err)}, true
	case n > e.Bytes:
		return Problem{path, fmt.Sprintf("changed: more than the %d bytes the manifest says", e.Bytes)}, true
	case got != e.SHA256 || n != e.Bytes:
		return Problem{path, fmt.Sprintf("changed: %d bytes, SHA-256 %s; the manifest says %d bytes, %s",
			n, got, e.Bytes, e.SHA256)}, true
	}
	return Problem{}, false
}

// sortedNames lists the names in dir, sorted.
func sortedNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out, nil
}
