package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"bulletin/pipeline/deliver"
)

// dryRun checks everything a send needs, composes one message per
// language, and says who would get what; it sends and records nothing.
func dryRun(in *sendInputs, resendUnknown bool, w io.Writer) error {
	l, err := deliver.ReadLedger(in.ledger)
	if err != nil {
		return err
	}
	if err := in.ed.CheckSent(l); err != nil {
		return exitError{exitRefused, "bulletin: refused: " + err.Error()}
	}
	comp, err := in.composer()
	if err != nil {
		return err
	}
	if _, err := deliver.NewSMTP(in.set.SMTP, ""); err != nil {
		return err // the CA file
	}
	s := in.set
	fmt.Fprintf(w, "edition %s from %s\n", in.ed.Name, in.ed.Dir)
	for _, lang := range in.ed.Langs {
		f := in.ed.Files[lang]
		fmt.Fprintf(w, "  %-5s %s  %d bytes  sha256 %s\n", lang, f.Name, f.Bytes, f.SHA256)
	}
	fmt.Fprintf(w, "relay %s:%d (tls %s), rate %s, %d attempts, breaker after %d failures\n",
		s.SMTP.Host, s.SMTP.Port, s.SMTP.TLS, s.Rate, s.Attempts, s.Breaker)
	fmt.Fprintf(w, "from %s, bounces to %s\n", s.From.String(), s.EnvelopeFrom)
	if len(in.sec.UnsubKey) < deliver.MinKeyBytes {
		fmt.Fprintf(w, "note: $%s is not set; send will refuse until it is\n", deliver.EnvUnsubKey)
	}
	for _, lang := range in.ed.Langs {
		probe := deliver.Subscriber{Email: "reader@example.org", Lang: lang}
		if _, err := comp.Compose(probe, comp.MessageID(probe.Email), time.Unix(0, 0)); err != nil {
			return fmt.Errorf("composing the %s message: %w", lang, err)
		}
	}
	plan := deliver.MakePlan(in.subs, in.suppressed.All(), l, resendUnknown)
	groups := []struct {
		what string
		subs []deliver.Subscriber
	}{{"send", plan.Send}, {"unknown", plan.Unknown}, {"done", plan.Done}, {"suppressed", plan.Suppressed}, {"paused", plan.Paused}}
	for _, g := range groups {
		for _, sub := range g.subs {
			fmt.Fprintf(w, "%-10s %s  %s  %s\n", g.what, sub.Email, sub.Lang, in.ed.Files[sub.Lang].Name)
		}
	}
	fmt.Fprintf(w, "would send %d; unknown %d, done %d, suppressed %d, paused %d; nothing was sent\n",
		len(plan.Send), len(plan.Unknown), len(plan.Done), len(plan.Suppressed), len(plan.Paused))
	return nil
}

// preview writes the message of each language, as its first subscriber
// would get it, into dir.
func preview(in *sendInputs, dir string, w io.Writer) error {
	comp, err := in.composer()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	date := time.Now()
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", s)
		}
		date = time.Unix(n, 0).UTC()
	}
	for _, lang := range in.ed.Langs {
		sub := deliver.Subscriber{Email: "reader@example.org", Lang: lang}
		for _, s := range in.subs {
			if s.Lang == lang {
				sub = s
				break
			}
		}
		msg, err := comp.Compose(sub, comp.MessageID(sub.Email), date)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, strings.TrimSuffix(in.ed.Files[lang].Name, ".pdf")+".eml")
		if err := os.WriteFile(path, msg, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(w, "wrote %s (%s, to %s)\n", path, lang, sub.Email)
	}
	return nil
}

// testTo sends every language version to one address, outside the
// ledger, with Message-IDs of their own.
func testTo(in *sendInputs, addr string, w io.Writer) error {
	comp, err := in.composer()
	if err != nil {
		return err
	}
	tr, err := deliver.NewSMTP(in.set.SMTP, in.sec.Password)
	if err != nil {
		return err
	}
	defer tr.Close()
	failed := 0
	for _, lang := range in.ed.Langs {
		sub := deliver.Subscriber{Email: addr, Lang: lang}
		id := comp.MessageID("test+" + lang + "+" + addr)
		msg, err := comp.Compose(sub, id, time.Now())
		if err != nil {
			return err
		}
		reply, err := tr.Send(in.set.EnvelopeFrom, addr, msg, func() error { return nil })
		if err != nil {
			failed++
			reply = err.Error()
		}
		fmt.Fprintf(w, "test %s  %s  %s\n", addr, lang, reply)
	}
	if failed > 0 {
		return exitError{exitIncomplete, fmt.Sprintf("bulletin: %d of %d test messages failed", failed, len(in.ed.Langs))}
	}
	return nil
}
