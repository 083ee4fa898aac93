package notify

import (
	"context"
	"sync"
	"time"
)

// Clock is the sender's time: the real one in production, a ManualClock
// in tests and in the demo, so reminders and retries are tested by moving
// the time rather than by waiting.
type Clock interface {
	Now() time.Time
	// Sleep waits d (or until ctx ends).
	Sleep(ctx context.Context, d time.Duration) error
	// Until delivers once the clock shows t or later (at once if it does).
	// An absolute time, so that a clock moved between reading it and
	// waiting cannot be missed.
	Until(t time.Time) <-chan time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

var _ Clock = SystemClock{}

func (SystemClock) Now() time.Time                     { return time.Now() }
func (SystemClock) Until(t time.Time) <-chan time.Time { return time.After(time.Until(t)) }
func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ManualClock is a clock that moves only when told: Set and Advance move
// it (firing the Until channels that fall due), and Sleep advances it by
// the time slept, at once. Safe for concurrent use.
type ManualClock struct {
	mu      sync.Mutex
	now     time.Time
	slept   time.Duration
	waiters []waiter
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

var _ Clock = (*ManualClock)(nil)

// NewManualClock returns a clock showing now.
func NewManualClock(now time.Time) *ManualClock { return &ManualClock{now: now} }

func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t (forwards or backwards).
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	c.fire()
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.fire()
}

// Slept is the total time Sleep has advanced the clock by.
func (c *ManualClock) Slept() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept
}

func (c *ManualClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
		c.slept += d
		c.fire()
	}
	return nil
}

func (c *ManualClock) Until(t time.Time) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waiters = append(c.waiters, waiter{at: t, ch: ch})
	c.fire()
	return ch
}

// fire delivers to the waiters that are due; c.mu is held.
func (c *ManualClock) fire() {
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
			continue
		}
		kept = append(kept, w)
	}
	c.waiters = kept
}
