package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// stopSignal is the cause of a command's context when SIGINT (Ctrl-C) or
// SIGTERM asked it to stop.
type stopSignal struct{ sig os.Signal }

func (s stopSignal) Error() string {
	if s.sig == os.Interrupt {
		return "stopped by Ctrl-C (SIGINT)"
	}
	return "stopped by SIGTERM"
}

// exitCode follows the shells' convention: 128 + the signal's number
// (130 for SIGINT, 143 for SIGTERM).
func (s stopSignal) exitCode() int {
	if n, ok := s.sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 1
}

// signalContext is cancelled, with a stopSignal as its cause, by the first
// SIGINT or SIGTERM. Long commands check it in their loops and stop,
// removing what they had half written; a second signal ends the process at
// once (the default action comes back after the first).
func signalContext(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-ch:
			cancel(stopSignal{s})
			signal.Stop(ch)
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}
