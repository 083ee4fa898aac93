package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"zapisy/cmd/zapisy/config"
	"zapisy/storage"
)

// env is what every command gets: the process's streams and environment.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// now is the clock of the commands.
func (e *env) now() time.Time { return time.Now() }

// flags makes a flag set for a subcommand, with --config.
func (e *env) flags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("zapisy "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfg := fs.String("config", "", "configuration file (default $ZAPISY_CONFIG)")
	return fs, cfg
}

// parseFlags parses args, and wants exactly nargs positional arguments
// (nargs < 0: any number).
func parseFlags(fs *flag.FlagSet, args []string, nargs int) error {
	// Allow flags after positional arguments, as people type them.
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return usageError{err}
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if nargs >= 0 && len(pos) != nargs {
		return usagef("%s: want %d argument(s), got %d (%s)", fs.Name(), nargs, len(pos), strings.Join(pos, " "))
	}
	fs.Parse(pos) //nolint:errcheck // only positional arguments left: sets fs.Args
	return nil
}

func (e *env) config(path string) (config.Config, error) {
	if path == "" {
		path = e.getenv("ZAPISY_CONFIG")
	}
	c, err := config.Load(path, e.getenv)
	if err != nil {
		return config.Config{}, usageError{err}
	}
	return c, nil
}

func (e *env) logger(c config.Config) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(c.LogLevel))
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: lvl}))
}

// open opens the configured database.
func (e *env) open(c config.Config) (*storage.DB, error) {
	db, err := storage.Open(e.ctx, c.Database.URL, c.DataDir)
	if err != nil {
		return nil, err
	}
	db.Reminders = nil
	for _, r := range c.Notify.Reminders {
		db.Reminders = append(db.Reminders, r.Duration)
	}
	return db, nil
}

// openDB loads the configuration named by --config and opens its
// database.
func (e *env) openDB(cfgPath string) (*storage.DB, error) {
	c, err := e.config(cfgPath)
	if err != nil {
		return nil, err
	}
	return e.open(c)
}

func (e *env) printf(format string, args ...any) {
	fmt.Fprintf(e.stdout, format, args...)
}
