// Package discovery finds devices on the local network by multicast DNS
// service discovery (RFC 6762, RFC 6763) and groups what it hears into
// devices with a class, vendor, model and identifiers.
//
// It is a leaf: it knows nothing of the asset register or the GUI. Scan
// sends its own queries (github.com/miekg/dns builds and parses the
// packets) rather than using a resolver library, because completeness and
// speed depend on details such libraries get wrong: asking for what an
// answer left out, using both address families, and reading the fast
// unicast replies to one-shot queries (RFC 6762 section 5.1).
package discovery

import (
	"net/netip"
	"time"
)

// Options tune a scan. The zero value scans every up, multicast-capable
// interface with the default timeout and quiet window.
type Options struct {
	// Interfaces names the interfaces to scan; empty means all that are
	// up, multicast-capable and not loopback.
	Interfaces []string
	// Timeout bounds the whole scan (default 5 s).
	Timeout time.Duration
	// Quiet is how long the network must stay silent, after every
	// outstanding question has been answered, before the scan ends early
	// (default DefaultQuiet). A negative value disables the early end: the
	// scan runs until Timeout or until ctx is done, re-querying on RFC
	// 6762's schedule (watch mode).
	Quiet time.Duration
	// Types adds service types ("_foo._tcp") to the built-in list.
	Types []string
	// NoIPv4 and NoIPv6 leave one address family out.
	NoIPv4, NoIPv6 bool
	// OnEvent, if set, receives live events. It is called from the scan's
	// own goroutine, one event at a time; it must not block for long.
	OnEvent func(Event)
	// OnPacket, if set, receives every mDNS response packet as it arrives
	// (for recording test data and debugging).
	OnPacket func(p Packet)
}

// DefaultQuiet is the default quiet window. Unicast replies to one-shot
// queries arrive within milliseconds; multicast answers, which responders
// delay by 20-120 ms (RFC 6762 section 6), must fit in the window too.
const DefaultQuiet = 150 * time.Millisecond

// DefaultTimeout bounds a scan when Options.Timeout is zero.
const DefaultTimeout = 5 * time.Second

// Packet is one received mDNS message, as OnPacket sees it.
type Packet struct {
	At        time.Duration  // since scan start
	Interface string         // receiving interface
	From      netip.AddrPort // sender
	Data      []byte         // the raw DNS message (do not keep; copy)
}

// EventKind says what happened to an instance.
type EventKind int

const (
	// Found: a new service instance (its PTR record) was seen.
	Found EventKind = iota + 1
	// Updated: more of an instance is known (SRV, TXT, addresses) or it changed.
	Updated
	// Removed: the instance said goodbye (TTL 0) or its record expired.
	Removed
)

func (k EventKind) String() string {
	switch k {
	case Found:
		return "found"
	case Updated:
		return "updated"
	case Removed:
		return "removed"
	}
	return "unknown"
}

// Event is one live change seen during a scan.
type Event struct {
	Kind     EventKind
	At       time.Duration // since scan start
	Instance Instance
}

// Instance is one DNS-SD service instance as resolved so far.
type Instance struct {
	Name      string        // decoded instance label: "Drucker Büro 2. OG"
	Type      string        // "_ipp._tcp"
	Domain    string        // "local"
	Host      string        // SRV target without the final dot: "drucker.local"
	Port      uint16        // SRV port
	TXT       []string      // "key=value" entries in wire order
	IPv4      []netip.Addr  // addresses of Host, sorted
	IPv6      []netip.Addr  // link-local ones carry the interface as zone
	Interface string        // where it was first heard
	From      netip.Addr    // sender of the first record about it
	At        time.Duration // first seen (its PTR record)
	Resolved  time.Duration // when SRV, TXT and an address were all known (0: never)
}

// FullName is the instance's DNS name in presentation form.
func (in Instance) FullName() string {
	return escapeLabel(in.Name) + "." + in.Type + "." + in.Domain + "."
}

// Complete reports whether the instance has a host, port, TXT and address.
func (in Instance) Complete() bool {
	return in.Host != "" && in.TXT != nil && (len(in.IPv4)+len(in.IPv6)) > 0
}

// Result is what a scan found.
type Result struct {
	Started    time.Time
	Duration   time.Duration // wall time of the scan
	Complete   time.Duration // when the last record that changed an instance arrived
	Interfaces []string      // interfaces scanned
	Instances  []Instance    // sorted by type, then name
	Devices    []Device      // instances grouped by host
	Stats      Stats
	Warnings   []string // things that limited the scan (e.g. port 5353 busy)
}

// Stats counts the scan's traffic.
type Stats struct {
	QueriesSent     int
	PacketsReceived int
	PacketsDropped  int // unparseable, dropped because a limit was hit, or by the kernel for want of buffer room (Linux)
	Records         int // records in the cache at the end
	// QueriesRefused counts the times a question was not asked because
	// the host it was about (or the scan) had used up its budget of
	// questions (each planning round counts again).
	QueriesRefused int
	// ForgedGoodbyes counts goodbyes and cache flushes from a sender that
	// never vouched for the record: ignored.
	ForgedGoodbyes int
	EndReason      string
}
