package main

import (
	"context"
	"testing"
	"time"
)

// After a signal, a window that never closes still ends the process: the
// register is closed first, then the exit comes with status 0.
func TestQuitWatchdogClosesThenExits(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var order []string
	exited := make(chan int, 1)
	go quitWatchdog(ctx, 10*time.Millisecond, func() { order = append(order, "cleanup") }, func(code int) {
		order = append(order, "exit")
		exited <- code
	})
	select {
	case <-exited:
		t.Fatal("exited before any signal")
	case <-time.After(50 * time.Millisecond):
	}
	cancel() // the signal
	if code := <-exited; code != 0 || len(order) != 2 || order[0] != "cleanup" {
		t.Errorf("exit %d, steps %v: want the cleanup, then exit 0", code, order)
	}
}
