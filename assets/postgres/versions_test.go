package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"steward/assets"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
)

// Two Stewards on one register saving the same records at the same time
// (issue 18, no lost updates): each appends a line of its own to the
// notes, read, changed and saved, and on a conflict reads theirs and
// appends again. Every line is in the end result. The asset's read locks its row; the
// licence's does not, so its UPDATE ... AND version = ... is what holds.
func TestConcurrentSavesLoseNothing(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewDB(t)
	var stores [2]*postgres.Store
	for i := range stores {
		s, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	a := assets.Asset{Name: "Shared", Category: "laptop", Cost: assets.Money{Currency: "EUR"}}
	if err := stores[0].CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	l := assets.Licence{Product: "Shared", Type: assets.LicencePerSeat, Seats: 1}
	if err := stores[0].CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	const adds = 25
	var conflicts atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for c, s := range stores {
		wg.Go(func() {
			for i := range adds {
				for {
					got, err := s.Asset(ctx, a.ID)
					if err != nil {
						errs <- err
						return
					}
					got.Notes += fmt.Sprintf("client %d asset %d\n", c, i)
					err = s.UpdateAsset(ctx, &got)
					if assets.KindOf(err) == assets.KindConflict {
						conflicts.Add(1)
						continue
					}
					if err != nil {
						errs <- err
						return
					}
					break
				}
			}
		})
		wg.Go(func() {
			for i := range adds {
				for {
					got, err := s.Licence(ctx, l.ID)
					if err != nil {
						errs <- err
						return
					}
					got.Notes += fmt.Sprintf("client %d licence %d\n", c, i)
					err = s.UpdateLicence(ctx, &got)
					if assets.KindOf(err) == assets.KindConflict {
						conflicts.Add(1)
						continue
					}
					if err != nil {
						errs <- err
						return
					}
					break
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, err := stores[1].Asset(ctx, a.ID)
	if n := strings.Count(got.Notes, " asset "); err != nil || n != 2*adds || got.Version != 1+2*adds {
		t.Errorf("asset after %d saves: %d lines, version %d (%v)", 2*adds, n, got.Version, err)
	}
	gl, err := stores[1].Licence(ctx, l.ID)
	if n := strings.Count(gl.Notes, " licence "); err != nil || n != 2*adds || gl.Version != 1+2*adds {
		t.Errorf("licence after %d saves: %d lines, version %d (%v)", 2*adds, n, gl.Version, err)
	}
	t.Logf("%d conflicts met and retried", conflicts.Load())
}

// Two copies of one record read, both saved at once from two Stewards:
// exactly one save goes through, the other is a conflict carrying theirs.
func TestConcurrentSavesOneConflict(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewDB(t)
	var stores [2]*postgres.Store
	for i := range stores {
		s, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	for round := range 10 {
		task := assets.Task{Kind: assets.TaskMaintenance, Title: "Service", Due: assets.MustDate("2026-06-01")}
		if err := stores[0].CreateTask(ctx, &task); err != nil {
			t.Fatal(err)
		}
		var copies [2]assets.Task
		for i, s := range stores {
			c, err := s.Task(ctx, task.ID)
			if err != nil {
				t.Fatal(err)
			}
			c.Note = []string{"first", "second"}[i]
			copies[i] = c
		}
		var errs [2]error
		var wg sync.WaitGroup
		for i, s := range stores {
			wg.Go(func() { errs[i] = s.UpdateTask(ctx, &copies[i]) })
		}
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch assets.KindOf(err) {
			case assets.KindConflict:
			default:
				if err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
				won = i
			}
		}
		if won < 0 || errs[1-won] == nil {
			t.Fatalf("round %d: errors %v, want one save and one conflict", round, errs)
		}
		stored, _ := stores[0].Task(ctx, task.ID)
		if stored.Note != copies[won].Note || stored.Version != 2 {
			t.Errorf("round %d: stored %q v%d, winner wrote %q", round, stored.Note, stored.Version, copies[won].Note)
		}
	}
}
