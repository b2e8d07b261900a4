package inventory

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testAgent runs an agent on a loopback port until the test ends.
type testAgent struct {
	*Agent
	addr     string
	collects *atomic.Int32
	logs     *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startAgent(t *testing.T, dir string, opts AgentOptions) *testAgent {
	t.Helper()
	var n atomic.Int32
	logs := &syncBuffer{}
	opts.ConfigDir = dir
	opts.Logger = slog.New(slog.NewTextHandler(logs, nil))
	if opts.Collect == nil {
		opts.Collect = func(context.Context) (*Report, error) {
			n.Add(1)
			return sampleReport(), nil
		}
	}
	a, err := NewAgent(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return &testAgent{Agent: a, addr: ln.Addr().String(), collects: &n, logs: logs}
}

func TestAgentEndToEnd(t *testing.T) {
	dir := t.TempDir()
	ag := startAgent(t, dir, AgentOptions{Version: "9.9", Hostname: "pc-042", Backoff: 300 * time.Millisecond, MaxBackoff: time.Second})
	ctx := context.Background()

	// Wrong code: refused, and the certificate is still seen (TOFU).
	_, fp, err := FetchFromAgent(ctx, ag.addr, "WRONG-CODE", "")
	if !errors.Is(err, ErrWrongCode) {
		t.Fatalf("wrong code: err = %v, want ErrWrongCode", err)
	}
	if fp != ag.Fingerprint() {
		t.Errorf("fingerprint seen %q, agent has %q", fp, ag.Fingerprint())
	}
	// Slowed: straight after a wrong code even the right one must wait.
	if _, _, err := FetchFromAgent(ctx, ag.addr, ag.Code(), ""); !errors.Is(err, ErrTooManyAttempts) {
		t.Fatalf("right code during backoff: err = %v, want ErrTooManyAttempts", err)
	}
	time.Sleep(350 * time.Millisecond)

	// Right code (typed in lower case with a space): the report.
	typed := strings.ToLower(strings.Replace(ag.Code(), "-", " ", 1))
	rep, fp, err := FetchFromAgent(ctx, ag.addr, typed, "")
	if err != nil {
		t.Fatalf("right code: %v", err)
	}
	if !reflect.DeepEqual(rep, sampleReport()) {
		t.Errorf("report differs from the agent's:\n%+v", rep)
	}
	if fp != ag.Fingerprint() || len(fp) != 64 {
		t.Errorf("fingerprint %q, agent %q", fp, ag.Fingerprint())
	}

	// Pinned, in the colon-separated upper-case form people paste.
	if _, _, err := FetchFromAgent(ctx, ag.addr, ag.Code(), colonHex(fp)); err != nil {
		t.Fatalf("pinned right fingerprint: %v", err)
	}

	// Pinned to another certificate: refused before any request is made.
	before := strings.Count(ag.logs.String(), "msg=")
	other := strings.Repeat("ab", 32)
	_, seen, err := FetchFromAgent(ctx, ag.addr, ag.Code(), other)
	if !errors.Is(err, ErrFingerprintMismatch) {
		t.Fatalf("pinned wrong fingerprint: err = %v, want ErrFingerprintMismatch", err)
	}
	if seen != fp {
		t.Errorf("mismatch reports fingerprint %q, want the agent's %q", seen, fp)
	}
	time.Sleep(50 * time.Millisecond)
	if after := strings.Count(ag.logs.String(), "msg="); after != before {
		t.Errorf("the agent handled a request from a client that refused its certificate:\n%s", ag.logs.String())
	}

	// Reports are cached, not collected per request.
	if n := ag.collects.Load(); n != 1 {
		t.Errorf("collected %d times for 2 served reports, want 1 (cache)", n)
	}
	// The code never reaches the log.
	if logs := ag.logs.String(); strings.Contains(logs, ag.Code()) || strings.Contains(logs, NormalizeCode(ag.Code())) {
		t.Errorf("pairing code in the log:\n%s", logs)
	}
	if !strings.Contains(ag.logs.String(), "report served") || !strings.Contains(ag.logs.String(), "wrong or missing pairing code") {
		t.Errorf("log lacks request lines:\n%s", ag.logs.String())
	}
}

func colonHex(h string) string {
	var parts []string
	for i := 0; i < len(h); i += 2 {
		parts = append(parts, strings.ToUpper(h[i:i+2]))
	}
	return strings.Join(parts, ":")
}

func TestAgentHTTP(t *testing.T) {
	ag := startAgent(t, t.TempDir(), AgentOptions{Code: "TEST-CDE-2345", Backoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	do := func(method, path, auth string) *http.Response {
		t.Helper()
		time.Sleep(5 * time.Millisecond) // past any backoff from the previous case
		req, _ := http.NewRequest(method, "https://"+ag.addr+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	tests := []struct {
		method, path, auth string
		status             int
	}{
		{"GET", ReportPath, "", http.StatusUnauthorized},
		{"GET", ReportPath, "Bearer TEST-CDE-2345", http.StatusUnauthorized},
		{"GET", ReportPath, "Steward-Code TEST-CDE-2346", http.StatusUnauthorized},
		{"GET", "/", "Steward-Code TEST-CDE-2345", http.StatusNotFound},
		{"GET", "/etc/passwd", "", http.StatusUnauthorized}, // no hint of what exists without the code
		{"POST", ReportPath, "Steward-Code TEST-CDE-2345", http.StatusMethodNotAllowed},
		{"DELETE", ReportPath, "Steward-Code TEST-CDE-2345", http.StatusMethodNotAllowed},
		{"HEAD", ReportPath, "Steward-Code test-cde-2345", http.StatusOK},
		{"GET", ReportPath, "Steward-Code TEST-CDE-2345", http.StatusOK},
	}
	for _, tt := range tests {
		if resp := do(tt.method, tt.path, tt.auth); resp.StatusCode != tt.status {
			t.Errorf("%s %s [%s] = %d, want %d", tt.method, tt.path, tt.auth, resp.StatusCode, tt.status)
		}
	}

	// TLS 1.1 is refused.
	old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true, MaxVersion: tls.VersionTLS11}}}
	if _, err := old.Get("https://" + ag.addr + ReportPath); err == nil {
		t.Error("a TLS 1.1 client was served")
	}
}

func TestAgentBackoffGrows(t *testing.T) {
	l := newFailLimiter(time.Second, 8*time.Second)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const c = "192.0.2.1"
	var waits []time.Duration
	for i := 0; i < 6; i++ {
		// Each wrong code is tried once its wait is over.
		if v := l.attempt(c, true, false, now); v.wait != 0 {
			t.Fatalf("attempt %d refused (wait %v) although the wait was over", i, v.wait)
		}
		v := l.attempt(c, true, true, now) // even the right code waits
		waits = append(waits, v.wait)
		now = now.Add(v.wait)
	}
	want := []time.Duration{1, 2, 4, 8, 8, 8}
	for i := range want {
		if waits[i] != want[i]*time.Second {
			t.Fatalf("waits %v, want %v s", waits, want)
		}
	}
	if v := l.attempt("192.0.2.2", true, false, now); v.wait != 0 {
		t.Errorf("another client waits %v", v.wait)
	}
	if v := l.attempt(c, true, true, now); v.wait != 0 || v.failures != 0 {
		t.Errorf("right code after the wait: wait %v failures %d", v.wait, v.failures)
	}
	if v := l.attempt(c, true, false, now); v.wait != 0 {
		t.Errorf("after a success the next wrong code was refused for %v", v.wait)
	}
	// An hour of quiet starts over.
	later := now.Add(2 * time.Hour)
	if v := l.attempt(c, true, false, later); v.failures != 1 {
		t.Errorf("after an hour the count is %d, want 1", v.failures)
	}
}

// TestAgentParallelGuessesGetOneTry sends many wrong codes at once: only
// one may be judged, the rest must wait.
func TestAgentParallelGuessesGetOneTry(t *testing.T) {
	ag := startAgent(t, t.TempDir(), AgentOptions{Code: "RGHT-CDE7", Backoff: time.Minute, MaxBackoff: time.Minute})
	var wg sync.WaitGroup
	var unauthorized, tooMany atomic.Int32
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := FetchFromAgent(context.Background(), ag.addr, fmt.Sprintf("GUESS-%04d", i), "")
			switch {
			case errors.Is(err, ErrWrongCode):
				unauthorized.Add(1)
			case errors.Is(err, ErrTooManyAttempts):
				tooMany.Add(1)
			default:
				t.Errorf("guess %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if unauthorized.Load() != 1 || tooMany.Load() != 19 {
		t.Errorf("%d judged wrong, %d told to wait; want 1 and 19", unauthorized.Load(), tooMany.Load())
	}
}

func TestAgentIdentityPersists(t *testing.T) {
	dir := t.TempDir()
	a1, err := NewAgent(AgentOptions{ConfigDir: dir, Hostname: "h"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a1.CodeSource(), "new") || len(NormalizeCode(a1.Code())) != CodeLength {
		t.Errorf("first run: code %q from %q", a1.Code(), a1.CodeSource())
	}
	for _, f := range []string{certFile, keyFile, agentConfigFile} {
		fi, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", f, fi.Mode().Perm())
		}
	}
	a2, err := NewAgent(AgentOptions{ConfigDir: dir, Hostname: "h"})
	if err != nil {
		t.Fatal(err)
	}
	if a2.Fingerprint() != a1.Fingerprint() || a2.Code() != a1.Code() {
		t.Error("second start changed the certificate or the code")
	}
	if !strings.Contains(a2.CodeSource(), agentConfigFile) {
		t.Errorf("code source %q", a2.CodeSource())
	}
	a3, err := NewAgent(AgentOptions{ConfigDir: dir, Hostname: "h", Code: "MY-WN-CDE-42"})
	if err != nil {
		t.Fatal(err)
	}
	if a3.Code() != "MY-WN-CDE-42" || a3.Fingerprint() != a1.Fingerprint() {
		t.Errorf("--code: code %q", a3.Code())
	}
	if _, err := NewAgent(AgentOptions{ConfigDir: dir, Code: "abc"}); err == nil {
		t.Error("a 3-letter code was accepted")
	}
	txt := a1.TXT()
	if len(txt) != 3 || txt[1] != "fp="+a1.Fingerprint() || txt[2] != "id=h" {
		t.Errorf("TXT %q", txt)
	}

	// A damaged key is not silently replaced (clients have pinned it).
	if err := os.WriteFile(filepath.Join(dir, keyFile), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewAgent(AgentOptions{ConfigDir: dir}); err == nil || !strings.Contains(err.Error(), "remove") {
		t.Errorf("damaged key: err = %v", err)
	}
}

func TestNormalizeFingerprint(t *testing.T) {
	h := strings.Repeat("0a", 32)
	for _, in := range []string{h, strings.ToUpper(h), colonHex(h), "sha256:" + h, " " + h + " "} {
		if got, err := NormalizeFingerprint(in); err != nil || got != h {
			t.Errorf("NormalizeFingerprint(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "abc", strings.Repeat("zz", 32), strings.Repeat("0a", 31)} {
		if _, err := NormalizeFingerprint(bad); err == nil {
			t.Errorf("NormalizeFingerprint(%q) accepted", bad)
		}
	}
}

func TestFetchFromAgentErrors(t *testing.T) {
	ctx := context.Background()
	if _, _, err := FetchFromAgent(ctx, "127.0.0.1:1", "", ""); err == nil || !strings.Contains(err.Error(), "pairing code") {
		t.Errorf("no code: %v", err)
	}
	if _, _, err := FetchFromAgent(ctx, "127.0.0.1:1", "ABCDEFGH", "nothex"); err == nil || !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("bad pin: %v", err)
	}
	// Nothing listening.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	if _, _, err := FetchFromAgent(ctx, addr, "ABCDEFGH", ""); err == nil || !strings.Contains(err.Error(), "contacting agent") {
		t.Errorf("closed port: %v", err)
	}
	// A server that is not an agent (plain HTTP).
	srv := &http.Server{Handler: http.NotFoundHandler()}
	ln2, _ := net.Listen("tcp", "127.0.0.1:0")
	go srv.Serve(ln2)
	defer srv.Close()
	if _, _, err := FetchFromAgent(ctx, ln2.Addr().String(), "ABCDEFGH", ""); err == nil {
		t.Error("plain HTTP server accepted as an agent")
	}
}
