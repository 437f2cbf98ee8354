package assemble

import (
	"bulletin/layouts"
	"bulletin/pipeline/doc"
	"bulletin/pipeline/lang"
	"bulletin/pipeline/source"
)

// Masthead is the masthead of the document in language l: the
// organisation's name in every language the program prints, and the
// subtitle in l, each from edition.yaml when it gives one and from the
// layout otherwise, with the position of the text in the file it came
// from.
func Masthead(m source.Settings, lay *layouts.Layout, l string) doc.Masthead {
	var out doc.Masthead
	for _, code := range lang.Codes() {
		if t := pick(m, lay, "title", code); t.S != "" {
			out.Names = append(out.Names, t)
		}
	}
	out.Subtitle = pick(m, lay, "subtitle", l)
	return out
}

// pick returns edition.yaml's key.code (title.en) when set, else the
// layout's; a zero Text when neither has it.
func pick(m source.Settings, lay *layouts.Layout, key, code string) doc.Field {
	from := map[string]map[string]string{"title": m.Title, "subtitle": m.Subtitle}[key]
	if s := from[code]; s != "" {
		pos := m.Pos[key+"."+code]
		if pos.File == "" { // not recorded: the key as a whole
			pos = m.Pos[key]
		}
		return doc.Field{Lang: code, S: s, Pos: pos}
	}
	if lay == nil {
		return doc.Field{}
	}
	from = map[string]map[string]string{"title": lay.Title, "subtitle": lay.Subtitle}[key]
	if s := from[code]; s != "" {
		return doc.Field{Lang: code, S: s, Pos: lay.Pos[key+"."+code]}
	}
	return doc.Field{}
}
