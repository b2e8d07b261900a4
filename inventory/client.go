package inventory

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Errors FetchFromAgent wraps, for callers that react to them.
var (
	ErrWrongCode           = errors.New("the agent refused the pairing code")
	ErrFingerprintMismatch = errors.New("the agent's certificate does not match the pinned fingerprint")
	ErrTooManyAttempts     = errors.New("the agent is refusing requests after wrong pairing codes")
	// ErrPairingLocked: the agent judged too many wrong codes since it
	// started and accepts none until someone restarts it.
	ErrPairingLocked = errors.New("the agent has stopped accepting pairing codes after too many wrong ones; restart the agent on that computer")
)

// FetchFromAgent asks the agent at addr ("host" or "host:port", default
// port DefaultAgentPort) for its report, sending code.
//
// Trust is by certificate pinning, not by a CA: with pinned empty the
// certificate is accepted on first use and its fingerprint returned so the
// caller can pin it; with pinned set, any other certificate is refused
// before the code is sent. The fingerprint seen is returned in both cases
// (also with ErrFingerprintMismatch, to show the person).
func FetchFromAgent(ctx context.Context, addr, code, pinned string) (*Report, string, error) {
	if pinned != "" {
		p, err := NormalizeFingerprint(pinned)
		if err != nil {
			return nil, "", err
		}
		pinned = p
	}
	if strings.TrimSpace(code) == "" {
		return nil, "", errors.New("no pairing code given (the agent prints it when it starts)")
	}
	hostport := addr
	if _, _, err := net.SplitHostPort(addr); err != nil {
		hostport = net.JoinHostPort(strings.Trim(addr, "[]"), strconv.Itoa(DefaultAgentPort))
	}
	var seen string
	tlsConf := &tls.Config{
		MinVersion: tls.VersionTLS12,
		// The agent's certificate is self-signed: the chain is not
		// checked, the fingerprint is (VerifyConnection runs before any
		// request, so the code never reaches an impostor).
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("agent sent no certificate")
			}
			leaf := cs.PeerCertificates[0]
			seen = Fingerprint(leaf.Raw)
			if pinned != "" && seen != pinned {
				return fmt.Errorf("%w: expected %s, got %s", ErrFingerprintMismatch, pinned, seen)
			}
			now := time.Now()
			if now.After(leaf.NotAfter) {
				return fmt.Errorf("agent certificate expired on %s", leaf.NotAfter.Format("2006-01-02"))
			}
			return nil
		},
	}
	client := &http.Client{
		Transport: &http.Transport{
			TLSClientConfig:     tlsConf,
			TLSHandshakeTimeout: 10 * time.Second,
			DisableKeepAlives:   true,
			Proxy:               nil, // agents are on the LAN; never via a proxy
		},
		Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return errors.New("agent answered with a redirect; refusing to follow it")
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://"+hostport+ReportPath, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("Authorization", AuthScheme+" "+NormalizeCode(code))
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, ErrFingerprintMismatch) {
			return nil, seen, fmt.Errorf("%s: %w (if the agent was reinstalled, check the fingerprint it prints and pin the new one)", hostport, ErrFingerprintMismatch)
		}
		return nil, seen, fmt.Errorf("contacting agent %s: %w", hostport, err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusUnauthorized:
		return nil, seen, fmt.Errorf("%s: %w", hostport, ErrWrongCode)
	case http.StatusTooManyRequests:
		return nil, seen, fmt.Errorf("%s: %w; try again in %s s", hostport, ErrTooManyAttempts, resp.Header.Get("Retry-After"))
	case http.StatusServiceUnavailable:
		return nil, seen, fmt.Errorf("%s: %w", hostport, ErrPairingLocked)
	default:
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return nil, seen, fmt.Errorf("agent %s answered %s: %s", hostport, resp.Status, strings.TrimSpace(string(msg)))
	}
	rep, err := ParseReport(resp.Body)
	if err != nil {
		return nil, seen, fmt.Errorf("report from agent %s: %w", hostport, err)
	}
	return rep, seen, nil
}
