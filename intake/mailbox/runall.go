package mailbox

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"zapisy/storage"
)

// RunAll works every mailbox in cfgs, each with its own Watcher (its own
// connection, checkpoint and lease), until ctx ends. It checks all the
// configurations first (names must be unique) and starts nothing if one is
// wrong; it returns once every watcher has stopped.
func RunAll(ctx context.Context, db *storage.DB, cfgs []Config, decide Decider, log *slog.Logger, opts ...Option) error {
	if err := validateAll(cfgs); err != nil {
		return err
	}
	var ws []*Watcher
	for _, c := range cfgs {
		w, err := New(db, c, decide, log, opts...)
		if err != nil {
			return err
		}
		ws = append(ws, w)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(ws))
	for i, w := range ws {
		wg.Go(func() { errs[i] = w.Run(ctx) })
	}
	wg.Wait()
	return errors.Join(errs...)
}
