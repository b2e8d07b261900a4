package app

import (
	"context"
	"time"
)

// latest runs a screen's list query off the UI goroutine so that only the
// newest answer is shown: each run cancels the context of the run before it
// and drops that run's result (or error) should it still arrive. later
// waits for typing to pause, so that a burst of keystrokes starts one
// query. Every search-as-you-type list and picker loads through one.
//
// The zero value is ready to use. Call it from the UI goroutine only;
// apply, and start given to later, run there too (through UI.do, so tests
// drive them with UI.wait).
type latest[T any] struct {
	seq     uint64             // bumped by every run and drop; a result of an older one is dropped
	ctx     context.Context    // the newest run's context, for its follow-ups; nil after drop
	cancel  context.CancelFunc // cancels ctx
	stop    func() bool        // stops the clock of the start later is waiting to call; nil when none waits
	waiting uint64             // bumped by every later and stopLater; an older start is not called
	// after is later's clock: it calls f once d has passed, unless stop
	// is called first and reports true. Nil means time.AfterFunc; tests
	// set a fake one.
	after func(d time.Duration, f func()) (stop func() bool)
}

// run starts work now, with a context that the next run (or drop)
// cancels, and hands its result to apply on the UI goroutine unless a
// newer run or a drop has come since. A start that later is waiting to
// call still comes: typing not yet searched for is not lost when a filter
// changes meanwhile.
func (l *latest[T]) run(u *UI, work func(ctx context.Context) (T, error), apply func(T, error)) {
	l.forget()
	ctx, cancel := context.WithCancel(u.ctx)
	l.ctx, l.cancel = ctx, cancel
	seq := l.seq
	backgroundCtx(u, ctx, work, func(v T, err error) {
		if seq == l.seq {
			apply(v, err)
		}
	})
}

// later calls start on the UI goroutine once d has passed without another
// call to later: of a burst of calls, only the last one's start runs.
// start usually reads what was typed and calls run.
func (l *latest[T]) later(u *UI, d time.Duration, start func()) {
	l.stopLater(u)
	after := l.after
	if after == nil {
		after = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	}
	u.pending.Add(1) // UI.wait waits for the start too
	l.waiting++
	n := l.waiting
	l.stop = after(d, func() {
		u.do(func() {
			if n != l.waiting {
				return // stopped too late to stop the clock, or a newer call came
			}
			l.stop = nil
			start()
		})
	})
}

// stopLater forgets the start later is waiting to call, if any (Enter
// searches at once).
func (l *latest[T]) stopLater(u *UI) {
	l.waiting++
	if l.stop == nil {
		return
	}
	if l.stop() {
		u.pending.Add(-1) // its hand-back will never come
	}
	l.stop = nil
}

// drop forgets both the start later is waiting to call and the run in
// flight (cancelling its context): nothing shows until the next run.
func (l *latest[T]) drop(u *UI) {
	l.stopLater(u)
	l.forget()
}

// forget cancels the run in flight and makes its result stale.
func (l *latest[T]) forget() {
	l.seq++
	if l.cancel != nil {
		l.cancel()
	}
	l.ctx, l.cancel = nil, nil
}

// follow runs work that belongs to l's newest run (the next page, badges
// of its rows) with that run's context, and hands its result to apply only
// while no newer run or drop has come since.
func follow[U, T any](u *UI, l *latest[T], work func(ctx context.Context) (U, error), apply func(U, error)) {
	seq, ctx := l.seq, l.ctx
	if ctx == nil {
		ctx = u.ctx
	}
	backgroundCtx(u, ctx, work, func(v U, err error) {
		if seq == l.seq {
			apply(v, err)
		}
	})
}
