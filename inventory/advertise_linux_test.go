//go:build linux

package inventory

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

const (
	testIface = "stw0"
	testPeer  = "stw1"
	testAddr  = "10.254.77.1"
)

// TestAdvertiseInNetns checks the mDNS advertisement where it cannot reach
// any real network: in a network namespace made for the test, whose only
// interfaces are its loopback and a veth pair of its own. Needs root and iproute2.
func TestAdvertiseInNetns(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to create a network namespace")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("needs iproute2's ip command")
	}
	ns := fmt.Sprintf("stw-inv-%d", os.Getpid())
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("netns", "add", ns)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", ns).Run() })
	// A veth pair with both ends in the namespace gives an interface with
	// an address of its own (zeroconf needs a non-loopback address);
	// multicast sent on it stays in the namespace.
	run("-n", ns, "link", "set", "lo", "up")
	run("-n", ns, "link", "add", testIface, "type", "veth", "peer", "name", testPeer)
	run("-n", ns, "addr", "add", testAddr+"/24", "dev", testIface)
	run("-n", ns, "link", "set", testPeer, "up")
	run("-n", ns, "link", "set", testIface, "multicast", "on", "up")
	run("-n", ns, "route", "add", "224.0.0.0/4", "dev", testIface)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", "netns", "exec", ns, os.Args[0], "-test.run", "^TestAdvertiseNetnsChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "STEWARD_INV_NETNS_CHILD="+ns)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestAdvertiseNetnsChild") {
		t.Fatalf("advertising inside %s failed: %v\n%s", ns, err, out)
	}
	t.Logf("%s", out)
}

// TestAdvertiseNetnsChild runs inside the namespace TestAdvertiseInNetns
// made: it advertises an agent and asks for it with a DNS-SD query.
func TestAdvertiseNetnsChild(t *testing.T) {
	ns := os.Getenv("STEWARD_INV_NETNS_CHILD")
	if ns == "" {
		t.Skip("runs only inside TestAdvertiseInNetns's namespace")
	}
	// Refuse to send anything unless this really is the private namespace.
	ifaces, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, ifc := range ifaces {
		if ifc.Name != "lo" && ifc.Name != testIface && ifc.Name != testPeer {
			t.Fatalf("interface %s present: not in the test's private namespace; not advertising", ifc.Name)
		}
	}
	lo, err := net.InterfaceByName(testIface)
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewAgent(AgentOptions{ConfigDir: t.TempDir(), Hostname: "netns-pc", Version: "1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	const port = 18743
	stop, err := a.Advertise(port, []net.Interface{*lo})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	instance := "Steward\\ agent\\ on\\ netns-pc." + AgentService + ".local."
	var ptr, srv, txt bool
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) && !(ptr && srv && txt) {
		msgs, err := queryMDNS(AgentService+".local.", dns.TypePTR)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			for _, rr := range append(m.Answer, m.Extra...) {
				switch r := rr.(type) {
				case *dns.PTR:
					if r.Ptr == instance {
						ptr = true
					}
				case *dns.SRV:
					if r.Hdr.Name == instance && r.Port == port {
						srv = true
					}
				case *dns.TXT:
					if r.Hdr.Name == instance {
						got := strings.Join(r.Txt, " ")
						want := "version=1.2.3 fp=" + a.Fingerprint() + " id=netns-pc"
						if got != want {
							t.Fatalf("TXT %q, want %q", got, want)
						}
						txt = true
					}
				}
			}
		}
	}
	if !ptr || !srv || !txt {
		t.Fatalf("answers seen: PTR %v SRV %v TXT %v", ptr, srv, txt)
	}
}

// queryMDNS sends one DNS-SD question to 224.0.0.251:5353 asking for a
// unicast answer (the QU bit) and collects answers for a second.
func queryMDNS(name string, qtype uint16) ([]*dns.Msg, error) {
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.ParseIP(testAddr)})
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	q := new(dns.Msg)
	q.SetQuestion(name, qtype)
	q.Question[0].Qclass |= 1 << 15 // unicast response requested
	q.RecursionDesired = false
	buf, err := q.Pack()
	if err != nil {
		return nil, err
	}
	if _, err := conn.WriteToUDP(buf, &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251), Port: 5353}); err != nil {
		return nil, err
	}
	var out []*dns.Msg
	_ = conn.SetReadDeadline(time.Now().Add(time.Second))
	for {
		b := make([]byte, 9000)
		n, _, err := conn.ReadFromUDP(b)
		if err != nil {
			return out, nil // deadline
		}
		m := new(dns.Msg)
		if m.Unpack(b[:n]) == nil && m.Response {
			out = append(out, m)
		}
	}
}
