package inventory

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fromAddr is an HTTPS client whose connections leave from the loopback
// address ip (any of 127.0.0.0/8), as a guesser with many addresses would.
func fromAddr(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{
		DialContext:       d.DialContext,
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: true},
		DisableKeepAlives: true,
	}}
}

func getWithCode(t *testing.T, c *http.Client, addr, code string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", "https://"+addr+ReportPath, nil)
	req.Header.Set("Authorization", AuthScheme+" "+code)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// manualClock is a clock tests move by hand.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestAgentGlobalGuessLimit: wrong codes from 100 loopback addresses (one
// each, so no per-address wait applies). Only globalSlowAfter are judged
// within the minute; after that one code per globalSpacing, whoever sends
// it; after globalLockAfter the agent judges none, the right one included,
// until restarted, and logs why.
func TestAgentGlobalGuessLimit(t *testing.T) {
	ag := startAgent(t, t.TempDir(), AgentOptions{Code: "K7PM-4XQD", Backoff: time.Minute, MaxBackoff: time.Hour})
	clock := &manualClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	ag.now = clock.now
	judged, delayed := 0, 0
	for i := 0; i < 100; i++ {
		resp := getWithCode(t, fromAddr(fmt.Sprintf("127.0.0.%d", 2+i)), ag.addr, fmt.Sprintf("WRNG-%04d", i))
		switch resp.StatusCode {
		case http.StatusUnauthorized:
			judged++
		case http.StatusTooManyRequests:
			delayed++
			if resp.Header.Get("Retry-After") == "" {
				t.Errorf("guess %d delayed without Retry-After", i)
			}
		default:
			t.Fatalf("guess %d: status %d", i, resp.StatusCode)
		}
	}
	if judged != globalSlowAfter || delayed != 100-globalSlowAfter {
		t.Fatalf("of 100 wrong codes from 100 addresses, %d were judged and %d delayed; want %d and %d", judged, delayed, globalSlowAfter, 100-globalSlowAfter)
	}
	// While slow, the right code waits its turn too, then is served.
	if resp := getWithCode(t, fromAddr("127.0.1.1"), ag.addr, "K7PM-4XQD"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right code during the slow-down: %d, want 429", resp.StatusCode)
	}
	clock.add(globalSpacing)
	if resp := getWithCode(t, fromAddr("127.0.1.1"), ag.addr, "K7PM-4XQD"); resp.StatusCode != http.StatusOK {
		t.Errorf("right code on its turn: %d, want 200", resp.StatusCode)
	}
	// One wrong code judged per spacing until the lock.
	for n := globalSlowAfter; n < globalLockAfter; n++ {
		clock.add(globalSpacing)
		if resp := getWithCode(t, fromAddr(fmt.Sprintf("127.0.2.%d", n)), ag.addr, "WRNG-AAAA"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong code %d on its turn: %d, want 401", n+1, resp.StatusCode)
		}
		want := http.StatusTooManyRequests
		if n == globalLockAfter-1 {
			want = http.StatusServiceUnavailable
		}
		other := fromAddr(fmt.Sprintf("127.0.4.%d", n))
		if resp := getWithCode(t, other, ag.addr, "WRNG-BBBB"); resp.StatusCode != want {
			t.Fatalf("another address in the same turn after %d wrong codes: %d, want %d", n+1, resp.StatusCode, want)
		}
	}
	clock.add(time.Hour)
	if resp := getWithCode(t, fromAddr("127.0.3.1"), ag.addr, "K7PM-4XQD"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("right code after %d wrong ones: %d, want 503 until restart", globalLockAfter, resp.StatusCode)
	}
	if _, _, err := FetchFromAgent(context.Background(), ag.addr, "K7PM-4XQD", ""); !errors.Is(err, ErrPairingLocked) {
		t.Errorf("client after the lock: %v, want ErrPairingLocked", err)
	}
	if !strings.Contains(ag.logs.String(), "pairing locked") {
		t.Errorf("the lock is not logged:\n%s", ag.logs.String())
	}
	// A restart (a new agent on the same config) accepts codes again.
	restarted := startAgent(t, ag.opts.ConfigDir, AgentOptions{Code: "K7PM-4XQD"})
	if resp := getWithCode(t, fromAddr("127.0.3.1"), restarted.addr, "K7PM-4XQD"); resp.StatusCode != http.StatusOK {
		t.Errorf("after a restart: %d, want 200", resp.StatusCode)
	}
}

// TestFailLimiterClientTableBounded: the per-client table stays within
// maxTrackedClients even when every client is still waiting.
func TestFailLimiterClientTableBounded(t *testing.T) {
	l := newFailLimiter(time.Hour, time.Hour)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < maxTrackedClients+5000; i++ {
		// Requests without a code: tracked per client, not counted
		// towards the global limits.
		l.attempt(fmt.Sprintf("fd00::%x", i), false, false, now)
		now = now.Add(time.Millisecond)
	}
	if n := len(l.clients); n > maxTrackedClients {
		t.Errorf("%d clients tracked, bound %d", n, maxTrackedClients)
	}
	if v := l.attempt(fmt.Sprintf("fd00::%x", maxTrackedClients+4999), false, false, now); v.wait == 0 {
		t.Error("the latest client's wait was dropped")
	}
}

func TestValidateCode(t *testing.T) {
	for _, tt := range []struct {
		code, err string // err: part of the message, "" for accepted
	}{
		{"K7PM-4XQD", ""},
		{"k7pm 4xqd", ""},
		{"ABCDEFGHJKLMNPQRSTUVWXYZ23456789", ""},
		{"K7PM-4XQ", "7 letters or digits; it needs at least 8"},
		{"ABC", "needs at least 8"},
		{"TEST-C0DE-22", `character 6 ('0') is easily mistaken`},
		{"SITE-VISIT-42", `character 2 ('I') is easily mistaken`},
		{"HOME-ABCD", `character 2 ('O')`},
		{"ABCD-EFG1", `character 8 ('1')`},
		{"ABCD!EFGH", "character 5 is not one of"},
		{"ÄBCDEFGHJ", "character 1 is not one of"},
		{strings.Repeat("A", 129), "longer than 128"},
	} {
		err := validateCode(tt.code)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%q refused: %v", tt.code, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%q: error %v, want one saying %q", tt.code, err, tt.err)
		case err != nil && strings.Contains(err.Error(), NormalizeCode(tt.code)):
			t.Errorf("%q: the message repeats the code: %v", tt.code, err)
		}
	}
	for i := 0; i < 1000; i++ {
		c, err := NewPairingCode()
		if err != nil {
			t.Fatal(err)
		}
		if err := validateCode(c); err != nil {
			t.Fatalf("generated code %q refused: %v", c, err)
		}
	}
}

// TestAgentRefusesWeakSavedCode: a short or ambiguous code in agent.json
// (an older agent accepted 6 characters) stops the start with a message
// that names the file and says what to do.
func TestAgentRefusesWeakSavedCode(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, agentConfigFile), []byte(`{"code": "ABC-123"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := NewAgent(AgentOptions{ConfigDir: dir, Hostname: "h", Collect: func(context.Context) (*Report, error) { return nil, nil }})
	if err == nil || !strings.Contains(err.Error(), agentConfigFile) || !strings.Contains(err.Error(), "easily mistaken") {
		t.Errorf("weak saved code: err = %v", err)
	}
	if _, err := NewAgent(AgentOptions{ConfigDir: dir, Hostname: "h", Code: "SHRT"}); err == nil || !strings.Contains(err.Error(), "at least 8") {
		t.Errorf("--code SHRT: err = %v", err)
	}
}
