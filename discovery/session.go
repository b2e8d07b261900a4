package discovery

import (
	"net/netip"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// metaQuery lists every service type on the link (RFC 6763 section 9).
const metaQuery = "_services._dns-sd._udp.local."

const (
	// resolveRetry is the first wait before asking again for a missing
	// SRV, TXT or address; each later retry waits twice as long.
	resolveRetry = 150 * time.Millisecond
	// resolveGiveUp is how long a question we need answered keeps the scan
	// alive. A host that announces but never answers cannot hold a scan
	// longer than this.
	resolveGiveUp = time.Second
	// lossyGiveUp replaces resolveGiveUp once packets were dropped on our
	// side (a flood): the answers may have been among them, so what we
	// know exists is waited for longer.
	lossyGiveUp = 3 * time.Second
	// lossyRound spaces the rounds of one-shot questions a lossy scan
	// sends for every type a host has (see askAgainAfterLoss), and
	// lossyQuiet is how long such a scan must go without news before it
	// may end: lossyQuiet/lossyRound chances for each lost answer.
	lossyRound = 250 * time.Millisecond
	lossyQuiet = 2 * time.Second
	// bigReply: a legacy unicast reply this large may have been cut at
	// the 512-byte limit (avahi silently drops records that do not fit),
	// so the question is asked again by multicast, which has no such cap.
	bigReply = 400
	// firstRequery and maxRequery: RFC 6762 section 5.2, the interval
	// between repeated queries starts at one second and doubles.
	firstRequery = time.Second
	maxRequery   = time.Hour
	// maxQuiet caps how far slow replies can stretch the quiet window.
	maxQuiet = 750 * time.Millisecond
	// expireEvery spaces cache expiry sweeps.
	expireEvery = 100 * time.Millisecond
)

// question is one query the session wants sent.
type question struct {
	name      string // presentation form
	qtype     uint16
	ifname    string // "" for every interface
	multicast bool   // QM from port 5353 (with known answers) instead of a one-shot query
	qu        bool   // unicast-response bit
	known     []dns.RR
	id        uint16 // message ID of a one-shot question (set by take)
	// optional: the scan does not wait for the answer (an address family
	// the host may not have), so sending it does not postpone the quiet end.
	optional bool
}

type askKey struct {
	name   string // lower case
	qtype  uint16
	ifname string
}

type askState struct {
	first, last time.Time
	n           int
}

type typeState struct {
	name      string    // "_ipp._tcp.local."
	found     time.Time // learned from the meta-query (zero: built-in)
	requeryAt time.Time
	interval  time.Duration
	bigSent   bool
}

// hostBudget counts what one sender has made us track and ask. Real hosts
// stay far below the caps; a hostile one hits them and is ignored beyond,
// so its flood cannot use up what the other hosts need.
type hostBudget struct {
	types, insts, asks int
	keys               []string // the instances it made us track, in order
}

const (
	maxTypesPerHost = 128
	maxInstsPerHost = 256
	// maxAsksPerHost bounds the questions asked about one sender's
	// instances (SRV, TXT and both address families of each): enough for
	// 32 instances whose replies carried none of them. Real responders
	// send these records with the instance, so a host rarely asks any;
	// a flooding sender's instances cost us at most this many.
	maxAsksPerHost = 128
	// maxAsks bounds every question asked in a scan.
	maxAsks = 16 * maxInstances
)

func (s *session) budget(from netip.Addr) *hostBudget {
	b := s.perHost[from]
	if b == nil {
		if len(s.perHost) >= maxInstances {
			return &hostBudget{types: maxTypesPerHost, insts: maxInstsPerHost, asks: maxAsksPerHost}
		}
		b = &hostBudget{}
		s.perHost[from] = b
	}
	return b
}

type instState struct {
	key       string // lower-case full name
	name      string // full name as received
	sn        ServiceName
	ptrOwners map[string]bool // lower-case owners of PTRs pointing here
	seen      time.Time
	view      Instance
	present   bool
	ever      bool
}

// session is the protocol state of one scan: the cache, what was asked,
// what is still missing. It does no I/O, so it can be driven by recorded
// packets in tests and by the fuzzer.
type session struct {
	opts     Options
	start    time.Time
	has5353  bool
	ifnames  []string
	cache    *cache
	types    map[string]*typeState
	insts    map[string]*instState
	asked    map[askKey]*askState
	queue    []question
	dirty    map[string]bool // instance keys
	hostDrt  map[string]bool // lower-case host names whose addresses changed
	targets  map[string]bool // lower-case SRV targets of tracked instances
	typeDrt  bool
	sentAt   map[nameType]time.Time
	perHost  map[netip.Addr]*hostBudget
	lastNews time.Time
	// floodless: the last news from a sender that is no flood (hasRoom);
	// a lossy scan waits lossyQuiet after it, not after a flood's news.
	floodless time.Time
	lastSend  time.Time
	complete  time.Duration
	maxLat    time.Duration
	nextExp   time.Time
	// One-shot questions go to the multicast group, so our own port 5353
	// listener hears each of them (multicast loopback). Until the latest
	// one has come back, our receive path is behind (a starved process)
	// and silence proves nothing: the quiet window waits for it.
	nextID      uint16
	lastOneShot uint16
	lastOneAt   time.Time
	echoed      uint16
	echoAt      time.Time
	// heard: a response from any host has come in. Until then silence
	// may be the network's path to us being behind (a flood saturating
	// the kernel), so the quiet window waits up to firstReplyWait.
	heard bool
	// lossy: received packets were dropped for want of room (set by the
	// scan loop). Silence then proves little: held questions wait
	// lossyGiveUp, types are asked again every lossyRound, and the scan
	// ends only after lossyQuiet without news.
	lossy     bool
	nextRound time.Time
	// outstanding and nextRetry are recomputed by settle.
	outstanding int
	nextRetry   time.Time
	stats       Stats
	emit        func(Event)
}

func newSession(opts Options, start time.Time, ifnames []string, has5353 bool) *session {
	s := &session{
		opts: opts, start: start, has5353: has5353, ifnames: ifnames,
		cache: newCache(), types: map[string]*typeState{}, insts: map[string]*instState{},
		asked: map[askKey]*askState{}, dirty: map[string]bool{}, hostDrt: map[string]bool{},
		sentAt: map[nameType]time.Time{}, lastNews: start, floodless: start, emit: opts.OnEvent,
		perHost: map[netip.Addr]*hostBudget{}, targets: map[string]bool{},
	}
	if s.opts.Quiet == 0 {
		s.opts.Quiet = DefaultQuiet
	}
	return s
}

// begin queues the first burst: the meta-query and every known type, one
// question per packet so that each one-shot reply has its own 512 bytes.
func (s *session) begin(now time.Time) {
	s.addType(metaQuery, time.Time{}, now)
	if s.has5353 {
		// Also once by multicast from port 5353, for responders that
		// ignore one-shot queries: their answer comes within the quiet
		// window (20-120 ms), and what they name is then browsed.
		s.queue = append(s.queue, question{name: metaQuery, qtype: dns.TypePTR, multicast: true})
	}
	for _, t := range wellKnownTypes {
		s.addType(t+".local.", time.Time{}, now)
	}
	for _, t := range s.opts.Types {
		t = strings.TrimSuffix(strings.TrimSpace(t), ".")
		if typ, dom, ok := ParseServiceType(t); ok {
			s.addType(typ+"."+dom+".", time.Time{}, now)
		}
	}
}

// addType starts browsing a service type (or the meta-query).
func (s *session) addType(name string, found, now time.Time) {
	k := strings.ToLower(name)
	if _, ok := s.types[k]; ok || len(s.types) >= maxTypes {
		return
	}
	s.types[k] = &typeState{name: name, found: found, requeryAt: now.Add(firstRequery), interval: firstRequery}
	s.queue = append(s.queue, question{name: name, qtype: dns.TypePTR, qu: true})
	s.sentAt[nameType{k, dns.TypePTR}] = now
	s.asked[askKey{k, dns.TypePTR, ""}] = &askState{first: now, last: now, n: 1}
}

// evictInstanceFor makes room for an instance from the sender whose
// budget is b when every instance slot is taken: the sender tracking the
// most instances, if it has more than b's, loses its latest. A flood from
// many addresses cannot keep the hosts that answer after it out.
func (s *session) evictInstanceFor(b *hostBudget, now time.Time) bool {
	var big *hostBudget
	for _, o := range s.perHost {
		if big == nil || o.insts > big.insts {
			big = o
		}
	}
	if big == nil || big.insts <= b.insts+1 || len(big.keys) == 0 {
		return false
	}
	key := big.keys[len(big.keys)-1]
	big.keys = big.keys[:len(big.keys)-1]
	big.insts--
	if st := s.insts[key]; st != nil {
		delete(s.insts, key)
		delete(s.dirty, key)
		if st.present {
			s.send(Event{Kind: Removed, At: s.since(now), Instance: st.view})
		}
	}
	return true
}

func (s *session) since(now time.Time) time.Duration { return now.Sub(s.start) }

// handle takes one received packet into the cache.
func (s *session) handle(data []byte, from netip.AddrPort, ifname string, now time.Time) {
	s.stats.PacketsReceived++
	var m dns.Msg
	if err := m.Unpack(data); err != nil || m.Opcode != dns.OpcodeQuery {
		s.stats.PacketsDropped++
		return
	}
	if m.Response {
		s.heard = true
	} else {
		// A query: ours looped back (an echo), or another host's.
		if m.Id != 0 && s.lastOneShot != 0 && int16(m.Id-s.echoed) > 0 && int16(s.lastOneShot-m.Id) >= 0 {
			s.echoed, s.echoAt = m.Id, now
		}
		return
	}
	// One-shot (legacy unicast) replies repeat our question; the delay
	// since we asked stretches the quiet window on a slow network.
	for _, q := range m.Question {
		k := nameType{strings.ToLower(q.Name), q.Qtype}
		if t, ok := s.sentAt[k]; ok {
			if lat := now.Sub(t); lat > s.maxLat {
				s.maxLat = lat
			}
		}
		if len(data) >= bigReply && q.Qtype == dns.TypePTR {
			if ts := s.types[k.name]; ts != nil && !ts.bigSent && s.has5353 {
				ts.bigSent = true
				s.queue = append(s.queue, question{name: ts.name, qtype: dns.TypePTR, ifname: ifname, multicast: true, known: s.knownAnswers(k.name, now)})
			}
		}
	}
	// Records are taken in dependency order whatever their order in the
	// packet: pointers (which make an instance tracked), then SRV and TXT
	// (kept only for tracked instances), then addresses (kept only for
	// their targets).
	for pass := range 3 {
		for _, sec := range [][]dns.RR{m.Answer, m.Ns, m.Extra} {
			for _, rr := range sec {
				if recordPass(rr) == pass {
					s.record(rr, from.Addr(), ifname, now)
				}
			}
		}
	}
}

// recordPass is the pass of handle that takes rr.
func recordPass(rr dns.RR) int {
	switch rr.(type) {
	case *dns.PTR:
		return 0
	case *dns.SRV, *dns.TXT:
		return 1
	}
	return 2
}

// record takes one resource record into the cache and marks what it touches.
func (s *session) record(rr dns.RR, from netip.Addr, ifname string, now time.Time) {
	h := rr.Header()
	if c := h.Class & classMask; c != dns.ClassINET && c != dns.ClassANY {
		return
	}
	owner := strings.ToLower(h.Name)
	var inst string // instance key this record belongs to
	switch r := rr.(type) {
	case *dns.PTR:
		if owner == metaQuery {
			if h.Ttl > 0 {
				if typ, dom, ok := ParseServiceType(r.Ptr); ok {
					k := strings.ToLower(typ + "." + dom + ".")
					if ts := s.types[k]; ts == nil {
						b := s.budget(from.WithZone(""))
						if b.types >= maxTypesPerHost {
							return
						}
						b.types++
						s.addType(typ+"."+dom+".", now, now)
					} else if ts.found.IsZero() {
						ts.found = now // a built-in type someone has: wait for it
					}
				}
			}
		} else if _, _, ok := ParseServiceType(h.Name); ok {
			sn, ok := ParseServiceName(r.Ptr)
			if !ok {
				return
			}
			inst = strings.ToLower(r.Ptr)
			st := s.insts[inst]
			if st == nil {
				if h.Ttl == 0 {
					return
				}
				b := s.budget(from.WithZone(""))
				if b.insts >= maxInstsPerHost {
					return
				}
				if len(s.insts) >= maxInstances && !s.evictInstanceFor(b, now) {
					return
				}
				b.insts++
				b.keys = append(b.keys, inst)
				st = &instState{key: inst, name: r.Ptr, sn: sn, ptrOwners: map[string]bool{}, seen: now}
				st.view.Interface, st.view.From = ifname, from
				s.insts[inst] = st
			}
			st.ptrOwners[owner] = true
		} else {
			return // reverse-mapping and other PTRs are not ours
		}
	case *dns.SRV:
		// Records of instances we do not track (a flood beyond its
		// budget) would only fill the cache that honest hosts need.
		if s.insts[owner] == nil {
			return
		}
		inst = owner
		target := strings.ToLower(r.Target)
		s.hostDrt[target] = true
		if h.Ttl > 0 && len(s.targets) < maxRecords {
			s.targets[target] = true
		}
	case *dns.TXT:
		if s.insts[owner] == nil {
			return
		}
		inst = owner
	case *dns.A, *dns.AAAA:
		if !s.targets[owner] {
			return
		}
		s.hostDrt[owner] = true
	default:
		return
	}
	added, removed := s.cache.put(rr, now, ifname, from)
	if added || removed {
		s.lastNews = now
		if s.hasRoom(from) {
			s.floodless = now
		}
		if owner == metaQuery {
			s.typeDrt = true
		}
	}
	if inst != "" {
		s.dirty[inst] = true
	}
}

// knownAnswers lists the PTR records we hold for a browse question whose
// remaining TTL is above half (RFC 6762 section 7.1), so responders skip them.
func (s *session) knownAnswers(name string, now time.Time) []dns.RR {
	var rrs []dns.RR
	for _, e := range s.cache.get(name, dns.TypePTR) {
		left := e.expires.Sub(now)
		if left > time.Duration(e.ttl)*time.Second/2 {
			c := dns.Copy(e.rr)
			c.Header().Ttl = uint32(left / time.Second)
			c.Header().Class = dns.ClassINET
			rrs = append(rrs, c)
			if len(rrs) >= 40 { // keep the query within one packet
				break
			}
		}
	}
	return rrs
}

// settle runs after a batch of packets (or a timer): it expires records,
// publishes changed instances as events and plans the next questions.
func (s *session) settle(now time.Time) {
	var gone []nameType
	if now.After(s.nextExp) {
		s.nextExp = now.Add(expireEvery)
		gone = s.cache.expire(now)
	}
	if len(s.cache.evicted) > 0 {
		gone = append(gone, s.cache.evicted...)
		s.cache.evicted = s.cache.evicted[:0]
	}
	if len(gone) > 0 {
		seen := make(map[nameType]bool, len(gone))
		for _, k := range gone {
			if seen[k] {
				continue
			}
			seen[k] = true
			switch k.typ {
			case dns.TypePTR:
				for _, st := range s.insts {
					if st.ptrOwners[k.name] {
						s.dirty[st.key] = true
					}
				}
			case dns.TypeSRV, dns.TypeTXT:
				s.dirty[k.name] = true
			case dns.TypeA, dns.TypeAAAA:
				s.hostDrt[k.name] = true
			}
		}
	}
	if len(s.hostDrt) > 0 {
		for _, st := range s.insts {
			if st.view.Host != "" && s.hostDrt[strings.ToLower(st.view.Host)+"."] {
				s.dirty[st.key] = true
			}
			for _, e := range s.cache.get(st.key, dns.TypeSRV) {
				if s.hostDrt[strings.ToLower(e.rr.(*dns.SRV).Target)] {
					s.dirty[st.key] = true
				}
			}
		}
		clear(s.hostDrt)
	}
	keys := make([]string, 0, len(s.dirty))
	for k := range s.dirty {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	clear(s.dirty)
	for _, k := range keys {
		if st := s.insts[k]; st != nil {
			s.update(st, now)
		}
	}
	s.plan(now)
}

// update recomputes one instance's view and emits what changed.
func (s *session) update(st *instState, now time.Time) {
	present := false
	for owner := range st.ptrOwners {
		if _, ok := s.cache.get(owner, dns.TypePTR)[st.key]; ok {
			present = true
			break
		}
	}
	at := s.since(now)
	if !present {
		if st.present {
			st.present = false
			s.news(st, now)
			s.send(Event{Kind: Removed, At: at, Instance: st.view})
		}
		return
	}
	v := s.view(st)
	if !st.ever {
		v.At = at
	}
	if v.Complete() && st.view.Resolved == 0 {
		v.Resolved = at
	}
	kind := Updated
	if !st.present {
		kind = Found
	}
	changed := kind == Found || !sameInstance(v, st.view)
	st.view, st.present, st.ever = v, true, true
	if changed {
		s.news(st, now)
		s.send(Event{Kind: kind, At: at, Instance: v})
	}
}

// news records that an instance changed now.
func (s *session) news(st *instState, now time.Time) {
	s.lastNews, s.complete = now, s.since(now)
	if s.hasRoom(st.view.From) {
		s.floodless = now
	}
}

func (s *session) send(e Event) {
	if s.emit != nil {
		s.emit(e)
	}
}

// view builds an Instance from the cache.
func (s *session) view(st *instState) Instance {
	v := Instance{Name: st.sn.Instance, Type: st.sn.Type, Domain: st.sn.Domain,
		Interface: st.view.Interface, From: st.view.From, At: st.view.At, Resolved: st.view.Resolved}
	var best *dns.SRV
	if e := s.bestSRV(st.key); e != nil {
		best = e.rr.(*dns.SRV)
	}
	var txt *cacheEntry
	for _, e := range s.cache.get(st.key, dns.TypeTXT) {
		if txt == nil || e.seen.After(txt.seen) {
			txt = e
		}
	}
	if txt != nil {
		v.TXT = DecodeTXT(txt.rr.(*dns.TXT).Txt)
	}
	if best == nil {
		return v
	}
	v.Host, v.Port = HostName(best.Target), best.Port
	for _, e := range s.cache.get(best.Target, dns.TypeA) {
		if a, ok := netip.AddrFromSlice(e.rr.(*dns.A).A.To4()); ok {
			v.IPv4 = append(v.IPv4, a)
		}
	}
	for _, e := range s.cache.get(best.Target, dns.TypeAAAA) {
		if a, ok := netip.AddrFromSlice(e.rr.(*dns.AAAA).AAAA.To16()); ok {
			if a.Is4In6() {
				continue
			}
			if a.IsLinkLocalUnicast() && e.ifname != "" {
				a = a.WithZone(e.ifname)
			}
			v.IPv6 = append(v.IPv6, a)
		}
	}
	slices.SortFunc(v.IPv4, netip.Addr.Compare)
	slices.SortFunc(v.IPv6, netip.Addr.Compare)
	return v
}

// bestSRV is the SRV record an instance's view uses: lowest priority,
// then highest weight, then first target.
func (s *session) bestSRV(key string) *cacheEntry {
	var best *cacheEntry
	for _, e := range s.cache.get(key, dns.TypeSRV) {
		r := e.rr.(*dns.SRV)
		if best == nil {
			best = e
			continue
		}
		b := best.rr.(*dns.SRV)
		if r.Priority < b.Priority || (r.Priority == b.Priority && (r.Weight > b.Weight || (r.Weight == b.Weight && r.Target < b.Target))) {
			best = e
		}
	}
	return best
}

func sameInstance(a, b Instance) bool {
	return a.Name == b.Name && a.Type == b.Type && a.Host == b.Host && a.Port == b.Port &&
		slices.Equal(a.TXT, b.TXT) && (a.TXT == nil) == (b.TXT == nil) &&
		slices.Equal(a.IPv4, b.IPv4) && slices.Equal(a.IPv6, b.IPv6)
}

// plan decides which questions to send now: what answers left out, retries
// of what is still missing, and the periodic re-queries of every type.
func (s *session) plan(now time.Time) {
	s.outstanding = 0
	s.nextRetry = time.Time{}
	for _, ts := range s.types {
		k := strings.ToLower(ts.name)
		if !ts.found.IsZero() && len(s.cache.get(k, dns.TypePTR)) == 0 && !s.everBrowsed(k) {
			// Someone said this type exists: wait for its instances.
			s.need(ts.name, dns.TypePTR, "", now, true, netip.Addr{})
		}
		if !now.Before(ts.requeryAt) {
			s.queue = append(s.queue, question{name: ts.name, qtype: dns.TypePTR, multicast: s.has5353, known: s.knownAnswers(k, now)})
			s.sentAt[nameType{k, dns.TypePTR}] = now
			ts.interval = min(ts.interval*2, maxRequery)
			ts.requeryAt = now.Add(ts.interval)
		}
		s.wakeAt(ts.requeryAt)
	}
	if s.lossy && now.Sub(s.floodless) < lossyQuiet {
		if !now.Before(s.nextRound) {
			s.nextRound = now.Add(lossyRound)
			s.askAgainAfterLoss(now)
		}
		s.wakeAt(s.nextRound)
	}
	for _, st := range s.insts {
		if !st.present {
			continue
		}
		v := st.view
		b := v.From.WithZone("") // whose budget pays for the questions
		if v.Host == "" {
			s.need(st.name, dns.TypeSRV, v.Interface, now, true, b)
		}
		if v.TXT == nil {
			s.need(st.name, dns.TypeTXT, v.Interface, now, true, b)
		}
		if v.Host == "" {
			continue
		}
		srv := s.bestSRV(st.key)
		if srv == nil {
			continue
		}
		target := srv.rr.(*dns.SRV).Target
		var spoke4, spoke6 bool // the host answered us over IPv4, IPv6
		for _, a := range srv.senders {
			spoke4 = spoke4 || a.Is4()
			spoke6 = spoke6 || a.Is6()
		}
		s.refresh(st.key, dns.TypeSRV, v.Interface, now)
		s.refresh(st.key, dns.TypeTXT, v.Interface, now)
		s.refresh(target, dns.TypeA, v.Interface, now)
		s.refresh(target, dns.TypeAAAA, v.Interface, now)
		// Both families are asked for every target, and asked again
		// while missing (an answer may be lost in a flood). The scan
		// waits for an address when it has none, and for a family the
		// host itself spoke to us: it has an address of that family. A
		// family it may not have does not hold the scan.
		none := len(v.IPv4) == 0 && len(v.IPv6) == 0
		if len(v.IPv4) == 0 && !s.opts.NoIPv4 {
			s.need(target, dns.TypeA, v.Interface, now, none || spoke4, b)
		}
		if len(v.IPv6) == 0 && !s.opts.NoIPv6 {
			s.need(target, dns.TypeAAAA, v.Interface, now, none || spoke6, b)
		}
	}
}

// askAgainAfterLoss asks by one-shot (answered at once by unicast, past
// responders' one-a-second limit on multicast answers) for the type list
// and every type a host named or has an instance of: an instance whose
// every reply was lost so far gets another chance each round. No known
// answers: avahi ignores a one-shot query that carries any. A host that
// has used up its budget (a flood) gets no more questions about its types.
func (s *session) askAgainAfterLoss(now time.Time) {
	has := map[string]bool{metaQuery: true}
	for k, e := range s.cache.get(metaQuery, dns.TypePTR) {
		if slices.ContainsFunc(e.senders, s.hasRoom) {
			has[k] = true
		}
	}
	for _, st := range s.insts {
		if st.present && s.hasRoom(st.view.From) {
			for k := range st.ptrOwners {
				has[k] = true
			}
		}
	}
	keys := make([]string, 0, len(has))
	for k := range has {
		if s.types[k] != nil {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		s.ask(question{name: s.types[k].name, qtype: dns.TypePTR, qu: true, optional: true}, now)
	}
}

// hasRoom: the sender a has not used up its instance budget (a flood has).
func (s *session) hasRoom(a netip.Addr) bool {
	b := s.perHost[a.WithZone("")]
	return b == nil || b.insts < maxInstsPerHost
}

// refresh asks again for records of a live instance that reached 80% of
// their TTL (one-shot replies carry TTLs of only 10 s), so that a long
// scan keeps them instead of seeing them expire.
func (s *session) refresh(name string, qtype uint16, ifname string, now time.Time) {
	var due, next time.Time
	for _, e := range s.cache.get(name, qtype) {
		if e.refreshed {
			continue
		}
		if at := e.refreshAt(); !now.Before(at) {
			e.refreshed = true
			due = at
		} else if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	if !due.IsZero() {
		s.ask(question{name: name, qtype: qtype, ifname: ifname, multicast: s.has5353}, now)
	}
	s.wakeAt(next)
}

// everBrowsed: any instance of this type was seen in this scan.
func (s *session) everBrowsed(typeKey string) bool {
	for _, st := range s.insts {
		if st.ptrOwners[typeKey] {
			return true
		}
	}
	return false
}

func (s *session) wakeAt(t time.Time) {
	if !t.IsZero() && (s.nextRetry.IsZero() || t.Before(s.nextRetry)) {
		s.nextRetry = t
	}
}

// need asks a question, retrying with back-off until resolveGiveUp after
// the first ask. With hold the scan waits for the answer meanwhile.
// Retries also go out by multicast, which carries records too large for a
// one-shot reply. payer is the host whose budget pays for a new question
// (invalid: none); a question it cannot pay for is not asked.
func (s *session) need(name string, qtype uint16, ifname string, now time.Time, hold bool, payer netip.Addr) {
	k := askKey{strings.ToLower(name), qtype, ifname}
	a := s.asked[k]
	if a == nil {
		var b *hostBudget
		if payer.IsValid() {
			b = s.budget(payer)
		}
		if len(s.asked) >= maxAsks || (b != nil && b.asks >= maxAsksPerHost) {
			s.stats.QueriesRefused++
			return
		}
		if b != nil {
			b.asks++
		}
		a = &askState{first: now, last: now, n: 1}
		s.asked[k] = a
		s.ask(question{name: name, qtype: qtype, ifname: ifname, qu: true, optional: !hold}, now)
		if s.has5353 && qtype != dns.TypePTR {
			// SRV, TXT and addresses are unique records, answered by
			// multicast without delay and without the 512-byte cap that
			// drops a large TXT from a one-shot reply.
			// QU: a responder that multicast the record less than a second
			// ago (to another querier) answers us by unicast instead of
			// staying silent.
			s.ask(question{name: name, qtype: qtype, ifname: ifname, multicast: true, qu: true, optional: !hold}, now)
		}
	}
	// Answers are being lost (ours or the responder's): a question about
	// a host that is no flood is waited for longer and asked every round.
	// A flood's questions are not worth either.
	pressing := s.lossy && (!payer.IsValid() || s.hasRoom(payer))
	giveUp := resolveGiveUp
	if pressing {
		giveUp = lossyGiveUp
	}
	if now.Sub(a.first) >= giveUp {
		// No longer worth waiting for; but while the scan runs anyway
		// (a flood, a long watch) the question is still asked now and
		// then: its answers may have been lost among the flood's.
		hold = false
	}
	if hold {
		s.outstanding++
	}
	gap := retryGap(a.n)
	if pressing {
		gap = min(gap, lossyRound)
	}
	if !now.Before(a.last.Add(gap)) {
		a.last, a.n = now, a.n+1
		if s.has5353 {
			s.ask(question{name: name, qtype: qtype, ifname: ifname, multicast: true, qu: qtype != dns.TypePTR, optional: !hold}, now)
			if s.lossy {
				// One-shot too: its unicast answer is not held back by
				// the responder's limit on repeating a multicast answer.
				s.ask(question{name: name, qtype: qtype, ifname: ifname, qu: true, optional: !hold}, now)
			}
		} else {
			s.ask(question{name: name, qtype: qtype, ifname: ifname, optional: !hold}, now)
		}
	}
	s.wakeAt(a.last.Add(gap))
	if hold {
		s.wakeAt(a.first.Add(giveUp))
	}
}

// retryGap is the wait after the n-th ask: resolveRetry, doubling, at
// most resolveGiveUp.
func retryGap(n int) time.Duration {
	return min(resolveRetry<<min(n-1, 8), resolveGiveUp)
}

func (s *session) ask(q question, now time.Time) {
	s.queue = append(s.queue, q)
	s.sentAt[nameType{strings.ToLower(q.name), q.qtype}] = now
}

// take hands the queued questions to the sender.
func (s *session) take(now time.Time) []question {
	q := s.queue
	s.queue = nil
	s.stats.QueriesSent += len(q)
	for i := range q {
		if !q[i].optional {
			s.lastSend = now
		}
		if q[i].multicast {
			continue
		}
		s.nextID++
		if s.nextID == 0 {
			s.nextID = 1
		}
		q[i].id = s.nextID
		if !q[i].optional {
			s.lastOneShot, s.lastOneAt = s.nextID, now
		}
	}
	return q
}

// echoWait bounds how long the quiet window waits for our own last query
// to come back (a host without multicast loopback must not hang a scan).
const echoWait = time.Second

// waitingForEcho: our latest one-shot question has not looped back yet.
func (s *session) waitingForEcho(now time.Time) bool {
	return s.has5353 && s.lastOneShot != 0 && s.echoed != s.lastOneShot && now.Sub(s.lastOneAt) < echoWait
}

// firstReplyWait bounds how long a scan that has heard no response at
// all waits before it may end by quiet (an empty network costs this).
const firstReplyWait = time.Second

// waitingForFirstReply: nothing has answered yet and firstReplyWait has
// not passed.
func (s *session) waitingForFirstReply(now time.Time) bool {
	return !s.heard && now.Sub(s.start) < firstReplyWait
}

// quietSince is when the network's silence started counting: the last
// news, the last question, or our last echo, whichever came last.
func (s *session) quietSince() time.Time {
	last := s.lastNews
	if s.lastSend.After(last) {
		last = s.lastSend
	}
	if s.echoAt.After(last) {
		last = s.echoAt
	}
	return last
}

// quietWindow grows with the slowest one-shot reply seen (half as much
// again), so a loaded network, whose replies to the last questions may
// come as late as its earlier ones did, gets more time, up to maxQuiet.
func (s *session) quietWindow() time.Duration {
	w := s.opts.Quiet
	if lat := s.maxLat * 3 / 2; lat > w {
		w = min(lat, max(maxQuiet, s.opts.Quiet))
	}
	return w
}

// quietEnd is when the scan may end if nothing else happens: a quiet
// window after the last news, question or echo, and on a lossy scan also
// lossyQuiet after the last news from a sender that is no flood (its
// rounds of questions meanwhile do not postpone it).
func (s *session) quietEnd() time.Time {
	end := s.quietSince().Add(s.quietWindow())
	if s.lossy {
		if e := s.floodless.Add(lossyQuiet); e.After(end) {
			end = e
		}
	}
	return end
}

// done reports whether the network has gone quiet: nothing outstanding and
// no news for the quiet window since the last record or question.
func (s *session) done(now time.Time) bool {
	if s.opts.Quiet < 0 || s.outstanding > 0 || len(s.queue) > 0 || s.waitingForEcho(now) || s.waitingForFirstReply(now) {
		return false
	}
	return !now.Before(s.quietEnd())
}

// wake returns when the session next needs attention without a packet.
func (s *session) wake(now time.Time) time.Time {
	t := s.nextRetry
	if s.opts.Quiet >= 0 && s.outstanding == 0 {
		q := s.quietEnd()
		if s.waitingForEcho(now) {
			q = s.lastOneAt.Add(echoWait) // the echo itself wakes us sooner
		}
		if f := s.start.Add(firstReplyWait); s.waitingForFirstReply(now) && f.After(q) {
			q = f // as does the first reply
		}
		if t.IsZero() || q.Before(t) {
			t = q
		}
	}
	if e := s.cache.nextExpiry(); !e.IsZero() {
		if e.Before(s.nextExp) {
			e = s.nextExp // expiry sweeps are spaced by expireEvery
		}
		if t.IsZero() || e.Before(t) {
			t = e
		}
	}
	if t.IsZero() || t.Before(now) {
		t = now
	}
	return t
}

// instances returns the instances present now, sorted by type then name.
func (s *session) instances() []Instance {
	var out []Instance
	for _, st := range s.insts {
		if st.present {
			out = append(out, st.view)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Host < out[j].Host
	})
	return out
}
