// Package deliver mails each subscriber the screen file of their language,
// once: the subscriber list, the mail settings and the suppression list
// (read strictly, with positions), the ledger of an edition's sends, the
// rate limit and the send loop. It reads what a build wrote through
// package publish only, never the pipeline.
package deliver

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"bulletin/pipeline/mail"
	"bulletin/pipeline/publish"
)

// MaxPDFBytes bounds a screen file that is mailed: base64 makes it a
// third bigger, and most relays refuse messages over 25 MB.
const MaxPDFBytes = 16 << 20

// ErrUnreleased is returned when the edition has not been released.
var ErrUnreleased = errors.New("not released")

// ErrChanged is returned (wrapped) when a screen file differs from the
// one this edition's first messages carried.
var ErrChanged = errors.New("changed since the first message of this edition went out")

// Edition is what is mailed of one edition: its screen files by language.
type Edition struct {
	Name  string // 2025-01
	Dir   string // out/2025-01
	Year  int
	Month time.Month
	Files map[string]*File // by language: en, az, en-az
	Langs []string         // sorted
}

// File is one screen file, read and checked once per run.
type File struct {
	publish.Entry
	Data []byte
	att  *mail.Attachment
}

// LoadEdition reads dir/manifest.json and the screen files of the latest
// release (of the draft, with unreleased), each checked against its
// SHA-256 in the manifest.
func LoadEdition(dir string, unreleased bool) (*Edition, error) {
	m, err := publish.ReadManifest(dir)
	if err != nil {
		return nil, fmt.Errorf("%w (build the edition first: bulletin build)", err)
	}
	if !m.Released() && !unreleased {
		return nil, fmt.Errorf("%s: edition %s is %w: release it first (bulletin release %s), or send the draft with --unreleased",
			filepath.Join(dir, publish.ManifestName), m.Edition, ErrUnreleased, m.Edition)
	}
	e := &Edition{Name: m.Edition, Dir: dir, Files: map[string]*File{}}
	if len(m.Edition) != 7 {
		return nil, fmt.Errorf("%s: edition %q is not YYYY-MM", filepath.Join(dir, publish.ManifestName), m.Edition)
	}
	e.Year, _ = strconv.Atoi(m.Edition[:4])
	month, _ := strconv.Atoi(m.Edition[5:])
	e.Month = time.Month(month)
	latest := 0
	if m.Released() {
		latest = m.Releases[len(m.Releases)-1].Number
	}
	for _, en := range m.Files {
		if en.Variant != "screen" || en.Superseded || en.Release != latest {
			continue
		}
		if e.Files[en.Lang] != nil {
			return nil, fmt.Errorf("%s: two screen files of language %s", filepath.Join(dir, publish.ManifestName), en.Lang)
		}
		data, err := publish.ReadListed(dir, en, MaxPDFBytes)
		if err != nil {
			return nil, err
		}
		e.Files[en.Lang] = &File{Entry: en, Data: data, att: mail.NewAttachment(en.Name, data)}
		e.Langs = append(e.Langs, en.Lang)
	}
	if len(e.Files) == 0 {
		return nil, fmt.Errorf("%s: no screen file to send (build with --variant screen)", filepath.Join(dir, publish.ManifestName))
	}
	slices.Sort(e.Langs)
	return e, nil
}

// CheckSent refuses files that differ from the ones the ledger says this
// edition's messages carried: all subscribers get the same bytes.
func (e *Edition) CheckSent(l *Ledger) error {
	sent := l.Files()
	for _, lang := range e.Langs {
		f := e.Files[lang]
		if was, ok := sent[f.Name]; ok && was != f.SHA256 {
			return fmt.Errorf("%s: %w (SHA-256 %s then, %s now); finish this edition with the files it started with, or start a new ledger",
				filepath.Join(e.Dir, f.Name), ErrChanged, was, f.SHA256)
		}
	}
	return nil
}
