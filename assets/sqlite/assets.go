package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"steward/assets"
	"steward/assets/internal/bulkrule"
)

const assetColumns = `a.id, a.tag, a.name, a.category, a.manufacturer, a.model, a.serial, a.status, a.location,
	COALESCE(a.assigned_to, 0), COALESCE(p.name, ''), a.purchase_date, a.cost, a.currency, a.supplier, a.notes,
	a.os, a.eol_date, a.hostname, a.mac, a.created, a.updated, a.version`

const assetFrom = ` FROM assets a LEFT JOIN people p ON p.id = a.assigned_to`

type scanner interface{ Scan(dest ...any) error }

func scanAsset(r scanner) (assets.Asset, error) {
	var a assets.Asset
	var status, purchase, eol, created, updated string
	err := r.Scan(&a.ID, &a.Tag, &a.Name, &a.Category, &a.Manufacturer, &a.Model, &a.Serial, &status, &a.Location,
		&a.AssignedTo, &a.AssignedName, &purchase, &a.Cost.Minor, &a.Cost.Currency, &a.Supplier, &a.Notes,
		&a.OS, &eol, &a.HostName, &a.MAC, &created, &updated, &a.Version)
	a.Status = assets.Status(status)
	a.PurchaseDate, a.EOLDate = parseDate(purchase), parseDate(eol)
	a.Created, a.Updated = parseStamp(created), parseStamp(updated)
	return a, err
}

// Asset loads one asset by ID.
func (s *Store) Asset(ctx context.Context, id int64) (_ assets.Asset, err error) {
	defer assets.Wrap(&err, "sqlite.Asset")
	return s.assetWhere(ctx, s.read, "a.id = ?", id)
}

// AssetByTag loads one asset by its tag (any case).
func (s *Store) AssetByTag(ctx context.Context, tag string) (_ assets.Asset, err error) {
	defer assets.Wrap(&err, "sqlite.AssetByTag")
	return s.assetWhere(ctx, s.read, "a.tag = ?", strings.TrimSpace(tag))
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) assetWhere(ctx context.Context, q queryer, where string, arg any) (assets.Asset, error) {
	a, err := scanAsset(q.QueryRowContext(ctx, "SELECT "+assetColumns+assetFrom+" WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return a, assets.NotFoundf("no asset %v", arg)
	}
	return a, err
}

// CreateAsset validates a and stores it with a history row, generating a tag
// when a has none. It sets a's ID, tag and stamps.
func (s *Store) CreateAsset(ctx context.Context, a *assets.Asset) (err error) {
	defer assets.Wrap(&err, "sqlite.CreateAsset")
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		return s.insertAsset(ctx, tx, a, "create")
	})
}

// insertAsset is the one write path for new assets (forms, imports, discovery).
func (s *Store) insertAsset(ctx context.Context, tx *sql.Tx, a *assets.Asset, action string) error {
	if err := ensureCategory(ctx, tx, a.Category); err != nil {
		return err
	}
	if a.Tag == "" {
		tag, err := nextTag(ctx, tx)
		if err != nil {
			return err
		}
		a.Tag = tag
	}
	now := s.Now()
	a.Created, a.Updated, a.Version = now, now, 1
	last, err := lastAssetID(ctx, tx)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO assets(id,tag,name,category,manufacturer,model,serial,status,location,assigned_to,
		purchase_date,cost,currency,supplier,notes,os,eol_date,hostname,mac,created,updated)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		last+1, a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location, nullID(a.AssignedTo),
		a.PurchaseDate.String(), a.Cost.Minor, a.Cost.Currency, a.Supplier, a.Notes, a.OS, a.EOLDate.String(),
		a.HostName, a.MAC, stamp(now), stamp(now))
	if err != nil {
		return mapErr(err)
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := reindexAssets(ctx, tx, "a.id = ?", a.ID); err != nil {
		return err
	}
	return s.record(ctx, tx, "asset", a.ID, action, a.Tag+" "+a.Name, nil)
}

// UpdateAsset saves a's fields, recording each changed field in history.
func (s *Store) UpdateAsset(ctx context.Context, a *assets.Asset) (err error) {
	defer assets.Wrap(&err, "sqlite.UpdateAsset")
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	if a.Tag == "" {
		return assets.Invalidf("tag", "an existing asset must keep a tag")
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		return s.updateAsset(ctx, tx, a, "update")
	})
}

func (s *Store) updateAsset(ctx context.Context, tx *sql.Tx, a *assets.Asset, action string) error {
	old, err := s.assetWhere(ctx, tx, "a.id = ?", a.ID)
	if err != nil {
		return err
	}
	if a.AssignedTo != 0 && a.AssignedTo != old.AssignedTo {
		if err := tx.QueryRowContext(ctx, "SELECT name FROM people WHERE id = ?", a.AssignedTo).Scan(&a.AssignedName); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return assets.Invalidf("assigned_to", "that person is not in the register")
			}
			return err
		}
	}
	changes := assets.Changes(old, *a)
	if len(changes) == 0 {
		*a = old
		return nil
	}
	if err := assets.CheckVersion("asset", a.ID, a.Version, old.Version, old, *a, changes); err != nil {
		return err
	}
	if err := ensureCategory(ctx, tx, a.Category); err != nil {
		return err
	}
	a.Created, a.Updated, a.Version = old.Created, s.Now(), old.Version+1
	_, err = tx.ExecContext(ctx, `UPDATE assets SET tag=?,name=?,category=?,manufacturer=?,model=?,serial=?,status=?,location=?,
		assigned_to=?,purchase_date=?,cost=?,currency=?,supplier=?,notes=?,os=?,eol_date=?,hostname=?,mac=?,updated=?,version=version+1 WHERE id=?`,
		a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location, nullID(a.AssignedTo),
		a.PurchaseDate.String(), a.Cost.Minor, a.Cost.Currency, a.Supplier, a.Notes, a.OS, a.EOLDate.String(),
		a.HostName, a.MAC, stamp(a.Updated), a.ID)
	if err != nil {
		return mapErr(err)
	}
	if err := reindexAsset(ctx, tx, a.ID); err != nil {
		return err
	}
	return s.record(ctx, tx, "asset", a.ID, action, "", changes)
}

// DeleteAsset removes an asset; its history stays, ending with the deletion.
func (s *Store) DeleteAsset(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "sqlite.DeleteAsset")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		old, err := s.assetWhere(ctx, tx, "a.id = ?", id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM assets WHERE id = ?", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "asset", id, "delete", old.Tag+" "+old.Name, nil)
	})
}

// CreateAssets stores many assets in one transaction: all or none. Each is
// normalised and validated first; the first invalid one stops the batch with
// its index in the error.
func (s *Store) CreateAssets(ctx context.Context, list []assets.Asset) (err error) {
	defer assets.Wrap(&err, "sqlite.CreateAssets")
	if err := bulkrule.Check(list); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		return s.insertAssetsTx(ctx, tx, list)
	})
}

// bulkRows is how many assets one INSERT statement carries in the bulk
// path: fewer statements, fewer trips between Go and SQLite.
const bulkRows = 100

// insertAssetsTx is the bulk path: many rows per statement with explicit IDs
// (the next free ones: this transaction holds the write lock), then the
// search rows and one history row per asset, each in one statement.
func (s *Store) insertAssetsTx(ctx context.Context, tx *sql.Tx, list []assets.Asset) error {
	aside, err := s.insertAssetsLeavingSearch(ctx, tx, list)
	if err != nil {
		return err
	}
	return aside.copyInto(ctx, s, tx)
}

// insertAssetsLeavingSearch is insertAssetsTx, except that a search index
// being built aside (search_build.go) is returned unfinished, for the
// caller to copy in (searchAside.copyInto) after more work in the same
// transaction, or to abandon (searchAside.abandon); nil when the search
// rows are written.
func (s *Store) insertAssetsLeavingSearch(ctx context.Context, tx *sql.Tx, list []assets.Asset) (*searchAside, error) {
	if len(list) == 0 {
		return nil, nil
	}
	seq, err := tagCounter(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		seq.taken[strings.ToUpper(a.Tag)] = true
	}
	maxID, err := lastAssetID(ctx, tx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	seen := map[string]bool{}
	for i := range list {
		a := &list[i]
		if !seen[a.Category] {
			if err := ensureCategory(ctx, tx, a.Category); err != nil {
				return nil, err
			}
			seen[a.Category] = true
		}
		if a.Tag == "" {
			a.Tag = seq.next()
		}
		a.ID = maxID + int64(i) + 1
		a.Created, a.Updated, a.Version = now, now, 1
	}
	if err := seq.save(ctx, tx); err != nil {
		return nil, err
	}
	var aside *searchAside
	if bulkrule.WorthRebuilding(len(list), maxID) {
		if aside, err = s.startSearchAside(ctx, tx, len(list), maxID+1); err != nil {
			return nil, err
		}
	}
	bulk := bulkrule.WorthRebuilding(len(list), maxID)
	insert := func() error {
		if err := s.insertBatches(ctx, tx, list, bulk, assetLabel(list, nil)); err != nil {
			return err
		}
		// Staged once the rows are in: started earlier, the build took
		// the other core from the goroutine that prepares the rows.
		aside.stage(list)
		aside.begin()
		if aside == nil {
			if err := reindexAssets(ctx, tx, "a.id > ?", maxID); err != nil {
				return err
			}
		}
		q, args := historyOfNewAssets(bulk, stamp(now), s.Actor, maxID)
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	}
	if bulkrule.WorthRebuilding(len(list), maxID) {
		err := rebuildingIndexes(ctx, tx, "assets", keptDuringRebuild(bulkrule.ShapeOf(list)), func() error {
			// Bulk rows get their global ids later (fillGIDs): the
			// triggers that would give them one now are left out.
			return withoutTriggers(ctx, tx, []string{"asset_counts_insert", "assets_gid", "history_gid"}, func() error {
				if err := insert(); err != nil {
					return err
				}
				return addAssetCounts(ctx, tx, list)
			})
		})
		if err != nil {
			aside.abandon()
			return nil, err
		}
		return aside, nil
	}
	return nil, insert()
}

// withoutTriggers runs fn with the named triggers dropped, then creates them
// again (withoutObjects). fn does their work itself, once for all
// its rows.
func withoutTriggers(ctx context.Context, tx *sql.Tx, names []string, fn func() error) error {
	var all []schemaObject
	for _, name := range names {
		defs, err := schemaObjects(ctx, tx, "trigger", "name = ?", name)
		if err != nil {
			return err
		}
		if len(defs) != 1 {
			return fmt.Errorf("reading trigger %s: %d found", name, len(defs))
		}
		all = append(all, defs...)
	}
	return withoutObjects(ctx, tx, all, fn)
}

// addAssetCounts adds list's assets to asset_counts, as the
// asset_counts_insert trigger would one asset at a time.
func addAssetCounts(ctx context.Context, tx *sql.Tx, list []assets.Asset) error {
	var c assetCounts
	c.add(list)
	return c.save(ctx, tx)
}

// assetCounts is what a bulk insert adds to asset_counts, gathered batch
// by batch and saved once (one row per category, status and location).
type assetCounts struct {
	n     map[assetCountKey]int
	order []assetCountKey
}

type assetCountKey struct{ category, status, location string }

func (c *assetCounts) add(list []assets.Asset) {
	if c.n == nil {
		c.n = map[assetCountKey]int{}
	}
	for i := range list {
		k := assetCountKey{list[i].Category, string(list[i].Status), list[i].Location}
		if c.n[k] == 0 {
			c.order = append(c.order, k)
		}
		c.n[k]++
	}
}

func (c *assetCounts) save(ctx context.Context, tx *sql.Tx) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO asset_counts(category, status, location, n) VALUES (?, ?, ?, ?)
		ON CONFLICT DO UPDATE SET n = n + excluded.n`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, k := range c.order {
		if _, err := stmt.ExecContext(ctx, k.category, k.status, k.location, c.n[k]); err != nil {
			return err
		}
	}
	return nil
}

// keptDuringRebuild is what a bulk insert of list leaves in place: the
// partial indexes few of its rows enter (bulkrule), and the global ids'
// index: a bulk insert's ids ascend (gidSeries) after every earlier one, so
// that index grows at its end, cheaper than a rebuild.
func keptDuringRebuild(shape bulkrule.Shape) map[string]bool {
	keep := shape.Sparse()
	keep["assets_gid"] = true
	return keep
}

// rebuildingIndexes runs insert with table's secondary indexes dropped
// (except those keep names), then recreates them from their stored
// definitions, inside tx.
func rebuildingIndexes(ctx context.Context, tx *sql.Tx, table string, keep map[string]bool, insert func() error) error {
	defs, err := schemaObjects(ctx, tx, "index", "tbl_name = ?", table)
	if err != nil {
		return err
	}
	defs = slices.DeleteFunc(defs, func(d schemaObject) bool { return keep[d.name] })
	return withoutObjects(ctx, tx, defs, insert)
}

// schemaObject is an index or a trigger as sqlite_schema stores it.
type schemaObject struct{ kind, name, sql string }

// schemaObjects reads the objects of kind ("index", "trigger") that cond
// (with arg) selects; automatic indexes, which have no SQL, are left out.
func schemaObjects(ctx context.Context, tx *sql.Tx, kind, cond string, arg any) ([]schemaObject, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = ? AND sql IS NOT NULL AND `+cond, kind, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		d := schemaObject{kind: kind}
		if err := rows.Scan(&d.name, &d.sql); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// withoutObjects runs fn with objs dropped, then creates them again from
// their stored definitions, inside tx (a rollback restores them too).
func withoutObjects(ctx context.Context, tx *sql.Tx, objs []schemaObject, fn func() error) error {
	for _, d := range objs {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DROP %s "%s"`, strings.ToUpper(d.kind), d.name)); err != nil {
			return err
		}
	}
	if err := fn(); err != nil {
		return err
	}
	for _, d := range objs {
		if _, err := tx.ExecContext(ctx, d.sql); err != nil {
			return fmt.Errorf("rebuilding %s %s after a bulk insert: %w", d.kind, d.name, err)
		}
	}
	return nil
}

// lastAssetID is the highest asset ID ever used, deleted assets included:
// a new asset must not inherit a deleted one's ID, or it would show that
// asset's history (SQLite reuses the largest rowid once it is deleted).
func lastAssetID(ctx context.Context, tx *sql.Tx) (int64, error) {
	return lastUsedID(ctx, tx, "assets", "asset")
}

// assetInsert is the head of a multi-row INSERT of assets, assetCols
// values per row (assetRow).
const (
	assetInsert = `INSERT INTO assets(id,tag,name,category,manufacturer,model,serial,status,location,assigned_to,
		purchase_date,cost,currency,supplier,notes,os,eol_date,hostname,mac,created,updated,gid) VALUES `
	assetCols = 22
)

// insertBatches writes list (IDs and tags already set) bulkRows at a time.
// When a statement fails, its rows are inserted one by one to name the row
// at fault in the error (then the caller rolls the transaction back).
//
// A bulk insert (its global id triggers dropped) leaves the global ids NULL
// for fillGIDs; otherwise the rows bring theirs, so the triggers skip them.
func (s *Store) insertBatches(ctx context.Context, tx *sql.Tx, list []assets.Asset, bulk bool, label func(i int) string) error {
	at := stamp(list[0].Created)
	gid := gidMaker(bulk)
	row := func(i int, args []any) []any {
		a := &list[i]
		return append(args, a.ID, a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location,
			nullID(a.AssignedTo), a.PurchaseDate.String(), a.Cost.Minor, a.Cost.Currency, a.Supplier, a.Notes, a.OS,
			a.EOLDate.String(), a.HostName, a.MAC, at, at, gid(i))
	}
	err := s.insertRows(ctx, assetInsert, assetCols, len(list), row)
	var failed *failedRows
	if !errors.As(err, &failed) {
		return err
	}
	for i := failed.lo; i < failed.hi; i++ {
		one := func(_ int, args []any) []any { return row(i, args) }
		if err := s.insertRows(ctx, assetInsert, assetCols, 1, one); err != nil {
			return fmt.Errorf("%s: %w", label(i), mapErr(err))
		}
	}
	return mapErr(failed.err)
}

// assetLabel names list[i] in an error: by its line in a file when lines
// are given, by its place in the list otherwise.
func assetLabel(list []assets.Asset, lines []int) func(i int) string {
	return func(i int) string {
		a := &list[i]
		if i < len(lines) {
			return fmt.Sprintf("line %d (%s %s)", lines[i], a.Tag, a.Name)
		}
		return fmt.Sprintf("asset %d (%s %s)", i+1, a.Tag, a.Name)
	}
}

// placeholders is "(?,?,?),(?,?,?)" for rows rows of cols values.
func placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}

// reindexAssets adds the search index rows of the assets matching where.
func reindexAssets(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO assets_fts(rowid, tag, name, serial, model, manufacturer, person, notes)
		SELECT a.id, a.tag, a.name, a.serial, a.model, a.manufacturer, COALESCE(p.name, ''), a.notes
		FROM assets a LEFT JOIN people p ON p.id = a.assigned_to WHERE `+where, args...)
	return err
}

// reindexAsset replaces one asset's search row after a change.
func reindexAsset(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM assets_fts WHERE rowid = ?", id); err != nil {
		return err
	}
	return reindexAssets(ctx, tx, "a.id = ?", id)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// ensureCategory adds a user-defined category the first time an asset uses it.
func ensureCategory(ctx context.Context, tx *sql.Tx, name string) error {
	if name == "" {
		return assets.Invalidf("category", "choose a category")
	}
	label := name
	if r := []rune(name); len(r) > 0 {
		label = string(unicode.ToUpper(r[0])) + string(r[1:])
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO categories(name,label) VALUES (?,?) ON CONFLICT(name) DO NOTHING`, name, label)
	return err
}

// tagSeq hands out generated tags, skipping any a person typed by hand in
// the same ST-nnnnnn form. It reads the taken ones once per batch.
type tagSeq struct {
	n     int64
	taken map[string]bool
	// inFile reports the tags of an import's rows not read yet (any
	// case): they are taken too.
	inFile func(tag string) bool
	// prefix is assets.TagPrefix, or a visit bundle's provisional one
	// (setting tag_prefix).
	prefix string
}

func (t *tagSeq) format(n int64) string { return fmt.Sprintf("%s%06d", t.prefix, n) }

func tagCounter(ctx context.Context, tx *sql.Tx) (*tagSeq, error) {
	var v string
	err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", assets.SettingTagCounter).Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	t := &tagSeq{taken: map[string]bool{}, prefix: assets.TagPrefix}
	fmt.Sscan(v, &t.n)
	var prefix string
	err = tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", assets.SettingTagPrefix).Scan(&prefix)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if prefix != "" {
		t.prefix = prefix
	}
	// Tags above the counter can only have been typed by hand. (+tag: the
	// LIKE must not pick the index range, which is every ST- tag: 9 ms a
	// call on 100,000 assets, once per asset an inventory import creates.)
	rows, err := tx.QueryContext(ctx, "SELECT upper(tag) FROM assets WHERE tag > ? AND +tag LIKE ?", t.format(t.n), t.prefix+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var tag string
		if err := rows.Scan(&tag); err != nil {
			return nil, err
		}
		t.taken[tag] = true
	}
	return t, rows.Err()
}

func (t *tagSeq) next() string {
	for {
		t.n++
		if tag := t.format(t.n); !t.taken[tag] && (t.inFile == nil || !t.inFile(tag)) {
			return tag
		}
	}
}

func (t *tagSeq) save(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings(key,value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, assets.SettingTagCounter, fmt.Sprint(t.n))
	return err
}

func nextTag(ctx context.Context, tx *sql.Tx) (string, error) {
	seq, err := tagCounter(ctx, tx)
	if err != nil {
		return "", err
	}
	tag := seq.next()
	return tag, seq.save(ctx, tx)
}

// sortColumns maps each sort field to its SQL expression. Each has an index
// except those in unindexedSorts.
var sortColumns = map[assets.SortField]string{
	assets.SortTag:          "a.tag",
	assets.SortName:         "a.name COLLATE NOCASE",
	assets.SortCategory:     "a.category",
	assets.SortStatus:       "a.status",
	assets.SortLocation:     "a.location",
	assets.SortAssigned:     "COALESCE(p.name, '') COLLATE NOCASE",
	assets.SortManufacturer: "a.manufacturer COLLATE NOCASE",
	assets.SortModel:        "a.model COLLATE NOCASE",
	assets.SortPurchase:     "a.purchase_date",
	assets.SortCost:         "a.cost",
	assets.SortUpdated:      "a.updated",
}

// unindexedSorts have no index of their own, so a page in their order reads
// and sorts every match (tens of milliseconds for 100,000 assets). The
// holder's name lives in people; the others are not columns of the assets
// screen, and an index each cost every bulk load a sort of the whole table.
var unindexedSorts = map[assets.SortField]bool{
	assets.SortAssigned: true, assets.SortManufacturer: true, assets.SortModel: true, assets.SortUpdated: true,
}

// SortIsIndexed reports whether pages in f's order come from an index
// (what a list screen's sortable columns need to stay fast).
func SortIsIndexed(f assets.SortField) bool {
	_, known := sortColumns[f]
	return known && !unindexedSorts[f]
}

// assetFilter builds the filter clause shared by list and count. With
// unindexed set, each condition is written so that SQLite cannot drive the
// query from its index ("+col"): the sort index then drives, which is the
// fast plan when many rows match (see ListAssetsCounted).
func assetFilter(q assets.AssetQuery, unindexed bool) (string, []any) {
	plus := ""
	if unindexed {
		plus = "+"
	}
	var cond conditions
	if m := FTSQuery(q.Search); m != "" {
		cond.add(plus+"a.id IN (SELECT rowid FROM assets_fts WHERE assets_fts MATCH ?)", m)
	}
	if q.Category != "" {
		cond.add(plus+"a.category = ?", q.Category)
	}
	if q.Status != "" {
		cond.add(plus+"a.status = ?", string(q.Status))
	}
	if q.Location != "" {
		cond.add(plus+"a.location = ?", q.Location)
	}
	if q.AssignedTo != 0 {
		cond.add(plus+"a.assigned_to = ?", q.AssignedTo)
	}
	return cond.where(), cond.args
}

func filtered(q assets.AssetQuery) bool {
	return FTSQuery(q.Search) != "" || q.Category != "" || q.Status != "" || q.Location != "" || q.AssignedTo != 0
}

// ListAssets returns one page of assets in the query's order, using keyset
// pagination so that page 1,000 costs what page 1 does.
func (s *Store) ListAssets(ctx context.Context, q assets.AssetQuery) (_ assets.AssetPage, err error) {
	defer assets.Wrap(&err, "sqlite.ListAssets")
	p, _, err := s.listAssets(ctx, q, false)
	return p, err
}

// ListAssetsCounted returns one page and how many assets the query matches
// in all (what a list screen shows as "n of N"): one call, because the count
// also picks the faster plan for the page.
func (s *Store) ListAssetsCounted(ctx context.Context, q assets.AssetQuery) (_ assets.AssetPage, _ int, err error) {
	defer assets.Wrap(&err, "sqlite.ListAssetsCounted")
	return s.listAssets(ctx, q, true)
}

// sparseShare: when a filter matches fewer than one row in sparseShare,
// the page is read through the filter's index and sorted; otherwise SQLite
// walks the sort column's index and stops after one page of matches
// (about sparseShare*page rows read at worst).
const sparseShare = 50

func (s *Store) listAssets(ctx context.Context, q assets.AssetQuery, wantCount bool) (assets.AssetPage, int, error) {
	col, ok := sortColumns[q.Sort]
	if !ok {
		col, q.Sort = sortColumns[assets.SortTag], assets.SortTag
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	matched := -1
	unindexed := false
	if filtered(q) {
		// SQLite cannot know how many rows a filter matches; the count says.
		n, err := s.CountAssets(ctx, q)
		if err != nil {
			return assets.AssetPage{}, 0, err
		}
		var maxID int64
		if err := s.read.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM assets").Scan(&maxID); err != nil {
			return assets.AssetPage{}, 0, err
		}
		matched = n
		share := int64(sparseShare)
		if !filtered(assets.AssetQuery{Category: q.Category, Status: q.Status, Location: q.Location, AssignedTo: q.AssignedTo}) {
			// Search alone: walking the sort index checks each row against
			// the search's ID list without reading the row, so it pays off
			// for rarer matches too.
			share *= 4
		}
		unindexed = !unindexedSorts[q.Sort] && int64(n)*share >= maxID
	}
	query, _, args := pageQuery(q, col, unindexed, limit)
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return assets.AssetPage{}, 0, err
	}
	defer rows.Close()
	var page assets.AssetPage
	var lastKey any
	for rows.Next() {
		var key any
		a, err := scanAsset(scanAppend{rows, &key})
		if err != nil {
			return page, 0, err
		}
		if len(page.Assets) == limit {
			page.Next = &assets.Cursor{Value: lastKey, ID: page.Assets[limit-1].ID}
			break
		}
		page.Assets = append(page.Assets, a)
		lastKey = key
	}
	if err := rows.Err(); err != nil {
		return page, 0, err
	}
	if wantCount && matched < 0 {
		if matched, err = s.CountAssets(ctx, q); err != nil {
			return page, 0, err
		}
	}
	return page, matched, nil
}

// pageQuery is the SQL for one page: inner finds the page's IDs touching
// only the filter and sort columns (so a sort carries IDs, not whole rows),
// query reads those rows.
func pageQuery(q assets.AssetQuery, col string, unindexed bool, limit int) (query, inner string, args []any) {
	where, args := assetFilter(q, unindexed)
	dir, cmp := "ASC", ">"
	if q.Desc {
		dir, cmp = "DESC", "<"
	}
	if q.After != nil {
		// (col, id) > (v, id0), spelled so that SQLite can seek the index
		// (it cannot with a row value and a collation).
		kw := fmt.Sprintf("%[1]s %[2]s= ? AND (%[1]s %[2]s ? OR a.id %[2]s ?)", col, cmp)
		if where == "" {
			where = " WHERE " + kw
		} else {
			where += " AND " + kw
		}
		args = append(args, q.After.Value, q.After.Value, q.After.ID)
	}
	order := fmt.Sprintf(" ORDER BY %s %s, a.id %s", col, dir, dir)
	inner = "SELECT a.id FROM assets a"
	if q.Sort == assets.SortAssigned {
		inner += " LEFT JOIN people p ON p.id = a.assigned_to"
	}
	inner += where + order + fmt.Sprintf(" LIMIT %d", limit+1)
	query = "SELECT " + assetColumns + ", " + col + assetFrom + " WHERE a.id IN (" + inner + ")" + order
	return query, inner, args
}

// scanAppend scans the asset columns plus one trailing sort key.
type scanAppend struct {
	rows *sql.Rows
	key  *any
}

func (s scanAppend) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.key)...) }

// CountAssets counts what a query matches (ignoring its cursor and limit).
func (s *Store) CountAssets(ctx context.Context, q assets.AssetQuery) (_ int, err error) {
	defer assets.Wrap(&err, "sqlite.CountAssets")
	var n int
	query, args := countQuery(q)
	err = s.read.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// countQuery is the SQL that counts what q matches: from asset_counts when
// q filters by category, status and location only, from the search index
// for a search alone, else from assets.
func countQuery(q assets.AssetQuery) (string, []any) {
	m := FTSQuery(q.Search)
	if m == "" && q.AssignedTo == 0 {
		var cond conditions
		if q.Category != "" {
			cond.add("category = ?", q.Category)
		}
		if q.Status != "" {
			cond.add("status = ?", string(q.Status))
		}
		if q.Location != "" {
			cond.add("location = ?", q.Location)
		}
		return "SELECT COALESCE(sum(n), 0) FROM asset_counts" + cond.where(), cond.args
	}
	if m != "" && !filtered(assets.AssetQuery{Category: q.Category, Status: q.Status, Location: q.Location, AssignedTo: q.AssignedTo}) {
		// The search index has one row per asset: count there.
		return "SELECT count(*) FROM assets_fts WHERE assets_fts MATCH ?", []any{m}
	}
	where, args := assetFilter(q, false)
	return "SELECT count(*) FROM assets a" + where, args
}

// FTSQuery turns what a person types into an FTS5 query: every word must
// match as a prefix ("dell lat" finds "Dell Latitude"). The words are
// assets.SearchWords (punctuation splits words, as the index's tokenizer
// does, so "ST-0001" finds tag ST-000123); FTS5 folds each as it folds the
// index (assets.SearchTokens is the same tokenizer in Go).
func FTSQuery(text string) string {
	words := assets.SearchWords(text)
	for i, w := range words {
		words[i] = `"` + w + `"*`
	}
	return strings.Join(words, " ")
}

// Locations lists every location in use, sorted.
func (s *Store) Locations(ctx context.Context) (_ []string, err error) {
	defer assets.Wrap(&err, "sqlite.Locations")
	return s.strings(ctx, "SELECT DISTINCT location FROM asset_counts WHERE location <> '' ORDER BY location")
}

func (s *Store) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// CountByStatus counts assets per status, in the order of assets.Statuses.
func (s *Store) CountByStatus(ctx context.Context) (_ []assets.Count, err error) {
	defer assets.Wrap(&err, "sqlite.CountByStatus")
	got := map[string]int{}
	rows, err := s.read.QueryContext(ctx, "SELECT status, sum(n) FROM asset_counts GROUP BY status")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		got[k] = n
	}
	var out []assets.Count
	for _, st := range assets.Statuses {
		out = append(out, assets.Count{Key: string(st), Label: st.Label(), N: got[string(st)]})
	}
	return out, rows.Err()
}

// CountByCategory counts assets per category (categories with none included).
func (s *Store) CountByCategory(ctx context.Context) (_ []assets.Count, err error) {
	defer assets.Wrap(&err, "sqlite.CountByCategory")
	rows, err := s.read.QueryContext(ctx, `SELECT c.name, c.label, (SELECT COALESCE(sum(n), 0) FROM asset_counts k WHERE k.category = c.name)
		FROM categories c ORDER BY c.label`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.Count
	for rows.Next() {
		var c assets.Count
		if err := rows.Scan(&c.Key, &c.Label, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Categories lists every category, by label.
func (s *Store) Categories(ctx context.Context) (_ []assets.Category, err error) {
	defer assets.Wrap(&err, "sqlite.Categories")
	rows, err := s.read.QueryContext(ctx, `SELECT name, label, refresh_years, replacement_cost, replacement_currency, builtin FROM categories ORDER BY label`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.Category
	for rows.Next() {
		var c assets.Category
		if err := rows.Scan(&c.Name, &c.Label, &c.RefreshYears, &c.ReplacementCost.Minor, &c.ReplacementCost.Currency, &c.Builtin); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveCategory creates or updates a category and its lifecycle policy.
func (s *Store) SaveCategory(ctx context.Context, c assets.Category) (err error) {
	defer assets.Wrap(&err, "sqlite.SaveCategory")
	if err := c.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		var old assets.Category
		err := tx.QueryRowContext(ctx, `SELECT label, refresh_years, replacement_cost, replacement_currency FROM categories WHERE name = ?`, c.Name).
			Scan(&old.Label, &old.RefreshYears, &old.ReplacementCost.Minor, &old.ReplacementCost.Currency)
		action := "update"
		if errors.Is(err, sql.ErrNoRows) {
			action = "create"
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO categories(name,label,refresh_years,replacement_cost,replacement_currency) VALUES (?,?,?,?,?)
			ON CONFLICT(name) DO UPDATE SET label=excluded.label, refresh_years=excluded.refresh_years,
			replacement_cost=excluded.replacement_cost, replacement_currency=excluded.replacement_currency`,
			c.Name, c.Label, c.RefreshYears, c.ReplacementCost.Minor, c.ReplacementCost.Currency); err != nil {
			return err
		}
		var changes []assets.FieldChange
		if action == "update" {
			if changes = old.ChangesTo(c); len(changes) == 0 {
				return nil
			}
		}
		return s.record(ctx, tx, "category:"+c.Name, 0, action, c.Label, changes)
	})
}
