package discovery

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// These tests replay what the hostile LAN of TestLANUnderAttack does into
// the session core, without a network: each reproduces one way the attack
// cost honest hosts their addresses or instances.

func response(t testing.TB, rrs ...dns.RR) []byte {
	t.Helper()
	m := new(dns.Msg)
	m.Response = true
	m.Answer = rrs
	b, err := m.Pack()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var (
	honest4 = netip.MustParseAddrPort("10.0.0.9:5353")
	honest6 = netip.AddrPortFrom(netip.MustParseAddr("fe80::9").WithZone("lan0"), 5353)
	mallory = netip.MustParseAddrPort("10.0.0.66:5353")
)

// honestBox is one instance with its full record set.
func honestBox() []dns.RR {
	return []dns.RR{
		rr(`_ssh._tcp.local. 4500 IN PTR box._ssh._tcp.local.`),
		rr(`box._ssh._tcp.local. 120 IN SRV 0 0 22 box.local.`),
		rr(`box._ssh._tcp.local. 4500 IN TXT ""`),
		rr(`box.local. 120 IN A 10.0.0.9`),
		rr(`box.local. 120 IN AAAA fd00::9`),
	}
}

func newTestSession(t0 time.Time, onEvent func(Event)) *session {
	s := newSession(Options{OnEvent: onEvent}, t0, []string{"lan0"}, true)
	s.begin(t0)
	s.take(t0)
	return s
}

func oneInstance(t *testing.T, s *session) Instance {
	t.Helper()
	ins := s.instances()
	if len(ins) != 1 {
		t.Fatalf("%d instances, want 1: %+v", len(ins), ins)
	}
	return ins[0]
}

// TestSessionForgedGoodbye: a third host's goodbyes (TTL 0, exact data)
// for every record of an honest host, even after repeating those records
// itself, take nothing away; the host's own goodbyes do.
func TestSessionForgedGoodbye(t *testing.T) {
	t0 := time.Unix(5000, 0)
	var removed int
	s := newTestSession(t0, func(e Event) {
		if e.Kind == Removed {
			removed++
		}
	})
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	s.handle(response(t, honestBox()...), honest4, "lan0", at(1))
	s.handle(response(t, honestBox()[:3]...), honest6, "lan0", at(1))
	s.settle(at(1))
	goodbyes := func() []dns.RR {
		var rrs []dns.RR
		for _, r := range honestBox() {
			c := dns.Copy(r)
			c.Header().Ttl = 0
			rrs = append(rrs, c)
		}
		return rrs
	}
	s.handle(response(t, goodbyes()...), mallory, "lan0", at(2))
	// Repeating the records first does not make mallory's goodbye count.
	s.handle(response(t, honestBox()...), mallory, "lan0", at(3))
	s.handle(response(t, goodbyes()...), mallory, "lan0", at(4))
	s.settle(at(4))
	in := oneInstance(t, s)
	if !in.Complete() || len(in.IPv4) != 1 || len(in.IPv6) != 1 || removed != 0 {
		t.Fatalf("after forged goodbyes: %+v, %d removed events", in, removed)
	}
	// The host's own goodbyes, over both families, remove it.
	s.handle(response(t, goodbyes()...), honest4, "lan0", at(5))
	s.handle(response(t, goodbyes()[:3]...), honest6, "lan0", at(5))
	s.settle(at(5))
	if ins := s.instances(); len(ins) != 0 || removed != 1 {
		t.Errorf("after the host's goodbye: %+v, %d removed events", ins, removed)
	}
}

// TestSessionAsksLostFamilyAgain: the reply carrying a host's IPv4 address
// was lost (its IPv6 one came). The host spoke IPv4 to us, so it has an
// IPv4 address: the A question is asked again and the scan waits for it.
func TestSessionAsksLostFamilyAgain(t *testing.T) {
	t0 := time.Unix(6000, 0)
	s := newTestSession(t0, nil)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	box := honestBox()
	s.handle(response(t, box[0], box[1], box[2], box[4]), honest4, "lan0", at(1)) // no A
	s.settle(at(1))
	askedA := func(now time.Time) int {
		n := 0
		for _, q := range s.take(now) {
			if q.qtype == dns.TypeA && q.name == "box.local." {
				n++
			}
		}
		return n
	}
	if askedA(at(1)) == 0 {
		t.Fatal("the missing IPv4 address was not asked for")
	}
	// That answer is lost too: the question is asked again, and the scan
	// does not end in the meantime.
	for ms := 2; ms <= 400; ms++ {
		s.settle(at(ms))
		if s.done(at(ms)) {
			t.Fatalf("scan ended at %d ms without the IPv4 address of a host that spoke IPv4", ms)
		}
		if n := askedA(at(ms)); n > 0 {
			s.handle(response(t, box[3]), honest4, "lan0", at(ms+1))
			s.settle(at(ms + 1))
			if in := oneInstance(t, s); len(in.IPv4) != 1 {
				t.Fatalf("answer to the retry not taken: %+v", in)
			}
			return
		}
	}
	t.Fatal("the missing IPv4 address was asked only once")
}

// TestSessionOptionalFamilyDoesNotHold: a host heard over IPv4 only may
// have no IPv6 address: its AAAA is asked, and asked again, but the scan
// still ends after the quiet window.
func TestSessionOptionalFamilyDoesNotHold(t *testing.T) {
	t0 := time.Unix(7000, 0)
	s := newTestSession(t0, nil)
	box := honestBox()
	t1 := t0.Add(time.Millisecond)
	s.handle(response(t, box[:4]...), honest4, "lan0", t1) // no AAAA
	s.settle(t1)
	qs := s.take(t1)
	aaaa := 0
	for _, q := range qs {
		if q.qtype == dns.TypeAAAA {
			aaaa++
			if !q.optional {
				t.Errorf("AAAA question %+v holds the scan", q)
			}
		}
	}
	if aaaa == 0 {
		t.Error("AAAA not asked for a host with an SRV record")
	}
	// Our queries came back (multicast loopback), nothing else happens.
	s.echoed, s.echoAt = s.lastOneShot, t1
	var end time.Time
	retried := false
	for now := t1; now.Before(t0.Add(2 * time.Second)); now = now.Add(time.Millisecond) {
		s.settle(now)
		for _, q := range s.take(now) {
			retried = retried || q.qtype == dns.TypeAAAA
		}
		if s.done(now) {
			end = now
			break
		}
	}
	if end.IsZero() || end.Sub(t1) > DefaultQuiet+10*time.Millisecond {
		t.Errorf("scan ended %v after the last news, want about the quiet window %v", end.Sub(t1), DefaultQuiet)
	}
	if !retried {
		t.Error("the AAAA question was not asked again before the scan ended")
	}
}

// TestSessionFloodCannotFillCache: 25,000 records for instances nobody
// announced (and addresses for names no SRV points to) are not cached, so
// the honest host's records that come after still are.
func TestSessionFloodCannotFillCache(t *testing.T) {
	t0 := time.Unix(8000, 0)
	s := newTestSession(t0, nil)
	box := honestBox()
	s.handle(response(t, box[0]), honest4, "lan0", t0.Add(time.Millisecond))
	for i := 0; i < 25000; i += 50 {
		var rrs []dns.RR
		for j := i; j < i+50; j++ {
			rrs = append(rrs,
				rr(fmt.Sprintf(`junk%d._flood._tcp.local. 120 IN SRV 0 0 80 junk%d.local.`, j, j)),
				rr(fmt.Sprintf(`junkhost%d.local. 120 IN A 10.1.%d.%d`, j, j/250, j%250)))
		}
		s.handle(response(t, rrs...), mallory, "lan0", t0.Add(2*time.Millisecond))
	}
	t3 := t0.Add(3 * time.Millisecond)
	s.handle(response(t, box[1:]...), honest4, "lan0", t3)
	s.settle(t3)
	if in := oneInstance(t, s); !in.Complete() || len(in.IPv4) != 1 || len(in.IPv6) != 1 {
		t.Errorf("honest instance after the flood: %+v (cache holds %d records, dropped %d)", in, s.cache.count, s.cache.dropped)
	}
}

// TestInboxServesSendersInTurn: a sender flooding the inbox fills only
// its own queue; a packet from a quiet host is kept and served next.
func TestInboxServesSendersInTurn(t *testing.T) {
	in := newInbox()
	for i := 0; i < 5000; i++ {
		in.put(inPacket{data: []byte{byte(i)}, from: mallory})
	}
	in.put(inPacket{data: []byte("honest"), from: honest4})
	if d := in.dropped.Load(); d != 5000-perSender {
		t.Errorf("dropped %d, want %d (the flood beyond its own queue)", d, 5000-perSender)
	}
	got := -1
	for i := 0; i < 4; i++ {
		p, ok := in.get()
		if !ok {
			t.Fatal("inbox empty")
		}
		if p.from == honest4 {
			got = i
			break
		}
	}
	if got < 0 {
		t.Error("the honest packet waited behind the flood")
	}
	n := 0
	for _, ok := in.get(); ok; _, ok = in.get() {
		n++
	}
	if want := perSender - 1; n < want-2 || n > want {
		t.Errorf("%d flood packets left, want about %d", n, want)
	}
}

// TestCacheFairShare: one sender filled the whole cache; a host that comes
// later still gets its records in, at the flooder's expense.
func TestCacheFairShare(t *testing.T) {
	c := newCache()
	t0 := time.Unix(9000, 0)
	for i := 0; c.count < maxRecords; i++ {
		c.put(rr(fmt.Sprintf(`junk%d._flood._tcp.local. 120 IN TXT "n=%d"`, i, i)), t0, "lan0", mallory.Addr())
	}
	for _, r := range honestBox() {
		if added, _ := c.put(r, t0, "lan0", honest4.Addr()); !added {
			t.Errorf("%v not cached beside a flood that filled the cache", r)
		}
	}
	if c.count > maxRecords || c.owners[mallory.Addr()].n != maxRecords-len(honestBox()) || len(c.evicted) != len(honestBox()) {
		t.Errorf("count %d, flooder holds %d, %d evicted", c.count, c.owners[mallory.Addr()].n, len(c.evicted))
	}
	// Two senders with equal shares do not evict each other.
	if added, _ := c.put(rr(`other._flood._tcp.local. 120 IN TXT "x"`), t0, "lan0", honest4.Addr()); !added {
		t.Error("the honest host's sixth record was refused although it holds far fewer")
	}
}

// TestSessionInstanceCapSharedFairly: twenty flooding addresses claim
// 256 instances each, more than the scan tracks in all; an honest host that
// answers afterwards is still tracked and resolved.
func TestSessionInstanceCapSharedFairly(t *testing.T) {
	t0 := time.Unix(10000, 0)
	s := newTestSession(t0, nil)
	t1 := t0.Add(time.Millisecond)
	for a := 0; a < 20; a++ {
		from := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 0, 1, byte(a)}), 5353)
		for i := 0; i < maxInstsPerHost; i += 64 {
			var rrs []dns.RR
			for j := i; j < i+64; j++ {
				rrs = append(rrs, rr(fmt.Sprintf(`_flood._tcp.local. 120 IN PTR junk%d-%d._flood._tcp.local.`, a, j)))
			}
			s.handle(response(t, rrs...), from, "lan0", t1)
		}
	}
	if len(s.insts) != maxInstances {
		t.Fatalf("%d instances tracked, want the cap %d", len(s.insts), maxInstances)
	}
	t2 := t0.Add(2 * time.Millisecond)
	s.handle(response(t, honestBox()...), honest4, "lan0", t2)
	s.settle(t2)
	found := false
	for _, in := range s.instances() {
		if in.Name == "box" && in.Complete() && len(in.IPv4) == 1 {
			found = true
		}
	}
	if !found || len(s.insts) > maxInstances {
		t.Errorf("honest instance tracked: %v; %d instances tracked (cap %d)", found, len(s.insts), maxInstances)
	}
}

// TestInboxManyFlooders: enough flooding addresses to fill the whole inbox
// with full queues; a quiet host's packet still gets in, at the expense of
// the longest queue.
func TestInboxManyFlooders(t *testing.T) {
	in := newInbox()
	for a := 0; a < inboxSize/perSender+2; a++ {
		from := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 0, 1, byte(a)}), 5353)
		for i := 0; i < perSender; i++ {
			in.put(inPacket{from: from})
		}
	}
	in.put(inPacket{data: []byte("honest"), from: honest4})
	if in.total > inboxSize {
		t.Errorf("%d packets waiting, bound %d", in.total, inboxSize)
	}
	for p, ok := in.get(); ok; p, ok = in.get() {
		if p.from == honest4 {
			return
		}
	}
	t.Error("the honest packet was dropped: the flooders' queues filled the inbox")
}

// TestQuietWaitsForFirstReply: our queries came back (our receive path is
// not behind) but no host has answered yet: the flood may be holding the
// kernel's path from the network. The scan does not take that for a
// quiet network before firstReplyWait; the first reply starts the usual
// window.
func TestQuietWaitsForFirstReply(t *testing.T) {
	t0 := time.Unix(11000, 0)
	s := newTestSession(t0, nil)
	s.echoed, s.echoAt = s.lastOneShot, t0.Add(time.Millisecond)
	s.settle(t0.Add(time.Millisecond))
	if s.done(t0.Add(3 * DefaultQuiet)) {
		t.Fatal("scan ended by quiet before any host answered")
	}
	if !s.done(t0.Add(firstReplyWait)) {
		t.Error("an empty network held the scan past firstReplyWait")
	}
	s2 := newTestSession(t0, nil)
	s2.echoed, s2.echoAt = s2.lastOneShot, t0.Add(time.Millisecond)
	t1 := t0.Add(400 * time.Millisecond)
	s2.handle(response(t, honestBox()...), honest4, "lan0", t1)
	s2.settle(t1)
	if !s2.done(t1.Add(DefaultQuiet)) {
		t.Error("not quiet a window after the first reply")
	}
}

// TestSessionWaitsLongerWhenLossy: once packets were dropped on our side,
// the IPv4 address of a host that spoke IPv4 is waited for past
// resolveGiveUp, up to lossyGiveUp, and asked again every lossyRound.
func TestSessionWaitsLongerWhenLossy(t *testing.T) {
	t0 := time.Unix(12000, 0)
	s := newTestSession(t0, nil)
	s.lossy = true
	box := honestBox()
	t1 := t0.Add(time.Millisecond)
	s.handle(response(t, box[0], box[1], box[2], box[4]), honest4, "lan0", t1) // no A
	s.echoed, s.echoAt = s.lastOneShot, t1
	asked := 0 // times the A was asked (one-shot, multicast or both)
	var end time.Time
	for now := t1; now.Before(t0.Add(5 * time.Second)); now = now.Add(10 * time.Millisecond) {
		s.settle(now)
		for _, q := range s.take(now) {
			if q.qtype == dns.TypeA {
				asked++
				break
			}
		}
		if s.done(now) {
			end = now
			break
		}
	}
	if end.Sub(t1) < lossyGiveUp || lossyGiveUp < 2*resolveGiveUp {
		t.Errorf("scan ended %v after the news; want the A held %v", end.Sub(t1), lossyGiveUp)
	}
	// Answers are being lost: the honest host's A is asked every round
	// while held, not on the lossless back-off (6 times in 3 s).
	if want := int(lossyGiveUp / lossyRound); asked < want {
		t.Errorf("the A was asked %d times in %v, want at least %d", asked, lossyGiveUp, want)
	}
}

// TestSessionAsksAgainWhenLossy: once packets were dropped on our side,
// a type a host named but whose instances never came is asked again every
// lossyRound by one-shot, without known answers (avahi ignores a one-shot
// query that carries any), and so is the type list; a flooder that used up
// its budget gets no questions about its types; and the scan ends only
// lossyQuiet after the last news, however often it asks meanwhile.
func TestSessionAsksAgainWhenLossy(t *testing.T) {
	t0 := time.Unix(13000, 0)
	s := newTestSession(t0, nil)
	s.lossy = true
	t1 := t0.Add(time.Millisecond)
	s.echoed, s.echoAt = s.lastOneShot, t1
	// The honest host names _ssh (its instance's reply is lost); mallory
	// names _junk and floods it past its budget.
	s.handle(response(t, rr(`_services._dns-sd._udp.local. 4500 IN PTR _ssh._tcp.local.`)), honest4, "lan0", t1)
	s.handle(response(t, rr(`_services._dns-sd._udp.local. 4500 IN PTR _junk._tcp.local.`)), mallory, "lan0", t1)
	var flood []dns.RR
	for i := 0; i <= maxInstsPerHost; i++ {
		flood = append(flood, rr(fmt.Sprintf(`_junk._tcp.local. 4500 IN PTR j%d._junk._tcp.local.`, i)))
	}
	s.handle(response(t, flood...), mallory, "lan0", t1)
	s.settle(t1)
	s.take(t1)

	oneShots := map[string]int{}
	var end time.Time
	for now := t1; now.Before(t0.Add(10 * time.Second)); now = now.Add(10 * time.Millisecond) {
		s.settle(now)
		for _, q := range s.take(now) {
			if q.qtype == dns.TypePTR && !q.multicast {
				oneShots[q.name]++
				if len(q.known) > 0 {
					t.Errorf("one-shot question for %s carries %d known answers", q.name, len(q.known))
				}
			}
		}
		if end.IsZero() && s.done(now) {
			end = now
			break
		}
	}
	rounds := int(lossyQuiet / lossyRound)
	if oneShots["_ssh._tcp.local."] < rounds-1 || oneShots[metaQuery] < rounds-1 {
		t.Errorf("asked _ssh %d and the type list %d times by one-shot, want about %d each", oneShots["_ssh._tcp.local."], oneShots[metaQuery], rounds)
	}
	if n := oneShots["_junk._tcp.local."]; n > 0 {
		t.Errorf("asked the flooder's type %d times", n)
	}
	if end.IsZero() || end.Sub(t1) < lossyQuiet {
		t.Errorf("scan ended %v after the last news, want at least %v", end.Sub(t1), lossyQuiet)
	}
}
