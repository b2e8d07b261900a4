// Package bulkrule is what both stores do alike for a bulk insert of
// assets: check the batch (on every core), and decide when the table's
// secondary indexes are rebuilt instead of taking the rows one by one, and
// which partial indexes stay in place meanwhile (the assets tables of both
// engines have the same index names).
package bulkrule

import (
	"fmt"
	"runtime"
	"sync"

	"steward/assets"
)

// Min is the batch size from which a bulk insert into a table smaller than
// the batch sets the table's secondary indexes aside, inserts, and builds
// them again: sorting once beats 100,000 random b-tree inserts per index
// (measured on SQLite: 100k demo assets in about a third of the CPU; on
// PostgreSQL: the insert's time about halved).
const Min = 5000

// WorthRebuilding says whether n new rows into a table whose IDs go up to
// maxID take the rebuild path. Only a batch larger than what is stored:
// rebuilding reads every row, old ones too.
func WorthRebuilding(n int, maxID int64) bool { return n >= Min && int64(n) > maxID }

// Shape is what a batch of new assets holds: how many rows, and how many of
// them have a serial, a MAC and a host name (the partial indexes
// assets_serial, assets_mac and assets_hostname take only those).
type Shape struct{ Rows, Serials, MACs, Hosts int }

// ShapeOf is list's Shape.
func ShapeOf(list []assets.Asset) Shape {
	s := Shape{Rows: len(list)}
	for i := range list {
		if list[i].Serial != "" {
			s.Serials++
		}
		if list[i].MAC != "" {
			s.MACs++
		}
		if list[i].HostName != "" {
			s.Hosts++
		}
	}
	return s
}

// Sparse names the partial indexes fewer than a tenth of the batch's rows
// enter: they stay in place, where a row outside one costs nothing, while
// rebuilding one reads the whole table again (45-65 ms for 100,000 assets
// on SQLite; an asset CSV has no MAC or host name column at all).
func (s Shape) Sparse() map[string]bool {
	few := func(n int) bool { return n*10 < s.Rows }
	return map[string]bool{"assets_serial": few(s.Serials), "assets_mac": few(s.MACs), "assets_hostname": few(s.Hosts)}
}

// Check normalises and validates each asset of a batch about to be stored
// together, on every core for a long one (100,000 assets took a tenth of a
// second on one); the error names the first bad asset (its place in the
// list, from 1, and its name), as one pass in order would.
func Check(list []assets.Asset) error {
	check := func(lo, hi int) error {
		for i := lo; i < hi; i++ {
			list[i].Normalize()
			if err := list[i].Validate(); err != nil {
				return fmt.Errorf("asset %d (%s): %w", i+1, list[i].Name, err)
			}
		}
		return nil
	}
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || len(list) < 4096 {
		return check(0, len(list))
	}
	chunk := (len(list) + workers - 1) / workers
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { errs[w] = check(min(w*chunk, len(list)), min((w+1)*chunk, len(list))) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
