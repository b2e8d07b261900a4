//go:build linux

package discovery_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"steward/discovery/internal/netlab"
)

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// TestMain removes the steward binary the command tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildPath != "" {
		_ = os.RemoveAll(filepath.Dir(buildPath))
	}
	os.Exit(code)
}

// stewardBinary builds the steward command once per test binary run.
func stewardBinary(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "steward-scan-test")
		if err != nil {
			buildErr = err
			return
		}
		buildPath = filepath.Join(dir, "steward")
		gobin, err := exec.LookPath("go")
		if err != nil {
			buildErr = err
			return
		}
		cmd := exec.Command(gobin, "build", "-tags", "migrated_fynedo,sqlite_fts5", "-o", buildPath, "steward")
		cmd.Dir = ".."
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = &buildError{err, string(out)}
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return buildPath
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "building steward: " + e.err.Error() + "\n" + e.out }

type jsonLine struct {
	Instance string   `json:"instance"`
	Type     string   `json:"type"`
	Host     string   `json:"host"`
	Port     uint16   `json:"port"`
	TXT      []string `json:"txt"`
	IPv4     []string `json:"ipv4"`
	IPv6     []string `json:"ipv6"`
	Device   string   `json:"device"`
	Class    string   `json:"class"`
	Vendor   string   `json:"vendor"`
	Model    string   `json:"model"`
	AtMS     int64    `json:"at_ms"`
}

// runCommand runs `steward scan --json` in the scanner namespace and
// returns its lines, wall time and the process's resource usage.
func runCommand(tb testing.TB, lan *netlab.LAN, args ...string) ([]jsonLine, time.Duration, *os.ProcessState) {
	tb.Helper()
	bin := stewardBinary(tb)
	cmd := lan.Scanner.Command(bin, append([]string{"scan", "--json", "--interface", netlab.Iface}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0)
	if err != nil {
		tb.Fatalf("steward scan: %v\n%s", err, errb.String())
	}
	var lines []jsonLine
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var l jsonLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			tb.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	return lines, wall, cmd.ProcessState
}

// checkLines asserts every wanted instance is in the command's output,
// complete and exact.
func checkLines(tb testing.TB, lines []jsonLine, ws []want) {
	tb.Helper()
	got := map[string]jsonLine{}
	for _, l := range lines {
		got[l.Instance+"|"+l.Type] = l
	}
	for _, w := range ws {
		l, ok := got[w.name+"|"+w.typ]
		if !ok {
			tb.Errorf("command output lacks %q (%s)", w.name, w.typ)
			continue
		}
		v6 := stripZonesStr(l.IPv6)
		if l.Host != w.host || l.Port != w.port || len(l.IPv4) != len(w.v4) || len(v6) != len(w.v6) || l.Device == "" || l.Class == "" || l.TXT == nil {
			tb.Errorf("command line for %q (%s) is %+v, want %+v", w.name, w.typ, l, w)
		}
		for i, a := range w.v4 {
			if i < len(l.IPv4) && l.IPv4[i] != a.String() {
				tb.Errorf("%q: ipv4 %v, want %v", w.name, l.IPv4, w.v4)
			}
		}
	}
	if len(lines) != len(ws) {
		tb.Errorf("command printed %d lines, want %d", len(lines), len(ws))
	}
}

func stripZonesStr(as []string) []string {
	out := make([]string, len(as))
	for i, a := range as {
		if j := bytes.IndexByte([]byte(a), '%'); j >= 0 {
			a = a[:j]
		}
		out[i] = a
	}
	return out
}

func TestLANCommandJSON(t *testing.T) {
	lan, hosts := startOffice(t)
	ws := expected(t, hosts)
	lines, wall, st := runCommand(t, lan)
	checkLines(t, lines, ws)
	for _, l := range lines {
		// The printer's MAC comes from the neighbour table (its unicast
		// replies taught the kernel), so it is the device ID.
		if l.Instance == "Drucker Büro 2. OG" && (l.Class != "printer" || l.Vendor != "HP" || l.Device != "mac:"+hosts[0].MAC) {
			t.Errorf("printer line %+v", l)
		}
		if l.AtMS < 0 || l.AtMS > wall.Milliseconds() {
			t.Errorf("at_ms %d outside the command's %v", l.AtMS, wall)
		}
	}
	if !st.Success() {
		t.Errorf("exit status %v", st)
	}
	// The table output names every device.
	out, err := lan.Scanner.Command(stewardBinary(t), "scan", "--interface", netlab.Iface).CombinedOutput()
	if err != nil {
		t.Fatalf("steward scan: %v\n%s", err, out)
	}
	t.Logf("steward scan (table):\n%s", out)
	for _, h := range hosts {
		if !bytes.Contains(out, []byte(h.Name+".local")) {
			t.Errorf("table lacks %s:\n%s", h.Name, out)
		}
	}
	// Usage mistakes exit with 2.
	for _, args := range [][]string{{"scan", "--timeout", "0s"}, {"scan", "--bogus"}, {"scan", "extra"}} {
		out, err := lan.Scanner.Command(stewardBinary(t), args...).CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
			t.Errorf("steward %v: %v %s, want exit 2", args, err, out)
		}
	}
	// A wrong interface name is a failure with a plain message.
	cmd := lan.Scanner.Command(stewardBinary(t), "scan", "--interface", "nosuch0")
	out, err = cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !bytes.Contains(out, []byte(`no interface named "nosuch0"`)) {
		t.Errorf("bad interface: %v %s", err, out)
	}
}
