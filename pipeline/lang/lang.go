// Package lang holds what depends on the language of an edition: upper
// case by that language's rules, month names and the printed labels.
package lang

import (
	"strings"
	"time"
	"unicode"
)

// Upper sets s in upper case by the rules of language code l. Azerbaijani
// (and Turkish) map i to İ and ı to I; strings.ToUpper gets both wrong.
func Upper(l, s string) string {
	switch l {
	case "az", "tr":
		return strings.ToUpperSpecial(unicode.AzeriCase, s)
	default:
		return strings.ToUpper(s)
	}
}

var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"},
	"az": {"Yanvar", "Fevral", "Mart", "Aprel", "May", "İyun", "İyul",
		"Avqust", "Sentyabr", "Oktyabr", "Noyabr", "Dekabr"},
}

// Month returns the name of m in language l (English when l is unknown).
func Month(l string, m time.Month) string {
	names, ok := months[l]
	if !ok {
		names = months["en"]
	}
	return names[(int(m)+11)%12]
}

// Labels are the words printed around the articles.
type Labels struct {
	Bulletin string // the word under the masthead
	Contents string // heading of the table of contents
	Page     string // footer prefix before the page number
	PageAbbr string // before a page number in a cross-reference: "p. 4"
	Figure   string // before a figure's number in its caption: "Figure 1"
	// Language marks an article set in this language in a combined
	// edition, said in that language: "In English".
	Language string
}

var labels = map[string]Labels{
	"en": {Bulletin: "Bulletin", Contents: "Table of contents", Page: "Page", PageAbbr: "p.", Figure: "Figure", Language: "In English"},
	"az": {Bulletin: "Bülleten", Contents: "Mündəricat", Page: "Səhifə", PageAbbr: "səh.", Figure: "Şəkil", Language: "Azərbaycan dilində"},
}

// LabelsFor returns the labels of language l (English when l is unknown).
func LabelsFor(l string) Labels {
	if lb, ok := labels[l]; ok {
		return lb
	}
	return labels["en"]
}

var languageNames = map[string]map[string]string{
	"en": {"en": "in English", "az": "in Azerbaijani"},
	"az": {"en": "ingilis dilində", "az": "Azərbaycan dilində"},
}

// InLanguage says "in <text>" in language label: the note that marks an
// article printed in another language than its edition's.
func InLanguage(label, text string) string {
	if n, ok := languageNames[label][text]; ok {
		return n
	}
	return languageNames["en"][text]
}

// Codes are the languages this program can print, in the order the
// masthead prints the organisation's names.
func Codes() []string { return []string{"en", "az"} }

// Roman returns n (1..3999) in upper-case Roman numerals, the numbering of
// articles in the contents and in their headings.
func Roman(n int) string {
	if n <= 0 || n >= 4000 {
		return "?"
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}
