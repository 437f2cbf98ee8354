package deliver

import (
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"bulletin/layouts"
	"bulletin/pipeline/lang"
	bmail "bulletin/pipeline/mail"
)

// Composer makes each subscriber's message. The texts are filled and the
// PDFs encoded once per run; composing a message only fills in the
// reader's name, address and token.
type Composer struct {
	ed       *Edition
	set      *Settings
	key      []byte
	signer   *bmail.Signer
	texts    map[string]bmail.Texts
	greeting map[string]string // templates, filled per reader
	contents map[string][]bmail.Article
	domain   string
}

// NewComposer prepares the texts of every language of ed from the
// layout's mail.yaml.
func NewComposer(ed *Edition, set *Settings, key []byte, signer *bmail.Signer) (*Composer, error) {
	all, err := layouts.Mail(set.Layout)
	if err != nil {
		return nil, err
	}
	lay, err := layouts.Load(set.Layout)
	if err != nil {
		return nil, err
	}
	c := &Composer{ed: ed, set: set, key: key, signer: signer, texts: map[string]bmail.Texts{},
		greeting: map[string]string{}, contents: map[string][]bmail.Article{}}
	c.domain = set.From.Address[strings.LastIndexByte(set.From.Address, '@')+1:]
	for _, l := range ed.Langs {
		mt, ok := all[l]
		if !ok {
			return nil, fmt.Errorf("layout %s: mail.yaml has no texts for %s", set.Layout, l)
		}
		first := strings.SplitN(l, "-", 2)[0]
		month := lang.Month(first, ed.Month)
		if l == "en-az" {
			month = lang.Month("en", ed.Month) + " / " + lang.Month("az", ed.Month)
		}
		org := lay.Title[first]
		if org == "" {
			org = lay.Title["en"]
		}
		d := layouts.MailData{Month: month, Year: strconv.Itoa(ed.Year), Org: org}
		intro := mt.Intro
		if set.Link != "" {
			intro = mt.LinkIntro
		}
		t := bmail.Texts{Lang: first, Heading: org + " · " + month + " " + d.Year}
		for _, f := range []struct {
			dst *string
			src string
		}{{&t.Subject, mt.Subject}, {&t.Intro, intro}, {&t.Open, mt.Open}, {&t.Closing, mt.Closing}, {&t.Why, mt.Why}, {&t.Unsubscribe, mt.Unsubscribe}} {
			if *f.dst, err = layouts.Fill(f.src, d); err != nil {
				return nil, err
			}
		}
		c.texts[l], c.greeting[l] = t, mt.Greeting
		for _, h := range ed.Files[l].Contents {
			c.contents[l] = append(c.contents[l], bmail.Article{Title: h.Title, Page: h.Page})
		}
	}
	return c, nil
}

// MessageID is the Message-ID of the edition's message to addr.
func (c *Composer) MessageID(addr string) string {
	return bmail.MessageID(c.ed.Name, addr, c.domain)
}

// Compose returns the message to s, dated date, signed when DKIM is set.
func (c *Composer) Compose(s Subscriber, msgID string, date time.Time) ([]byte, error) {
	t := c.texts[s.Lang]
	g, err := layouts.Fill(c.greeting[s.Lang], layouts.MailData{Name: s.Name})
	if err != nil {
		return nil, err
	}
	t.Greeting = g
	f := c.ed.Files[s.Lang]
	link := ""
	att := f.att
	if c.set.Link != "" {
		link, att = strings.TrimSuffix(c.set.Link, "/")+"/"+f.Name, nil
	}
	unsub := bmail.UnsubscribeURL(c.set.UnsubURL, c.key, s.Email)
	text, html := bmail.Bodies(t, c.contents[s.Lang], link, unsub)
	listID := c.set.ListID
	if listID == "" {
		listID = "bulletin." + c.domain
	}
	m := &bmail.Message{From: c.set.From, To: mail.Address{Name: s.Name, Address: s.Email}, ReplyTo: c.set.ReplyTo,
		Subject: t.Subject, Date: date, MessageID: msgID, Lang: strings.ReplaceAll(s.Lang, "-", ", "), ListID: listID, ListName: c.set.From.Name,
		Unsubscribe: unsub, Mailto: c.set.UnsubMailto, Text: text, HTML: html, Attachment: att}
	data := m.Bytes()
	if c.signer != nil {
		return c.signer.Sign(data)
	}
	return data, nil
}
