package inventory

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Agent protocol constants.
const (
	// AgentService is the DNS-SD service type agents advertise.
	AgentService = "_steward._tcp"
	// DefaultAgentPort is where an agent listens unless told otherwise.
	DefaultAgentPort = 8743
	// ReportPath is the one resource an agent serves.
	ReportPath = "/v1/report"
	// AuthScheme prefixes the pairing code in the Authorization header:
	// "Authorization: Steward-Code K7PM-4XQD".
	AuthScheme = "Steward-Code"

	agentConfigFile = "agent.json"
)

// AgentOptions configures NewAgent.
type AgentOptions struct {
	// ConfigDir keeps the certificate, its key and agent.json (the
	// pairing code). Created 0700 if missing.
	ConfigDir string
	// Code overrides the pairing code from the config; when both are
	// empty a random code is made and saved in the config.
	Code string
	// Version is advertised (TXT version=) and written into reports.
	Version string
	// Hostname is advertised (TXT id=) and put in the certificate; empty
	// means os.Hostname.
	Hostname string
	// Collect makes the report served; nil means Collect(ctx, Options{}).
	Collect func(context.Context) (*Report, error)
	// CacheFor keeps a collected report this long (default 30 s) so a
	// burst of requests does not collect again and again.
	CacheFor time.Duration
	// Backoff is the wait imposed on a client after its first wrong code,
	// doubling with each further one up to MaxBackoff (defaults 1 s, 60 s).
	Backoff, MaxBackoff time.Duration
	// Logger receives one line per request (never the code); nil
	// discards.
	Logger *slog.Logger
}

// Agent serves this computer's report over HTTPS to holders of the
// pairing code.
type Agent struct {
	opts        AgentOptions
	code        string
	codeSource  string
	cert        tls.Certificate
	fingerprint string
	hostname    string
	log         *slog.Logger
	limiter     *failLimiter
	now         func() time.Time // the clock (tests move it by hand)

	mu        sync.Mutex
	cached    []byte
	cachedAt  time.Time
	collectMu sync.Mutex
}

type agentConfig struct {
	Code string `json:"code"`
}

// NewAgent loads (or makes, on first run) the agent's certificate and
// pairing code from opts.ConfigDir.
func NewAgent(opts AgentOptions) (*Agent, error) {
	if opts.ConfigDir == "" {
		return nil, errors.New("agent: no config directory")
	}
	if opts.CacheFor == 0 {
		opts.CacheFor = 30 * time.Second
	}
	if opts.Backoff <= 0 {
		opts.Backoff = time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = time.Minute
	}
	if opts.Collect == nil {
		v := opts.Version
		opts.Collect = func(ctx context.Context) (*Report, error) {
			return Collect(ctx, Options{CollectorVersion: v})
		}
	}
	a := &Agent{opts: opts, log: opts.Logger, limiter: newFailLimiter(opts.Backoff, opts.MaxBackoff), now: time.Now}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	a.hostname = opts.Hostname
	if a.hostname == "" {
		a.hostname, _ = os.Hostname()
	}
	if err := os.MkdirAll(opts.ConfigDir, 0o700); err != nil {
		return nil, fmt.Errorf("agent config directory: %w", err)
	}
	code, source, err := resolveCode(opts.ConfigDir, opts.Code)
	if err != nil {
		return nil, err
	}
	a.code, a.codeSource = code, source
	a.cert, err = loadOrCreateCert(opts.ConfigDir, a.hostname)
	if err != nil {
		return nil, err
	}
	a.fingerprint = Fingerprint(a.cert.Certificate[0])
	return a, nil
}

// resolveCode picks the pairing code: the flag, else the config file, else a
// new random one saved to the config file for the next start.
func resolveCode(dir, flagCode string) (code, source string, err error) {
	if flagCode != "" {
		if err := validateCode(flagCode); err != nil {
			return "", "", err
		}
		return flagCode, "command line", nil
	}
	path := filepath.Join(dir, agentConfigFile)
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		var cfg agentConfig
		if err := json.Unmarshal(data, &cfg); err != nil {
			return "", "", fmt.Errorf("%s: %v", path, err)
		}
		if cfg.Code != "" {
			if err := validateCode(cfg.Code); err != nil {
				return "", "", fmt.Errorf("%s: %v", path, err)
			}
			return cfg.Code, path, nil
		}
	case !errors.Is(err, fs.ErrNotExist):
		return "", "", err
	}
	code, err = NewPairingCode()
	if err != nil {
		return "", "", err
	}
	data, _ = json.MarshalIndent(agentConfig{Code: code}, "", "  ")
	if err := writeFile0600(path, append(data, '\n')); err != nil {
		return "", "", err
	}
	return code, "new, saved in " + path, nil
}

// Code is the pairing code clients must send. Show it once, to the person
// starting the agent; never log it.
func (a *Agent) Code() string { return a.code }

// CodeSource says where the code came from (for the start-up line).
func (a *Agent) CodeSource() string { return a.codeSource }

// Fingerprint is the SHA-256 of the agent's certificate (lower-case hex).
func (a *Agent) Fingerprint() string { return a.fingerprint }

// Hostname is the name the agent advertises.
func (a *Agent) Hostname() string { return a.hostname }

// TXT is the DNS-SD TXT record the agent advertises.
func (a *Agent) TXT() []string {
	return []string{"version=" + a.opts.Version, "fp=" + a.fingerprint, "id=" + a.hostname}
}

// TLSConfig is the server side: the agent's certificate, TLS 1.2 or newer.
func (a *Agent) TLSConfig() *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{a.cert}, MinVersion: tls.VersionTLS12}
}

// Serve answers HTTPS requests on ln until ctx is done.
func (a *Agent) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(slog.DiscardHandler, slog.LevelError),
	}
	tln := tls.NewListener(ln, a.TLSConfig())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(tln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
		<-errc
		return nil
	}
}

// ServeHTTP: every request must carry the code; the one resource is the
// report, read-only.
func (a *Agent) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	client := clientIP(r.RemoteAddr)
	w.Header().Set("Cache-Control", "no-store")
	got, hasCode := strings.CutPrefix(r.Header.Get("Authorization"), AuthScheme+" ")
	ok := hasCode && codesEqual(got, a.code)
	// Checking the wait and recording the outcome is one step, so that
	// many requests sent at once still get one guess per wait.
	v := a.limiter.attempt(client, hasCode, ok, a.now())
	switch {
	case v.locked:
		a.log.Warn("request refused: pairing is locked after too many wrong codes; restart the agent", "client", client)
		http.Error(w, "this agent has stopped accepting pairing codes after too many wrong ones; it accepts them again once restarted", http.StatusServiceUnavailable)
		return
	case v.wait > 0:
		secs := int((v.wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		if v.everyone {
			a.log.Warn("request delayed: many wrong pairing codes from all clients, one code judged every few seconds", "client", client, "retry_after_s", secs)
		} else {
			a.log.Warn("request refused: too many wrong pairing codes", "client", client, "retry_after_s", secs)
		}
		http.Error(w, fmt.Sprintf("too many wrong pairing codes; try again in %d s", secs), http.StatusTooManyRequests)
		return
	case !ok:
		a.log.Warn("request refused: wrong or missing pairing code", "client", client, "failures", v.failures)
		if v.justLocked {
			a.log.Error(fmt.Sprintf("pairing locked: %d wrong pairing codes since the agent started (the last from %s); no code is accepted until the agent is restarted", globalLockAfter, client))
		}
		w.Header().Set("WWW-Authenticate", AuthScheme)
		http.Error(w, "wrong or missing pairing code", http.StatusUnauthorized)
		return
	}
	if r.URL.Path != ReportPath {
		http.Error(w, "not found; the agent serves "+ReportPath, http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "the report is read-only", http.StatusMethodNotAllowed)
		return
	}
	body, err := a.report(r.Context())
	if err != nil {
		a.log.Error("collecting report failed", "client", client, "err", err)
		http.Error(w, "collecting the report failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodGet {
		_, _ = w.Write(body)
	}
	a.log.Info("report served", "client", client, "bytes", len(body))
}

// report returns the cached report JSON or collects a fresh one; one
// collection at a time.
func (a *Agent) report(ctx context.Context) ([]byte, error) {
	a.collectMu.Lock()
	defer a.collectMu.Unlock()
	a.mu.Lock()
	if a.cached != nil && time.Since(a.cachedAt) < a.opts.CacheFor {
		b := a.cached
		a.mu.Unlock()
		return b, nil
	}
	a.mu.Unlock()
	rep, err := a.opts.Collect(ctx)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	a.cached, a.cachedAt = b, time.Now()
	a.mu.Unlock()
	return b, nil
}

func clientIP(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return remote
	}
	return host
}

// Limits on guessing from all clients together: a guesser with many
// addresses gets no more tries than one with a single address.
const (
	// globalWindow and globalSlowAfter: once this many wrong codes came
	// within globalWindow, every request waits its turn, until a whole
	// globalWindow passes without a wrong code...
	globalWindow    = time.Minute
	globalSlowAfter = 20
	// globalSpacing: ...and one code is judged per globalSpacing (the
	// same rate: 20 a minute).
	globalSpacing = globalWindow / globalSlowAfter
	// globalLockAfter: after this many wrong codes since the agent started,
	// it judges no code at all until it is restarted.
	globalLockAfter = 100
	// maxTrackedClients bounds the per-client table.
	maxTrackedClients = 10000
)

// failLimiter slows down guessing. Per client: after each wrong code the
// client must wait (Backoff, doubling, capped) before any further request
// is considered. For all clients together: after globalSlowAfter wrong
// codes in a minute one code is judged per globalSpacing until a minute
// passes without a wrong code, and after globalLockAfter the agent stops
// judging codes until restarted.
type failLimiter struct {
	base, max time.Duration
	mu        sync.Mutex
	clients   map[string]*failState
	recent    []time.Time // times of the latest wrong codes, at most globalSlowAfter
	slowUntil time.Time   // every request waits its turn until then
	nextSlot  time.Time   // while slow: when the next code may be judged
	total     int         // wrong codes since start
	locked    bool
}

type failState struct {
	failures int
	until    time.Time
	last     time.Time
}

// verdict is what the limiter decided about one request.
type verdict struct {
	// wait > 0: not judged; the client may try again after wait.
	wait time.Duration
	// everyone: the wait is the global one (many wrong codes from all
	// clients), not this client's own.
	everyone bool
	// locked: the agent judges no codes until it is restarted.
	locked bool
	// justLocked: this request's wrong code locked the agent.
	justLocked bool
	// failures: the client's wrong codes in a row.
	failures int
}

func newFailLimiter(base, max time.Duration) *failLimiter {
	return &failLimiter{base: base, max: max, clients: map[string]*failState{}}
}

// attempt records one request from client whose code was ok or not
// (hasCode: it carried a code at all; only those count towards the global
// limits). The checks and the recording are one step, so many requests
// sent at once still get one judgement per wait.
func (l *failLimiter) attempt(client string, hasCode, ok bool, now time.Time) verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.locked {
		return verdict{locked: true}
	}
	s, known := l.clients[client]
	if known && now.Before(s.until) {
		return verdict{wait: s.until.Sub(now), failures: s.failures}
	}
	if l.slow(now) {
		if now.Before(l.nextSlot) {
			return verdict{wait: l.nextSlot.Sub(now), everyone: true}
		}
		l.nextSlot = now.Add(globalSpacing)
	}
	if ok {
		delete(l.clients, client)
		return verdict{}
	}
	if !known {
		if len(l.clients) >= maxTrackedClients {
			l.prune(now)
		}
		s = &failState{}
		l.clients[client] = s
	}
	// A client quiet for an hour starts again from the base wait.
	if now.Sub(s.last) > time.Hour {
		s.failures = 0
	}
	s.failures++
	s.last = now
	d := l.base
	for i := 1; i < s.failures && d < l.max; i++ {
		d *= 2
	}
	if d > l.max {
		d = l.max
	}
	s.until = now.Add(d)
	v := verdict{failures: s.failures}
	if hasCode {
		l.total++
		if len(l.recent) == globalSlowAfter {
			l.recent = append(l.recent[:0], l.recent[1:]...)
		}
		l.recent = append(l.recent, now)
		if l.slow(now) || (len(l.recent) == globalSlowAfter && now.Sub(l.recent[0]) < globalWindow) {
			l.slowUntil = now.Add(globalWindow)
			if next := now.Add(globalSpacing); l.nextSlot.Before(next) {
				l.nextSlot = next
			}
		}
		if l.total >= globalLockAfter {
			l.locked = true
			v.justLocked = true
		}
	}
	return v
}

// slow: globalSlowAfter wrong codes came within globalWindow, and the
// latest less than globalWindow ago.
func (l *failLimiter) slow(now time.Time) bool { return now.Before(l.slowUntil) }

// prune makes room in the client table: entries whose wait is over go
// first; if every entry is still waiting, those whose wait ends soonest.
// Losing a waiting entry only lets that client guess again sooner, which
// the global limits still bound.
func (l *failLimiter) prune(now time.Time) {
	for k, s := range l.clients {
		if now.After(s.until) {
			delete(l.clients, k)
		}
	}
	if len(l.clients) < maxTrackedClients {
		return
	}
	// A tenth at once, so that a stream of new clients costs one sort per
	// thousand, not a scan of the table each.
	keys := make([]string, 0, len(l.clients))
	for k := range l.clients {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return l.clients[a].until.Compare(l.clients[b].until) })
	for _, k := range keys[:len(keys)/10+1] {
		delete(l.clients, k)
	}
}
