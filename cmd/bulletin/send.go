package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline/deliver"
	"bulletin/pipeline/diag"
	"bulletin/pipeline/mail"
)

// Exit statuses of send beyond the common ones.
const (
	exitIncomplete = 3 // deferred, limit reached or breaker tripped: run again
	exitUnknown    = 4 // outcomes unknown: settle them with --resolve
)

// exitError ends a command with its own status; msg, when set, is printed.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

func sendCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "send",
		Usage:     "mail each subscriber the screen file of their language, once",
		ArgsUsage: "EDITION",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: "out", Usage: "the folder the editions were built into"},
			&cli.StringFlag{Name: "mail", Value: "mail", Usage: "the folder of settings.yaml, subscribers.csv, suppressed.txt and ledger/"},
			&cli.BoolFlag{Name: "dry-run", Usage: "check everything and say who would get what; send nothing"},
			&cli.StringFlag{Name: "preview", Usage: "write one .eml per language into `DIR`; send nothing"},
			&cli.StringFlag{Name: "test-to", Usage: "send every language version to `ADDR`, outside the ledger"},
			&cli.StringSliceFlag{Name: "resolve", Usage: "settle an uncertain delivery: `ADDR=sent|unsent` (repeatable)"},
			&cli.BoolFlag{Name: "resend-unknown", Usage: "send again to addresses whose outcome is unknown: they may get two copies"},
			&cli.BoolFlag{Name: "unreleased", Usage: "send an edition that has not been released (its files may still change)"},
		},
		Action: func(c *cli.Context) error { return send(c, stdout, stderr) },
	}
}

// sendInputs is everything a send reads before it mails anyone.
type sendInputs struct {
	set        *deliver.Settings
	ed         *deliver.Edition
	subs       []deliver.Subscriber
	suppressed *deliver.SuppressionList
	sec        deliver.Secrets
	mailDir    string
	ledger     string
}

func send(c *cli.Context, stdout, stderr io.Writer) error {
	if c.NArg() != 1 {
		return errors.New("send needs one EDITION, like 2025-01")
	}
	needKey := !c.Bool("dry-run") && len(c.StringSlice("resolve")) == 0
	in, err := readSendInputs(c, needKey)
	if err != nil {
		return err
	}
	switch {
	case len(c.StringSlice("resolve")) > 0:
		return resolve(in, c.StringSlice("resolve"), stdout)
	case c.Bool("dry-run"):
		return dryRun(in, c.Bool("resend-unknown"), stdout)
	case c.String("preview") != "":
		return preview(in, c.String("preview"), stdout)
	case c.String("test-to") != "":
		return testTo(in, c.String("test-to"), stdout)
	}
	return sendAll(c.Context, in, c.Bool("resend-unknown"), stdout, stderr)
}

func readSendInputs(c *cli.Context, needKey bool) (*sendInputs, error) {
	name := filepath.Base(filepath.Clean(c.Args().First()))
	in := &sendInputs{mailDir: c.String("mail")}
	in.ledger = filepath.Join(in.mailDir, "ledger", name+".jsonl")
	var errs diag.List
	path := filepath.Join(in.mailDir, "settings.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("mail settings: %w (see README, Sending the bulletin)", err)
	}
	in.set, err = deliver.ParseSettings(path, data)
	errs.Append(err)
	in.ed, err = deliver.LoadEdition(filepath.Join(c.String("out"), name), c.Bool("unreleased"))
	if err != nil {
		return nil, err
	}
	path = filepath.Join(in.mailDir, "subscribers.csv")
	if data, err = readBounded(path, deliver.MaxSubscriberBytes); err != nil {
		return nil, fmt.Errorf("subscriber list: %w", err)
	}
	in.subs, err = deliver.ParseSubscribers(path, data, in.ed.Langs)
	errs.Append(err)
	in.suppressed, err = deliver.OpenSuppressionList(filepath.Join(in.mailDir, "suppressed.txt"))
	errs.Append(err)
	in.sec, err = deliver.ReadSecrets(in.set, envOf, needKey)
	errs.Append(err)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return in, nil
}

// readBounded reads at most limit+1 bytes, so a too-big file is reported
// by the parser without being read whole.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

func (in *sendInputs) composer() (*deliver.Composer, error) {
	var signer *mail.Signer
	if d := in.set.DKIM; d != nil {
		pem, err := os.ReadFile(d.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("dkim.key_file: %w", err)
		}
		key, err := mail.ParseKey(pem)
		if err != nil {
			return nil, fmt.Errorf("dkim.key_file %s: %w", d.KeyFile, err)
		}
		signer = mail.NewSigner(d.Domain, d.Selector, key)
	}
	return deliver.NewComposer(in.ed, in.set, in.sec.UnsubKey, signer)
}

func resolve(in *sendInputs, args []string, stdout io.Writer) error {
	l, err := deliver.OpenLedger(in.ledger)
	if err != nil {
		return err
	}
	defer l.Close()
	for _, a := range args {
		addr, outcome, ok := strings.Cut(a, "=")
		if !ok {
			return fmt.Errorf("--resolve %s: write ADDR=sent or ADDR=unsent", a)
		}
		if err := deliver.Resolve(l, addr, outcome, time.Now()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "resolved %s as %s in %s\n", addr, outcome, in.ledger)
	}
	return nil
}

// sendAll is the send itself, stopped between messages by SIGINT or
// SIGTERM; a second signal kills at once.
func sendAll(parent context.Context, in *sendInputs, resendUnknown bool, stdout, stderr io.Writer) error {
	if err := os.MkdirAll(filepath.Dir(in.ledger), 0o755); err != nil {
		return err
	}
	l, err := deliver.OpenLedger(in.ledger)
	if err != nil {
		return err
	}
	defer l.Close()
	comp, err := in.composer()
	if err != nil {
		return err
	}
	tr, err := deliver.NewSMTP(in.set.SMTP, in.sec.Password)
	if err != nil {
		return err
	}
	defer tr.Close()
	plan := deliver.MakePlan(in.subs, in.suppressed.All(), l, resendUnknown)
	listUnknown(stderr, plan.Unknown, l)
	ctx, which, stop := catchSend(parent, stderr)
	defer stop()
	run := &deliver.Run{Edition: in.ed, Settings: in.set, Composer: comp, Ledger: l, Transport: tr, Clock: deliver.RealClock{}, Log: stdout, Suppressed: in.suppressed}
	res, err := run.Do(ctx, plan.Send)
	if err != nil {
		if errors.Is(err, deliver.ErrChanged) {
			return exitError{exitRefused, "bulletin: refused: " + err.Error()}
		}
		return err
	}
	return summary(stdout, in, plan, res, l, which)
}

// listUnknown names each address whose message may or may not have left.
func listUnknown(w io.Writer, unknown []deliver.Subscriber, l *deliver.Ledger) {
	for _, s := range unknown {
		st := l.State(s.Email)
		fmt.Fprintf(w, "unknown  %s  Message-ID %s  attempted %s: not sent again\n", s.Email, st.Attempt.MessageID, st.Attempt.Time)
	}
}

func summary(w io.Writer, in *sendInputs, plan deliver.Plan, res deliver.Result, l *deliver.Ledger, which func() (string, int)) error {
	unknown := res.Unknown + len(plan.Unknown)
	fmt.Fprintf(w, "%s: sent %d, bounced %d, deferred %d, unknown %d, left %d; before this run: %d done; %d suppressed, %d paused\n",
		in.ed.Name, res.Sent, res.Bounced, res.Deferred, unknown, res.Left, len(plan.Done), len(plan.Suppressed)+res.Suppressed, len(plan.Paused))
	switch {
	case res.Stopped != nil:
		sig, code := which()
		return exitError{code, fmt.Sprintf("bulletin: interrupted by %s after the message in flight; run the same command again to go on", sig)}
	case unknown > 0:
		return exitError{exitUnknown, fmt.Sprintf("bulletin: %d message(s) may or may not have reached the relay (listed as unknown): look each Message-ID up in the relay's log, then run bulletin send --resolve ADDR=sent (or =unsent) %s", unknown, in.ed.Name)}
	case res.Breaker:
		return exitError{exitIncomplete, fmt.Sprintf("bulletin: stopped after %d failures in a row (is the relay working?), %d left; run the same command again later", in.set.Breaker, res.Left)}
	case res.Limited:
		return exitError{exitIncomplete, fmt.Sprintf("bulletin: the limit of %d messages a run is reached, %d left; run the same command again when the relay allows", in.set.Limit, res.Left)}
	case res.Deferred > 0:
		return exitError{exitIncomplete, fmt.Sprintf("bulletin: %d deferred by the relay; run the same command again later to retry them", res.Deferred)}
	}
	fmt.Fprintf(w, "every subscriber of %s has an outcome; the record is %s\n", in.ed.Name, in.ledger)
	return nil
}

// catchSend turns the first SIGINT or SIGTERM into the cancellation of
// the returned context; after it the default action is back, so a second
// signal kills at once.
func catchSend(parent context.Context, stderr io.Writer) (context.Context, func() (string, int), func()) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	var got os.Signal
	done := make(chan struct{})
	go func() {
		defer close(done)
		select {
		case got = <-ch:
			signal.Stop(ch)
			cancel()
			name := "SIGINT"
			if got == syscall.SIGTERM {
				name = "SIGTERM"
			}
			fmt.Fprintf(stderr, "bulletin: %s: stopping after the message in flight (again to stop at once)\n", name)
		case <-ctx.Done():
		}
	}()
	which := func() (string, int) {
		<-done
		if got == syscall.SIGTERM {
			return "SIGTERM", exitSIGTERM
		}
		return "SIGINT", exitSIGINT
	}
	return ctx, which, func() { signal.Stop(ch); cancel() }
}

// envOf is os.Getenv, a seam for tests.
var envOf = os.Getenv
