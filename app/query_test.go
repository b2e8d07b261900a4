package app

import (
	"context"
	"testing"
	"time"
)

// slowQuery is a query that runs until the test releases it with a
// result; it hands the test its context once started.
type slowQuery struct {
	started chan context.Context
	release chan string
}

func newSlowQuery() *slowQuery {
	return &slowQuery{started: make(chan context.Context, 1), release: make(chan string, 1)}
}

func (q *slowQuery) work(ctx context.Context) (string, error) {
	q.started <- ctx
	return <-q.release, nil
}

// A result arriving after a newer run's is dropped, and so is one that
// arrives before it: only the newest run's result is applied.
func TestLatestAppliesOnlyTheNewestResult(t *testing.T) {
	for _, olderFirst := range []bool{false, true} {
		u := newBareUI(t)
		var l latest[string]
		var shown []string
		apply := func(v string, err error) {
			if err != nil {
				t.Errorf("error %v", err)
			}
			shown = append(shown, v)
		}
		old, cur := newSlowQuery(), newSlowQuery()
		l.run(u, old.work, apply)
		<-old.started
		l.run(u, cur.work, apply)
		<-cur.started
		// The first result to arrive is handed back alone, then the other.
		if olderFirst {
			old.release <- "old"
			(<-u.handBack)()
			if len(shown) != 0 {
				t.Errorf("a replaced run's result showed: %q", shown)
			}
			cur.release <- "new"
		} else {
			cur.release <- "new"
			(<-u.handBack)()
			old.release <- "old"
		}
		u.wait()
		if len(shown) != 1 || shown[0] != "new" {
			t.Errorf("older result first %v: shown %q, want only the newer one", olderFirst, shown)
		}
	}
}

// A newer run cancels the context of the one before it (the store stops
// working on a search nobody waits for); drop cancels the run in flight
// and its result never shows.
func TestLatestCancelsTheRunBefore(t *testing.T) {
	u := newBareUI(t)
	var l latest[string]
	applied := 0
	apply := func(string, error) { applied++ }
	first, second := newSlowQuery(), newSlowQuery()
	l.run(u, first.work, apply)
	ctx1 := <-first.started
	if ctx1.Err() != nil {
		t.Fatal("a fresh run's context is already done")
	}
	l.run(u, second.work, apply)
	ctx2 := <-second.started
	if ctx1.Err() != context.Canceled {
		t.Errorf("the replaced run's context: %v, want cancelled", ctx1.Err())
	}
	if ctx2.Err() != nil {
		t.Errorf("the newest run's context is done: %v", ctx2.Err())
	}
	l.drop(u)
	if ctx2.Err() != context.Canceled {
		t.Errorf("after drop the run's context: %v, want cancelled", ctx2.Err())
	}
	first.release <- "1"
	second.release <- "2"
	u.wait()
	if applied != 0 {
		t.Errorf("%d results applied after drop, want none", applied)
	}
}

// follow belongs to the newest run: it uses that run's context and its
// result is dropped once a newer run has started.
func TestLatestFollowUpsBelongToTheirRun(t *testing.T) {
	u := newBareUI(t)
	var l latest[string]
	l.run(u, func(context.Context) (string, error) { return "page 1", nil }, func(string, error) {})
	u.wait()
	more := newSlowQuery()
	var got []string
	follow(u, &l, more.work, func(v string, _ error) { got = append(got, v) })
	ctx := <-more.started
	l.run(u, func(context.Context) (string, error) { return "other", nil }, func(string, error) {})
	if ctx.Err() != context.Canceled {
		t.Errorf("a follow-up of a replaced run: context %v, want cancelled", ctx.Err())
	}
	more.release <- "page 2"
	u.wait()
	if len(got) != 0 {
		t.Errorf("a replaced run's follow-up applied %q", got)
	}

	// While its run is the newest, the follow-up lands.
	more = newSlowQuery()
	follow(u, &l, more.work, func(v string, _ error) { got = append(got, v) })
	<-more.started
	more.release <- "page 2"
	u.wait()
	if len(got) != 1 || got[0] != "page 2" {
		t.Errorf("follow-up applied %q, want page 2", got)
	}
}

// fakeClock is later's clock in tests: timers fire when the test says.
type fakeClock struct{ timers []*fakeTimer }

type fakeTimer struct {
	d             time.Duration
	f             func()
	fired, halted bool
}

func (c *fakeClock) after(d time.Duration, f func()) func() bool {
	tm := &fakeTimer{d: d, f: f}
	c.timers = append(c.timers, tm)
	return func() bool {
		if tm.fired || tm.halted {
			return false
		}
		tm.halted = true
		return true
	}
}

func (tm *fakeTimer) fire() {
	if !tm.fired && !tm.halted {
		tm.fired = true
		tm.f()
	}
}

// live are the timers neither fired nor stopped.
func (c *fakeClock) live() []*fakeTimer {
	var out []*fakeTimer
	for _, tm := range c.timers {
		if !tm.fired && !tm.halted {
			out = append(out, tm)
		}
	}
	return out
}

// A burst of calls to later starts once, with the last call's start, after
// the delay; stopLater forgets it; and UI.wait waits for a start.
func TestLatestDebounceCoalescesBursts(t *testing.T) {
	u := newBareUI(t)
	clock := &fakeClock{}
	l := latest[string]{after: clock.after}
	var started []string
	for _, text := range []string{"d", "de", "del", "dell"} {
		l.later(u, searchDelay, func() { started = append(started, text) })
	}
	live := clock.live()
	if len(live) != 1 || len(clock.timers) != 4 || live[0].d != searchDelay {
		t.Fatalf("%d timers set, %d live; want 4 set and only the last live, of %v", len(clock.timers), len(live), searchDelay)
	}
	if n := u.pending.Load(); n != 1 {
		t.Errorf("pending %d while a start waits, want 1", n)
	}
	if len(started) != 0 {
		t.Fatalf("started %q before the delay", started)
	}
	live[0].fire()
	u.wait()
	if len(started) != 1 || started[0] != "dell" {
		t.Errorf("started %q, want only the last call's", started)
	}

	// A timer that fired but whose start had not run yet when a newer
	// call came (the UI goroutine was busy) does not start.
	started = nil
	l.later(u, searchDelay, func() { started = append(started, "late") })
	clock.live()[0].fire() // hand-back queued, not yet run
	l.later(u, searchDelay, func() { started = append(started, "newest") })
	clock.live()[0].fire()
	u.wait()
	if len(started) != 1 || started[0] != "newest" {
		t.Errorf("started %q, want only the newest", started)
	}

	// stopLater (Enter) forgets the waiting start and what UI.wait counts.
	started = nil
	l.later(u, searchDelay, func() { started = append(started, "typed") })
	l.stopLater(u)
	if n := u.pending.Load(); n != 0 || len(clock.live()) != 0 {
		t.Errorf("after stopLater: pending %d, %d live timers", n, len(clock.live()))
	}
	u.wait()
	if len(started) != 0 {
		t.Errorf("a stopped start ran: %q", started)
	}

	// A run meanwhile does not forget what is typed: the start still comes.
	l.later(u, searchDelay, func() { started = append(started, "typed") })
	l.run(u, func(context.Context) (string, error) { return "", nil }, func(string, error) {})
	clock.live()[0].fire()
	u.wait()
	if len(started) != 1 {
		t.Errorf("a run dropped the typing waiting to be searched: %q", started)
	}
}
