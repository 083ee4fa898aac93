package web

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"zapisy/storage"
)

// Bounds of the database checks behind /readyz and /metrics.
const (
	readyTimeout   = 2 * time.Second
	collectTimeout = 5 * time.Second
)

// healthz says the process is up; it touches nothing.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz says the database answers.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.db.X.PingContext(ctx); err != nil {
		s.log.Warn("web: database not reachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database not reachable\n"))
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

// metricsHandler serves the process' metrics and gauges read from the
// ledger at scrape time, from a registry of its own (no global state).
func (s *server) metricsHandler() (http.Handler, error) {
	reg := prometheus.NewRegistry()
	for _, c := range []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&ledgerCollector{db: s.db},
	} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorLog: slogPrinter{s}, ErrorHandling: promhttp.ContinueOnError}), nil
}

type slogPrinter struct{ s *server }

func (p slogPrinter) Println(v ...any) { p.s.log.Error("web: metrics", "err", v) }

var (
	descRegistrations = prometheus.NewDesc("zapisy_registrations", "Registrations by status.", []string{"status"}, nil)
	descReview        = prometheus.NewDesc("zapisy_review_queue_length", "Messages waiting for staff review.", nil, nil)
	descOutbox        = prometheus.NewDesc("zapisy_outbox_notices", "Notices in the outbox by status.", []string{"status"}, nil)
	descUp            = prometheus.NewDesc("zapisy_database_up", "Whether the ledger could be read at this scrape.", nil, nil)
)

// ledgerCollector counts from the database on each scrape, so the numbers
// are right whichever process (daemon, CLI, another replica) made them.
type ledgerCollector struct{ db *storage.DB }

func (c *ledgerCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descRegistrations
	ch <- descReview
	ch <- descOutbox
	ch <- descUp
}

func (c *ledgerCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), collectTimeout)
	defer cancel()
	up := 1.0
	defer func() { ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, up) }()

	n, err := c.db.Count(ctx)
	if err != nil {
		up = 0
		return
	}
	for _, st := range []string{storage.StatusRegistered, storage.StatusWaitlisted,
		storage.StatusWithdrawn, storage.StatusPending, storage.StatusExpired} {
		ch <- prometheus.MustNewConstMetric(descRegistrations, prometheus.GaugeValue, float64(n.Registrations[st]), st)
	}
	ch <- prometheus.MustNewConstMetric(descReview, prometheus.GaugeValue, float64(n.ReviewOpen))
	for _, st := range []string{storage.NoticeQueued, storage.NoticeSending, storage.NoticeSent,
		storage.NoticeFailed, storage.NoticeUncertain, storage.NoticeSkipped} {
		ch <- prometheus.MustNewConstMetric(descOutbox, prometheus.GaugeValue, float64(n.Notices[st]), st)
	}
}
