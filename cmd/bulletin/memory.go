package main

import (
	"os"
	"runtime/debug"
	"strings"

	"bulletin/pipeline/source"
)

// memoryLimit is the least soft limit on the heap the runtime keeps to,
// unless GOMEMLIMIT says otherwise. A big edition holds its book and fpdf's
// page contents (three copies: fpdf's pages, its output and our copy) live
// while it is rendered; with Go's default the heap runs to twice that.
const memoryLimit = 176 << 20

// memoryPerMarkdownByte is the soft limit per byte of the editions'
// Markdown, above memoryLimit. An edition holds about 62 bytes live per
// byte of its Markdown while it is typeset and rendered (600 generated
// articles: 125 MB live; 16 files of one-word paragraphs at the article
// limit, 8 MB: about 500 MB), and a limit under the live heap makes the
// collector run without pause. 90 bytes leave it room, 1.4 times the live
// heap; the figures that chose it are in the commit that set it.
const memoryPerMarkdownByte = 90

// limitMemory is set by main when GOMEMLIMIT is not: tests run the
// commands in their own process and keep Go's default.
var limitMemory bool

// setMemoryLimit sets the soft memory limit for a command over the edition
// folders dirs, from the size of their Markdown.
func setMemoryLimit(dirs []string) {
	if limitMemory {
		debug.SetMemoryLimit(memoryLimitFor(markdownBytes(dirs)))
	}
}

// memoryLimitFor is the soft memory limit for editions of n bytes of
// Markdown in all.
func memoryLimitFor(n int64) int64 {
	return max(memoryLimit, n*memoryPerMarkdownByte)
}

// markdownBytes adds up the sizes of the article files (*.md, regular) at
// the top of each folder, from the listing alone, each folder counted up
// to source's limit on an edition's Markdown (a bigger one is refused
// before it is parsed). A folder that cannot be listed counts nothing:
// loading it reports why.
func markdownBytes(dirs []string) int64 {
	var total int64
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		var n int64
		for _, e := range entries {
			if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".md") {
				continue
			}
			if info, err := e.Info(); err == nil {
				n += info.Size()
			}
		}
		total += min(n, source.MaxEditionBytes)
	}
	return total
}
