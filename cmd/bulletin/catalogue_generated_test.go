package main

import (
	"fmt"
	"image"
	"image/color"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"bulletin/internal/testedition"
)

// The catalogue's stored cases are the folders of testdata/catalogue, each
// with its expected messages beside it in want.txt. These are the cases
// git cannot hold (a 20 MB file, thousands of files, symlinks, pipes,
// pictures made to be broken): each writes its edition when it runs, and
// its expected messages are here, in this one table. The output side's
// cases, which run several commands, are in catalogue_output_test.go.

// The pictures of the image cases.
var (
	catGoodPNG, catDeepPNG, catInterlacedPNG = catPictures()
)

func catPictures() (good, deep, interlaced []byte) {
	small := image.NewNRGBA(image.Rect(0, 0, 60, 30))
	for x := range 60 {
		small.Set(x, 15, color.NRGBA{0x0E, 0x3B, 0x66, 0xFF})
	}
	good = catPNG(small)
	deepImg := image.NewNRGBA64(image.Rect(0, 0, 60, 30))
	for x := range 60 {
		deepImg.Set(x, 10, color.NRGBA64{0xFFFF, 0x8000, 0, 0xFFFF})
	}
	// A 1×1 interlaced picture: its only pixel is in the first Adam7
	// pass, one filter byte and three colour bytes.
	interlaced = catPNGHeader(1, 1, true, []byte{0, 0xB8, 0x89, 0x2B})
	deep = catPNG(deepImg)
	return good, deep, interlaced
}

var catCases = []catCase{
	// Articles.
	{name: "folder-empty", gen: func(t *testing.T, dir string) { catMkdir(t, dir) }, want: []string{
		`$E/edition.yaml:1:1: missing: an edition folder needs an edition.yaml with at least "edition: YYYY-MM"`,
		`$E/edition.yaml:1:1: no articles: the folder has no NN-slug.md files`}},
	{name: "symlink-outside", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nText.\n")
		secret := filepath.Join(filepath.Dir(dir), "private.md")
		catWrite(t, filepath.Dir(dir), "private.md", "---\ntitle: Not for print\n---\n")
		catSymlink(t, secret, filepath.Join(dir, "02-private.md"))
		catSymlink(t, "../private.md", filepath.Join(dir, "03-secret.md"))
	}, want: []string{
		`$E/02-private.md:1:1: symlink points outside the edition folder; copy the file in instead`,
		`$E/03-secret.md:1:1: symlink points outside the edition folder; copy the file in instead`}},
	{name: "symlink-dangling", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nText.\n")
		catSymlink(t, "02-moved-away.md", filepath.Join(dir, "02-cargo.md"))
	}, want: []string{
		`$E/02-cargo.md:1:1: symlink to a file that does not exist`}},
	{name: "named-pipe", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nText.\n")
		if err := exec.Command("mkfifo", filepath.Join(dir, "02-pipe.md")).Run(); err != nil {
			t.Fatal("cannot make a named pipe:", err)
		}
	}, want: []string{
		`$E/02-pipe.md:1:1: not a regular file (a named pipe)`}},

	// Size.
	{name: "article-20mb", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		para := strings.Repeat("The apron lights were replaced in one night. ", 20) + "\n\n"
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\n"+strings.Repeat(para, 20<<20/len(para)+1))
	}, want: []string{
		`$E/01-apron.md:1:1: article is 20.0 MB; the limit is 512 KB`}},
	{name: "articles-add-up", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		para := strings.Repeat("Cargo volumes rose again in the spring. ", 20) + "\n\n"
		for i := 1; i <= 21; i++ {
			catWrite(t, dir, fmt.Sprintf("%02d-cargo.md", i), "---\ntitle: Cargo\n---\n\n"+strings.Repeat(para, 400<<10/len(para)))
		}
	}, want: []string{
		`$E/edition.yaml:1:1: the articles of the edition add up to 8.2 MB; the limit is 8 MB`}},
	{name: "articles-5000", gen: func(t *testing.T, dir string) {
		if err := testedition.Write(dir, 5000, 20); err != nil {
			t.Fatal(err)
		}
	}, want: []string{
		`$E/edition.yaml:1:1: the edition has 5000 articles; the limit is 1000`}},
	// At the limit, the contents of a thousand articles settle and build.
	{name: "articles-1000", gen: func(t *testing.T, dir string) {
		if err := testedition.Write(dir, 1000, 10); err != nil {
			t.Fatal(err)
		}
	}, ok: true},
	{name: "lists-nested-200", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		var b strings.Builder
		b.WriteString("---\ntitle: Apron lights\n---\n\nThe plan, point by point:\n\n")
		for i := range 200 {
			fmt.Fprintf(&b, "%s- point %d\n", strings.Repeat("  ", i), i+1)
		}
		catWrite(t, dir, "01-apron.md", b.String())
	}, want: []string{
		`$E/01-apron.md:19:25: lists and quotes nest 200 deep here; the limit is 12`}},
	{name: "table-500-rows-ok", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		var b strings.Builder
		b.WriteString("---\ntitle: Apron lights\n---\n\n| stand | lamps |\n|---|---|\n")
		for i := range 500 {
			fmt.Fprintf(&b, "| %d | %d |\n", i+1, 4+i%3)
		}
		catWrite(t, dir, "01-apron.md", b.String())
	}, ok: true},

	// Issue 11, source side: special files and unbounded reads (class 1).
	{name: "images-named-pipe", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\n![The apron at night](images/apron.png)\n")
		catMkfifo(t, filepath.Join(dir, "images", "apron.png"))
		catMkfifo(t, filepath.Join(dir, "images", "unused.png"))
	}, want: []string{
		`$E/images/apron.png:1:1: not a regular file (a named pipe)`,
		`$E/images/unused.png:1:1: not a regular file (a named pipe)`}},
	{name: "unused-file-over-1gb", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nText.\n")
		catSparse(t, filepath.Join(dir, "raw", "interview.mov"), 1100<<20)
	}, want: []string{
		`$E/raw/interview.mov:1:1: the edition folder holds 1.1 GB of files; the limit is 1 GB (this file is 1.1 GB): move what the edition does not use out of the folder`}},
	// Within the limit, an unused big file is hashed in constant memory.
	{name: "unused-file-200mb-ok", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nText.\n")
		catSparse(t, filepath.Join(dir, "raw", "interview.mov"), 200<<20)
	}, ok: true},

	// Article files are never silently ignored (class 9).
	{name: "articles-misnamed", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		for _, name := range []string{"01-apron.md", "02-cargo.MD", "03-tower.markdown", "5-fuel.md"} {
			catWrite(t, dir, name, "---\ntitle: Apron lights\n---\n\nText.\n")
		}
		catMkdir(t, filepath.Join(dir, "04-gates.md"))
		catWrite(t, filepath.Join(dir, "04-gates.md"), "draft.txt", "gates")
	}, want: []string{
		`$E/02-cargo.MD:1:1: a Markdown file not named like an article: articles are NN-slug.md (a number of two digits or more, a dash, then lower-case letters, digits and dashes) and translations NN-slug.LANG.md (did you mean 02-cargo.md?); rename it, or move it out of the edition folder`,
		`$E/03-tower.markdown:1:1: a Markdown file not named like an article: articles are NN-slug.md (a number of two digits or more, a dash, then lower-case letters, digits and dashes) and translations NN-slug.LANG.md (did you mean 03-tower.md?); rename it, or move it out of the edition folder`,
		`$E/04-gates.md:1:1: a folder named like an article; an article is a Markdown file`,
		`$E/5-fuel.md:1:1: a Markdown file not named like an article: articles are NN-slug.md (a number of two digits or more, a dash, then lower-case letters, digits and dashes) and translations NN-slug.LANG.md (did you mean 05-fuel.md?); rename it, or move it out of the edition folder`}},

	// Pictures, made when the case runs (catalogue_images_test.go).
	{name: "image-ok", gen: catImage("images/map.png", map[string][]byte{"images/map.png": catGoodPNG}), ok: true},
	{name: "image-16-bit-ok", gen: catImage("images/deep.png", map[string][]byte{"images/deep.png": catDeepPNG}), ok: true},
	{name: "image-interlaced-ok", gen: catImage("images/dot.png", map[string][]byte{"images/dot.png": catInterlacedPNG}), ok: true},
	{name: "image-missing", gen: catImage("images/map.png", nil), want: []string{
		`$E/01-apron.md:5:1: image "images/map.png" not found in $E`}},
	{name: "image-remote", gen: catImage("https://example.org/map.png", nil), want: []string{
		`$E/01-apron.md:5:1: image "https://example.org/map.png" is not a file of the edition; builds never fetch from the network, so save it under images/`}},
	{name: "image-absolute", gen: catImage("/tmp/map.png", nil), want: []string{
		`$E/01-apron.md:5:1: image "/tmp/map.png" is an absolute path; give a path inside the edition folder, like images/map.png`}},
	{name: "image-outside", gen: catImage("../../map.png", nil), want: []string{
		`$E/01-apron.md:5:1: image "../../map.png" is outside the edition folder; copy it into images/`}},
	{name: "image-symlink-outside", gen: func(t *testing.T, dir string) {
		catImage("images/map.png", nil)(t, dir)
		catWrite(t, filepath.Dir(dir), "secret.png", string(catGoodPNG))
		catMkdir(t, filepath.Join(dir, "images"))
		catSymlink(t, filepath.Join(filepath.Dir(dir), "secret.png"), filepath.Join(dir, "images", "map.png"))
	}, want: []string{
		`$E/01-apron.md:5:1: image "images/map.png" is a symlink pointing outside the edition folder; copy the file in instead`}},
	{name: "image-not-an-image", gen: catImage("images/map.png", map[string][]byte{"images/map.png": []byte("notes about the map, not the map")}), want: []string{
		`$E/01-apron.md:5:1: image "images/map.png" is not a PNG or JPEG file`}},
	{name: "image-gif", gen: catImage("images/map.gif", map[string][]byte{"images/map.gif": []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")}), want: []string{
		`$E/01-apron.md:5:1: image "images/map.gif" is gif; use PNG or JPEG`}},
	{name: "image-truncated", gen: catImage("images/map.png", map[string][]byte{"images/map.png": catGoodPNG[:len(catGoodPNG)/2]}), want: []string{
		`$E/01-apron.md:5:1: image "images/map.png" is damaged: the file ends inside a chunk`}},
	{name: "image-bomb", gen: catImage("images/map.png", map[string][]byte{"images/map.png": catPNGHeader(200000, 200000, false, nil)}), want: []string{
		`$E/01-apron.md:5:1: image "images/map.png" declares 200000×200000 pixels; the limit is 20000 pixels a side and 25 million in all`}},
	// Pictures bound time and memory (#11 class 12), from their headers
	// alone: one picture past 25 million pixels, and pictures within it
	// that pass 100 million together (nothing is decoded: each file is a
	// header without pixels, which decoding would find damaged).
	{name: "image-too-many-pixels", gen: catImage("images/map.png", map[string][]byte{"images/map.png": catPNGHeader(8000, 7000, false, nil)}), want: []string{
		`$E/01-apron.md:5:1: image "images/map.png" declares 8000×7000 pixels; the limit is 20000 pixels a side and 25 million in all`}},
	{name: "images-too-many-pixels-together", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		text := "---\ntitle: Apron lights\n---\n"
		for i := 1; i <= 5; i++ {
			name := fmt.Sprintf("night-%d.png", i)
			catWrite(t, filepath.Join(dir, "images"), name, string(catPNGHeader(5000, 5000, false, nil)))
			text += fmt.Sprintf("\n![Night %d](images/%s)\n", i, name)
		}
		catWrite(t, dir, "01-apron.md", text)
	}, want: []string{
		`$E/01-apron.md:13:1: image "images/night-5.png" takes the pictures of the edition to 125 million pixels; the limit is 100 million in all (9 million fill an A4 page at 300 dpi)`}},
	{name: "image-inline", gen: func(t *testing.T, dir string) {
		catWrite(t, dir, "edition.yaml", "edition: 2025-01\n")
		catWrite(t, dir, "01-apron.md", "---\ntitle: Apron lights\n---\n\nThe map ![Route map](images/map.png) sits in a sentence.\n")
	}, want: []string{
		`$E/01-apron.md:5:9: an image must stand in a paragraph of its own; its text becomes the caption`}},
}
