package main

import (
	"os"

	"zapisy/storage"
)

func (e *env) meetingsImport(args []string) error {
	fs, cfgPath := e.flags("meetings import")
	if err := parseFlags(fs, args, 1); err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return usageError{err}
	}
	defer f.Close()
	ms, err := storage.ReadMeetingsCSV(f)
	if err != nil {
		return usagef("%s: %v (nothing imported)", fs.Arg(0), err)
	}
	db, err := e.openDB(*cfgPath)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.ImportMeetings(e.ctx, ms, e.now())
	if err != nil {
		return err
	}
	e.printf("meetings: %d added, %d changed, %d unchanged\n", res.Added, res.Changed, res.Unchanged)
	for _, id := range res.ChangedIDs {
		e.printf("  %s moved: registrants will be told\n", id)
	}
	return nil
}

func (e *env) meetingsList(args []string) error {
	fs, cfgPath := e.flags("meetings list")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	db, err := e.openDB(*cfgPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ms, err := db.Meetings(e.ctx)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		e.printf("no meetings yet: zapisy meetings import FILE.csv\n")
		return nil
	}
	for _, m := range ms {
		regs, err := db.Registrations(e.ctx, storage.RegistrationFilter{MeetingID: m.ID})
		if err != nil {
			return err
		}
		taken, waiting := 0, 0
		for _, r := range regs {
			switch r.Status {
			case storage.StatusRegistered:
				taken += r.Attendees
			case storage.StatusWaitlisted:
				waiting += r.Attendees
			}
		}
		state := ""
		if m.Cancelled {
			state = "  ODWOŁANE"
		}
		capacity := "bez limitu"
		if m.Capacity > 0 {
			capacity = itoa(m.Capacity)
		}
		e.printf("%-4s %s  %s%s\n     %s\n     miejsca: %d / %s, rezerwowa: %d\n", m.ID, m.StartsAt.Format("2006-01-02 15:04"), m.Title, state, m.Location, taken, capacity, waiting)
	}
	return nil
}

func (e *env) meetingsCancel(args []string) error {
	return e.staffAction("meetings cancel", "meeting", args, func(db *storage.DB, id, actor string) error {
		if err := db.CancelMeeting(e.ctx, id, actor, e.now()); err != nil {
			return err
		}
		e.printf("meeting %s cancelled; everyone registered will be told\n", id)
		return nil
	})
}
