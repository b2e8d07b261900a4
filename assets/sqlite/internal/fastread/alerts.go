package fastread

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"steward/assets"
)

// AlertList collects a family's alerts in blocks of growing size. Appending
// tens of thousands of 100-byte alerts to one slice copies them all several
// times over as it grows (40 MB per pass for the EOL family of a 100,000
// asset register); blocks are written once, and Merge reads them in place.
// The zero value is an empty list.
type AlertList struct{ parts [][]assets.Alert }

// Add appends a to the list.
func (l *AlertList) Add(a assets.Alert) {
	n := len(l.parts)
	if n == 0 || len(l.parts[n-1]) == cap(l.parts[n-1]) {
		l.parts = append(l.parts, alertBlock(min(n, blockClasses-1))) // 256 ... 16,384
		n++
	}
	l.parts[n-1] = append(l.parts[n-1], a)
}

// Parts is the list's blocks, in the order the alerts were added (nil for
// an empty list). Once every alert is copied out, Recycle takes them back.
func (l *AlertList) Parts() [][]assets.Alert { return l.parts }

// The blocks are recycled from one alert pass to the next: they were a
// fifth of what a pass allocated on a 100,000-asset register, and each
// allocation brings the next garbage collection nearer (the GC ran four
// or five times per pass). sync.Pool lets the GC free them when idle.
const blockClasses = 7

var alertBlocks [blockClasses]sync.Pool // class k holds blocks of 256<<k alerts

func alertBlock(k int) []assets.Alert {
	if b, ok := alertBlocks[k].Get().(*[]assets.Alert); ok {
		return (*b)[:0]
	}
	return make([]assets.Alert, 0, 256<<k)
}

// Recycle returns to the pool the parts that are blocks (of an AlertList's
// sizes), once their alerts have been copied out: the parts are cleared
// (they would keep strings) and must not be used again.
func Recycle(parts [][]assets.Alert) {
	for _, p := range parts {
		for k := range blockClasses {
			if cap(p) == 256<<k {
				p = p[:cap(p)]
				clear(p)
				alertBlocks[k].Put(&p)
				break
			}
		}
	}
}

// MergeLists joins lists of alerts into one list in SortAlerts order (nil
// when there are none), each list taken as one run.
func MergeLists(parts [][]assets.Alert) []assets.Alert { return Merge(SortEach(parts)) }

// SortEach orders each list on its own, as a run.
func SortEach(parts [][]assets.Alert) []Run {
	runs := make([]Run, len(parts))
	for i, p := range parts {
		runs[i] = SortRun([][]assets.Alert{p})
	}
	return runs
}

// Run is some alerts (in parts) with their order. Sorting ~90,000 alerts
// of 100 bytes in place moved each one many times; instead the order is
// found on 8-byte keys (severity and date packed above the alert's part
// and index) and every alert is copied once, by Merge, straight into the
// result.
type Run struct {
	parts [][]assets.Alert
	keys  []uint64 // in SortAlerts order
	ok    bool     // false when an alert's values do not fit a key (see orderKey)
}

// Parts is the alerts of the run, as SortRun was given them.
func (r *Run) Parts() [][]assets.Alert { return r.parts }

func (r *Run) alert(k uint64) *assets.Alert {
	return &r.parts[k>>posIndexBits&(1<<posPartBits-1)][k&(1<<posIndexBits-1)]
}

// SortRun orders parts' alerts (the parts are read, not moved). Alerts
// with the same severity and date are put in subject order run by run; a
// family lists them mostly in that order already, which mergeRuns detects.
func SortRun(parts [][]assets.Alert) Run {
	r := Run{parts: parts}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if len(parts) > 1<<posPartBits {
		return r
	}
	keys := make([]uint64, 0, n)
	for pi, p := range parts {
		for i := range p {
			k, ok := orderKey(&p[i])
			if !ok || i >= 1<<posIndexBits {
				return r
			}
			keys = append(keys, k<<posBits|uint64(pi)<<posIndexBits|uint64(i))
		}
	}
	slices.Sort(keys)
	ties := func(x, y *uint64) int { return compareTies(r.alert(*x), r.alert(*y)) }
	var buf []uint64
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j]>>posBits == keys[i]>>posBits {
			j++
		}
		if j-i > 1 {
			buf = mergeRuns(keys[i:j], buf, ties)
		}
		i = j
	}
	r.keys, r.ok = keys, true
	return r
}

// Merge merges sorted runs into one new list in SortAlerts order (nil when
// there are none). The merge runs from both ends at once, on two
// goroutines: the front takes the smallest half, the back the rest, which
// a total order makes meet exactly (alerts equal in every field SortAlerts
// reads are ordered by run and position).
func Merge(runs []Run) []assets.Alert {
	n := 0
	fits := true
	for _, r := range runs {
		n += len(r.keys)
		fits = fits && r.ok
	}
	if !fits {
		return sortedCopy(runs)
	}
	if n == 0 {
		return nil
	}
	out := make([]assets.Alert, n)
	// before reports whether run a's alert keyed ka comes before run b's keyed kb.
	before := func(a int, ka uint64, b int, kb uint64) bool {
		if ka>>posBits != kb>>posBits {
			return ka < kb
		}
		if c := compareTies(runs[a].alert(ka), runs[b].alert(kb)); c != 0 {
			return c < 0
		}
		if a != b {
			return a < b
		}
		return ka < kb
	}
	half := n / 2
	front := func() {
		at := make([]int, len(runs))
		for o := range half {
			best := -1
			for r := range runs {
				if at[r] < len(runs[r].keys) && (best < 0 || before(r, runs[r].keys[at[r]], best, runs[best].keys[at[best]])) {
					best = r
				}
			}
			out[o] = *runs[best].alert(runs[best].keys[at[best]])
			at[best]++
		}
	}
	back := func() {
		at := make([]int, len(runs))
		for r := range runs {
			at[r] = len(runs[r].keys) - 1
		}
		for o := n - 1; o >= half; o-- {
			best := -1
			for r := range runs {
				if at[r] >= 0 && (best < 0 || before(best, runs[best].keys[at[best]], r, runs[r].keys[at[r]])) {
					best = r
				}
			}
			out[o] = *runs[best].alert(runs[best].keys[at[best]])
			at[best]--
		}
	}
	if n < 4096 {
		front()
		back()
		return out
	}
	var wg sync.WaitGroup
	wg.Go(back)
	front()
	wg.Wait()
	return out
}

// mergeRuns sorts a by cmp by merging its ascending runs pairwise (a
// natural merge sort), which is stable. buf is scratch space, returned
// for reuse.
func mergeRuns[T any](a, buf []T, cmp func(x, y *T) int) []T {
	if len(a) <= 12 { // insertion sort
		for i := 1; i < len(a); i++ {
			for j := i; j > 0 && cmp(&a[j-1], &a[j]) > 0; j-- {
				a[j-1], a[j] = a[j], a[j-1]
			}
		}
		return buf
	}
	var starts []int // where each ascending run begins
	for i := range a {
		if i == 0 || cmp(&a[i-1], &a[i]) > 0 {
			starts = append(starts, i)
		}
	}
	if len(starts) == 1 {
		return buf
	}
	buf = slices.Grow(buf[:0], len(a))[:len(a)]
	src, dst := a, buf
	for len(starts) > 1 {
		var next []int
		for r := 0; r < len(starts); r += 2 {
			lo := starts[r]
			next = append(next, lo)
			if r+1 == len(starts) {
				copy(dst[lo:], src[lo:])
				break
			}
			mid, hi := starts[r+1], len(a)
			if r+2 < len(starts) {
				hi = starts[r+2]
			}
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if cmp(&src[j], &src[i]) < 0 {
					dst[k] = src[j]
					j++
				} else {
					dst[k] = src[i]
					i++
				}
				k++
			}
			k += copy(dst[k:], src[i:mid])
			copy(dst[k:], src[j:hi])
		}
		starts = next
		src, dst = dst, src
	}
	if &src[0] != &a[0] {
		copy(a, src)
	}
	clear(buf) // let the collector have what the scratch copies point to
	return buf
}

// An alert's position in a run's keys: its part and its index there.
const (
	posPartBits  = 8
	posIndexBits = 24
	posBits      = posPartBits + posIndexBits
)

// orderKey packs the leading part of the ranking (assets.CompareAlerts)
// into 29 bits that sort as it does: severity (most severe first), the
// kind's rank, then for kinds with an impact the impact (largest first),
// for the others the date (earliest first). compareTies orders what is
// left. false when the values do not fit (a severity or a year out of
// range, an impact out of range or on a kind without one), which
// sortedCopy then handles.
func orderKey(a *assets.Alert) (uint64, bool) {
	if a.Severity < 0 || a.Severity > 3 {
		return 0, false
	}
	head := uint64(3-a.Severity)<<27 | uint64(assets.KindRank(a.Kind))<<23
	if assets.KindHasImpact(a.Kind) {
		if a.Impact < 0 || a.Impact >= 1<<23 {
			return 0, false
		}
		return head | (1<<23 - 1 - uint64(a.Impact)), true
	}
	d := a.Date
	if a.Impact != 0 || d.Year < 0 || d.Year >= 1<<14 || d.Month < 0 || d.Month > 15 || d.Day < 0 || d.Day > 31 {
		return 0, false
	}
	return head | uint64(d.Year)<<9 | uint64(d.Month)<<5 | uint64(d.Day), true
}

// sortedCopy is Merge the plain way, for values orderKey cannot pack.
func sortedCopy(runs []Run) []assets.Alert {
	var out []assets.Alert
	for _, r := range runs {
		for _, p := range r.parts {
			out = append(out, p...)
		}
	}
	if len(out) == 0 {
		return nil
	}
	SortAlerts(out)
	return out
}

// SortAlerts puts alerts in rank order (assets.SortAlerts, the one
// definition of the order; the keyed merge must agree with it).
func SortAlerts(a []assets.Alert) { assets.SortAlerts(a) }

// compareTies orders alerts with the same orderKey: by date (for kinds
// ordered by impact; the others have the date in the key), then subject,
// then kind, then the record, as assets.CompareAlerts does.
func compareTies(x, y *assets.Alert) int {
	if c := x.Date.Compare(y.Date); c != 0 {
		return c
	}
	if c := strings.Compare(x.Subject, y.Subject); c != 0 {
		return c
	}
	if c := strings.Compare(x.Kind, y.Kind); c != 0 {
		return c
	}
	if c := strings.Compare(x.Ref.Entity, y.Ref.Entity); c != 0 {
		return c
	}
	return cmp.Compare(x.Ref.ID, y.Ref.ID)
}
