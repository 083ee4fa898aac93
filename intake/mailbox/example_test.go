package mailbox_test

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"time"

	"zapisy/intake"
	"zapisy/intake/mailbox"
	"zapisy/storage"
)

// Wiring two watched folders into a daemon: one Watcher each, run by
// RunAll until SIGINT. The decider would call the parser
// (intake/understand) with the meetings from the database.
func Example() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	db, err := storage.Open(ctx, "", "/var/lib/zapisy")
	if err != nil {
		log.Error("open database", "err", err)
		return
	}
	defer db.Close()
	decide := func(ctx context.Context, raw []byte, now time.Time) (intake.Envelope, intake.Decision, error) {
		return intake.Envelope{}, intake.Decision{Action: intake.Review, Reason: "do sprawdzenia"}, nil
	}
	inbox := mailbox.Config{
		Name: "zapisy@bis-krakow.pl/INBOX", Host: "imap.bis-krakow.pl", User: "zapisy@bis-krakow.pl",
		PasswordFile: "/run/secrets/imap", StartOnlyNew: true,
	}
	forms := inbox
	forms.Name, forms.Folder = "zapisy@bis-krakow.pl/Formularze", "Formularze"
	if err := mailbox.RunAll(ctx, db, []mailbox.Config{inbox, forms}, decide, log); err != nil {
		log.Error("mailboxes", "err", err)
	}
}
