package main

func (e *env) remindersCalls(args []string) error {
	fs, cfgPath := e.flags("reminders calls")
	meeting := fs.String("meeting", "", "meeting id (required)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if *meeting == "" {
		return usagef("reminders calls: --meeting ID is required")
	}
	db, err := e.openDB(*cfgPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := e.checkMeeting(db, *meeting); err != nil {
		return err
	}
	calls, err := db.CallList(e.ctx, *meeting)
	if err != nil {
		return err
	}
	if len(calls) == 0 {
		e.printf("nobody to phone for %s: every registrant gets a mailed reminder\n", *meeting)
		return nil
	}
	e.printf("do zadzwonienia przed spotkaniem %s (%d):\n", *meeting, len(calls))
	for _, c := range calls {
		r := c.Registration
		who := r.ContactName
		if r.Organization != "" {
			who += " (" + r.Organization + ")"
		}
		e.printf("  %-14s %s, %d os. — %s\n", r.Phone, who, r.Attendees, c.Reason)
	}
	return nil
}
