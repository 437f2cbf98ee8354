package assemble

import (
	"context"

	"bulletin/internal/faults"
	"bulletin/internal/work"
	"bulletin/pipeline/asset"
	"bulletin/pipeline/diag"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/source"
)

// Pictures reads every picture the documents show from the edition folder
// dir, each file once and side by side (checking a picture is the slowest
// part of loading), and returns them as the table the documents share.
// Every header is read and checked first, so that pictures too big
// together are refused before any pixel is decoded. A picture that cannot
// be read is reported once, at its first use, and left out of the table.
func Pictures(ctx context.Context, dir string, docs []*doc.Document, errs *diag.List) (asset.Table, error) {
	first := firstUses(docs)
	heads := make([]source.Header, len(first))
	failed := make([]error, len(first))
	err := work.Do(ctx, len(first), func(_ context.Context, i int) error {
		faults.At("pictures")
		heads[i], failed[i] = source.ReadHeader(dir, first[i].Src, first[i].Pos)
		return nil
	})
	if err != nil {
		return nil, err
	}
	decode := withinEdition(heads, failed, errs)
	read := make([]source.Image, len(first))
	err = work.Do(ctx, len(first), func(_ context.Context, i int) error {
		if failed[i] == nil && decode[i] {
			read[i], failed[i] = heads[i].Decode()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	table := asset.Table{}
	for i, r := range read {
		if failed[i] != nil {
			errs.Append(failed[i])
			continue
		}
		if decode[i] {
			table[r.Src] = &asset.Picture{Format: r.Format, Width: r.Width, Height: r.Height, Data: r.Data}
		}
	}
	for _, d := range docs {
		d.Assets = table
	}
	return table, nil
}

// withinEdition adds up the pixels of the pictures in reading order and
// says which to decode: every one that was read, unless together they pass
// source.MaxEditionPixels; then none is (the build fails anyway, and
// decoding them is what takes the time), and the picture that passes the
// limit is reported at its first use.
func withinEdition(heads []source.Header, failed []error, errs *diag.List) []bool {
	decode := make([]bool, len(heads))
	total := 0
	for i, h := range heads {
		if failed[i] != nil {
			continue
		}
		total += h.Pixels()
		if total > source.MaxEditionPixels {
			errs.Add(h.Pos, "image %q takes the pictures of the edition to %d million pixels; the limit is %d million in all (9 million fill an A4 page at 300 dpi)",
				h.Src, (total+999_999)/1_000_000, source.MaxEditionPixels/1_000_000)
			return make([]bool, len(heads))
		}
		decode[i] = true
	}
	return decode
}

// firstUses lists the first image block that shows each file, in reading
// order through the documents.
func firstUses(docs []*doc.Document) []*doc.Image {
	var first []*doc.Image
	seen := map[string]bool{}
	collect := func(b doc.Block) {
		if img, ok := b.(*doc.Image); ok && !seen[img.Src] {
			seen[img.Src] = true
			first = append(first, img)
		}
	}
	for _, d := range docs {
		for _, a := range d.Articles {
			doc.Walk(a.Blocks, collect)
			if a.Translation != nil {
				doc.Walk(a.Translation.Blocks, collect)
			}
		}
	}
	return first
}
