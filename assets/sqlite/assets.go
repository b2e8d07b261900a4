package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"steward/assets"
)

const assetColumns = `a.id, a.tag, a.name, a.category, a.manufacturer, a.model, a.serial, a.status, a.location,
	COALESCE(a.assigned_to, 0), COALESCE(p.name, ''), a.purchase_date, a.cost, a.currency, a.supplier, a.notes,
	a.os, a.eol_date, a.hostname, a.mac, a.created, a.updated`

const assetFrom = ` FROM assets a LEFT JOIN people p ON p.id = a.assigned_to`

type scanner interface{ Scan(dest ...any) error }

func scanAsset(r scanner) (assets.Asset, error) {
	var a assets.Asset
	var status, purchase, eol, created, updated string
	err := r.Scan(&a.ID, &a.Tag, &a.Name, &a.Category, &a.Manufacturer, &a.Model, &a.Serial, &status, &a.Location,
		&a.AssignedTo, &a.AssignedName, &purchase, &a.Cost.Minor, &a.Cost.Currency, &a.Supplier, &a.Notes,
		&a.OS, &eol, &a.HostName, &a.MAC, &created, &updated)
	a.Status = assets.Status(status)
	a.PurchaseDate, a.EOLDate = parseDate(purchase), parseDate(eol)
	a.Created, a.Updated = parseStamp(created), parseStamp(updated)
	return a, err
}

// Asset loads one asset by ID.
func (s *Store) Asset(ctx context.Context, id int64) (assets.Asset, error) {
	return s.assetWhere(ctx, s.read, "a.id = ?", id)
}

// AssetByTag loads one asset by its tag (any case).
func (s *Store) AssetByTag(ctx context.Context, tag string) (assets.Asset, error) {
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
func (s *Store) CreateAsset(ctx context.Context, a *assets.Asset) error {
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
	a.Created, a.Updated = now, now
	res, err := tx.ExecContext(ctx, `INSERT INTO assets(tag,name,category,manufacturer,model,serial,status,location,assigned_to,
		purchase_date,cost,currency,supplier,notes,os,eol_date,hostname,mac,created,updated)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location, nullID(a.AssignedTo),
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
func (s *Store) UpdateAsset(ctx context.Context, a *assets.Asset) error {
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
	if err := ensureCategory(ctx, tx, a.Category); err != nil {
		return err
	}
	a.Created, a.Updated = old.Created, s.Now()
	_, err = tx.ExecContext(ctx, `UPDATE assets SET tag=?,name=?,category=?,manufacturer=?,model=?,serial=?,status=?,location=?,
		assigned_to=?,purchase_date=?,cost=?,currency=?,supplier=?,notes=?,os=?,eol_date=?,hostname=?,mac=?,updated=? WHERE id=?`,
		a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location, nullID(a.AssignedTo),
		a.PurchaseDate.String(), a.Cost.Minor, a.Cost.Currency, a.Supplier, a.Notes, a.OS, a.EOLDate.String(),
		a.HostName, a.MAC, stamp(a.Updated), a.ID)
	if err != nil {
		return mapErr(err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM assets_fts WHERE rowid = ?", a.ID); err != nil {
		return err
	}
	if err := reindexAssets(ctx, tx, "a.id = ?", a.ID); err != nil {
		return err
	}
	return s.record(ctx, tx, "asset", a.ID, action, "", changes)
}

// DeleteAsset removes an asset; its history stays, ending with the deletion.
func (s *Store) DeleteAsset(ctx context.Context, id int64) error {
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
func (s *Store) CreateAssets(ctx context.Context, list []assets.Asset) error {
	for i := range list {
		list[i].Normalize()
		if err := list[i].Validate(); err != nil {
			return fmt.Errorf("asset %d (%s): %w", i+1, list[i].Name, err)
		}
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		return s.insertAssetsTx(ctx, tx, list)
	})
}

// insertAssetsTx is the bulk path: prepared statements, one history row each.
func (s *Store) insertAssetsTx(ctx context.Context, tx *sql.Tx, list []assets.Asset) error {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO assets(tag,name,category,manufacturer,model,serial,status,location,assigned_to,
		purchase_date,cost,currency,supplier,notes,os,eol_date,hostname,mac,created,updated)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	seq, err := tagCounter(ctx, tx)
	if err != nil {
		return err
	}
	for _, a := range list {
		seq.taken[strings.ToUpper(a.Tag)] = true
	}
	now := s.Now()
	at := stamp(now)
	seen := map[string]bool{}
	var firstID int64
	for i := range list {
		a := &list[i]
		if !seen[a.Category] {
			if err := ensureCategory(ctx, tx, a.Category); err != nil {
				return err
			}
			seen[a.Category] = true
		}
		if a.Tag == "" {
			a.Tag = seq.next()
		}
		a.Created, a.Updated = now, now
		res, err := ins.ExecContext(ctx, a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location,
			nullID(a.AssignedTo), a.PurchaseDate.String(), a.Cost.Minor, a.Cost.Currency, a.Supplier, a.Notes, a.OS,
			a.EOLDate.String(), a.HostName, a.MAC, at, at)
		if err != nil {
			return fmt.Errorf("asset %d (%s): %w", i+1, a.Tag, mapErr(err))
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if firstID == 0 {
			firstID = a.ID
		}
	}
	if firstID != 0 {
		// New rows get ever larger IDs while this transaction holds the
		// write lock, so every id >= firstID is one of ours.
		if err := reindexAssets(ctx, tx, "a.id >= ?", firstID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO history(at,actor,entity,entity_id,action,new_value)
			SELECT ?, ?, 'asset', id, 'create', tag || ' ' || name FROM assets WHERE id >= ? ORDER BY id`, at, s.Actor, firstID); err != nil {
			return err
		}
	}
	return seq.save(ctx, tx)
}

// reindexAssets adds the search index rows of the assets matching where.
func reindexAssets(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO assets_fts(rowid, tag, name, serial, model, manufacturer, person, notes)
		SELECT a.id, a.tag, a.name, a.serial, a.model, a.manufacturer, COALESCE(p.name, ''), a.notes
		FROM assets a LEFT JOIN people p ON p.id = a.assigned_to WHERE `+where, args...)
	return err
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
}

func tagCounter(ctx context.Context, tx *sql.Tx) (*tagSeq, error) {
	var v string
	err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'tag_counter'").Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	t := &tagSeq{taken: map[string]bool{}}
	fmt.Sscan(v, &t.n)
	// Tags above the counter can only have been typed by hand.
	rows, err := tx.QueryContext(ctx, "SELECT upper(tag) FROM assets WHERE tag > ? AND tag LIKE ?", assets.FormatTag(t.n), assets.TagPrefix+"%")
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
		if tag := assets.FormatTag(t.n); !t.taken[tag] {
			return tag
		}
	}
}

func (t *tagSeq) save(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings(key,value) VALUES ('tag_counter', ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, fmt.Sprint(t.n))
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

// sortColumns maps each sort field to its SQL expression, matching an index.
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

// where builds the filter clause shared by list and count.
func assetFilter(q assets.AssetQuery) (string, []any) {
	var conds []string
	var args []any
	if m := FTSQuery(q.Search); m != "" {
		conds = append(conds, "a.id IN (SELECT rowid FROM assets_fts WHERE assets_fts MATCH ?)")
		args = append(args, m)
	}
	if q.Category != "" {
		conds = append(conds, "a.category = ?")
		args = append(args, q.Category)
	}
	if q.Status != "" {
		conds = append(conds, "a.status = ?")
		args = append(args, string(q.Status))
	}
	if q.Location != "" {
		conds = append(conds, "a.location = ?")
		args = append(args, q.Location)
	}
	if q.AssignedTo != 0 {
		conds = append(conds, "a.assigned_to = ?")
		args = append(args, q.AssignedTo)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ListAssets returns one page of assets in the query's order, using keyset
// pagination so that page 1,000 costs what page 1 does.
func (s *Store) ListAssets(ctx context.Context, q assets.AssetQuery) (assets.AssetPage, error) {
	col, ok := sortColumns[q.Sort]
	if !ok {
		col, q.Sort = sortColumns[assets.SortTag], assets.SortTag
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	where, args := assetFilter(q)
	dir, cmp := "ASC", ">"
	if q.Desc {
		dir, cmp = "DESC", "<"
	}
	if q.After != nil {
		kw := fmt.Sprintf("(%s, a.id) %s (?, ?)", col, cmp)
		if where == "" {
			where = " WHERE " + kw
		} else {
			where += " AND " + kw
		}
		args = append(args, q.After.Value, q.After.ID)
	}
	query := "SELECT " + assetColumns + ", " + col + assetFrom + where +
		fmt.Sprintf(" ORDER BY %s %s, a.id %s LIMIT %d", col, dir, dir, limit+1)
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return assets.AssetPage{}, err
	}
	defer rows.Close()
	var page assets.AssetPage
	var lastKey any
	for rows.Next() {
		var key any
		a, err := scanAsset(scanAppend{rows, &key})
		if err != nil {
			return page, err
		}
		if len(page.Assets) == limit {
			page.Next = &assets.Cursor{Value: lastKey, ID: page.Assets[limit-1].ID}
			break
		}
		page.Assets = append(page.Assets, a)
		lastKey = key
	}
	return page, rows.Err()
}

// scanAppend scans the asset columns plus one trailing sort key.
type scanAppend struct {
	rows *sql.Rows
	key  *any
}

func (s scanAppend) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.key)...) }

// CountAssets counts what a query matches (ignoring its cursor and limit).
func (s *Store) CountAssets(ctx context.Context, q assets.AssetQuery) (int, error) {
	where, args := assetFilter(q)
	var n int
	err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM assets a"+where, args...).Scan(&n)
	return n, err
}

// FTSQuery turns what a person types into an FTS5 query: every word must
// match as a prefix ("dell lat" finds "Dell Latitude"). Punctuation splits
// words, as the index's tokenizer does, so "ST-0001" finds tag ST-000123.
func FTSQuery(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) > 16 {
		words = words[:16]
	}
	for i, w := range words {
		words[i] = `"` + w + `"*`
	}
	return strings.Join(words, " ")
}

// Locations lists every location in use, sorted.
func (s *Store) Locations(ctx context.Context) ([]string, error) {
	return s.strings(ctx, "SELECT DISTINCT location FROM assets WHERE location <> '' ORDER BY location")
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
func (s *Store) CountByStatus(ctx context.Context) ([]assets.Count, error) {
	got := map[string]int{}
	rows, err := s.read.QueryContext(ctx, "SELECT status, count(*) FROM assets GROUP BY status")
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
func (s *Store) CountByCategory(ctx context.Context) ([]assets.Count, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT c.name, c.label, (SELECT count(*) FROM assets a WHERE a.category = c.name)
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
func (s *Store) Categories(ctx context.Context) ([]assets.Category, error) {
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
func (s *Store) SaveCategory(ctx context.Context, c assets.Category) error {
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
			for _, ch := range []assets.FieldChange{
				{Field: "label", Old: old.Label, New: c.Label},
				{Field: "refresh_years", Old: fmt.Sprint(old.RefreshYears), New: fmt.Sprint(c.RefreshYears)},
				{Field: "replacement_cost", Old: old.ReplacementCost.String(), New: c.ReplacementCost.String()},
			} {
				if ch.Old != ch.New {
					changes = append(changes, ch)
				}
			}
			if len(changes) == 0 {
				return nil
			}
		}
		return s.record(ctx, tx, "category:"+c.Name, 0, action, c.Label, changes)
	})
}
