package sqlite

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"steward/assets"
	"steward/assets/sqlite/internal/fastread"
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

// registerAlertParts registers a family that collects its alerts in a
// fastread.AlertList.
func registerAlertParts(name string, run func(ctx context.Context, s *Store, opt assets.AlertOptions) (*fastread.AlertList, error)) {
	registerAlertShards(name, false, func(ctx context.Context, s *Store, opt assets.AlertOptions, _ shard) (*fastread.AlertList, error) {
		return run(ctx, s, opt)
	})
}

// registerAlertShards registers a family that collects its alerts in a
// fastread.AlertList, split into shards when sharded is true.
func registerAlertShards(name string, sharded bool, run func(ctx context.Context, s *Store, opt assets.AlertOptions, sh shard) (*fastread.AlertList, error)) {
	alertSources = append(alertSources, alertSource{name, sharded, func(ctx context.Context, s *Store, opt assets.AlertOptions, sh shard) ([][]assets.Alert, error) {
		l, err := run(ctx, s, opt, sh)
		if l == nil {
			return nil, err
		}
		return l.Parts(), err
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

// Alerts computes every alert as of opt.AsOf in rank order (assets.CompareAlerts:
// most severe first, security and compliance risks first among them).
// A rule that fails makes the whole call fail, naming the rule: an alert list
// that silently lacks a family would be read as "all clear".
//
// The families run concurrently, each on its own reader connection: they
// are independent, and on a machine with several cores a large register's
// alerts then take about the sum of all divided by the cores.
func (s *Store) Alerts(ctx context.Context, opt assets.AlertOptions) (_ []assets.Alert, err error) {
	defer assets.Wrap(&err, "sqlite.Alerts")
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
	got := make([]fastread.Run, len(jobs))
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
				got[i] = fastread.SortRun(parts)
			}
		})
	}
	wg.Wait()
	for i, j := range jobs {
		if errs[i] != nil {
			return nil, fmt.Errorf("computing %s alerts: %w", alertSources[j.src].name, errs[i])
		}
	}
	out := fastread.Merge(got)
	for _, r := range got {
		fastread.Recycle(r.Parts()) // every alert is in out now
	}
	return out, nil
}

// SortAlerts puts alerts in rank order (assets.CompareAlerts: severity,
// the kind's rank, impact, date, subject, kind, record; the order Alerts
// gives).
func SortAlerts(a []assets.Alert) { fastread.SortAlerts(a) }
