package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets"
)

// explain returns SQLite's query plan for query, one step per line.
func explain(t *testing.T, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.read.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n")
}

// Every indexed sort walks its index from the cursor (a SEARCH with a range,
// no temporary sort), so page 1,000 costs what page 1 does; dense filters
// keep that plan, sparse ones use their own index.
func TestKeysetPlansUseIndexes(t *testing.T) {
	s, err := Create(context.Background(), filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wantIndex := map[assets.SortField]string{
		assets.SortTag: "sqlite_autoindex_assets_1", assets.SortName: "assets_name", assets.SortCategory: "assets_category",
		assets.SortStatus: "assets_status", assets.SortLocation: "assets_location", assets.SortPurchase: "assets_purchase",
		assets.SortCost: "assets_cost",
	}
	for field := range sortColumns {
		if _, listed := wantIndex[field]; listed != SortIsIndexed(field) {
			t.Errorf("sort %s: indexed %v, but this test lists it %v", field, SortIsIndexed(field), listed)
		}
	}
	for field, index := range wantIndex {
		for _, desc := range []bool{false, true} {
			for _, unindexedFilter := range []bool{false, true} {
				q := assets.AssetQuery{Sort: field, Desc: desc, After: &assets.Cursor{Value: "m", ID: 500}}
				if unindexedFilter {
					q.Category, q.Status = "laptop", assets.StatusDeployed
				}
				_, inner, args := pageQuery(q, sortColumns[field], unindexedFilter, 100)
				plan := explain(t, s, inner, args...)
				if !strings.Contains(plan, "SEARCH a USING") || !strings.Contains(plan, "INDEX "+index+" (") || strings.Contains(plan, "TEMP B-TREE") {
					t.Errorf("sort %s desc %v filtered %v: plan\n%s\nwant a range SEARCH on %s without a temporary sort", field, desc, unindexedFilter, plan, index)
				}
			}
		}
	}
	// A sparse filter is read through its own index.
	q := assets.AssetQuery{Sort: assets.SortName, Status: assets.StatusLost}
	_, inner, args := pageQuery(q, sortColumns[q.Sort], false, 100)
	if plan := explain(t, s, inner, args...); !strings.Contains(plan, "(status=?)") {
		t.Errorf("sparse status filter plan:\n%s", plan)
	}
	// Counting what the list's filters match reads asset_counts, not assets.
	for _, q := range []assets.AssetQuery{{}, {Category: "laptop", Status: assets.StatusDeployed}, {Status: assets.StatusDeployed, Location: "Remote"}, {Location: "Remote"}} {
		query, args := countQuery(q)
		if plan := explain(t, s, query, args...); !strings.Contains(plan, "asset_counts") || strings.Contains(plan, " a ") {
			t.Errorf("count %+v plan:\n%s", q, plan)
		}
	}
}

// A person's held assets are counted through assets_assigned even when
// the statistics say that index is useless (taken while nobody held
// anything): the status index instead read every deployed asset per person.
func TestHeldCountsUseTheHolderIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "plan.db")
	s, err := Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"ANALYZE", "DELETE FROM sqlite_stat1 WHERE tbl = 'assets'",
		`INSERT INTO sqlite_stat1 VALUES ('assets', 'assets_assigned', '100000 100000 1'), ('assets', 'assets_status', '100000 25000 1')`} {
		if _, err := s.write.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, q := range map[string]string{"people list": "SELECT id, " + heldCount + " FROM people WHERE ? <> ''", "leavers": leaversQuery} {
		if plan := explain(t, s, q, "2026-01-01"); !strings.Contains(plan, "INDEX assets_assigned (assigned_to=?)") {
			t.Errorf("%s: plan\n%s\nwant a search of assets_assigned", name, plan)
		}
	}
}
