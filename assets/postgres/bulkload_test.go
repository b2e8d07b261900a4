package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"steward/assets"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
)

// bulkBatch is n new assets, more than the rebuild path's minimum (5,000):
// every tenth held by holder (0: nobody), a category of their own, a serial,
// a few with a MAC and host name (the partial indexes).
func bulkBatch(n int, holder int64) []assets.Asset {
	list := make([]assets.Asset, n)
	for i := range list {
		a := &list[i]
		a.Name = fmt.Sprintf("Bulk laptop %05d", i)
		a.Category = "laptop"
		if i%7 == 0 {
			a.Category = "rugged tablet" // not a built-in: added on the way
		}
		a.Manufacturer, a.Model = "Dell", "Latitude 5440"
		a.Serial = fmt.Sprintf("BLK%06d", i)
		a.Status = assets.StatusDeployed
		a.Location = "Depot"
		if i%10 == 0 && holder != 0 {
			a.AssignedTo = holder
		}
		if i%100 == 0 {
			a.MAC, a.HostName = fmt.Sprintf("02:00:00:00:%02x:%02x", i/256%256, i%256), fmt.Sprintf("blk-%d", i)
		}
	}
	return list
}

// indexObjects is every index and foreign key of assets, asset_search and
// history:
// name -> definition and name -> object id (a rebuilt index has a new one).
func indexObjects(t *testing.T, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}) (defs map[string]string, oids map[string]int64) {
	t.Helper()
	rows, err := q.Query(context.Background(), `
		SELECT c.relname::text, pg_get_indexdef(i.indexrelid), i.indexrelid::int8
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE i.indrelid IN ('assets'::regclass, 'asset_search'::regclass, 'history'::regclass)
		UNION ALL
		SELECT conname::text, pg_get_constraintdef(oid), oid::int8 FROM pg_constraint
		WHERE contype = 'f' AND conrelid IN ('assets'::regclass, 'asset_search'::regclass)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	defs, oids = map[string]string{}, map[string]int64{}
	for rows.Next() {
		var name, def string
		var oid int64
		if err := rows.Scan(&name, &def, &oid); err != nil {
			t.Fatal(err)
		}
		defs[name], oids[name] = def, oid
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(defs) < 12 {
		t.Fatalf("only %d indexes and keys found: %v", len(defs), defs)
	}
	return defs, oids
}

// sameDefinitions fails t unless after has exactly before's definitions.
func sameDefinitions(t *testing.T, before, after map[string]string) {
	t.Helper()
	for name, def := range before {
		if after[name] != def {
			t.Errorf("%s: %q after the batch, was %q", name, after[name], def)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s appeared", name)
		}
	}
}

// rebuilt lists the objects whose id changed.
func rebuilt(before, after map[string]int64) []string {
	var names []string
	for name, oid := range before {
		if after[name] != oid {
			names = append(names, name)
		}
	}
	return names
}

func TestBulkInsertRebuildsIndexesOnce(t *testing.T) {
	ctx := context.Background()
	s := pgtest.NewStore(t)
	p := assets.Person{Name: "Zoë Quist", Email: "zoe@example.com"}
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	defs, oids := indexObjects(t, s.Pool())
	begun := postgres.BulkLoadsBegun()
	if err := s.CreateAssets(ctx, bulkBatch(6000, p.ID)); err != nil {
		t.Fatal(err)
	}
	if postgres.BulkLoadsBegun() != begun+1 {
		t.Error("the batch did not take the rebuild path")
	}
	defs2, oids2 := indexObjects(t, s.Pool())
	sameDefinitions(t, defs, defs2)
	// The secondary b-trees (history's too: it was smaller than the batch)
	// and the foreign keys were set aside and made again; the primary
	// keys, unique indexes, the GIN index and the partial indexes few rows
	// enter (MAC, host name) stayed.
	changed := strings.Join(rebuilt(oids, oids2), " ")
	for _, name := range []string{"assets_name", "assets_cost", "assets_serial", "history_entity", "assets_category_fkey", "assets_assigned_to_fkey", "asset_search_asset_id_fkey"} {
		if !strings.Contains(changed, name) {
			t.Errorf("%s was not rebuilt (rebuilt: %s)", name, changed)
		}
	}
	for _, name := range []string{"assets_pkey", "assets_tag", "assets_gid", "asset_search_pkey", "asset_search_doc", "assets_mac", "assets_hostname", "history_pkey"} {
		if strings.Contains(" "+changed+" ", " "+name+" ") {
			t.Errorf("%s was rebuilt; it should stay in place", name)
		}
	}
	if n := queryInt(t, s.Pool(), "SELECT count(*) FROM bulk_load_saved"); n != 0 {
		t.Errorf("%d rows left in bulk_load_saved", n)
	}
	// The register reads as after any insert.
	if n, err := s.CountAssets(ctx, assets.AssetQuery{}); err != nil || n != 6000 {
		t.Fatalf("count %d, %v", n, err)
	}
	page, err := s.ListAssets(ctx, assets.AssetQuery{Search: "zoë", Limit: 1000})
	if err != nil || len(page.Assets) != 600 {
		t.Errorf("search for the holder: %d assets, %v; want 600", len(page.Assets), err)
	}
	page, err = s.ListAssets(ctx, assets.AssetQuery{Sort: assets.SortName, Desc: true, Limit: 2})
	if err != nil || len(page.Assets) != 2 || page.Assets[0].Name != "Bulk laptop 05999" {
		t.Errorf("last by name: %+v, %v", page.Assets, err)
	}
	var name string
	if err := s.Pool().QueryRow(ctx, "SELECT name FROM assets WHERE serial = 'BLK000042'").Scan(&name); err != nil || name != "Bulk laptop 00042" {
		t.Errorf("by serial: %q, %v", name, err)
	}
	// The keys hold again: deleting the holder empties their assets' holder.
	if err := s.DeletePerson(ctx, p.ID); err == nil {
		t.Error("a person holding 600 assets was deleted")
	}
	if _, err := s.Pool().Exec(ctx, "UPDATE assets SET category = 'no such category' WHERE id = 1"); err == nil {
		t.Error("the category key was not put back")
	}

	// A second batch into a register as large as it goes the ordinary way.
	_, oids = indexObjects(t, s.Pool())
	begun = postgres.BulkLoadsBegun()
	if err := s.CreateAssets(ctx, bulkBatch(6000, 0)); err != nil {
		t.Fatal(err)
	}
	if postgres.BulkLoadsBegun() != begun {
		t.Error("a batch into a register as large as it took the rebuild path")
	}
	if _, oids2 = indexObjects(t, s.Pool()); len(rebuilt(oids, oids2)) != 0 {
		t.Errorf("a batch into a larger register rebuilt %v", rebuilt(oids, oids2))
	}
}

func TestBulkInsertThatFailsLeavesEverythingAsItWas(t *testing.T) {
	ctx := context.Background()
	s := pgtest.NewStore(t)
	defs, oids := indexObjects(t, s.Pool())
	for name, spoil := range map[string]func([]assets.Asset){
		"a holder who does not exist": func(l []assets.Asset) { l[4321].AssignedTo = 999999 },
		"a tag twice in any case":     func(l []assets.Asset) { l[10].Tag, l[5000].Tag = "DUP-1", "dup-1" },
	} {
		list := bulkBatch(6000, 0)
		spoil(list)
		if err := s.CreateAssets(ctx, list); err == nil {
			t.Errorf("%s: the batch was stored", name)
		}
		defs2, oids2 := indexObjects(t, s.Pool())
		sameDefinitions(t, defs, defs2)
		if r := rebuilt(oids, oids2); len(r) != 0 {
			t.Errorf("%s: %v differ after the rollback", name, r)
		}
		if n, err := s.CountAssets(ctx, assets.AssetQuery{}); err != nil || n != 0 {
			t.Errorf("%s: %d assets stored, %v", name, n, err)
		}
	}
}

func TestBulkInsertBesideABusyWindowGoesTheOrdinaryWay(t *testing.T) {
	ctx := context.Background()
	s := pgtest.NewStore(t)
	_, oids := indexObjects(t, s.Pool())
	// Another window is reading the assets in an open transaction: the
	// batch may not lock them, waits two seconds at most, then inserts
	// row by row beside it.
	other, err := s.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback(ctx)
	if _, err := other.Exec(ctx, "SELECT count(*) FROM assets"); err != nil {
		t.Fatal(err)
	}
	begun := postgres.BulkLoadsBegun()
	if err := s.CreateAssets(ctx, bulkBatch(6000, 0)); err != nil {
		t.Fatalf("beside a reader: %v", err)
	}
	if postgres.BulkLoadsBegun() != begun {
		t.Error("the batch took the rebuild path beside a reader")
	}
	if _, oids2 := indexObjects(t, s.Pool()); len(rebuilt(oids, oids2)) != 0 {
		t.Errorf("rebuilt %v while another window read the table", rebuilt(oids, oids2))
	}
	if n, err := s.CountAssets(ctx, assets.AssetQuery{}); err != nil || n != 6000 {
		t.Errorf("count %d, %v", n, err)
	}
}

func TestBulkLoadBegunByHandCannotCommit(t *testing.T) {
	ctx := context.Background()
	s := pgtest.NewStore(t)
	defs, oids := indexObjects(t, s.Pool())
	tx, err := s.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "SELECT bulk_load_begin(10, NULL)"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err == nil || !strings.Contains(err.Error(), "did not rebuild") {
		t.Errorf("commit after bulk_load_begin alone: %v", err)
	}
	defs2, oids2 := indexObjects(t, s.Pool())
	sameDefinitions(t, defs, defs2)
	if r := rebuilt(oids, oids2); len(r) != 0 {
		t.Errorf("%v differ", r)
	}
}

func TestTechnicianBulkImportRebuildsAsTheOwner(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewEmptyDB(t)
	su := conn(t, url)
	if err := postgres.InitRegister(ctx, su, url, postgres.Options{}); err != nil {
		t.Fatal(err)
	}
	tech, reader := newUser(t, "tech"), newUser(t, "reader")
	for user, role := range map[string]postgres.Role{tech: postgres.RoleTechnician, reader: postgres.RoleReadOnly} {
		if err := postgres.Grant(ctx, su, user, role); err != nil {
			t.Fatal(err)
		}
	}
	_, oids := indexObjects(t, su)
	s, err := postgres.Open(ctx, pgtest.WithUser(url, tech, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list := bulkBatch(6000, 0)
	for i := range list {
		list[i].Normalize()
	}
	// A dry run (the window's preview) never locks the others out.
	begun := postgres.BulkLoadsBegun()
	st, err := s.ImportAssets(ctx, list, true)
	if err != nil || st.Created != 6000 {
		t.Fatalf("a technician's dry run: %+v, %v", st, err)
	}
	if postgres.BulkLoadsBegun() != begun {
		t.Error("a dry run took the rebuild path")
	}
	st, err = s.ImportAssets(ctx, list, false)
	if err != nil || st.Created != 6000 {
		t.Fatalf("a technician's import: %+v, %v", st, err)
	}
	_, oids2 := indexObjects(t, su)
	if len(rebuilt(oids, oids2)) == 0 {
		t.Error("a technician's large import did not take the rebuild path")
	}
	if n := queryInt(t, su, `SELECT count(*) FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid
		WHERE i.indrelid = 'assets'::regclass AND pg_get_userbyid(c.relowner) <> 'steward_admin'`); n != 0 {
		t.Errorf("%d rebuilt indexes do not belong to steward_admin", n)
	}
	c := conn(t, pgtest.WithUser(url, tech, ""))
	for _, q := range []string{
		"INSERT INTO bulk_load_saved VALUES ('assets', 'x', 'index', 'DROP TABLE assets')",
		"DELETE FROM bulk_load_saved",
	} {
		if _, err := c.Exec(ctx, q); !refused(err) {
			t.Errorf("a technician's %q: %v, want refused", q, err)
		}
	}
	if _, err := conn(t, pgtest.WithUser(url, reader, "")).Exec(ctx, "SELECT bulk_load_begin(10, NULL)"); !refused(err) {
		t.Errorf("a reader locking the assets: %v, want refused", err)
	}
}
