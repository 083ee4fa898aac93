package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"zapisy/storage"
	"zapisy/web"
)

func TestHealthReadyMetrics(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		signUp(t, db, "m2", "A", "a@ngo.example", "", 2)
		signUp(t, db, "m2", "B", "b@ngo.example", "", 1) // waitlisted
		storeReview(t, db, 1, reviewMail)
		d := newDesk(t, db, web.Options{})

		wantCode(t, d.get("/healthz"), 200)
		wantCode(t, d.get("/readyz"), 200)
		r := d.get("/metrics")
		wantCode(t, r, 200)
		wantBody(t, r,
			`zapisy_registrations{status="registered"} 1`,
			`zapisy_registrations{status="waitlisted"} 1`,
			`zapisy_registrations{status="withdrawn"} 0`,
			"zapisy_review_queue_length 1",
			`zapisy_outbox_notices{status="queued"} 3`, // confirmation, its reminder, waiting-list notice,
			`zapisy_outbox_notices{status="failed"} 0`,
			"zapisy_database_up 1",
			"go_goroutines")
		wantNotBody(t, r, "a@ngo.example")

		db.Close()
		wantCode(t, d.get("/healthz"), 200)
		r = d.get("/readyz")
		wantCode(t, r, 503)
		r = d.get("/metrics")
		wantBody(t, r, "zapisy_database_up 0")
	})
}

func TestServeShutsDownWhenContextEnds(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		_, _ = io.WriteString(w, "done")
	})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- web.ServeListener(ctx, ln, h) }()

	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- string(b)
	}()
	<-started
	cancel() // shutdown begins while a request is in flight…
	close(release)
	if body := <-got; body != "done" { // …which still completes
		t.Errorf("request in flight got %q", body)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
		t.Error("still serving after shutdown")
	}

	// A port in use is an error at once.
	busy, _ := net.Listen("tcp", "127.0.0.1:0")
	defer busy.Close()
	err = web.Serve(context.Background(), busy.Addr().String(), h)
	if err == nil || !strings.Contains(err.Error(), "listen") {
		t.Errorf("Serve on a busy port: %v", err)
	}
}
