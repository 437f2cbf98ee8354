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
// A picture that cannot be read is reported once, at its first use, and
// left out of the table.
func Pictures(ctx context.Context, dir string, docs []*doc.Document, errs *diag.List) (asset.Table, error) {
	first := firstUses(docs)
	read := make([]source.Image, len(first))
	failed := make([]error, len(first))
	err := work.Do(ctx, len(first), func(_ context.Context, i int) error {
		faults.At("pictures")
		read[i], failed[i] = source.ReadImage(dir, first[i].Src, first[i].Pos)
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
		table[r.Src] = &asset.Picture{Format: r.Format, Width: r.Width, Height: r.Height, Data: r.Data}
	}
	for _, d := range docs {
		d.Assets = table
	}
	return table, nil
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
