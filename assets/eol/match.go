package eol

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"steward/assets"
)

// Problem says why a match is not one certain release.
type Problem int

const (
	Matched        Problem = iota // one release, certain
	NoInput                       // the string is empty
	UnknownProduct                // no catalog product in the string
	UnknownVersion                // the product is known, the version is missing or not in the catalog
	Ambiguous                     // several releases fit (version or edition not given); see Candidates
)

func (p Problem) String() string {
	switch p {
	case Matched:
		return "matched"
	case NoInput:
		return "no input"
	case UnknownProduct:
		return "unknown product"
	case UnknownVersion:
		return "unknown version"
	case Ambiguous:
		return "ambiguous"
	}
	return fmt.Sprintf("problem(%d)", int(p))
}

// Match is what the catalog knows about one OS string or device model.
type Match struct {
	Input      string
	Product    *Product   // nil when the product is unknown
	Release    *Release   // the release when Problem is Matched, else nil
	Candidates []*Release // when Ambiguous: every release it could be, newest first
	Problem    Problem
	Reason     string // how it matched, or why it did not, in words
}

// OK is true when the match is one certain release.
func (m Match) OK() bool { return m.Problem == Matched && m.Release != nil }

// alias is one product alias, as tokens.
type alias struct {
	words   []string
	product *Product
}

// index is built once per catalog: product aliases by first word, releases
// by cycle and codename, Windows releases by build.
type index struct {
	osAliases     map[string][]alias // first word -> aliases of OS products
	deviceAliases map[string][]alias // first word -> aliases of device products
	cycles        map[*Product]map[string]*Release
	codenames     map[*Product]map[string][]*Release // codename (joined words) -> releases
	builds        map[*Product]map[string][]*Release // "19045" or "6.3.9600" -> releases
	modelIDs      map[string]*Release                // compact model identifier -> device release
	devices       map[*Product][]deviceEntry
	vocab         map[*Product]map[string]bool
}

func (c *Catalog) idx() *index {
	c.once.Do(func() { c.index = buildIndex(c) })
	return c.index
}

func buildIndex(c *Catalog) *index {
	ix := &index{
		osAliases: map[string][]alias{}, deviceAliases: map[string][]alias{},
		cycles: map[*Product]map[string]*Release{}, codenames: map[*Product]map[string][]*Release{},
		builds: map[*Product]map[string][]*Release{}, modelIDs: map[string]*Release{},
		devices: map[*Product][]deviceEntry{}, vocab: map[*Product]map[string]bool{},
	}
	for _, p := range c.products {
		names := append([]string{}, p.Aliases...)
		names = append(names, p.Name)
		if len(p.Aliases) == 0 {
			names = append(names, strings.ReplaceAll(p.ID, "-", " "))
		}
		target := ix.osAliases
		if p.Category == CategoryDevice {
			target = ix.deviceAliases
		}
		seen := map[string]bool{}
		for _, n := range names {
			w := tokens(n)
			key := strings.Join(w, " ")
			if len(w) == 0 || seen[key] {
				continue
			}
			seen[key] = true
			target[w[0]] = append(target[w[0]], alias{words: w, product: p})
		}
		cyc := map[string]*Release{}
		codes := map[string][]*Release{}
		builds := map[string][]*Release{}
		for _, r := range p.Releases {
			cyc[strings.ToLower(r.Cycle)] = r
			if r.Codename != "" {
				w := tokens(r.Codename)
				codes[strings.Join(w, " ")] = append(codes[strings.Join(w, " ")], r)
				if p.ID == "ubuntu" && len(w) > 1 { // os-release says VERSION_CODENAME=jammy
					codes[w[0]] = append(codes[w[0]], r)
				}
			}
			if b := buildKey(r.Latest); b != "" {
				builds[b] = append(builds[b], r)
			}
			for _, a := range r.Aliases {
				ix.modelIDs[compact(a)] = r
			}
		}
		ix.cycles[p] = cyc
		ix.codenames[p] = codes
		ix.builds[p] = builds
		if p.Category == CategoryDevice {
			ix.devices[p] = deviceEntries(p)
			ix.vocab[p] = vocabulary(ix.devices[p])
		}
	}
	return ix
}

// buildKey is the Windows build a "latest" field names: "19045" for
// "10.0.19045", "6.3.9600" for older versions; "" for anything else.
func buildKey(latest string) string {
	parts := strings.Split(latest, ".")
	if len(parts) < 3 || !isDigits(parts[0]) || !isDigits(parts[1]) || !isDigits(parts[2]) {
		return ""
	}
	if parts[0] == "10" && parts[1] == "0" {
		return parts[2]
	}
	return parts[0] + "." + parts[1] + "." + parts[2]
}

// findProduct is the longest alias in ws (the earliest on a tie); end is
// the index after it.
func findProduct(aliases map[string][]alias, ws []string) (p *Product, start, end int) {
	best := 0
	for i, w := range ws {
		for _, a := range aliases[w] {
			if len(a.words) <= best || i+len(a.words) > len(ws) {
				continue
			}
			ok := true
			for k := 1; k < len(a.words); k++ {
				if ws[i+k] != a.words[k] {
					ok = false
					break
				}
			}
			if ok {
				best, p, start, end = len(a.words), a.product, i, i+len(a.words)
			}
		}
	}
	return p, start, end
}

// matchCache remembers answers per distinct input (and verdicts per input,
// day and window). Each map stops growing at maxCached entries so that a
// stream of unique strings cannot exhaust memory; past that, answers are
// computed each time. Plain maps under a RWMutex: no allocation on a hit.
type matchCache struct {
	os       boundedCache[string, Match]
	devices  boundedCache[[2]string, Match]
	verdicts boundedCache[verdictKey, statusEntry]
}

type statusEntry struct {
	m Match
	v Verdict
}

type verdictKey struct {
	device bool
	a, b   string
	asOf   assets.Date
	warn   int
}

const maxCached = 1 << 16

// boundedCache is one of matchCache's maps: safe for concurrent use, and
// taking no more entries past maxCached.
type boundedCache[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

func (c *boundedCache[K, V]) get(k K) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

func (c *boundedCache[K, V]) put(k K, v V) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[K]V{}
	}
	if len(c.m) < maxCached {
		c.m[k] = v
	}
	c.mu.Unlock()
}

// StatusOS is Match(os).Status(asOf, warnDays), with both answers cached:
// the fast path for computing the flags of a whole fleet.
func (c *Catalog) StatusOS(os string, asOf assets.Date, warnDays int) (Match, Verdict) {
	k := verdictKey{a: os, asOf: asOf, warn: warnDays}
	if e, ok := c.cache.verdicts.get(k); ok {
		return e.m, e.v
	}
	m := c.Match(os)
	v := m.Status(asOf, warnDays)
	c.cache.verdicts.put(k, statusEntry{m, v})
	return m, v
}

// StatusDevice is MatchDevice(manufacturer, model).Status(asOf, warnDays),
// with both answers cached.
func (c *Catalog) StatusDevice(manufacturer, model string, asOf assets.Date, warnDays int) (Match, Verdict) {
	k := verdictKey{device: true, a: manufacturer, b: model, asOf: asOf, warn: warnDays}
	if e, ok := c.cache.verdicts.get(k); ok {
		return e.m, e.v
	}
	m := c.MatchDevice(manufacturer, model)
	v := m.Status(asOf, warnDays)
	c.cache.verdicts.put(k, statusEntry{m, v})
	return m, v
}

// Match finds the catalog release an operating system string names, as
// inventory or a person wrote it: "Windows 10 Pro 22H2", "Microsoft Windows
// 11 Enterprise 10.0.22631", "Ubuntu 22.04.4 LTS", "macOS 13.6.1", "Debian
// GNU/Linux 11 (bullseye)", "Android 12", "iOS 16.7.2".
func (c *Catalog) Match(os string) Match {
	if m, ok := c.cache.os.get(os); ok {
		return m
	}
	m := c.matchOS(os)
	c.cache.os.put(os, m)
	return m
}

func (c *Catalog) matchOS(s string) Match {
	m := Match{Input: s}
	ws := tokens(s)
	if len(ws) == 0 {
		m.Problem, m.Reason = NoInput, "no operating system recorded"
		return m
	}
	ix := c.idx()
	p, _, end := findProduct(ix.osAliases, ws)
	if p == nil {
		m.Problem = UnknownProduct
		m.Reason = fmt.Sprintf("the end-of-life catalog has no operating system matching %q", clip(s))
		return m
	}
	m.Product = p
	switch p.ID {
	case "windows":
		return c.matchWindows(m, ws[end:])
	case "windows-server":
		return c.matchWindowsServer(m, ws[end:])
	}
	return c.matchVersioned(m, ws, end)
}

// matchVersioned handles products whose cycles are version numbers: the
// first number after the product name picks the cycle, most specific first
// (22.04.4 -> 22.04; 13.6.1 -> 13; SLES 15 SP5 -> 15.5), then the codename.
func (c *Catalog) matchVersioned(m Match, ws []string, end int) Match {
	ix := c.idx()
	p := m.Product
	cycles := ix.cycles[p]
	prefix := ""
	if end > 0 {
		prefix = ws[end-1] // "lmde" + "6" -> "lmde6"
	}
	for i := end; i < len(ws); i++ {
		num, rest, ok := numericPrefix(ws[i])
		if !ok || isWordSize(rest, ws, i) {
			continue
		}
		parts := strings.Split(num, ".")
		var tries []string
		if sp := servicePack(rest, ws, i); sp != "" { // SLES 15 SP5 -> 15.5
			tries = append(tries, parts[0]+"."+sp)
		}
		for k := len(parts); k >= 1; k-- {
			v := strings.Join(parts[:k], ".")
			tries = append(tries, prefix+v, v)
		}
		for _, t := range tries {
			if r := cycles[t]; r != nil {
				m.Release, m.Problem = r, Matched
				m.Reason = fmt.Sprintf("%q is %s", clip(m.Input), r.Name())
				return m
			}
		}
		// A major version alone where the catalog lists minors: SLES 15,
		// Android 8, openSUSE Leap 15.
		var family []*Release
		if len(parts) == 1 {
			for _, r := range p.Releases {
				if strings.HasPrefix(strings.ToLower(r.Cycle), parts[0]+".") {
					family = append(family, r)
				}
			}
		}
		if len(family) == 1 {
			m.Release, m.Problem = family[0], Matched
			m.Reason = fmt.Sprintf("%q is %s", clip(m.Input), family[0].Name())
			return m
		}
		if len(family) > 1 {
			return ambiguous(m, family, fmt.Sprintf("%q names %s %s but not which of its %d releases (%s)",
				clip(m.Input), shortName(p), parts[0], len(family), cycleList(family)))
		}
		m.Problem = UnknownVersion
		m.Reason = fmt.Sprintf("the catalog has no %s %s (it knows %s)", shortName(p), num, cycleRange(p))
		return m
	}
	// No number: a codename ("macOS Sonoma", "Debian bookworm").
	codes := ix.codenames[p]
	for i := range ws {
		for n := 3; n >= 1; n-- {
			if i+n > len(ws) {
				continue
			}
			if rs := codes[strings.Join(ws[i:i+n], " ")]; len(rs) == 1 {
				m.Release, m.Problem = rs[0], Matched
				m.Reason = fmt.Sprintf("%q is %s (by its codename)", clip(m.Input), rs[0].Name())
				return m
			} else if len(rs) > 1 {
				return ambiguous(m, rs, fmt.Sprintf("the codename in %q fits %d %s releases", clip(m.Input), len(rs), shortName(p)))
			}
		}
	}
	m.Problem = UnknownVersion
	m.Reason = fmt.Sprintf("%q names %s but no version (the catalog knows %s)", clip(m.Input), shortName(p), cycleRange(p))
	return m
}

// isWordSize: "64-bit", "32 bit", the "64" of "x86_64" are not versions.
func isWordSize(rest string, ws []string, i int) bool {
	switch {
	case rest == "-bit" || rest == "bit":
		return true
	case i+1 < len(ws) && ws[i+1] == "bit":
		return true
	case i > 0 && ws[i-1] == "x86":
		return true
	}
	return false
}

// servicePack reads "sp5" in the rest of a token ("15-sp5") or the next
// token ("sp5", or "sp" "5").
func servicePack(rest string, ws []string, i int) string {
	if sp, ok := strings.CutPrefix(strings.TrimLeft(rest, "-_"), "sp"); ok && isDigits(sp) {
		return sp
	}
	if i+1 < len(ws) {
		if sp, ok := strings.CutPrefix(ws[i+1], "sp"); ok {
			if isDigits(sp) {
				return sp
			}
			if sp == "" && i+2 < len(ws) && isDigits(ws[i+2]) {
				return ws[i+2]
			}
		}
	}
	return ""
}

func ambiguous(m Match, rs []*Release, reason string) Match {
	m.Problem = Ambiguous
	m.Candidates = append([]*Release(nil), rs...)
	sort.SliceStable(m.Candidates, func(i, j int) bool { return m.Candidates[i].Released.After(m.Candidates[j].Released) })
	m.Reason = reason
	return m
}

func shortName(p *Product) string {
	if p.Short != "" {
		return p.Short
	}
	return p.Name
}

// cycleRange is "4.10 to 26.04": the oldest and newest cycles.
func cycleRange(p *Product) string {
	if len(p.Releases) == 0 {
		return "no releases"
	}
	oldest, newest := p.Releases[0], p.Releases[0]
	for _, r := range p.Releases {
		if r.Released.Before(oldest.Released) {
			oldest = r
		}
		if r.Released.After(newest.Released) {
			newest = r
		}
	}
	if oldest == newest {
		return oldest.Cycle
	}
	return oldest.Cycle + " to " + newest.Cycle
}

func cycleList(rs []*Release) string {
	names := make([]string, 0, len(rs))
	for i, r := range rs {
		if i == 8 {
			names = append(names, "...")
			break
		}
		names = append(names, r.Cycle)
	}
	return strings.Join(names, ", ")
}

// clip shortens user text quoted in reasons.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 80 {
		cut := 80
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		return s[:cut] + "..."
	}
	return s
}
