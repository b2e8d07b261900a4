package main

import (
	"context"
	"strings"
	"testing"
)

// TestAgentRefusesWeakCode: a code of one's own that is short or has
// look-alike characters stops the agent before it listens, with a message
// that says what is wrong and what to do.
func TestAgentRefusesWeakCode(t *testing.T) {
	for _, tt := range []struct{ code, want string }{
		{"K7PM-4XQ", "needs at least 8"},
		{"BOOK-KEEP-22", "easily mistaken"},
		{"ABCD_EFGH", "is not one of"},
	} {
		err := runAgent(context.Background(), []string{"--code", tt.code, "--config", t.TempDir(), "--no-advertise", "--listen", "127.0.0.1", "--port", "0"})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "leave --code out") {
			t.Errorf("--code %s: %v, want a message saying %q", tt.code, err, tt.want)
		}
	}
}
