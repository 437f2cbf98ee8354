package mail

import (
	"fmt"
	"html/template"
	"strings"
)

// Texts are the filled texts of one message (see layouts.MailText).
type Texts struct {
	Lang                                         string
	Subject, Greeting, Intro, Open, Closing, Why string
	Unsubscribe                                  string
	Heading                                      string // the organisation and the edition month, above the greeting
}

// Article is one entry of the edition's contents: "I. Title", page.
type Article struct {
	Title string
	Page  int
}

// Bodies returns the plain-text and HTML bodies. link is the PDF's URL
// when the message links to it instead of attaching it ("" otherwise);
// unsub is the reader's one-click unsubscribe URL.
func Bodies(t Texts, contents []Article, link, unsub string) (text, html string) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s\n\n", t.Greeting, t.Intro)
	for _, a := range contents {
		fmt.Fprintf(&b, "  %s (%d)\n", a.Title, a.Page)
	}
	if link != "" {
		fmt.Fprintf(&b, "\n%s:\n%s\n", t.Open, link)
	}
	fmt.Fprintf(&b, "\n%s\n\n-- \n%s\n%s: %s\n", t.Closing, t.Why, t.Unsubscribe, unsub)
	var h strings.Builder
	if err := htmlBody.Execute(&h, struct {
		T        Texts
		Contents []Article
		Link     string
		Unsub    string
	}{t, contents, link, unsub}); err != nil {
		panic(err) // the template is ours and its data plain strings
	}
	return b.String(), h.String()
}

// htmlBody is plain enough for every mail client: one centred table,
// inline styles only, no remote images, no scripts.
var htmlBody = template.Must(template.New("body").Funcs(template.FuncMap{
	"lines": func(s string) []string { return strings.Split(s, "\n") },
}).Parse(`<!DOCTYPE html>
<html lang="{{.T.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.Subject}}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;font-family:Georgia,'Times New Roman',serif;color:#1b1b1b;">
<tr><td style="background:#0e3b66;color:#ffffff;padding:18px 24px;font-family:Arial,Helvetica,sans-serif;font-size:18px;font-weight:bold;">{{.T.Heading}}</td></tr>
<tr><td style="padding:24px;font-size:16px;line-height:1.5;">
<p style="margin:0 0 12px 0;">{{.T.Greeting}}</p>
<p style="margin:0 0 12px 0;">{{.T.Intro}}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 16px 0;">
{{- range .Contents}}
<tr><td style="padding:4px 0;border-bottom:1px solid #e5e7eb;">{{.Title}}</td><td align="right" style="padding:4px 0 4px 12px;border-bottom:1px solid #e5e7eb;color:#5e6670;">{{.Page}}</td></tr>
{{- end}}
</table>
{{- if .Link}}
<p style="margin:0 0 16px 0;"><a href="{{.Link}}" style="color:#0e3b66;font-weight:bold;">{{.T.Open}}</a></p>
{{- end}}
<p style="margin:0;">{{range $i, $l := lines .T.Closing}}{{if $i}}<br>{{end}}{{$l}}{{end}}</p>
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#5e6670;">{{.T.Why}} <a href="{{.Unsub}}" style="color:#5e6670;">{{.T.Unsubscribe}}</a></td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`))
