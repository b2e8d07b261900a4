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
	got := make([][][]assets.Alert, len(jobs))
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
				got[i], errs[i] = alertSources[j.src].run(ctx, s, opt, j.sh)
			}
		})
	}
	wg.Wait()
	for i, j := range jobs {
		if errs[i] != nil {
			return nil, fmt.Errorf("computing %s alerts: %w", alertSources[j.src].name, errs[i])
		}
	}
	parts := slices.Concat(got...)
	out := mergeAlerts(parts)
	recycleAlertBlocks(parts) // every alert is in out now
	return out, nil
}

// mergeAlerts joins the families' lists into one list in SortAlerts order
// (nil when there are none). Sorting ~90,000 alerts of 100 bytes in place
// moved each one many times; instead the order is found on 8-byte keys
// (severity and date packed above the alert's position) and every alert is
// copied once, straight into the result. Alerts with the same severity and
// date are then put in subject order run by run; a family lists them
// mostly in that order already, which the sort detects.
func mergeAlerts(parts [][]assets.Alert) []assets.Alert {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if n == 0 {
		return nil
	}
	keys := make([]uint64, 0, n)
	for pi, p := range parts {
		for i := range p {
			k, ok := orderKey(&p[i])
			if !ok || pi >= 1<<posPartBits || i >= 1<<posIndexBits {
				return sortedCopy(parts, n)
			}
			keys = append(keys, k<<posBits|uint64(pi)<<posIndexBits|uint64(i))
		}
	}
	slices.Sort(keys)
	out := make([]assets.Alert, n)
	// Copying 10 MB of alerts and ordering the runs is split in two at a
	// run boundary near the middle, one half on another goroutine: this
	// is the serial end of Alerts, after the families ran in parallel.
	cut := n / 2
	for cut > 0 && cut < n && keys[cut]>>posBits == keys[cut-1]>>posBits {
		cut++
	}
	var wg sync.WaitGroup
	if n >= 4096 {
		wg.Go(func() { gatherRuns(parts, keys[cut:], out[cut:]) })
	} else {
		cut = n
	}
	gatherRuns(parts, keys[:cut], out[:cut])
	wg.Wait()
	return out
}

// gatherRuns copies the alerts keys name into out, in order, then puts
// each run of the same severity and date in subject order. The families'
// alerts are each in their list's order there, and the lists are mostly
// in subject order already: merging their ascending runs is cheap. The
// runs are walked in out, in memory order.
func gatherRuns(parts [][]assets.Alert, keys []uint64, out []assets.Alert) {
	for i, k := range keys {
		out[i] = parts[k>>posIndexBits&(1<<posPartBits-1)][k&(1<<posIndexBits-1)]
	}
	var buf []assets.Alert
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j]>>posBits == keys[i]>>posBits {
			j++
		}
		if j-i > 1 {
			buf = mergeRuns(out[i:j], buf, compareTies)
		}
		i = j
	}
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

// sortedCopy is mergeAlerts the plain way, for values orderKey cannot pack.
func sortedCopy(parts [][]assets.Alert, n int) []assets.Alert {
	out := make([]assets.Alert, 0, n)
	for _, p := range parts {
		out = append(out, p...)
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
