//go:build linux

package netlab

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Iface is the name of every host's LAN interface (each in its own namespace).
const Iface = "lan0"

// Require skips the test unless it runs as root with ip, unshare and
// avahi-daemon available.
func Require(tb testing.TB) {
	tb.Helper()
	if os.Geteuid() != 0 {
		tb.Skip("netlab: needs root to create network namespaces (run the tests as root; CI does)")
	}
	for _, tool := range []string{"ip", "unshare", "avahi-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			tb.Skipf("netlab: %s is not installed (apt-get install iproute2 util-linux avahi-daemon)", tool)
		}
	}
	// Root without CAP_SYS_ADMIN (an unprivileged container) cannot make
	// namespaces: say so instead of failing half-way.
	if out, err := exec.Command("unshare", "--net", "--mount", "true").CombinedOutput(); err != nil {
		tb.Skipf("netlab: cannot create network namespaces here (%v: %s); run as root with CAP_SYS_ADMIN", err, bytes.TrimSpace(out))
	}
}

// Service is one DNS-SD service a host advertises through a static avahi
// .service file.
type Service struct {
	Name string   // instance name, any UTF-8
	Type string   // "_ipp._tcp"
	Port int      // port in SRV
	TXT  []string // "key=value" entries
}

// HostSpec describes one host of the LAN.
type HostSpec struct {
	Name        string // avahi host name (without .local)
	NoIPv4      bool   // IPv6 only
	NoIPv6      bool   // IPv4 only
	Workstation bool   // let avahi publish _workstation "name [mac]"
	Services    []Service
	// Segment puts the host on another bridge (another subnet, 10.(77+n)/16);
	// the scanner joins it with ScannerOn. 0 is the main LAN.
	Segment int
}

// Host is a host namespace of the LAN.
type Host struct {
	HostSpec
	NS   string     // network namespace name
	MAC  string     // MAC of lan0
	IPv4 netip.Addr // configured IPv4 address (invalid if NoIPv4)
	IPv6 netip.Addr // configured ULA IPv6 address (invalid if NoIPv6)

	lan     *LAN
	dir     string
	cmd     *exec.Cmd
	logPath string
	waitErr chan error
	readyAt time.Time
}

// LAN is a set of namespaces joined by one bridge.
type LAN struct {
	tb      testing.TB
	prefix  string
	dir     string
	sw      string // switch namespace
	Scanner *Host  // the namespace the scanner runs in (no avahi unless started)

	mu     sync.Mutex
	hosts  []*Host
	nsList []string
	n      int
	procs  []*exec.Cmd
	closed bool
	// bridges records which segments' bridges exist.
	bridges map[int]bool
}

var lanSeq int
var lanSeqMu sync.Mutex

// New creates the switch and the scanner namespace. Close (registered with
// tb.Cleanup) kills every process the LAN started and deletes its namespaces.
func New(tb testing.TB) *LAN {
	tb.Helper()
	Require(tb)
	lanSeqMu.Lock()
	lanSeq++
	seq := lanSeq
	lanSeqMu.Unlock()
	l := &LAN{tb: tb, prefix: fmt.Sprintf("stw%d-%d", os.Getpid(), seq), dir: tb.TempDir()}
	tb.Cleanup(l.Close)
	l.sw = l.prefix + "-sw"
	if err := l.addNS(l.sw); err != nil {
		tb.Fatal(err)
	}
	if err := l.bridge(0); err != nil {
		tb.Fatal(err)
	}
	sc, err := l.addHost(HostSpec{Name: "scanner"})
	if err != nil {
		tb.Fatal(err)
	}
	l.Scanner = sc
	return l
}

func (l *LAN) run(name string, args ...string) error {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("netlab: %s %s: %v: %s", name, strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

func (l *LAN) addNS(ns string) error {
	if err := l.run("ip", "netns", "add", ns); err != nil {
		return err
	}
	l.mu.Lock()
	l.nsList = append(l.nsList, ns)
	l.mu.Unlock()
	return l.run("ip", "-n", ns, "link", "set", "lo", "up")
}

// AddHost creates a host namespace on the LAN with its addresses; StartAvahi
// (or Start) runs its responder.
func (l *LAN) AddHost(spec HostSpec) *Host {
	l.tb.Helper()
	h, err := l.addHost(spec)
	if err != nil {
		l.tb.Fatal(err)
	}
	return h
}

func (l *LAN) addHost(spec HostSpec) (*Host, error) {
	l.mu.Lock()
	l.n++
	n := l.n
	l.mu.Unlock()
	h := &Host{HostSpec: spec, lan: l, NS: fmt.Sprintf("%s-h%d", l.prefix, n)}
	h.MAC = fmt.Sprintf("02:5e:%02x:%02x:%02x:%02x", (os.Getpid()>>8)&0xff, os.Getpid()&0xff, n>>8, n&0xff)
	if !spec.NoIPv4 {
		h.IPv4 = segAddr4(spec.Segment, n)
	}
	if !spec.NoIPv6 {
		h.IPv6 = segAddr6(spec.Segment, n)
	}
	h.dir = filepath.Join(l.dir, h.NS)
	if err := os.MkdirAll(filepath.Join(h.dir, "services"), 0o755); err != nil {
		return nil, err
	}
	if err := l.addNS(h.NS); err != nil {
		return nil, err
	}
	disable := "0"
	if spec.NoIPv6 {
		disable = "1"
	}
	// Addresses on the new veth come up without duplicate address detection
	// so that link-local and ULA addresses are usable at once.
	if err := l.run("ip", "netns", "exec", h.NS, "sysctl", "-q", "-w",
		"net.ipv6.conf.all.disable_ipv6="+disable, "net.ipv6.conf.default.disable_ipv6="+disable,
		"net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
		"net.ipv6.conf.default.dad_transmits=0"); err != nil {
		return nil, err
	}
	if err := l.attach(h.NS, Iface, fmt.Sprintf("p%d", n), spec.Segment, h.MAC, h.IPv4, h.IPv6); err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.hosts = append(l.hosts, h)
	l.mu.Unlock()
	return h, nil
}

func segAddr4(seg, n int) netip.Addr {
	return netip.AddrFrom4([4]byte{10, byte(77 + seg), byte(n >> 8), byte(n & 0xff)})
}

func segAddr6(seg, n int) netip.Addr {
	return netip.MustParseAddr(fmt.Sprintf("fd%02d::%x", 77+seg, n))
}

// bridge creates bridge br<seg> in the switch namespace once.
func (l *LAN) bridge(seg int) error {
	l.mu.Lock()
	if l.bridges == nil {
		l.bridges = map[int]bool{}
	}
	done := l.bridges[seg]
	l.bridges[seg] = true
	l.mu.Unlock()
	if done {
		return nil
	}
	br := fmt.Sprintf("br%d", seg)
	// No multicast snooping: every port hears every mDNS packet, as on a
	// plain switch.
	if err := l.run("ip", "-n", l.sw, "link", "add", br, "type", "bridge", "mcast_snooping", "0", "stp_state", "0", "forward_delay", "0"); err != nil {
		return err
	}
	return l.run("ip", "-n", l.sw, "link", "set", br, "up")
}

// attach joins namespace ns to segment seg with a veth pair: port in the
// switch namespace, ifname in ns with the given MAC and addresses.
func (l *LAN) attach(ns, ifname, port string, seg int, mac string, v4, v6 netip.Addr) error {
	if err := l.bridge(seg); err != nil {
		return err
	}
	if err := l.run("ip", "-n", l.sw, "link", "add", port, "type", "veth", "peer", "name", ifname, "netns", ns); err != nil {
		return err
	}
	if err := l.run("ip", "-n", l.sw, "link", "set", port, "master", fmt.Sprintf("br%d", seg), "up"); err != nil {
		return err
	}
	if err := l.run("ip", "-n", ns, "link", "set", ifname, "address", mac); err != nil {
		return err
	}
	if v4.IsValid() {
		if err := l.run("ip", "-n", ns, "addr", "add", v4.String()+"/16", "dev", ifname); err != nil {
			return err
		}
	}
	if v6.IsValid() {
		if err := l.run("ip", "-n", ns, "addr", "add", v6.String()+"/64", "dev", ifname, "nodad"); err != nil {
			return err
		}
	}
	if err := l.run("ip", "-n", ns, "link", "set", ifname, "up", "multicast", "on"); err != nil {
		return err
	}
	if v4.IsValid() {
		// The first interface carries the multicast route; sends name
		// their interface anyway.
		_ = l.run("ip", "-n", ns, "route", "add", "224.0.0.0/4", "dev", ifname)
	}
	return nil
}

// ScannerOn gives the scanner an interface on segment seg ("lan<seg>")
// and returns its name.
func (l *LAN) ScannerOn(seg int) string {
	l.tb.Helper()
	name := fmt.Sprintf("lan%d", seg)
	if seg == 0 {
		return name
	}
	mac := fmt.Sprintf("02:5f:%02x:%02x:00:%02x", (os.Getpid()>>8)&0xff, os.Getpid()&0xff, seg)
	if err := l.attach(l.Scanner.NS, name, fmt.Sprintf("s%d", seg), seg, mac, segAddr4(seg, 1), segAddr6(seg, 1)); err != nil {
		l.tb.Fatal(err)
	}
	return name
}

// Hosts returns the hosts added so far (without the scanner).
func (l *LAN) Hosts() []*Host {
	l.mu.Lock()
	defer l.mu.Unlock()
	var hs []*Host
	for _, h := range l.hosts {
		if h != l.Scanner {
			hs = append(hs, h)
		}
	}
	return hs
}

// Start runs avahi-daemon on every given host at once and waits until each
// has registered its host name and all its services.
func (l *LAN) Start(hosts ...*Host) {
	l.tb.Helper()
	errs := make([]error, len(hosts))
	var wg sync.WaitGroup
	for i, h := range hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[i] = h.start(); errs[i] == nil {
				errs[i] = h.WaitReady()
			}
			if errs[i] == nil {
				h.WaitAnnounced()
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		l.tb.Fatal(err)
	}
}

func (h *Host) conf(dbus bool) string {
	yn := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	return fmt.Sprintf(`[server]
host-name=%s
domain-name=local
use-ipv4=%s
use-ipv6=%s
allow-interfaces=%s
enable-dbus=%s
ratelimit-interval-usec=1000000
ratelimit-burst=1000

[wide-area]
enable-wide-area=no

[publish]
publish-hinfo=no
publish-workstation=%s
publish-addresses=yes
publish-aaaa-on-ipv4=yes
publish-a-on-ipv6=no

[reflector]

[rlimits]
`, h.Name, yn(!h.NoIPv4), yn(!h.NoIPv6), Iface, yn(dbus), yn(h.Workstation))
}

// serviceFile renders an avahi static service file.
func serviceFile(s Service) []byte {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" standalone='no'?>\n<!DOCTYPE service-group SYSTEM \"avahi-service.dtd\">\n<service-group>\n")
	fmt.Fprintf(&b, "  <name>%s</name>\n  <service>\n    <type>%s</type>\n    <port>%d</port>\n", html.EscapeString(s.Name), html.EscapeString(s.Type), s.Port)
	for _, t := range s.TXT {
		fmt.Fprintf(&b, "    <txt-record>%s</txt-record>\n", html.EscapeString(t))
	}
	b.WriteString("  </service>\n</service-group>\n")
	return []byte(b.String())
}

func (h *Host) writeServices() error {
	for i, s := range h.Services {
		if err := os.WriteFile(filepath.Join(h.dir, "services", fmt.Sprintf("s%02d.service", i)), serviceFile(s), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// StartAvahi runs the host's avahi-daemon and waits until it is ready.
func (h *Host) StartAvahi() {
	h.lan.tb.Helper()
	if err := h.start(); err != nil {
		h.lan.tb.Fatal(err)
	}
	if err := h.WaitReady(); err != nil {
		h.lan.tb.Fatal(err)
	}
	h.WaitAnnounced()
}

// announceTime is how long avahi keeps announcing new records after they
// are established (three announcements, at 0, 1 and 3 seconds, each with
// up to 250 ms jitter) plus the 500 ms during which it declines to repeat
// a record by multicast. A long-running responder on a real LAN is past
// that phase, so the scans are measured after it.
const announceTime = 4500 * time.Millisecond

// WaitAnnounced waits until the host's initial announcements are over.
// avahi does not log their end, so this is the one fixed wait in netlab.
func (h *Host) WaitAnnounced() {
	if d := time.Until(h.readyAt.Add(announceTime)); d > 0 {
		time.Sleep(d)
	}
}

// StartAvahiNoWait runs the host's avahi-daemon and returns at once (for a
// host that appears while a scan runs).
func (h *Host) StartAvahiNoWait() error { return h.start() }

func (h *Host) start() error { return h.startWith(false, "") }

func (h *Host) startWith(dbus bool, dbusAddr string) error {
	if err := h.writeServices(); err != nil {
		return err
	}
	conf := filepath.Join(h.dir, "avahi-daemon.conf")
	if err := os.WriteFile(conf, []byte(h.conf(dbus)), 0o644); err != nil {
		return err
	}
	h.logPath = filepath.Join(h.dir, "avahi.log")
	logf, err := os.Create(h.logPath)
	if err != nil {
		return err
	}
	defer logf.Close()
	// A private mount namespace: /run (pid file, socket) and the services
	// directory belong to this host only; nothing propagates back.
	script := fmt.Sprintf(`set -e
mount --make-rprivate /
mount -t tmpfs tmpfs /run
mkdir -p /run/avahi-daemon /run/dbus
mount --bind %q /etc/avahi/services
exec avahi-daemon --no-drop-root --no-chroot --no-rlimits --no-proc-title -f %q`, filepath.Join(h.dir, "services"), conf)
	cmd := exec.Command("ip", "netns", "exec", h.NS, "unshare", "-m", "sh", "-c", script)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), "LANG=C")
	if dbusAddr != "" {
		cmd.Env = append(cmd.Env, "DBUS_SYSTEM_BUS_ADDRESS="+dbusAddr)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	h.cmd = cmd
	h.waitErr = make(chan error, 1)
	go func() { h.waitErr <- cmd.Wait() }()
	h.lan.mu.Lock()
	h.lan.procs = append(h.lan.procs, cmd)
	h.lan.mu.Unlock()
	return nil
}

// Log returns what the host's avahi-daemon has logged so far.
func (h *Host) Log() string {
	b, _ := os.ReadFile(h.logPath)
	return string(b)
}

// WaitReady waits until avahi-daemon logs that its host name and every
// static service are established (it watches the log, no fixed sleeps).
func (h *Host) WaitReady() error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		log := h.Log()
		if strings.Contains(log, "Server startup complete") &&
			strings.Count(log, "successfully established") >= len(h.Services) {
			h.readyAt = time.Now()
			return nil
		}
		select {
		case err := <-h.waitErr:
			h.waitErr <- err
			return fmt.Errorf("netlab: avahi-daemon on %s exited (%v):\n%s", h.Name, err, log)
		default:
		}
		if strings.Contains(log, "collision") || strings.Contains(log, "Host name conflict") {
			return fmt.Errorf("netlab: avahi-daemon on %s hit a name conflict:\n%s", h.Name, log)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("netlab: avahi-daemon on %s not ready after 60s:\n%s", h.Name, log)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Stop sends SIGTERM to the host's avahi-daemon (it says goodbye for every
// record) and waits for it to exit.
func (h *Host) Stop() {
	if h.cmd == nil || h.cmd.Process == nil {
		return
	}
	_ = h.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-h.waitErr:
		h.waitErr <- err
	case <-time.After(10 * time.Second):
		_ = h.cmd.Process.Kill()
	}
}

// RemoveService deletes the service file of the i-th service and asks
// avahi-daemon to reload (SIGHUP), which withdraws it with goodbye packets.
func (h *Host) RemoveService(i int) error {
	if err := os.Remove(filepath.Join(h.dir, "services", fmt.Sprintf("s%02d.service", i))); err != nil {
		return err
	}
	return h.cmd.Process.Signal(syscall.SIGHUP)
}

// Addrs reads the addresses configured on the host's LAN interface,
// link-local IPv6 included, as avahi publishes them.
func (h *Host) Addrs() (v4, v6 []netip.Addr, err error) {
	out, err := exec.Command("ip", "-n", h.NS, "-j", "addr", "show", "dev", Iface).Output()
	if err != nil {
		return nil, nil, fmt.Errorf("netlab: ip addr in %s: %v", h.NS, err)
	}
	var links []struct {
		AddrInfo []struct {
			Family string `json:"family"`
			Local  string `json:"local"`
		} `json:"addr_info"`
	}
	if err := json.Unmarshal(out, &links); err != nil {
		return nil, nil, err
	}
	for _, l := range links {
		for _, a := range l.AddrInfo {
			ip, err := netip.ParseAddr(a.Local)
			if err != nil {
				continue
			}
			if ip.Is4() {
				v4 = append(v4, ip)
			} else {
				v6 = append(v6, ip)
			}
		}
	}
	return v4, v6, nil
}

// Do runs fn on an OS thread that has joined the host's network namespace.
// Sockets fn creates belong to that namespace for their whole life, whichever
// goroutine later uses them. The thread is discarded afterwards.
func (h *Host) Do(fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		// No UnlockOSThread: the thread dies with the goroutine, so the
		// namespace never leaks to other goroutines.
		f, err := os.Open("/run/netns/" + h.NS)
		if err != nil {
			errc <- err
			return
		}
		defer f.Close()
		if err := unix.Setns(int(f.Fd()), unix.CLONE_NEWNET); err != nil {
			errc <- fmt.Errorf("netlab: setns %s: %v", h.NS, err)
			return
		}
		errc <- fn()
	}()
	return <-errc
}

// Command returns a command that runs inside the host's network namespace.
func (h *Host) Command(name string, args ...string) *exec.Cmd {
	return exec.Command("ip", append([]string{"netns", "exec", h.NS, name}, args...)...)
}

// StartScannerAvahi runs a private dbus-daemon and an avahi-daemon with
// D-Bus in the scanner namespace so that avahi-browse can be measured
// there. It returns the environment avahi-browse needs.
func (l *LAN) StartScannerAvahi() ([]string, error) {
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		return nil, fmt.Errorf("netlab: dbus-daemon is not installed")
	}
	h := l.Scanner
	sock := filepath.Join(h.dir, "system_bus_socket")
	conf := filepath.Join(h.dir, "dbus.conf")
	if err := os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=`+sock+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_type="method_return"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="signal"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
  </policy>
</busconfig>
`), 0o644); err != nil {
		return nil, err
	}
	dlog, err := os.Create(filepath.Join(h.dir, "dbus.log"))
	if err != nil {
		return nil, err
	}
	defer dlog.Close()
	dcmd := h.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--nopidfile")
	dcmd.Stdout, dcmd.Stderr = dlog, dlog
	if err := dcmd.Start(); err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.procs = append(l.procs, dcmd)
	l.mu.Unlock()
	go func() { _ = dcmd.Wait() }()
	for i := 0; ; i++ {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if i > 6000 {
			return nil, fmt.Errorf("netlab: dbus-daemon did not create %s", sock)
		}
		time.Sleep(5 * time.Millisecond)
	}
	addr := "unix:path=" + sock
	if err := h.startWith(true, addr); err != nil {
		return nil, err
	}
	if err := h.WaitReady(); err != nil {
		return nil, err
	}
	return append(os.Environ(), "DBUS_SYSTEM_BUS_ADDRESS="+addr, "LANG=C.UTF-8"), nil
}

// Close kills every process the LAN started (by PID) and deletes its
// namespaces. It is safe to call twice.
func (l *LAN) Close() {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return
	}
	l.closed = true
	procs := l.procs
	nsList := l.nsList
	l.mu.Unlock()
	for _, p := range procs {
		if p.Process != nil {
			_ = p.Process.Signal(syscall.SIGKILL) // fails harmlessly if it already exited
		}
	}
	// Give the waiters a moment to reap the killed processes.
	for _, p := range procs {
		for i := 0; i < 200 && p.Process != nil && processAlive(p.Process.Pid); i++ {
			time.Sleep(5 * time.Millisecond)
		}
	}
	for i := len(nsList) - 1; i >= 0; i-- {
		if err := l.run("ip", "netns", "del", nsList[i]); err != nil {
			l.tb.Log(err)
		}
	}
}

func processAlive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// State Z (zombie) counts as gone.
	fields := strings.Fields(string(b))
	return len(fields) > 2 && fields[2] != "Z"
}
