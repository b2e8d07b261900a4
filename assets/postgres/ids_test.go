package postgres_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"steward/assets"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
	"steward/assets/sqlite"
	"steward/assets/storetest"
)

// idStore is what the ID tests call: the parts of the register that number
// their records (assets, contracts, licences, tasks, courses, people).
type idStore interface {
	storetest.AssetStore
	storetest.PeopleStore
	storetest.LifecycleStore
}

// Both engines number a register alike: the same calls give the same IDs,
// for every kind of record whose history names it. An ID is the highest one
// ever used plus one: a deleted record's ID is never given again, and a
// dry-run import or a refused insert uses none up. Contracts are made by the
// contract calls and by asset imports with warranty ends, which must not
// collide.
func TestIDsAsSQLite(t *testing.T) {
	ctx := context.Background()
	lite, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	want := numberRecords(t, lite)
	got := numberRecords(t, openConformance(t))
	if !slices.Equal(got, want) {
		t.Errorf("PostgreSQL numbered\n%s\nSQLite\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// numberRecords creates, deletes, imports (dry and real) and refuses
// records of every kind, and lists every record's kind, ID and name.
func numberRecords(t *testing.T, s idStore) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	note := func(kind string, id int64, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		out = append(out, fmt.Sprintf("%s %d", kind, id))
	}
	refused := func(what string, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s: not refused", what)
		}
	}
	end := assets.MustDate("2028-06-30")
	newAssets := func(names ...string) []assets.Asset {
		list := make([]assets.Asset, len(names))
		for i, n := range names {
			list[i] = assets.Asset{Name: n, Category: "laptop", Manufacturer: "Dell", PurchaseDate: assets.MustDate("2025-06-30")}
			list[i].Normalize()
		}
		return list
	}
	contract := func(p string) assets.Contract {
		return assets.Contract{Kind: assets.ContractSupport, Provider: p, End: assets.MustDate("2027-01-01")}
	}

	// Assets and warranty contracts from an import, between contracts
	// made by hand.
	_, err := s.ImportAssetsWarranty(ctx, newAssets("Dry 1", "Dry 2"), []assets.Date{end, end}, true)
	note("dry asset import", 0, err)
	c := contract("Acme")
	note("contract", c.ID, s.CreateContract(ctx, &c))
	list := newAssets("Laptop 1", "Laptop 2", "Laptop 3")
	_, err = s.ImportAssetsWarranty(ctx, list, []assets.Date{end, {}, end}, false)
	note("asset import", 0, err)
	for _, a := range list {
		note("asset", a.ID, nil)
	}
	c = contract("Globex")
	note("contract", c.ID, s.CreateContract(ctx, &c))
	note("contract deleted", c.ID, s.DeleteContract(ctx, c.ID))
	refused("contract of a missing asset", s.CreateContract(ctx, &assets.Contract{Provider: "X", End: end, AssetIDs: []int64{4242}}))
	imp := []assets.ContractImport{{Line: 2, Contract: contract("Initech")}}
	imp[0].Contract.Normalize()
	_, err = s.ImportContracts(ctx, imp, true)
	note("dry contract import", 0, err)
	// The second asset's warranty, set by a later import of its row.
	again := list[1]
	_, err = s.ImportAssetsWarranty(ctx, []assets.Asset{again}, []assets.Date{end}, false)
	note("warranty import", 0, err)
	_, err = s.ImportContracts(ctx, imp, false)
	note("contract import", 0, err)
	c = contract("Umbrella")
	note("contract", c.ID, s.CreateContract(ctx, &c))
	next, err := s.RenewContract(ctx, c.ID, nil)
	note("contract renewed", next.ID, err)

	// Licences.
	lic := func(p string) assets.Licence {
		return assets.Licence{Product: p, Vendor: "Microsoft", Type: assets.LicencePerSeat, Seats: 2}
	}
	l := lic("Office")
	note("licence", l.ID, s.CreateLicence(ctx, &l))
	note("licence deleted", l.ID, s.DeleteLicence(ctx, l.ID))
	limp := []assets.LicenceImport{{Line: 2, Licence: lic("Visio")}}
	limp[0].Licence.Normalize()
	_, err = s.ImportLicences(ctx, limp, true)
	note("dry licence import", 0, err)
	l = lic("Project")
	note("licence", l.ID, s.CreateLicence(ctx, &l))
	_, err = s.ImportLicences(ctx, limp, false)
	note("licence import", 0, err)

	// Tasks.
	task := func(title string) assets.Task {
		return assets.Task{Kind: assets.TaskMaintenance, Title: title, Due: assets.MustDate("2026-05-01"), AssetIDs: []int64{list[0].ID}}
	}
	tk := task("Clean fans")
	note("task", tk.ID, s.CreateTask(ctx, &tk))
	note("task deleted", tk.ID, s.DeleteTask(ctx, tk.ID))
	refused("task of a missing asset", s.CreateTask(ctx, &assets.Task{Kind: assets.TaskMaintenance, Title: "X", Due: end, AssetIDs: []int64{4242}}))
	timp := []assets.TaskImport{{Line: 2, Task: task("Replace battery")}}
	timp[0].Task.Due = assets.MustDate("2026-07-01")
	timp[0].Task.Normalize()
	_, err = s.ImportTasks(ctx, timp, true)
	note("dry task import", 0, err)
	tk = task("Update BIOS")
	note("task", tk.ID, s.CreateTask(ctx, &tk))

	// Courses.
	co := assets.Course{Name: "Fire safety", RenewalMonths: 12}
	note("course", co.ID, s.SaveCourse(ctx, &co))
	note("course deleted", co.ID, s.DeleteCourse(ctx, co.ID))
	co = assets.Course{Name: "First aid", RenewalMonths: 36}
	note("course", co.ID, s.SaveCourse(ctx, &co))
	refused("course of a taken name", s.SaveCourse(ctx, &assets.Course{Name: "FIRST AID", RenewalMonths: 12}))
	cimp := []assets.Course{{Name: "Manual handling", RenewalMonths: 24}}
	cimp[0].Normalize()
	_, err = s.ImportCourses(ctx, cimp, true)
	note("dry course import", 0, err)
	co = assets.Course{Name: "Data protection", RenewalMonths: 12}
	note("course", co.ID, s.SaveCourse(ctx, &co))

	// People.
	p := assets.Person{Name: "Ada Lovelace", Email: "ada@example.org"}
	note("person", p.ID, s.CreatePerson(ctx, &p))
	note("person deleted", p.ID, s.DeletePerson(ctx, p.ID))
	p = assets.Person{Name: "Grace Hopper", Email: "grace@example.org"}
	note("person", p.ID, s.CreatePerson(ctx, &p))
	refused("person of a taken e-mail", s.CreatePerson(ctx, &assets.Person{Name: "Grace H", Email: "GRACE@example.org"}))
	pimp := []assets.PersonImport{{Person: assets.Person{Name: "Alan Turing", Email: "alan@example.org"}}}
	pimp[0].Normalize()
	_, err = s.ImportPeople(ctx, pimp, true)
	note("dry people import", 0, err)
	p = assets.Person{Name: "Edsger Dijkstra", Email: "edsger@example.org"}
	note("person", p.ID, s.CreatePerson(ctx, &p))
	_, err = s.ImportPeople(ctx, pimp, false)
	note("people import", 0, err)

	// Every record as stored.
	cs, err := s.ListContracts(ctx, assets.ContractQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		out = append(out, fmt.Sprintf("stored contract %d %s %s %v", c.ID, c.Provider, c.End, c.AssetIDs))
	}
	ls, err := s.ListLicences(ctx, assets.LicenceQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		out = append(out, fmt.Sprintf("stored licence %d %s", l.ID, l.Product))
	}
	ts, err := s.ListTasks(ctx, assets.TaskQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range ts {
		out = append(out, fmt.Sprintf("stored task %d %s", tk.ID, tk.Title))
	}
	courses, err := s.Courses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range courses {
		out = append(out, fmt.Sprintf("stored course %d %s", c.ID, c.Name))
	}
	people, err := s.FindPeople(ctx, assets.PeopleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		out = append(out, fmt.Sprintf("stored person %d %s", p.ID, p.Name))
	}
	return out
}

// Two Stewards making contracts on one register at the same moment: by
// hand, renewed, imported, and as the warranties of imported assets (new
// ones in bulk, stored ones one by one). No call fails, no contract is lost,
// and each contract's history is its own: its creation row describes it.
// The same for licences, tasks, courses and people made at once.
func TestConcurrentContractCreation(t *testing.T) {
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
	end := func(c, i int) assets.Date { return assets.MustDate("2027-01-01").AddDays(100*c + i) }
	// Stored assets without a warranty, which imports then give one.
	stored := make([][]assets.Asset, len(stores))
	for c := range stores {
		for i := range 10 {
			a := assets.Asset{Name: fmt.Sprintf("client %d stored %d", c, i), Category: "laptop", Manufacturer: "Lenovo"}
			if err := stores[c].CreateAsset(ctx, &a); err != nil {
				t.Fatal(err)
			}
			stored[c] = append(stored[c], a)
		}
	}
	// Per client: workers goroutines each making byHand contracts (the
	// first renewals of them renewed) and each licence, course, person and
	// task; bulk imports of bulkLen new assets; the stored assets'
	// warranties one import at a time; one contracts import.
	const workers, byHand, renewals, bulk, bulkLen, imported, each = 3, 10, 2, 4, 10, 10, 4
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	fail := func(err error) {
		if err != nil {
			errs <- err
		}
	}
	for c, s := range stores {
		for w := range workers {
			wg.Go(func() {
				for i := range byHand {
					k := assets.Contract{Kind: assets.ContractSupport, Provider: fmt.Sprintf("client %d worker %d hand %d", c, w, i), End: end(c, i)}
					if err := s.CreateContract(ctx, &k); err != nil {
						fail(err)
						continue
					}
					if i < renewals {
						_, err := s.RenewContract(ctx, k.ID, nil)
						fail(err)
					}
				}
			})
			wg.Go(func() {
				for i := range each {
					name := fmt.Sprintf("client %d worker %d #%d", c, w, i)
					l := assets.Licence{Product: name, Type: assets.LicencePerSeat, Seats: 1}
					fail(s.CreateLicence(ctx, &l))
					k := assets.Course{Name: name, RenewalMonths: 12}
					fail(s.SaveCourse(ctx, &k))
					p := assets.Person{Name: name, Email: fmt.Sprintf("c%dw%dp%d@example.org", c, w, i)}
					fail(s.CreatePerson(ctx, &p))
					tk := assets.Task{Kind: assets.TaskMaintenance, Title: name, Due: end(c, i), AssetIDs: []int64{stored[c][i].ID}}
					fail(s.CreateTask(ctx, &tk))
				}
			})
		}
		wg.Go(func() {
			for b := range bulk {
				list := make([]assets.Asset, bulkLen)
				ends := make([]assets.Date, bulkLen)
				for j := range list {
					list[j] = assets.Asset{Name: fmt.Sprintf("client %d bulk %d/%d", c, b, j), Category: "desktop", Manufacturer: "HP"}
					list[j].Normalize()
					ends[j] = end(c, 10*b+j)
				}
				_, err := s.ImportAssetsWarranty(ctx, list, ends, false)
				fail(err)
			}
		})
		wg.Go(func() {
			for i, a := range stored[c] {
				_, err := s.ImportAssetsWarranty(ctx, []assets.Asset{a}, []assets.Date{end(c, i)}, false)
				fail(err)
			}
		})
		wg.Go(func() {
			items := make([]assets.ContractImport, imported)
			for i := range items {
				items[i] = assets.ContractImport{Line: i + 2, Contract: assets.Contract{Kind: assets.ContractSupport,
					Provider: fmt.Sprintf("client %d import", c), Reference: fmt.Sprintf("R-%d", i), End: end(c, i)}}
				items[i].Contract.Normalize()
			}
			_, err := s.ImportContracts(ctx, items, false)
			fail(err)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	s := stores[0]
	cs, err := s.ListContracts(ctx, assets.ContractQuery{})
	if err != nil {
		t.Fatal(err)
	}
	perClient := workers*(byHand+renewals) + bulk*bulkLen + len(stored[0]) + imported
	if len(cs) != len(stores)*perClient {
		t.Errorf("%d contracts stored, want %d", len(cs), len(stores)*perClient)
	}
	tags := map[int64]string{}
	if err := s.EachAsset(ctx, func(a assets.Asset) error { tags[a.ID] = a.Tag; return nil }); err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		h, err := s.History(ctx, "contract", c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var first assets.HistoryEntry
		creations := 0
		for _, e := range h {
			if e.Action == "create" || e.Action == "import" && e.Field == "" || e.Action == "renew" {
				first = e
				creations++
			}
		}
		want := c.Title()
		if c.Kind == assets.ContractWarranty && len(c.AssetIDs) == 1 {
			want = "warranty for " + tags[c.AssetIDs[0]] + " until " + c.End.String()
		}
		if creations != 1 || first.New != want {
			t.Errorf("contract %d (%s): history %+v, want one creation %q", c.ID, c.Title(), h, want)
		}
	}
	// Each record's creation is in history under its own ID, once.
	for _, k := range []struct{ table, entity string }{{"licences", "licence"}, {"courses", "course"}, {"people", "person"}, {"tasks", "task"}} {
		var rows, created, orphans int
		err := s.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM `+k.table+`),
			(SELECT count(DISTINCT entity_id) FROM history WHERE entity = $1 AND action = 'create'),
			(SELECT count(*) FROM history h WHERE entity = $1 AND NOT EXISTS (SELECT 1 FROM `+k.table+` x WHERE x.id = h.entity_id))`, k.entity).
			Scan(&rows, &created, &orphans)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(stores) * workers * each; rows != n || created != rows || orphans != 0 {
			t.Errorf("%s: %d rows, %d created in history, %d history rows of no record; want %d, %d, 0", k.table, rows, created, orphans, n, n)
		}
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	if len(ids) > 0 && ids[len(ids)-1] != int64(len(ids)) {
		t.Errorf("contract IDs run to %d for %d contracts: some were skipped", ids[len(ids)-1], len(ids))
	}
}
