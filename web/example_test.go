package web_test

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"zapisy/storage"
	"zapisy/web"
)

// The wiring `zapisy serve` needs: the desk on the configured address,
// stopped gracefully with the daemon.
func Example() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := storage.Open(ctx, "", os.TempDir())
	if err != nil {
		return
	}
	defer db.Close()
	h, err := web.New(db, web.Options{
		Logger:        slog.Default(),
		Clock:         time.Now,
		StaffPassword: os.Getenv("ZAPISY_WEB_STAFF_PASSWORD"), // any name + this password
		PublicBaseURL: "https://zapisy.bis-krakow.pl",
	})
	if err != nil {
		return
	}
	_ = web.Serve(ctx, "127.0.0.1:8080", h)
}
