// Command zapisy is the sign-up intake service of Fundacja BIS: it watches
// the staff mailbox, registers NGOs for consultation meetings, takes phone
// sign-ups entered by staff, and sends confirmations and reminders.
//
// main only wires things: every piece lives in intake/, storage/, notify/,
// templates/ and web/.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "zapisy:", err)
		os.Exit(exitCode(err))
	}
}

// usageError is a mistake in how a command was called, or input that cannot
// be taken as given; it exits with status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

const usage = `zapisy — zapisy na spotkania konsultacyjne (Fundacja BIS)

Usage:
  zapisy demo [--once]                      try it all in one process, with sample mail
  zapisy serve [--config FILE]              watch the mailbox, register, send notices
  zapisy config check [--config FILE]       validate a configuration
  zapisy meetings import FILE.csv           add or update meetings (id,title,starts_at,ends_at,location,capacity)
  zapisy meetings list
  zapisy meetings cancel ID --staff NAME    cancel a meeting and tell everyone registered
  zapisy phone add --meeting ID --org ORG --name NAME --phone PHONE [--email E] [--attendees N] [--note T] [--staff NAME]
  zapisy registrations list [--meeting ID] [--status S]
  zapisy registrations export --meeting ID [--format csv|xlsx|json] [--out FILE]
  zapisy registrations withdraw ID --staff NAME
  zapisy review list                        mail waiting for staff
  zapisy parse [--meetings FILE.csv] FILE.eml...   show what would be decided about mail
  zapisy reminders calls --meeting ID       who to phone (registrations without email)
  zapisy outbox list [--failed]             notices and their delivery

Every command reads --config FILE (or ZAPISY_CONFIG) when given, and works
without one on the defaults; every setting can come from ZAPISY_* variables.
`

// run is the whole program: it takes its arguments, streams and environment
// explicitly so tests can call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usagef("no command given")
	}
	env := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "demo":
		return env.demo(rest)
	case "serve":
		return env.serve(rest)
	case "config":
		return env.sub(cmd, rest, map[string]func([]string) error{"check": env.configCheck})
	case "meetings":
		return env.sub(cmd, rest, map[string]func([]string) error{"import": env.meetingsImport, "list": env.meetingsList, "cancel": env.meetingsCancel})
	case "phone":
		return env.sub(cmd, rest, map[string]func([]string) error{"add": env.phoneAdd})
	case "registrations":
		return env.sub(cmd, rest, map[string]func([]string) error{"list": env.registrationsList, "export": env.registrationsExport, "withdraw": env.registrationsWithdraw})
	case "review":
		return env.sub(cmd, rest, map[string]func([]string) error{"list": env.reviewList})
	case "parse":
		return env.parse(rest)
	case "reminders":
		return env.sub(cmd, rest, map[string]func([]string) error{"calls": env.remindersCalls})
	case "outbox":
		return env.sub(cmd, rest, map[string]func([]string) error{"list": env.outboxList})
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usagef("unknown command %q", cmd)
}

func (e *env) sub(cmd string, args []string, subs map[string]func([]string) error) error {
	if len(args) == 0 {
		return usagef("%s: which one? (see zapisy help)", cmd)
	}
	fn, ok := subs[args[0]]
	if !ok {
		return usagef("%s: unknown subcommand %q (see zapisy help)", cmd, args[0])
	}
	return fn(args[1:])
}
