package discovery

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Cache limits: a hostile or broken host can make us store at most this
// much, whatever it sends.
const (
	maxRecords     = 20000
	maxCacheBytes  = 4 << 20
	maxInstances   = 4096
	maxTypes       = 512
	cacheFlushBit  = 0x8000 // top bit of the class in mDNS responses
	classMask      = 0x7fff
	flushGrace     = time.Second // RFC 6762 section 10.2
	maxAddrPerHost = 64          // records per name and type, PTR sets excepted
	// maxSenders bounds the addresses remembered per record. Only a
	// sender that vouched for a record can take it back.
	maxSenders = 8
)

type nameType struct {
	name string // lower-case presentation form
	typ  uint16
}

type cacheEntry struct {
	rr      dns.RR
	data    string // rdata key
	ttl     uint32 // as received
	seen    time.Time
	expires time.Time
	ifname  string
	// senders are the addresses the record was heard from. A goodbye or
	// a cache flush withdraws only its own sender's word; the record goes
	// when no sender still vouches for it, so a third host cannot forge
	// another's goodbye.
	senders []netip.Addr
	first   [2]netip.Addr // senders' usual storage: one host's two families
	size    int
	key     nameType
	// owner is the sender whose share of the cache this record counts in
	// (the first that sent it); gone is set when it leaves the cache.
	owner netip.Addr
	gone  bool
	// refreshed: a query to refresh this record was sent at 80% of its
	// TTL (RFC 6762 section 5.2); reset when the record is heard again.
	refreshed bool
}

// refreshAt is when the record should be asked for again.
func (e *cacheEntry) refreshAt() time.Time {
	return e.seen.Add(time.Duration(e.ttl) * time.Second * 8 / 10)
}

// cache holds the records heard, indexed by owner name and type, with TTLs
// honoured (RFC 6762 section 10) and sizes bounded.
type cache struct {
	sets    map[nameType]map[string]*cacheEntry
	count   int
	bytes   int
	dropped int
	forged  int // goodbyes and flushes from a sender that never vouched for the record
	// owners: each sender's records. When the cache is full, a sender
	// holding fewer records than the largest one takes that one's latest
	// record's place, so a flood cannot crowd out the hosts that came
	// after it.
	owners map[netip.Addr]*ownerRecords
	// evicted lists the names that lost a record to make room, for the
	// session to update what they belong to.
	evicted []nameType
}

type ownerRecords struct {
	n       int           // records in the cache
	entries []*cacheEntry // in arrival order, gone ones removed lazily
}

func newCache() *cache {
	return &cache{sets: map[nameType]map[string]*cacheEntry{}, owners: map[netip.Addr]*ownerRecords{}}
}

// rdataKey identifies a record's data within its name and type.
func rdataKey(rr dns.RR) string {
	switch r := rr.(type) {
	case *dns.PTR:
		return strings.ToLower(r.Ptr)
	case *dns.SRV:
		return strconv.Itoa(int(r.Priority)) + " " + strconv.Itoa(int(r.Weight)) + " " + strconv.Itoa(int(r.Port)) + " " + strings.ToLower(r.Target)
	case *dns.TXT:
		return strings.Join(r.Txt, "\x00")
	case *dns.A:
		return r.A.String()
	case *dns.AAAA:
		return r.AAAA.String()
	}
	return ""
}

// put stores or refreshes rr heard from sender. It reports whether the
// record is new and whether something was removed (goodbye or cache flush).
func (c *cache) put(rr dns.RR, now time.Time, ifname string, sender netip.Addr) (added, removed bool) {
	h := rr.Header()
	k := nameType{strings.ToLower(h.Name), h.Rrtype}
	data := rdataKey(rr)
	set := c.sets[k]
	if h.Ttl == 0 { // goodbye
		if e, ok := set[data]; ok && c.withdraw(k, data, e, sender) {
			return false, true
		}
		return false, false
	}
	if h.Class&cacheFlushBit != 0 {
		// Unique record: whatever else this sender told us for this name
		// and type more than a second ago is stale.
		for d, e := range set {
			if d != data && now.Sub(e.seen) > flushGrace && c.withdraw(k, d, e, sender) {
				removed = true
			}
		}
		set = c.sets[k]
	}
	if e, ok := set[data]; ok {
		e.rr, e.ttl, e.seen, e.refreshed = rr, h.Ttl, now, false
		if exp := now.Add(time.Duration(h.Ttl) * time.Second); exp.After(e.expires) {
			e.expires = exp
		}
		if !slices.Contains(e.senders, sender) && len(e.senders) < maxSenders {
			e.senders = append(e.senders, sender)
		}
		return false, removed
	}
	size := len(h.Name) + len(data) + 64
	limit := maxAddrPerHost
	if h.Rrtype == dns.TypePTR {
		limit = maxInstances
	}
	if len(set) >= limit || !c.makeRoom(sender, size) {
		c.dropped++
		return false, removed
	}
	set = c.sets[k] // making room may have emptied it
	if set == nil {
		set = map[string]*cacheEntry{}
		c.sets[k] = set
	}
	e := &cacheEntry{rr: rr, data: data, ttl: h.Ttl, seen: now, expires: now.Add(time.Duration(h.Ttl) * time.Second), ifname: ifname, size: size, key: k, owner: sender}
	e.first[0] = sender
	e.senders = e.first[:1]
	set[data] = e
	c.count++
	c.bytes += size
	o := c.owners[sender]
	if o == nil {
		o = &ownerRecords{}
		c.owners[sender] = o
	}
	o.n++
	o.entries = append(o.entries, e)
	if len(o.entries) > 2*o.n+16 {
		o.entries = slices.DeleteFunc(o.entries, func(e *cacheEntry) bool { return e.gone })
	}
	return true, removed
}

// makeRoom reports whether a record of size bytes from sender fits,
// evicting the latest records of the sender holding the most when sender
// holds fewer: every sender gets an equal share of a full cache.
func (c *cache) makeRoom(sender netip.Addr, size int) bool {
	for c.count >= maxRecords || c.bytes+size > maxCacheBytes {
		mine := 0
		if o := c.owners[sender]; o != nil {
			mine = o.n
		}
		var big *ownerRecords
		for _, o := range c.owners {
			if big == nil || o.n > big.n {
				big = o
			}
		}
		if big == nil || big.n <= mine+1 {
			return false
		}
		for i := len(big.entries) - 1; i >= 0; i-- {
			e := big.entries[i]
			big.entries = big.entries[:i]
			if !e.gone {
				c.remove(e.key, e.data, e)
				c.evicted = append(c.evicted, e.key)
				break
			}
		}
	}
	return true
}

// withdraw takes back sender's word for a record and removes the record
// once nobody vouches for it; it reports whether the record went. A
// sender that never vouched for it changes nothing (a forged goodbye).
func (c *cache) withdraw(k nameType, data string, e *cacheEntry, sender netip.Addr) bool {
	i := slices.Index(e.senders, sender)
	if i < 0 {
		c.forged++
		return false
	}
	e.senders = slices.Delete(e.senders, i, i+1)
	if len(e.senders) > 0 {
		return false
	}
	c.remove(k, data, e)
	return true
}

func (c *cache) remove(k nameType, data string, e *cacheEntry) {
	set := c.sets[k]
	delete(set, data)
	if len(set) == 0 {
		delete(c.sets, k)
	}
	c.count--
	c.bytes -= e.size
	e.gone = true
	if o := c.owners[e.owner]; o != nil {
		if o.n--; o.n == 0 {
			delete(c.owners, e.owner)
		}
	}
}

// get returns the live entries for a name and type.
func (c *cache) get(name string, typ uint16) map[string]*cacheEntry {
	return c.sets[nameType{strings.ToLower(name), typ}]
}

// expire drops records whose TTL has run out and returns their names.
func (c *cache) expire(now time.Time) []nameType {
	var gone []nameType
	for k, set := range c.sets {
		for d, e := range set {
			if !now.Before(e.expires) {
				c.remove(k, d, e)
				gone = append(gone, k)
			}
		}
	}
	return gone
}

// nextExpiry is the earliest time a record runs out (zero if none).
func (c *cache) nextExpiry() time.Time {
	var t time.Time
	for _, set := range c.sets {
		for _, e := range set {
			if t.IsZero() || e.expires.Before(t) {
				t = e.expires
			}
		}
	}
	return t
}
