package scaffold

// templates is the first article of a new edition in each language the
// bulletin supports: a title, a paragraph and a subheading for the editor
// to replace. Every template has the same subheadings, level by level, as
// a translation must have its original's. The words are written for this
// project.
var templates = map[string]string{
	"en": `---
title: Title of the First Article
---

Replace this paragraph with the opening of the article. A paragraph is
plain text; a blank line starts the next one. Words can be in *italics*
or in **bold**, and a [link](https://example.org) stays clickable in the
PDF.

## A subheading to replace

Rename this file to NN-slug.md, where NN is the article's place in the
edition and the slug a few words of its title. A translation sits beside
its original under the same name with its language code added.
`,
	"az": `---
title: Birinci məqalənin başlığı
---

Bu abzası məqalənin girişi ilə əvəz edin. Abzas sadə mətndir; boş sətir
növbəti abzası başladır. Sözlər *kursivlə* və ya **qalın** yazıla bilər,
[keçid](https://example.org) isə PDF faylında işlək qalır.

## Əvəz ediləcək yarımbaşlıq

Bu faylın adını dəyişin: NN məqalənin buraxılışdakı yeri, slug isə
başlığından bir neçə sözdür. Tərcümə orijinalın yanında eyni adla, dil
kodu əlavə olunmaqla saxlanılır.
`,
}
