package main

func (e *env) configCheck(args []string) error {
	fs, cfgPath := e.flags("config check")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	c, err := e.config(*cfgPath)
	if err != nil {
		return err
	}
	db := "SQLite in " + c.DataDir
	if c.Database.URL != "" {
		db = "PostgreSQL"
	}
	e.printf("configuration OK\n  database: %s\n  mailboxes: %d\n", db, len(c.Mailboxes))
	for _, m := range c.Mailboxes {
		e.printf("    %s@%s:%d (%s) folder %s\n", m.User, m.Host, m.Port, m.TLS, m.Folder)
	}
	if c.SMTP.Host == "" {
		e.printf("  smtp: not set (notices stay queued)\n")
	} else {
		e.printf("  smtp: %s:%d (%s) from %s\n", c.SMTP.Host, c.SMTP.Port, c.SMTP.TLS, c.SMTP.From)
	}
	return nil
}
