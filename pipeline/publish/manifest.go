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

// Released reports whether the edition has been released at least once.
func (m *Manifest) Released() bool { return len(m.Releases) > 0 }

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
	// own: for a file an earlier build made (another --variant, or an
	// archived file kept by --force).
	Sources string `json:"sources_sha256,omitempty"`
	Tool    string `json:"tool,omitempty"`
	// Superseded marks an archived file that a forced build replaced,
	// kept as NAME.N.
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

// with is the manifest after a build: an entry for every file written, and
// the entries of the previous manifest for the files this build did not
// write that are still in the folder (other variants, kept archives), each
// with the sources and tool that made it.
func (m *Manifest) with(files []File, kept []Entry, prev *Manifest, dir string) *Manifest {
	out := &Manifest{Edition: m.Edition, Tool: m.Tool, Sources: m.Sources}
	seen := map[string]bool{}
	add := func(e Entry) {
		if seen[e.Name] {
			return
		}
		seen[e.Name] = true
		if e.Sources == out.Sources {
			e.Sources = ""
		}
		if e.Tool == out.Tool {
			e.Tool = ""
		}
		out.Files = append(out.Files, e)
	}
	for _, f := range files {
		add(entryOf(f))
	}
	for _, e := range kept {
		add(e)
	}
	if prev != nil {
		for _, e := range prev.Files {
			if seen[e.Name] {
				continue
			}
			if _, err := os.Lstat(filepath.Join(dir, e.Name)); err != nil {
				continue // gone: not a file of this folder any more
			}
			e.Sources, e.Tool = prev.sourcesOf(e), prev.toolOf(e)
			add(e)
		}
	}
	sort.Slice(out.Files, func(i, j int) bool { return out.Files[i].Name < out.Files[j].Name })
	return out
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

// ReadManifest reads dir/manifest.json.
func ReadManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestName), err)
	}
	return &m, nil
}

// Problem is one thing wrong in an edition folder.
type Problem struct {
	Path string // the file
	What string // "changed (...)", "missing", "not in the manifest"
}

func (p Problem) String() string { return p.Path + ": " + p.What }

// Verify hashes every file of dir again and compares it with
// manifest.json: it returns the files changed or missing, and the files in
// the folder that the manifest does not list. A missing or unreadable
// manifest is a problem too. The error is for a folder that cannot be
// read at all.
func Verify(dir string) ([]Problem, error) {
	names, err := sortedNames(dir)
	if err != nil {
		return nil, err
	}
	m, err := ReadManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return []Problem{{filepath.Join(dir, ManifestName), "missing: nothing to verify against"}}, nil
	}
	if err != nil {
		return []Problem{{filepath.Join(dir, ManifestName), fmt.Sprintf("unreadable: %v", err)}}, nil
	}
	var probs []Problem
	listed := map[string]bool{ManifestName: true}
	for _, e := range m.Files {
		listed[e.Name] = true
		path := filepath.Join(dir, e.Name)
		data, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			probs = append(probs, Problem{path, "missing"})
			continue
		case err != nil:
			probs = append(probs, Problem{path, fmt.Sprintf("unreadable: %v", err)})
			continue
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != e.SHA256 || int64(len(data)) != e.Bytes {
			probs = append(probs, Problem{path, fmt.Sprintf("changed: %d bytes, SHA-256 %s; the manifest says %d bytes, %s",
				len(data), got, e.Bytes, e.SHA256)})
		}
	}
	for _, n := range names {
		if !listed[n] {
			what := "not in the manifest"
			if n[0] == '.' {
				what += " (a leftover of an interrupted build? the next build removes its own)"
			}
			probs = append(probs, Problem{filepath.Join(dir, n), what})
		}
	}
	sort.Slice(probs, func(i, j int) bool { return probs[i].Path < probs[j].Path })
	return probs, nil
}
