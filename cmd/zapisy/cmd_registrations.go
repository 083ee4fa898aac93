package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"zapisy/storage"
)

func itoa(n int) string { return strconv.Itoa(n) }

func (e *env) registrationsList(args []string) error {
	fs, cfgPath := e.flags("registrations list")
	meeting := fs.String("meeting", "", "only this meeting")
	status := fs.String("status", "", "only this status (registered, waitlisted, withdrawn, pending)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	db, err := e.openDB(*cfgPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := e.checkMeeting(db, *meeting); err != nil {
		return err
	}
	regs, err := db.Registrations(e.ctx, storage.RegistrationFilter{MeetingID: *meeting, Status: *status})
	if err != nil {
		return err
	}
	if len(regs) == 0 {
		e.printf("no registrations\n")
		return nil
	}
	for _, r := range regs {
		who := r.Organization
		if who == "" {
			who = r.ContactName
		}
		contact := r.Email
		if r.Phone != "" {
			contact += " " + r.Phone
		}
		e.printf("%s  %-4s %-16s %d os.  %s (%s)  %s  [%s]\n", r.ID, r.Meeting(), storage.StatusPL(r.Status), r.Attendees, who, r.ContactName, contact, storage.SourcePL(r.Source))
	}
	return nil
}

func (e *env) checkMeeting(db *storage.DB, id string) error {
	if id == "" {
		return nil
	}
	if _, err := db.GetMeeting(e.ctx, id); errors.Is(err, storage.ErrNotFound) {
		return usagef("meeting %q does not exist (see zapisy meetings list)", id)
	} else if err != nil {
		return err
	}
	return nil
}

func (e *env) registrationsExport(args []string) error {
	fs, cfgPath := e.flags("registrations export")
	meeting := fs.String("meeting", "", "meeting id (required)")
	format := fs.String("format", "csv", "csv (UTF-8 with BOM), xlsx (Excel workbook) or json")
	outPath := fs.String("out", "", "write to this file instead of standard output")
	all := fs.Bool("all", false, "include withdrawn registrations")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if *meeting == "" {
		return usagef("registrations export: --meeting ID is required")
	}
	write := map[string]func(io.Writer, []storage.Registration) error{"csv": storage.WriteCSV, "json": storage.WriteJSON, "xlsx": storage.WriteXLSX}[*format]
	if write == nil {
		return usagef("registrations export: --format %q is not csv, xlsx or json", *format)
	}
	db, err := e.openDB(*cfgPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := e.checkMeeting(db, *meeting); err != nil {
		return err
	}
	regs, err := db.Registrations(e.ctx, storage.RegistrationFilter{MeetingID: *meeting})
	if err != nil {
		return err
	}
	if !*all {
		kept := regs[:0]
		for _, r := range regs {
			if r.Status != storage.StatusWithdrawn && r.Status != storage.StatusExpired {
				kept = append(kept, r)
			}
		}
		regs = kept
	}
	w := e.stdout
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			return usageError{err}
		}
		defer f.Close()
		w = f
	}
	if err := write(w, regs); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if *outPath != "" {
		fmt.Fprintf(e.stderr, "%d registrations written to %s\n", len(regs), *outPath)
	}
	return nil
}

func (e *env) registrationsWithdraw(args []string) error {
	return e.staffAction("registrations withdraw", "registration", args, func(db *storage.DB, id, actor string) error {
		if _, err := db.Withdraw(e.ctx, id, actor, e.now()); err != nil {
			return err
		}
		e.printf("registration %s withdrawn\n", id)
		return nil
	})
}

// staffAction runs a subcommand that changes one thing, named by its id,
// on behalf of a staff member (--staff, recorded as the actor). A thing
// that does not exist is a usage error.
func (e *env) staffAction(cmd, thing string, args []string, act func(db *storage.DB, id, actor string) error) error {
	fs, cfgPath := e.flags(cmd)
	staff := fs.String("staff", "", "who does it (required; it is recorded)")
	if err := parseFlags(fs, args, 1); err != nil {
		return err
	}
	if *staff == "" {
		return usagef("%s: --staff NAME is required (it is recorded)", cmd)
	}
	db, err := e.openDB(*cfgPath)
	if err != nil {
		return err
	}
	defer db.Close()
	err = act(db, fs.Arg(0), "staff: "+*staff)
	if errors.Is(err, storage.ErrNotFound) {
		return usagef("%s %q does not exist", thing, fs.Arg(0))
	}
	return err
}

func (e *env) reviewList(args []string) error {
	fs, cfgPath := e.flags("review list")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	db, err := e.openDB(*cfgPath)
	if err != nil {
		return err
	}
	defer db.Close()
	q, err := db.InboundMessages(e.ctx, storage.InboundFilter{ReviewOpen: true})
	if err != nil {
		return err
	}
	if len(q) == 0 {
		e.printf("nothing to review\n")
		return nil
	}
	for _, in := range q {
		e.printf("%s  %s  %s\n     %q\n     why: %s\n", in.ID, in.ReceivedAt.In(storage.Warsaw).Format("2006-01-02 15:04"), in.Sender, in.Subject, in.Reason)
	}
	return nil
}

func (e *env) outboxList(args []string) error {
	fs, cfgPath := e.flags("outbox list")
	failed := fs.Bool("failed", false, "only notices that failed or whose delivery is uncertain")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	db, err := e.openDB(*cfgPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var ns []storage.Notice
	if *failed {
		for _, st := range []string{"failed", "uncertain"} {
			part, err := db.Notices(e.ctx, storage.NoticeFilter{Status: st})
			if err != nil {
				return err
			}
			ns = append(ns, part...)
		}
	} else if ns, err = db.Notices(e.ctx, storage.NoticeFilter{}); err != nil {
		return err
	}
	if len(ns) == 0 {
		e.printf("no notices\n")
		return nil
	}
	for _, n := range ns {
		e.printf("%-10s %-14s %-28s due %s  tries %d  %s\n", n.Status, n.Kind, n.Recipient, n.NotBefore.In(storage.Warsaw).Format("2006-01-02 15:04"), n.Attempts, n.LastError)
	}
	return nil
}
