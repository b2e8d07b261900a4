package sqlite

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"steward/assets"
)

// alertSource computes one family of alerts (EOL, warranties, training...).
// Each domain area registers its own from init, in its own file. A family
// gives its list in parts (see alertList); Alerts merges them all.
//
// A family that reads the whole register can be split into shards that
// run concurrently, each on its own part of the data: run is then called
// once per shard of alertShards(), and the shards' lists together are the
// family's list.
type alertSource struct {
	name    string
	sharded bool
	run     func(ctx context.Context, s *Store, opt assets.AlertOptions, sh shard) ([][]assets.Alert, error)
}

// shard is the part of a family one run computes: part index of of.
type shard struct{ index, of int }

// alertShards is how many shards a sharded family is split into. The EOL
// family is about half of all the alert work: in one shard per two
// processors, the other families keep the other processors as busy as
// the shards keep theirs (on two processors, splitting it only added
// work: measured, 463 vs 450 ms CPU per call, the same wall time). Up to
// four shards.
func alertShards() int { return max(1, min(runtime.GOMAXPROCS(0)/2, 4)) }

func (src alertSource) shards() int {
	if src.sharded {
		return alertShards()
	}
	return 1
}

var alertSources []alertSource

func registerAlertSource(name string, run func(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error)) {
	alertSources = append(alertSources, alertSource{name, false, func(ctx context.Context, s *Store, opt assets.AlertOptions, _ shard) ([][]assets.Alert, error) {
		list, err := run(ctx, s, opt)
		return [][]assets.Alert{list}, err
	}})
}

// registerAlertParts registers a family that collects its alerts in an
// alertList.
func registerAlertParts(name string, run func(ctx context.Context, s *Store, opt assets.AlertOptions) (*alertList, error)) {
	registerAlertShards(name, false, func(ctx context.Context, s *Store, opt assets.AlertOptions, _ shard) (*alertList, error) {
		return run(ctx, s, opt)
	})
}

// registerAlertShards registers a family that collects its alerts in an
// alertList, split into shards when sharded is true.
func registerAlertShards(name string, sharded bool, run func(ctx context.Context, s *Store, opt assets.AlertOptions, sh shard) (*alertList, error)) {
	alertSources = append(alertSources, alertSource{name, sharded, func(ctx context.Context, s *Store, opt assets.AlertOptions, sh shard) ([][]assets.Alert, error) {
		l, err := run(ctx, s, opt, sh)
		if l == nil {
			return nil, err
		}
		return l.parts, err
	}})
}

// runAll computes one whole family, its shards one after the other.
func (src alertSource) runAll(ctx context.Context, s *Store, opt assets.AlertOptions) ([][]assets.Alert, error) {
	var parts [][]assets.Alert
	n := src.shards()
	for k := range n {
		p, err := src.run(ctx, s, opt, shard{k, n})
		if err != nil {
			return nil, err
		}
		parts = append(parts, p...)
	}
	return parts, nil
}

// alertList collects a family's alerts in blocks of growing size. Appending
// tens of thousands of 100-byte alerts to one slice copies them all several
// times over as it grows (40 MB per pass for the EOL family of a 100,000
// asset register); blocks are written once, and Alerts reads them in place.
type alertList struct{ parts [][]assets.Alert }

func (l *alertList) add(a assets.Alert) {
	n := len(l.parts)
	if n == 0 || len(l.parts[n-1]) == cap(l.parts[n-1]) {
		l.parts = append(l.parts, alertBlock(min(n, blockClasses-1))) // 256 ... 16,384
		n++
	}
	l.parts[n-1] = append(l.parts[n-1], a)
}

// The blocks are recycled from one Alerts call to the next: they were a
// fifth of what a call allocated on a 100,000-asset register, and each
// allocation brings the next garbage collection nearer (the GC ran four
// or five times per call). sync.Pool lets the GC free them when idle.
const blockClasses = 7

var alertBlocks [blockClasses]sync.Pool // class k holds blocks of 256<<k alerts

func alertBlock(k int) []assets.Alert {
	if b, ok := alertBlocks[k].Get().(*[]assets.Alert); ok {
		return (*b)[:0]
	}
	return make([]assets.Alert, 0, 256<<k)
}

// recycleAlertBlocks returns to the pool the parts that are blocks, once
// their alerts have been copied out (cleared: they would keep strings).
func recycleAlertBlocks(parts [][]assets.Alert) {
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

// Alerts computes every alert as of opt.AsOf, most severe and soonest first.
// A rule that fails makes the whole call fail, naming the rule: an alert list
// that silently lacks a family would be read as "all clear".
//
// The families run concurrently, each on its own reader connection: they
// are independent, and on a machine with several cores a large register's
// alerts then take about the sum of all divided by the cores.
func (s *Store) Alerts(ctx context.Context, opt assets.AlertOptions) ([]assets.Alert, error) {
	// The jobs: every shard of every family, sharded (whole-register)
	// families first, so that the small ones fill in at the end.
	type job struct {
		src int
		sh  shard
	}
	var jobs []job
	for _, sharded := range []bool{true, false} {
		for i, src := range alertSources {
			if src.sharded == sharded {
				n := src.shards()
				for k := range n {
					jobs = append(jobs, job{i, shard{k, n}})
				}
			}
		}
	}
	got := make([]sortedRun, len(jobs))
	errs := make([]error, len(jobs))
	// As many jobs at once as there are processors: they are CPU work
	// (SQLite and Go), so more at once only adds switching, and more
	// than the pool's four reader connections made the rest wait anyway.
	next := make(chan int, len(jobs))
	for i := range jobs {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for i := range next {
				j := jobs[i]
				var parts [][]assets.Alert
				parts, errs[i] = alertSources[j.src].run(ctx, s, opt, j.sh)
				// Each job puts its own alerts in order while the others
				// still run: what is left for the end is a merge.
				got[i] = sortRun(parts)
			}
		})
	}
	wg.Wait()
	for i, j := range jobs {
		if errs[i] != nil {
			return nil, fmt.Errorf("computing %s alerts: %w", alertSources[j.src].name, errs[i])
		}
	}
	out := mergeSorted(got)
	for _, r := range got {
		recycleAlertBlocks(r.parts) // every alert is in out now
	}
	return out, nil
}

// mergeAlerts joins the families' lists into one list in SortAlerts order
// (nil when there are none), each list taken as one run.
func mergeAlerts(parts [][]assets.Alert) []assets.Alert { return mergeSorted(sortEach(parts)) }

// sortEach orders each list on its own, as a run.
func sortEach(parts [][]assets.Alert) []sortedRun {
	runs := make([]sortedRun, len(parts))
	for i, p := range parts {
		runs[i] = sortRun([][]assets.Alert{p})
	}
	return runs
}

// sortedRun is some alerts (in parts) with their order. Sorting ~90,000
// alerts of 100 bytes in place moved each one many times; instead the
// order is found on 8-byte keys (severity and date packed above the
// alert's part and index) and every alert is copied once, by mergeSorted,
// straight into the result.
type sortedRun struct {
	parts [][]assets.Alert
	keys  []uint64 // in SortAlerts order
	ok    bool     // false when an alert's values do not fit a key (see orderKey)
}

func (r *sortedRun) alert(k uint64) *assets.Alert {
	return &r.parts[k>>posIndexBits&(1<<posPartBits-1)][k&(1<<posIndexBits-1)]
}

// sortRun orders parts' alerts. Alerts with the same severity and date
// are put in subject order run by run; a family lists them mostly in that
// order already, which mergeRuns detects.
func sortRun(parts [][]assets.Alert) sortedRun {
	r := sortedRun{parts: parts}
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

// mergeSorted merges sorted runs into one list in SortAlerts order (nil
// when there are none). The merge runs from both ends at once, on two
// goroutines: the front takes the smallest half, the back the rest, which
// a total order makes meet exactly (alerts equal in every field SortAlerts
// reads are ordered by run and position).
func mergeSorted(runs []sortedRun) []assets.Alert {
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

// An alert's position in mergeAlerts' keys: its family and its index there.
const (
	posPartBits  = 8
	posIndexBits = 24
	posBits      = posPartBits + posIndexBits
)

// orderKey packs severity (most severe first) and date (earliest first)
// into 25 bits that sort as SortAlerts does; false when the values do not
// fit (a severity or a year out of range), which sortedCopy then handles.
func orderKey(a *assets.Alert) (uint64, bool) {
	d := a.Date
	if a.Severity < 0 || a.Severity > 3 || d.Year < 0 || d.Year >= 1<<14 || d.Month < 0 || d.Month > 15 || d.Day < 0 || d.Day > 31 {
		return 0, false
	}
	return uint64(3-a.Severity)<<23 | uint64(d.Year)<<9 | uint64(d.Month)<<5 | uint64(d.Day), true
}

// sortedCopy is mergeSorted the plain way, for values orderKey cannot pack.
func sortedCopy(runs []sortedRun) []assets.Alert {
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

// SortAlerts orders alerts by severity (critical first), then date, then
// subject; kind and record break the remaining ties, so the order is total
// and an unstable sort (cheaper than a stable one on tens of thousands of
// alerts) still gives the same list every time.
func SortAlerts(a []assets.Alert) {
	slices.SortFunc(a, func(x, y assets.Alert) int {
		if x.Severity != y.Severity {
			return int(y.Severity) - int(x.Severity)
		}
		if c := x.Date.Compare(y.Date); c != 0 {
			return c
		}
		return compareTies(&x, &y)
	})
}

// compareTies orders alerts of the same severity and date: by subject,
// then kind, then the record.
func compareTies(x, y *assets.Alert) int {
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
