// Package schema holds the JSON Schemas of what an editor writes by hand:
// edition.yaml and the front matter of an article. Editors that use the
// yaml-language-server (VS Code's YAML extension, Neovim, Helix, ...)
// complete and check keys as one types from them. They are made from the
// same lists the source stage checks against (languages, layouts, limits),
// so they cannot drift from it; the files in this folder are what
// `bulletin schema` writes, and a test keeps them equal.
package schema

import (
	"encoding/json"
	"fmt"

	"bulletin/layouts"
	"bulletin/pipeline/lang"
	"bulletin/pipeline/source"
)

// File names of the schemas, in this folder and as `bulletin schema` writes them.
const (
	EditionFile     = "edition.schema.json"
	FrontMatterFile = "front-matter.schema.json"
)

// Files returns every schema by file name, as indented JSON ending in a
// newline.
func Files() map[string][]byte {
	return map[string][]byte{
		EditionFile:     encode(Edition()),
		FrontMatterFile: encode(FrontMatter()),
	}
}

func encode(v any) []byte {
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("schema: %v", err)) // maps of plain values always encode
	}
	return append(out, '\n')
}

const draft = "https://json-schema.org/draft/2020-12/schema"

type object = map[string]any

// text is a one-line text of at most max characters: source refuses a tab
// or a line break in a title (it would reach the PDF's bookmarks).
func text(desc string) object {
	return object{"type": "string", "minLength": 1, "maxLength": source.MaxTitleChars,
		"pattern": `^[^\t\n\r]*$`, "description": desc}
}

// byLang is a map from language code to text.
func byLang(desc string) object {
	return object{"type": "object", "description": desc,
		"propertyNames":        object{"enum": lang.Codes()},
		"additionalProperties": text("the text in this language")}
}

// Edition is the schema of edition.yaml.
func Edition() object {
	codes := lang.Codes()
	return object{
		"$schema":              draft,
		"title":                "bulletin edition.yaml",
		"description":          "The settings of one edition of the bulletin: its month, layout and languages.",
		"type":                 "object",
		"required":             []string{"edition"},
		"additionalProperties": false,
		"properties": object{
			"edition": object{"type": "string", "pattern": `^[0-9]{4}-(0[1-9]|1[0-2])$`,
				"description": "The month of the edition, written YYYY-MM, like 2025-01."},
			"layout": object{"type": "string", "enum": layouts.Names(), "default": "aircenter",
				"description": "The brand layout, a folder under layouts/."},
			"languages": object{"type": "array", "minItems": 1, "uniqueItems": true,
				"items": object{"enum": codes}, "default": []string{"en"},
				"description": "The languages of the edition; the first is the original, the others translations (NN-slug.LANG.md)."},
			"combined": object{"type": "boolean", "default": false,
				"description": "Also build one document with each article followed by its translation."},
			"fallback": object{"enum": codes,
				"description": "The language whose original stands in for a missing translation."},
			"title":    byLang("The organisation's name by language; default: the layout's."),
			"subtitle": byLang("The subtitle by language; default: the layout's."),
			"articles": object{"type": "array", "uniqueItems": true,
				"items":       object{"type": "string", "pattern": `^[^/\\]+\.md$`},
				"description": "The order of the articles, as file names; default: every NN-slug.md sorted by name. When given, it must list every article of the folder."},
		},
	}
}

// FrontMatter is the schema of the YAML between the two --- lines that
// start an article.
func FrontMatter() object {
	optional := func(desc string) object {
		return object{"type": []string{"string", "null"}, "description": desc}
	}
	return object{
		"$schema":              draft,
		"title":                "bulletin article front matter",
		"description":          "The YAML between the two --- lines at the top of an article.",
		"type":                 "object",
		"required":             []string{"title"},
		"additionalProperties": false,
		"properties": object{
			"title":   text("The article's title, as the contents and the heading print it."),
			"author":  optional("The author; may be left empty."),
			"summary": optional("A summary; may be left empty."),
		},
	}
}
