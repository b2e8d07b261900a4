package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// visitBenchRegister: 20,000 assets, 5,000 of them at the location taken,
// each with a holder among 500 people.
func visitBenchRegister(b *testing.B) *sqlite.Store {
	b.Helper()
	ctx := context.Background()
	s := openTest(b)
	people := make([]int64, 500)
	for i := range people {
		p := assets.Person{Name: fmt.Sprintf("Person %d", i), Email: fmt.Sprintf("p%d@example.org", i)}
		if err := s.CreatePerson(ctx, &p); err != nil {
			b.Fatal(err)
		}
		people[i] = p.ID
	}
	list := make([]assets.Asset, 20000)
	for i := range list {
		loc := fmt.Sprintf("Branch %d", i%3)
		if i%4 == 0 {
			loc = "Head office"
		}
		list[i] = assets.Asset{Name: fmt.Sprintf("Laptop %d", i), Category: "laptop", Location: loc,
			Serial: fmt.Sprintf("SN%06d", i), AssignedTo: people[i%len(people)], Status: assets.StatusDeployed}
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkVisitCheckout5k writes the bundle of a 5,000-asset location
// (from a 20,000-asset register). Target: under 3 s.
func BenchmarkVisitCheckout5k(b *testing.B) {
	ctx := context.Background()
	s := visitBenchRegister(b)
	dir := b.TempDir()
	b.ResetTimer()
	for i := range b.N {
		got, err := s.CheckoutVisit(ctx, []string{"Head office"}, filepath.Join(dir, fmt.Sprintf("v%d.steward", i)))
		if err != nil || got.Counts["assets"] != 5000 {
			b.Fatalf("%v %v", got.Counts, err)
		}
	}
}

// BenchmarkVisitCheckin5kChanged checks in a bundle in which all 5,000
// assets changed (notes and location), into a register that changed
// another field of each. Target: under 5 s.
func BenchmarkVisitCheckin5kChanged(b *testing.B) {
	ctx := context.Background()
	s := visitBenchRegister(b)
	dir := b.TempDir()
	for i := range b.N {
		b.StopTimer()
		path := filepath.Join(dir, fmt.Sprintf("v%d.steward", i))
		if _, err := s.CheckoutVisit(ctx, []string{"Head office"}, path); err != nil {
			b.Fatal(err)
		}
		bundle, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := bundle.DB().Exec(fmt.Sprintf(`UPDATE assets SET notes = 'seen on visit %d', location = 'Head office, floor 2'`, i)); err != nil {
			b.Fatal(err)
		}
		bundle.Close()
		for _, side := range []string{"-wal", "-shm"} {
			os.Remove(path + side)
		}
		if _, err := s.DB().Exec(fmt.Sprintf(`UPDATE assets SET supplier = 'Office %d' WHERE location = 'Head office'`, i)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		plan, err := s.CheckinVisit(ctx, path, assets.CheckinOptions{})
		if err != nil || len(plan.Changes) != 10000 || len(plan.Conflicts) != 0 {
			b.Fatalf("%d changes, %d conflicts, %v", len(plan.Changes), len(plan.Conflicts), err)
		}
		b.StopTimer()
		// Back to Head office for the next round.
		if _, err := s.DB().Exec(`UPDATE assets SET location = 'Head office' WHERE location = 'Head office, floor 2'`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
