package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"zapisy/cmd/zapisy/config"
	"zapisy/intake"
	"zapisy/intake/mailbox"
	"zapisy/intake/understand"
	"zapisy/notify"
	"zapisy/storage"
)

// decider reads a message with the meetings as they are in the ledger now;
// the daemon, `zapisy parse` and the tests share understand.Decide.
func decider(db *storage.DB) mailbox.Decider {
	return func(ctx context.Context, raw []byte, now time.Time) (intake.Envelope, intake.Decision, error) {
		meetings, err := db.PlainMeetings(ctx)
		if err != nil {
			return intake.Envelope{}, intake.Decision{}, err
		}
		m := understand.Read(bytes.NewReader(raw))
		return m.Envelope, understand.Decide(m, meetings, now), nil
	}
}

// mailboxConfigs turns the configuration's mailboxes into the watcher's.
func mailboxConfigs(c config.Config) ([]mailbox.Config, error) {
	var out []mailbox.Config
	for i, m := range c.Mailboxes {
		mc := mailbox.Config{
			Name:               m.User + "@" + m.Host + "/" + m.Folder,
			Host:               m.Host,
			Port:               m.Port,
			TLS:                m.TLS,
			InsecureSkipVerify: m.InsecureTLS,
			User:               m.User,
			Password:           m.Password,
			PasswordFile:       m.PasswordFile,
			Folder:             m.Folder,
			PollInterval:       m.PollInterval.Duration,
			Folders:            mailbox.Folders{Processed: m.ProcessedFolder, Review: m.ReviewFolder, Ignored: m.IgnoredFolder},
			FlagOnly:           m.FlagOnly,
			StartOnlyNew:       m.OnlyNew,
			MaxSize:            m.MaxSize,
		}
		if m.PasswordFile != "" {
			mc.Password = "" // the watcher re-reads the file at each connection
		}
		if m.Since != "" {
			t, err := time.ParseInLocation("2006-01-02", m.Since, storage.Warsaw)
			if err != nil {
				return nil, fmt.Errorf("mailbox[%d].since: %w", i, err)
			}
			mc.StartSince = t
		}
		out = append(out, mc)
	}
	return out, nil
}

// senderConfig turns the configuration's SMTP and notify settings into the
// sender's.
func senderConfig(c config.Config) notify.Config {
	return notify.Config{
		SMTPHost:      c.SMTP.Host,
		SMTPPort:      c.SMTP.Port,
		TLS:           c.SMTP.TLS,
		InsecureTLS:   c.SMTP.InsecureTLS,
		SMTPUser:      c.SMTP.User,
		SMTPPassword:  c.SMTP.Password,
		FromAddress:   c.SMTP.From,
		FromName:      c.SMTP.FromName,
		ReplyTo:       c.SMTP.ReplyTo,
		PublicBaseURL: c.Web.PublicURL,
		RatePerSecond: c.Notify.RatePerSecond,
		PerRecipient:  c.Notify.PerRecipientPerHour,
		RetryFor:      c.Notify.RetryFor.Duration,
		Lease:         c.Notify.Lease.Duration,
	}
}

// messageIDDomain is the domain of the foundation's address, for the
// Message-IDs of notices.
func messageIDDomain(from string) string {
	if i := strings.LastIndex(from, "@"); i >= 0 {
		return strings.Trim(from[i+1:], "> ")
	}
	return ""
}
