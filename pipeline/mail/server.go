package mail

import (
	"html/template"
	"net/http"
	"net/url"
)

// Unsubscriber writes an address to the suppression list.
type Unsubscriber func(addr string) error

// Handler answers the one-click unsubscribe links. GET shows a page with a
// button and changes nothing, so a link scanner that fetches every URL of
// a message unsubscribes nobody; POST (the button, or a mail client's
// RFC 8058 one-click request) with a valid token unsubscribes.
func Handler(key []byte, unsubscribe Unsubscriber) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		addr, tok := q.Get("a"), q.Get("t")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if addr == "" || !ValidToken(key, addr, tok) {
			w.WriteHeader(http.StatusForbidden)
			page.Execute(w, pageData{Title: "This link is not valid", Text: "The link is incomplete or was not made for this address. Please use the link from the message you received."})
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			page.Execute(w, pageData{Title: "Unsubscribe", Text: "Stop sending the bulletin to " + addr + "?",
				Action: r.URL.Path + "?" + url.Values{"a": {addr}, "t": {tok}}.Encode()})
		case http.MethodPost:
			if err := unsubscribe(addr); err != nil {
				w.WriteHeader(http.StatusInternalServerError)
				page.Execute(w, pageData{Title: "Not done", Text: "Something went wrong on our side; please try again later."})
				return
			}
			page.Execute(w, pageData{Title: "Unsubscribed", Text: addr + " will receive no more bulletins."})
		default:
			w.Header().Set("Allow", "GET, POST")
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
}

type pageData struct {
	Title, Text, Action string
}

var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{.Title}}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;max-width:36em;margin:3em auto;padding:0 1em;color:#1b1b1b;">
<h1 style="font-size:1.4em;color:#0e3b66;">{{.Title}}</h1>
<p>{{.Text}}</p>
{{- if .Action}}
<form method="post" action="{{.Action}}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="font-size:1em;padding:.5em 1.2em;">Unsubscribe</button></form>
{{- end}}
</body></html>
`))
