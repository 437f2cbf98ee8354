package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"bulletin/pipeline/deliver"
	"bulletin/pipeline/mail"
)

func unsubscribeCommand(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "unsubscribe",
		Usage:     "add addresses to the suppression list: they get no more messages",
		ArgsUsage: "ADDR...",
		Flags:     []cli.Flag{&cli.StringFlag{Name: "mail", Value: "mail", Usage: "the folder of suppressed.txt"}},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return errors.New("unsubscribe needs at least one address")
			}
			path := filepath.Join(c.String("mail"), "suppressed.txt")
			added, err := deliver.Suppress(path, c.Args().Slice()...)
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			fmt.Fprintf(stdout, "%d added to %s (%d already there)\n", len(added), path, c.NArg()-len(added))
			return nil
		},
	}
}

func unsubscribeServerCommand(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:  "unsubscribe-server",
		Usage: "answer the one-click unsubscribe links (behind the https proxy of unsubscribe.url)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8025", Usage: "the `ADDR` to listen on"},
			&cli.StringFlag{Name: "mail", Value: "mail", Usage: "the folder of suppressed.txt"},
		},
		Action: func(c *cli.Context) error {
			sec, err := deliver.ReadSecrets(&deliver.Settings{}, envOf, true)
			if err != nil {
				return err
			}
			path := filepath.Join(c.String("mail"), "suppressed.txt")
			h := mail.Handler(sec.UnsubKey, func(addr string) error {
				added, err := deliver.Suppress(path, addr)
				if err == nil && len(added) > 0 {
					fmt.Fprintf(stdout, "unsubscribed %s\n", addr)
				}
				return err
			})
			l, err := net.Listen("tcp", c.String("listen"))
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "listening on http://%s/ (suppression list %s)\n", l.Addr(), path)
			srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
			// SIGINT or SIGTERM: finish the requests being answered, then exit 0.
			ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
			defer stop()
			go func() {
				<-ctx.Done()
				srv.Shutdown(context.Background())
			}()
			if err := srv.Serve(l); !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
}
