package main

import (
	"net"

	"zapisy/cmd/zapisy/config"
)

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

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
	switch {
	case c.Web.Listen == config.WebOff:
		e.printf("  web desk: off\n")
	case c.Web.StaffPassword == "":
		e.printf("  web desk: http://%s/ — no staff password: staff pages answer only connections from this machine\n", c.Web.Listen)
		if host, _, _ := net.SplitHostPort(c.Web.Listen); !isLoopback(host) {
			e.printf("  WARNING: web.listen %s is reachable from other machines; set web.staff_password so staff can log in from there\n", c.Web.Listen)
		}
	default:
		e.printf("  web desk: http://%s/ (staff log in with a password; put TLS in front of it)\n", c.Web.Listen)
	}
	if c.SMTP.Host == "" {
		e.printf("  smtp: not set (notices stay queued)\n")
	} else {
		e.printf("  smtp: %s:%d (%s) from %s\n", c.SMTP.Host, c.SMTP.Port, c.SMTP.TLS, c.SMTP.From)
	}
	return nil
}
