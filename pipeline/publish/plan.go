package publish

import (
	"bytes"
	"io/fs"
	"sort"
	"strconv"
	"time"
)

// planned is what a write will put into the new folder.
type planned struct {
	nothing  bool   // the folder already holds exactly this
	write    []File // files written afresh
	link     []string
	carry    []string // old files that stay, under their own names
	keep     []Kept   // released files that a correction keeps under new names
	mode     fs.FileMode
	manifest []byte
	rep      Report
}

// plan decides what the new folder holds, or refuses to change a released
// edition.
func plan(dir string, old *folder, files []File, opt Options) (*planned, error) {
	prev := old.manifest
	p := &planned{mode: 0o644}
	m := &Manifest{Edition: opt.Manifest.Edition, Tool: opt.Manifest.Tool, Sources: opt.Manifest.Sources}
	var cur Release
	if prev.Released() {
		cur = prev.Releases[len(prev.Releases)-1]
		m.Releases = append(m.Releases, prev.Releases...)
		differ := differing(prev, cur.Number, files, opt.Release)
		if len(differ) == 0 {
			p.nothing, p.rep.Release = true, cur.Number
			for _, f := range files {
				p.rep.Unchanged = append(p.rep.Unchanged, f.Name)
			}
			return p, nil
		}
		if !opt.Release || !opt.Force {
			return p, &ReleasedError{Dir: dir, Release: cur, Differ: differ, Build: !opt.Release}
		}
	}
	var entries []Entry
	fresh := map[string]bool{}
	for _, f := range files {
		e := entryOf(f)
		if opt.Release {
			e.Release = cur.Number + 1
		}
		entries = append(entries, e)
		fresh[f.Name] = true
		if !opt.Release && old.has(f.Name) && sameBytes(dir, f.Name, f.Data) {
			p.link = append(p.link, f.Name)
			p.rep.Unchanged = append(p.rep.Unchanged, f.Name)
		} else {
			p.write = append(p.write, f)
			p.rep.Written = append(p.rep.Written, f.Name)
		}
	}
	if opt.Release {
		p.mode = 0o444 // a reminder to every other tool: not to be edited
		p.rep.Release = cur.Number + 1
		m.Releases = append(m.Releases, Release{Number: cur.Number + 1, Time: opt.Time.UTC().Format(time.RFC3339),
			Sources: m.Sources, Tool: m.Tool})
	}
	entries = p.placeOld(old, fresh, cur.Number, entries)
	for i := range entries {
		if entries[i].Sources == m.Sources {
			entries[i].Sources = ""
		}
		if entries[i].Tool == m.Tool {
			entries[i].Tool = ""
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
	m.Files = entries
	p.manifest = m.encode()
	p.rep.Kept = p.keep
	p.nothing = len(p.write) == 0 && len(p.keep) == 0 && !old.dropped && bytes.Equal(p.manifest, old.raw)
	return p, nil
}

// placeOld decides what becomes of each file of the old folder: a file of
// the release that stood (cur, 0 for none) is kept under a new name by a
// correction; a file the write replaces goes; any other stays, with its
// entry. It returns entries with those of the files that stay.
func (p *planned) placeOld(old *folder, fresh map[string]bool, cur int, entries []Entry) []Entry {
	prev := old.manifest
	taken := map[string]bool{}
	for _, n := range old.names {
		taken[n] = true
	}
	for n := range fresh {
		taken[n] = true
	}
	for _, n := range old.names {
		e, listed := prev.entry(n)
		if listed {
			e.Sources, e.Tool = prev.sourcesOf(e), prev.toolOf(e)
		}
		switch {
		case listed && cur > 0 && e.Release == cur && !e.Superseded:
			as := freeName(n, taken)
			p.keep = append(p.keep, Kept{Name: n, As: as})
			e.Name, e.Superseded = as, true
			entries = append(entries, e)
		case fresh[n]:
			// A draft, or a file no manifest knows, that this write replaces.
		default:
			p.carry = append(p.carry, n)
			if listed {
				entries = append(entries, e)
			}
		}
	}
	return entries
}

// differing lists the files that would change the release that stands:
// those given whose bytes differ from the release's, and for a release
// also the release's files that it would no longer make.
func differing(prev *Manifest, release int, files []File, all bool) []string {
	latest := map[string]Entry{}
	for _, e := range prev.Files {
		if e.Release == release && !e.Superseded {
			latest[e.Name] = e
		}
	}
	var differ []string
	for _, f := range files {
		e, ok := latest[f.Name]
		n := entryOf(File{Data: f.Data})
		if !ok || e.SHA256 != n.SHA256 || e.Bytes != n.Bytes {
			differ = append(differ, f.Name)
		}
		delete(latest, f.Name)
	}
	if all {
		for name := range latest {
			differ = append(differ, name+" (no longer made)")
		}
	}
	sort.Strings(differ)
	return differ
}

// freeName is name.N with the first N not taken, and takes it.
func freeName(name string, taken map[string]bool) string {
	for n := 1; ; n++ {
		as := name + "." + strconv.Itoa(n)
		if !taken[as] {
			taken[as] = true
			return as
		}
	}
}
