package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// TEMPORARY: the asset reads and writes the intake group needs (an
// inventory report creates and updates assets, a link or an audit moves
// them), written before the assets group (branch pg-assets) landed. Each
// is a copy of that group's function of the same name without the
// "intake" prefix (assetColumns, assetFrom, scanAsset, assetWhere,
// insertAsset, updateAsset, lockTags/tagSeq, lastUsedID, ensureCategory,
// reindexAssets, Locations): when pg-assets is merged, delete this file and
// drop the prefix where it is called (intake_*.go).

const intakeAssetColumns = `a.id, a.tag, a.name, a.category, a.manufacturer, a.model, a.serial, a.status, a.location,
	COALESCE(a.assigned_to, 0), COALESCE(p.name, ''), a.purchase_date, a.cost, a.currency, a.supplier, a.notes,
	a.os, a.eol_date, a.hostname, a.mac, a.created, a.updated`

const intakeAssetFrom = ` FROM assets a LEFT JOIN people p ON p.id = a.assigned_to`

func intakeScanAsset(r pgx.Row) (assets.Asset, error) {
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

func intakeAssetWhere(ctx context.Context, q querier, where string, arg any) (assets.Asset, error) {
	a, err := intakeScanAsset(q.QueryRow(ctx, "SELECT "+intakeAssetColumns+intakeAssetFrom+" WHERE "+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return a, assets.NotFoundf("no asset %v", arg)
	}
	return a, mapErr(err)
}

// intakeAssets reads the assets a query gives (intakeAssetColumns first).
func intakeAssets(ctx context.Context, q querier, sql string, args ...any) ([]assets.Asset, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.Asset
	for rows.Next() {
		a, err := intakeScanAsset(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *Store) intakeInsertAsset(ctx context.Context, tx pgx.Tx, a *assets.Asset, action string) error {
	seq, err := intakeLockTags(ctx, tx)
	if err != nil {
		return err
	}
	if err := intakeEnsureCategory(ctx, tx, a.Category); err != nil {
		return err
	}
	if a.Tag == "" {
		a.Tag = seq.next()
		if err := seq.save(ctx, tx); err != nil {
			return err
		}
	}
	now := s.Now()
	a.Created, a.Updated = now, now
	last, err := intakeLastUsedID(ctx, tx, "assets", "asset")
	if err != nil {
		return err
	}
	a.ID = last + 1
	_, err = tx.Exec(ctx, `INSERT INTO assets(id,tag,name,category,manufacturer,model,serial,status,location,assigned_to,
		purchase_date,cost,currency,supplier,notes,os,eol_date,hostname,mac,created,updated)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)`,
		a.ID, a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location, lifecycleNullID(a.AssignedTo),
		a.PurchaseDate.String(), a.Cost.Minor, a.Cost.Currency, a.Supplier, a.Notes, a.OS, a.EOLDate.String(),
		a.HostName, a.MAC, stamp(now), stamp(now))
	if err != nil {
		return mapErr(err)
	}
	if err := intakeReindexAssets(ctx, tx, "a.id = $1", a.ID); err != nil {
		return err
	}
	return s.record(ctx, tx, "asset", a.ID, action, a.Tag+" "+a.Name, nil)
}

func (s *Store) intakeUpdateAsset(ctx context.Context, tx pgx.Tx, a *assets.Asset, action string) error {
	old, err := intakeAssetWhere(ctx, tx, "a.id = $1 FOR UPDATE OF a", a.ID)
	if err != nil {
		return err
	}
	if a.AssignedTo != 0 && a.AssignedTo != old.AssignedTo {
		if err := tx.QueryRow(ctx, "SELECT name FROM people WHERE id = $1", a.AssignedTo).Scan(&a.AssignedName); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
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
	if err := intakeEnsureCategory(ctx, tx, a.Category); err != nil {
		return err
	}
	a.Created, a.Updated = old.Created, s.Now()
	_, err = tx.Exec(ctx, `UPDATE assets SET tag=$1,name=$2,category=$3,manufacturer=$4,model=$5,serial=$6,status=$7,location=$8,
		assigned_to=$9,purchase_date=$10,cost=$11,currency=$12,supplier=$13,notes=$14,os=$15,eol_date=$16,hostname=$17,mac=$18,updated=$19 WHERE id=$20`,
		a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location, lifecycleNullID(a.AssignedTo),
		a.PurchaseDate.String(), a.Cost.Minor, a.Cost.Currency, a.Supplier, a.Notes, a.OS, a.EOLDate.String(),
		a.HostName, a.MAC, stamp(a.Updated), a.ID)
	if err != nil {
		return mapErr(err)
	}
	if err := intakeReindexAssets(ctx, tx, "a.id = $1", a.ID); err != nil {
		return err
	}
	return s.record(ctx, tx, "asset", a.ID, action, "", changes)
}

func intakeReindexAssets(ctx context.Context, tx pgx.Tx, where string, args ...any) error {
	rows, err := tx.Query(ctx, `SELECT a.id, a.tag, a.name, a.serial, a.model, a.manufacturer, COALESCE(p.name, ''), a.notes
		FROM assets a LEFT JOIN people p ON p.id = a.assigned_to WHERE `+where, args...)
	if err != nil {
		return err
	}
	var ids []int64
	var docs []string
	for rows.Next() {
		var id int64
		var f [7]string
		if err := rows.Scan(&id, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6]); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
		docs = append(docs, SearchVector(f[:]...))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO asset_search(asset_id, doc) SELECT * FROM unnest($1::bigint[], $2::text[]::tsvector[])
		ON CONFLICT (asset_id) DO UPDATE SET doc = excluded.doc`, ids, docs)
	return err
}

func intakeLastUsedID(ctx context.Context, tx pgx.Tx, table, entity string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT greatest(COALESCE((SELECT max(id) FROM `+table+`), 0),
		COALESCE((SELECT max(entity_id) FROM history WHERE entity = $1), 0))`, entity).Scan(&id)
	return id, err
}

func intakeEnsureCategory(ctx context.Context, tx pgx.Tx, name string) error {
	if name == "" {
		return assets.Invalidf("category", "choose a category")
	}
	label := name
	if r := []rune(name); len(r) > 0 {
		label = string(unicode.ToUpper(r[0])) + string(r[1:])
	}
	_, err := tx.Exec(ctx, `INSERT INTO categories(name,label) VALUES ($1,$2) ON CONFLICT (name) DO NOTHING`, name, label)
	return err
}

type intakeTagSeq struct {
	n      int64
	start  int64
	taken  map[string]bool
	prefix string
}

func (t *intakeTagSeq) format(n int64) string { return fmt.Sprintf("%s%06d", t.prefix, n) }

func intakeLockTags(ctx context.Context, tx pgx.Tx) (*intakeTagSeq, error) {
	t := &intakeTagSeq{taken: map[string]bool{}, prefix: assets.TagPrefix}
	err := tx.QueryRow(ctx, "SELECT value FROM counters WHERE name = 'tag_counter' FOR UPDATE").Scan(&t.n)
	if errors.Is(err, pgx.ErrNoRows) {
		_, err = tx.Exec(ctx, "INSERT INTO counters(name, value) VALUES ('tag_counter', 0) ON CONFLICT (name) DO NOTHING")
		if err == nil {
			err = tx.QueryRow(ctx, "SELECT value FROM counters WHERE name = 'tag_counter' FOR UPDATE").Scan(&t.n)
		}
	}
	if err != nil {
		return nil, err
	}
	t.start = t.n
	var prefix string
	err = tx.QueryRow(ctx, "SELECT value FROM settings WHERE key = 'tag_prefix'").Scan(&prefix)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if prefix != "" {
		t.prefix = prefix
	}
	rows, err := tx.Query(ctx, "SELECT upper(tag) FROM assets WHERE nocase(tag) > nocase($1) AND starts_with(nocase(tag), nocase($2))", t.format(t.n), t.prefix)
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

func (t *intakeTagSeq) next() string {
	for {
		t.n++
		if tag := t.format(t.n); !t.taken[strings.ToUpper(tag)] {
			return tag
		}
	}
}

func (t *intakeTagSeq) save(ctx context.Context, tx pgx.Tx) error {
	if t.n == t.start {
		return nil
	}
	_, err := tx.Exec(ctx, "UPDATE counters SET value = $1 WHERE name = 'tag_counter'", t.n)
	return err
}

// intakeLocations is pg-assets' Locations: every location in use, in byte
// order.
func (s *Store) intakeLocations(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, "SELECT location FROM asset_counts WHERE location <> '' GROUP BY location HAVING sum(n) > 0 ORDER BY location")
	if err != nil {
		return nil, mapErr(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return out, mapErr(err)
}
