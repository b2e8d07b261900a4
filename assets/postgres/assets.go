package postgres

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"steward/assets"
	"steward/assets/internal/bulkrule"
)

// Assets, beside assets/sqlite/assets.go. Asset IDs are given out as every
// record's are (helpers.go: the highest ever used plus one, under the
// table's ID lock), not by the identity sequence. Every transaction that
// inserts assets first locks the tag counter (lockTags), then the ID lock:
// writers of new assets take turns, so tags and IDs never collide between
// clients. Whatever else inserts assets must do the same (insertAsset, or
// lockTags and lockIDs before copyAssets).

const assetColumns = `a.id, a.tag, a.name, a.category, a.manufacturer, a.model, a.serial, a.status, a.location,
	COALESCE(a.assigned_to, 0), COALESCE(p.name, ''), a.purchase_date, a.cost, a.currency, a.supplier, a.notes,
	a.os, a.eol_date, a.hostname, a.mac, a.created, a.updated, a.version`

const assetFrom = ` FROM assets a LEFT JOIN people p ON p.id = a.assigned_to`

// assetFromEach looks the holder up for each asset kept (OFFSET 0 keeps
// the lookup from being flattened into a join).
const assetFromEach = ` FROM assets a LEFT JOIN LATERAL (SELECT name FROM people WHERE id = a.assigned_to OFFSET 0) p ON true`

func scanAsset(r rowScanner, extra ...any) (assets.Asset, error) {
	var a assets.Asset
	var status, purchase, eol, created, updated string
	err := r.Scan(append([]any{&a.ID, &a.Tag, &a.Name, &a.Category, &a.Manufacturer, &a.Model, &a.Serial, &status, &a.Location,
		&a.AssignedTo, &a.AssignedName, &purchase, &a.Cost.Minor, &a.Cost.Currency, &a.Supplier, &a.Notes,
		&a.OS, &eol, &a.HostName, &a.MAC, &created, &updated, &a.Version}, extra...)...)
	a.Status = assets.Status(status)
	a.PurchaseDate, a.EOLDate = parseDate(purchase), parseDate(eol)
	a.Created, a.Updated = parseStamp(created), parseStamp(updated)
	return a, err
}

// Clock is the store's clock (Now).
func (s *Store) Clock() time.Time { return s.Now() }

// Asset loads one asset by ID.
func (s *Store) Asset(ctx context.Context, id int64) (_ assets.Asset, err error) {
	defer assets.Wrap(&err, "postgres.Asset")
	return assetWhere(ctx, s.pool, "a.id = $1", id)
}

// AssetByTag loads one asset by its tag (any case).
func (s *Store) AssetByTag(ctx context.Context, tag string) (_ assets.Asset, err error) {
	defer assets.Wrap(&err, "postgres.AssetByTag")
	return assetWhere(ctx, s.pool, "nocase(a.tag) = nocase($1)", strings.TrimSpace(tag))
}

func assetWhere(ctx context.Context, q querier, where string, arg any) (assets.Asset, error) {
	a, err := scanAsset(q.QueryRow(ctx, "SELECT "+assetColumns+assetFrom+" WHERE "+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return a, assets.NotFoundf("no asset %v", arg)
	}
	return a, mapErr(err)
}

// queryAssets reads the assets a query gives (assetColumns first).
func queryAssets(ctx context.Context, q querier, sql string, args ...any) ([]assets.Asset, error) {
	return queryRows(ctx, q, func(r rowScanner) (assets.Asset, error) { return scanAsset(r) }, sql, args...)
}

// CreateAsset validates a and stores it with a history row, generating a tag
// when a has none. It sets a's ID, tag and stamps.
func (s *Store) CreateAsset(ctx context.Context, a *assets.Asset) (err error) {
	defer assets.Wrap(&err, "postgres.CreateAsset")
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		return s.insertAsset(ctx, tx, a, "create")
	})
}

// insertAsset is the one write path for a new asset: tag, ID, row, search
// row and history row.
func (s *Store) insertAsset(ctx context.Context, tx pgx.Tx, a *assets.Asset, action string) error {
	seq, err := lockTags(ctx, tx)
	if err != nil {
		return err
	}
	if err := ensureCategory(ctx, tx, a.Category); err != nil {
		return err
	}
	if a.Tag == "" {
		a.Tag = seq.next()
		if err := seq.save(ctx, tx); err != nil {
			return err
		}
	}
	now := s.Now()
	a.Created, a.Updated, a.Version = now, now, 1
	if a.ID, err = newID(ctx, tx, "assets", "asset"); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO assets(id,tag,name,category,manufacturer,model,serial,status,location,assigned_to,
		purchase_date,cost,currency,supplier,notes,os,eol_date,hostname,mac,created,updated)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)`,
		a.ID, a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location, nullID(a.AssignedTo),
		a.PurchaseDate.String(), a.Cost.Minor, a.Cost.Currency, a.Supplier, a.Notes, a.OS, a.EOLDate.String(),
		a.HostName, a.MAC, stamp(now), stamp(now))
	if err != nil {
		return mapErr(err)
	}
	if err := reindexAssets(ctx, tx, "a.id = $1", a.ID); err != nil {
		return err
	}
	return s.record(ctx, tx, "asset", a.ID, action, a.Tag+" "+a.Name, nil)
}

// UpdateAsset saves a's fields, recording each changed field in history.
func (s *Store) UpdateAsset(ctx context.Context, a *assets.Asset) (err error) {
	defer assets.Wrap(&err, "postgres.UpdateAsset")
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	if a.Tag == "" {
		return assets.Invalidf("tag", "an existing asset must keep a tag")
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		return s.updateAsset(ctx, tx, a, "update")
	})
}

func (s *Store) updateAsset(ctx context.Context, tx pgx.Tx, a *assets.Asset, action string) error {
	old, err := assetWhere(ctx, tx, "a.id = $1 FOR UPDATE OF a", a.ID)
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
	if err := assets.CheckVersion("asset", a.ID, a.Version, old.Version, old, *a, changes); err != nil {
		return err
	}
	if err := ensureCategory(ctx, tx, a.Category); err != nil {
		return err
	}
	a.Created, a.Updated, a.Version = old.Created, s.Now(), old.Version+1
	_, err = tx.Exec(ctx, `UPDATE assets SET tag=$1,name=$2,category=$3,manufacturer=$4,model=$5,serial=$6,status=$7,location=$8,
		assigned_to=$9,purchase_date=$10,cost=$11,currency=$12,supplier=$13,notes=$14,os=$15,eol_date=$16,hostname=$17,mac=$18,updated=$19 WHERE id=$20`,
		a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location, nullID(a.AssignedTo),
		a.PurchaseDate.String(), a.Cost.Minor, a.Cost.Currency, a.Supplier, a.Notes, a.OS, a.EOLDate.String(),
		a.HostName, a.MAC, stamp(a.Updated), a.ID)
	if err != nil {
		return mapErr(err)
	}
	if err := reindexAssets(ctx, tx, "a.id = $1", a.ID); err != nil {
		return err
	}
	return s.record(ctx, tx, "asset", a.ID, action, "", changes)
}

// DeleteAsset removes an asset; its history stays, ending with the deletion.
func (s *Store) DeleteAsset(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "postgres.DeleteAsset")
	return s.withTx(ctx, func(tx pgx.Tx) error {
		old, err := assetWhere(ctx, tx, "a.id = $1 FOR UPDATE OF a", id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM assets WHERE id = $1", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "asset", id, "delete", old.Tag+" "+old.Name, nil)
	})
}

// CreateAssets stores many assets in one transaction: all or none. Each is
// normalised and validated first; the first invalid one stops the batch with
// its index in the error.
func (s *Store) CreateAssets(ctx context.Context, list []assets.Asset) (err error) {
	defer assets.Wrap(&err, "postgres.CreateAssets")
	if err := bulkrule.Check(list); err != nil {
		return err
	}
	if len(list) == 0 {
		return nil
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		seq, err := lockTags(ctx, tx)
		if err != nil {
			return err
		}
		for _, a := range list {
			seq.taken[strings.ToUpper(a.Tag)] = true
		}
		maxID, err := lockIDs(ctx, tx, "assets", "asset")
		if err != nil {
			return err
		}
		now := s.Now()
		seen := map[string]bool{}
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
			a.ID = maxID + int64(i) + 1
			a.Created, a.Updated, a.Version = now, now, 1
		}
		if err := seq.save(ctx, tx); err != nil {
			return err
		}
		bulk, err := startBulkLoad(ctx, tx, bulkrule.ShapeOf(list), maxID)
		if err != nil {
			return err
		}
		if err := s.copyAssets(ctx, tx, list, stamp(now)); err != nil {
			return err
		}
		return bulk.finish(ctx, tx)
	})
}

// copyAssets writes new assets (IDs, tags and stamps set) with COPY, then
// their search rows and one history row each (at at), in ID order. The
// search documents are built while the server takes the assets.
func (s *Store) copyAssets(ctx context.Context, tx pgx.Tx, list []assets.Asset, at string) error {
	if len(list) == 0 {
		return nil
	}
	if len(list) >= 1000 {
		// New rows enter the GIN index (search) through its pending
		// list, merged in bulk, instead of one by one.
		if _, err := tx.Exec(ctx, "SET LOCAL gin_pending_list_limit = '256MB'"); err != nil {
			return err
		}
	}
	holders, err := holderNames(ctx, tx, list)
	if err != nil {
		return err
	}
	gids, err := newGIDSeries()
	if err != nil {
		return err
	}
	docs := make([]pgtype.TSVector, len(list))
	built := make(chan struct{})
	go func() {
		defer close(built)
		searchDocuments(list, holders, docs)
	}()
	i := 0
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"assets"}, []string{"id", "tag", "name", "category", "manufacturer", "model", "serial",
		"status", "location", "assigned_to", "purchase_date", "cost", "currency", "supplier", "notes", "os", "eol_date", "hostname", "mac", "created", "updated", "gid"},
		pgx.CopyFromFunc(func() ([]any, error) {
			if i == len(list) {
				return nil, nil
			}
			a := &list[i]
			i++
			return []any{a.ID, a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location,
				nullID(a.AssignedTo), a.PurchaseDate.String(), a.Cost.Minor, a.Cost.Currency, a.Supplier, a.Notes, a.OS,
				a.EOLDate.String(), a.HostName, a.MAC, at, at, gids.gid(i)}, nil
		}))
	<-built
	if err != nil {
		return mapErr(err)
	}
	i = 0
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"asset_search"}, []string{"asset_id", "doc", "tag_key"},
		pgx.CopyFromFunc(func() ([]any, error) {
			if i == len(list) {
				return nil, nil
			}
			i++
			return []any{list[i-1].ID, docs[i-1], SearchTagKey(list[i-1].Tag)}, nil
		}))
	if err != nil {
		return mapErr(err)
	}
	i = 0
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"history"}, []string{"at", "actor", "entity", "entity_id", "action", "new_value", "gid"},
		pgx.CopyFromFunc(func() ([]any, error) {
			if i == len(list) {
				return nil, nil
			}
			a := &list[i]
			i++
			return []any{at, s.Actor, "asset", a.ID, "create", a.Tag + " " + a.Name, gids.gid(len(list) + i)}, nil
		}))
	return mapErr(err)
}

// gidSeries is the global ids of a bulk insert's rows: one new UUIDv7
// (assets.NewGID) whose last 48 bits, random, count up row by row, as the
// SQLite store numbers its batches' ids (assets/sqlite: gidSeries). Sent
// with the rows, they spare the server new_gid() on every row: the
// default is volatile, which also makes COPY insert one row at a time
// instead of in batches (measured: a third of the history COPY's time).
type gidSeries struct {
	first pgtype.UUID
	base  uint64
}

// newGIDSeries starts a series.
func newGIDSeries() (gidSeries, error) {
	var g gidSeries
	if err := g.first.Scan(assets.NewGID()); err != nil {
		return g, err
	}
	for _, b := range g.first.Bytes[10:] {
		g.base = g.base<<8 | uint64(b)
	}
	return g, nil
}

// gid is the series' nth id (n from 1; the 48 bits wrap around, distinct
// for 2^48 ids).
func (g gidSeries) gid(n int) pgtype.UUID {
	id := g.first
	v := (g.base + uint64(n)) & (1<<48 - 1)
	for i := 15; i >= 10; i-- {
		id.Bytes[i] = byte(v)
		v >>= 8
	}
	return id
}

// holderNames is the name of each holder of the assets in list, by ID.
func holderNames(ctx context.Context, tx pgx.Tx, list []assets.Asset) (map[int64]string, error) {
	holders := map[int64]string{}
	for i := range list {
		if id := list[i].AssignedTo; id != 0 {
			holders[id] = ""
		}
	}
	if len(holders) == 0 {
		return holders, nil
	}
	ids := make([]int64, 0, len(holders))
	for id := range holders {
		ids = append(ids, id)
	}
	rows, err := tx.Query(ctx, "SELECT id, name FROM people WHERE id = ANY($1)", ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		holders[id] = name
	}
	return holders, rows.Err()
}

// searchDocuments sets docs[i] to list[i]'s search document (holders: the
// holders' names), on every core for a long list.
func searchDocuments(list []assets.Asset, holders map[int64]string, docs []pgtype.TSVector) {
	work := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			a := &list[i]
			docs[i] = searchDocument(a.Tag, a.Name, a.Serial, a.Model, a.Manufacturer, holders[a.AssignedTo], a.Notes)
		}
	}
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || len(list) < 4096 {
		work(0, len(list))
		return
	}
	chunk := (len(list) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { work(min(w*chunk, len(list)), min((w+1)*chunk, len(list))) })
	}
	wg.Wait()
}

// reindexAssets writes the search rows of the assets matching where (with
// the holder's name), replacing those there.
func reindexAssets(ctx context.Context, tx pgx.Tx, where string, args ...any) error {
	rows, err := tx.Query(ctx, `SELECT a.id, a.tag, a.name, a.serial, a.model, a.manufacturer, COALESCE(p.name, ''), a.notes
		FROM assets a LEFT JOIN people p ON p.id = a.assigned_to WHERE `+where, args...)
	if err != nil {
		return err
	}
	var ids []int64
	var docs, keys []string
	for rows.Next() {
		var id int64
		var f [7]string
		if err := rows.Scan(&id, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6]); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
		docs = append(docs, SearchVector(f[:]...))
		keys = append(keys, SearchTagKey(f[0]))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO asset_search(asset_id, doc, tag_key) SELECT * FROM unnest($1::bigint[], $2::text[]::tsvector[], $3::text[])
		ON CONFLICT (asset_id) DO UPDATE SET doc = excluded.doc, tag_key = excluded.tag_key`, ids, docs, keys)
	return err
}

// ensureCategory adds a user-defined category the first time an asset uses it.
func ensureCategory(ctx context.Context, tx pgx.Tx, name string) error {
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

// tagSeq hands out generated tags, skipping any a person typed by hand in
// the same form (and, in an import, any in the file).
type tagSeq struct {
	n      int64
	start  int64
	taken  map[string]bool
	inFile func(tag string) bool
	prefix string
}

func (t *tagSeq) format(n int64) string { return fmt.Sprintf("%s%06d", t.prefix, n) }

// lockTags locks the tag counter until the transaction ends (every writer
// of new assets takes it first, before the assets' ID lock, so they take
// turns: no two clients hand out one tag) and reads it, with the tags above
// it typed by hand.
func lockTags(ctx context.Context, tx pgx.Tx) (*tagSeq, error) {
	t := &tagSeq{taken: map[string]bool{}, prefix: assets.TagPrefix}
	err := tx.QueryRow(ctx, "SELECT value FROM counters WHERE name = $1 FOR UPDATE", assets.SettingTagCounter).Scan(&t.n)
	if errors.Is(err, pgx.ErrNoRows) {
		_, err = tx.Exec(ctx, "INSERT INTO counters(name, value) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING", assets.SettingTagCounter)
		if err == nil {
			err = tx.QueryRow(ctx, "SELECT value FROM counters WHERE name = $1 FOR UPDATE", assets.SettingTagCounter).Scan(&t.n)
		}
	}
	if err != nil {
		return nil, err
	}
	t.start = t.n
	prefix, err := setting(ctx, tx, assets.SettingTagPrefix)
	if err != nil {
		return nil, err
	}
	if prefix != "" {
		t.prefix = prefix
	}
	// Tags above the counter can only have been typed by hand.
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

func (t *tagSeq) next() string {
	for {
		t.n++
		if tag := t.format(t.n); !t.taken[strings.ToUpper(tag)] && (t.inFile == nil || !t.inFile(tag)) {
			return tag
		}
	}
}

func (t *tagSeq) save(ctx context.Context, tx pgx.Tx) error {
	if t.n == t.start {
		return nil
	}
	_, err := tx.Exec(ctx, "UPDATE counters SET value = $1 WHERE name = $2", t.n, assets.SettingTagCounter)
	return err
}

// sortColumn is how a sort field orders (order: the expression, in
// SQLite's collation: nocase() where SQLite's is NOCASE) and the value a
// cursor keeps (key: the stored value, as SQLite's cursor has it), and
// the cursor value's side of the comparison (cast, %s its placeholder).
type sortColumn struct{ order, key, cast string }

var sortColumns = map[assets.SortField]sortColumn{
	assets.SortTag:          {"nocase(a.tag)", "a.tag", "nocase(%s::text)"},
	assets.SortName:         {"nocase(a.name)", "a.name", "nocase(%s::text)"},
	assets.SortCategory:     {"a.category", "a.category", "%s::text"},
	assets.SortStatus:       {"a.status", "a.status", "%s::text"},
	assets.SortLocation:     {"a.location", "a.location", "%s::text"},
	assets.SortAssigned:     {"nocase(COALESCE(p.name, ''))", "COALESCE(p.name, '')", "nocase(%s::text)"},
	assets.SortManufacturer: {"nocase(a.manufacturer)", "a.manufacturer", "nocase(%s::text)"},
	assets.SortModel:        {"nocase(a.model)", "a.model", "nocase(%s::text)"},
	assets.SortPurchase:     {"a.purchase_date", "a.purchase_date", "%s::text"},
	assets.SortCost:         {"a.cost", "a.cost", "%s::bigint"},
	assets.SortUpdated:      {"a.updated", "a.updated", "%s::text"},
}

// assetFilter is the filter shared by list and count.
func assetFilter(q assets.AssetQuery) *conds {
	var c conds
	if m := SearchQuery(q.Search); m != "" {
		c.add("a.id IN (SELECT asset_id FROM asset_search WHERE doc @@ ?::tsquery)", m)
	}
	if q.Category != "" {
		c.add("a.category = ?", q.Category)
	}
	if q.Status != "" {
		c.add("a.status = ?", string(q.Status))
	}
	if q.Location != "" {
		c.add("a.location = ?", q.Location)
	}
	if q.AssignedTo != 0 {
		c.add("a.assigned_to = ?", q.AssignedTo)
	}
	return &c
}

// ListAssets returns one page of assets in the query's order, using keyset
// pagination so that page 1,000 costs what page 1 does.
func (s *Store) ListAssets(ctx context.Context, q assets.AssetQuery) (_ assets.AssetPage, err error) {
	defer assets.Wrap(&err, "postgres.ListAssets")
	p, _, err := s.listAssets(ctx, q, false)
	return p, err
}

// ListAssetsCounted returns one page and how many assets the query matches
// in all.
func (s *Store) ListAssetsCounted(ctx context.Context, q assets.AssetQuery) (_ assets.AssetPage, _ int, err error) {
	defer assets.Wrap(&err, "postgres.ListAssetsCounted")
	return s.listAssets(ctx, q, true)
}

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
	c := assetFilter(q)
	from := assetFrom
	dir, cmp := "ASC", ">"
	if q.Desc {
		dir, cmp = "DESC", "<"
	}
	if m := SearchQuery(q.Search); m != "" {
		// The planner cannot know how many assets a search matches (a
		// prefix of any token): the count says, as SQLite's store does.
		n, total, err := s.searchSize(ctx, q)
		if err != nil {
			return assets.AssetPage{}, 0, err
		}
		matched = n
		if n == 0 {
			return assets.AssetPage{}, 0, nil
		}
		c = assetFilter(assets.AssetQuery{Category: q.Category, Status: q.Status, Location: q.Location, AssignedTo: q.AssignedTo})
		switch {
		case len(c.parts) == 0 && q.Sort == assets.SortTag && fewMatches(n, total, limit, 1):
			// Few matches in tag order (the list's default) and nothing
			// else asked: the search rows hold the tag's sort key, so
			// the page is sorted there and only its assets are read.
			inner := "SELECT asset_id, tag_key FROM asset_search WHERE doc @@ " + c.arg(m) + "::tsquery"
			if q.After != nil {
				inner += fmt.Sprintf(" AND (tag_key, asset_id) %s (nocase(%s::text), %s::bigint)", cmp, c.arg(q.After.Value), c.arg(q.After.ID))
			}
			inner += fmt.Sprintf(" ORDER BY tag_key %s, asset_id %s LIMIT %d", dir, dir, limit+1)
			from = " FROM (" + inner + ") m JOIN assets a ON a.id = m.asset_id LEFT JOIN people p ON p.id = a.assigned_to"
		case fewMatches(n, total, limit, 2):
			// Few matches: read them through the search index, materialised
			// (so that they are sorted instead of the whole sort index
			// walked); cost: the matches. Each match's asset is looked up
			// by id (LATERAL ... OFFSET 0: the planner, costing random
			// reads as from disk, would otherwise read every asset to join
			// 2,000 of them).
			from = " FROM (SELECT asset_id FROM asset_search WHERE doc @@ " + c.arg(m) +
				"::tsquery OFFSET 0) m CROSS JOIN LATERAL (SELECT * FROM assets WHERE id = m.asset_id OFFSET 0) a LEFT JOIN people p ON p.id = a.assigned_to"
		default:
			// Many: walk the sort order and test each row's search row
			// (a scalar probe the planner cannot turn into a join over
			// every match); cost: about total/matches rows per row of the
			// page. The holder is looked up per row kept, for the same
			// reason: the planner underestimates the rows a probe keeps
			// and would otherwise compare each with every person.
			c.add("(SELECT s.doc FROM asset_search s WHERE s.asset_id = a.id) @@ ?::tsquery", m)
			from = assetFromEach
		}
	}
	if q.After != nil {
		value, id := fmt.Sprintf(col.cast, c.arg(q.After.Value)), c.arg(q.After.ID)
		c.parts = append(c.parts, fmt.Sprintf("(%s, a.id) %s (%s, %s::bigint)", col.order, cmp, value, id))
	}
	query := "SELECT " + assetColumns + ", " + col.key + from + c.where() +
		fmt.Sprintf(" ORDER BY %s %s, a.id %s LIMIT %d", col.order, dir, dir, limit+1)
	rows, err := s.pool.Query(ctx, query, c.args...)
	if err != nil {
		return assets.AssetPage{}, 0, mapErr(err)
	}
	var page assets.AssetPage
	var lastKey any
	for rows.Next() {
		var key any
		a, err := scanAsset(rows, &key)
		if err != nil {
			rows.Close()
			return page, 0, mapErr(err)
		}
		if len(page.Assets) == limit {
			page.Next = &assets.Cursor{Value: lastKey, ID: page.Assets[limit-1].ID}
			break
		}
		page.Assets = append(page.Assets, a)
		lastKey = key
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return page, 0, mapErr(err)
	}
	if wantCount && matched < 0 {
		if matched, err = s.CountAssets(ctx, q); err != nil {
			return page, 0, err
		}
	}
	return page, matched, nil
}

// searchSize is how many assets a search query matches and how many there
// are in all, in one round trip.
func (s *Store) searchSize(ctx context.Context, q assets.AssetQuery) (int, int64, error) {
	query, args := countQuery(q)
	var n, total int64
	err := s.pool.QueryRow(ctx, "SELECT ("+query+"), (SELECT COALESCE(sum(n), 0)::bigint FROM asset_counts)", args...).Scan(&n, &total)
	return int(n), total, mapErr(err)
}

// fewMatches says whether a search matching n of total assets should read
// its matches and sort them (cost ~ n × read) rather than walk the sort
// order testing each asset (cost ~ total/n per row of a page of limit).
// read is what reading a match costs against a walked row's test: about 1
// from the search rows alone (tag order), 2 when each match's asset is
// read too (measured at 100,000 assets: the crossovers were near 3,000 and
// 2,200 matches).
func fewMatches(n int, total int64, limit int, read int64) bool {
	return read*int64(n)*int64(n) < total*int64(limit+1)
}

// CountAssets counts what a query matches (ignoring its cursor and limit):
// from the asset_counts ledger when q filters by category, status and
// location only, from the search rows for a search alone, else from assets.
func (s *Store) CountAssets(ctx context.Context, q assets.AssetQuery) (_ int, err error) {
	defer assets.Wrap(&err, "postgres.CountAssets")
	var n int64
	query, args := countQuery(q)
	err = s.pool.QueryRow(ctx, query, args...).Scan(&n)
	return int(n), mapErr(err)
}

func countQuery(q assets.AssetQuery) (string, []any) {
	m := SearchQuery(q.Search)
	if m == "" && q.AssignedTo == 0 {
		var c conds
		if q.Category != "" {
			c.add("category = ?", q.Category)
		}
		if q.Status != "" {
			c.add("status = ?", string(q.Status))
		}
		if q.Location != "" {
			c.add("location = ?", q.Location)
		}
		return "SELECT COALESCE(sum(n), 0)::bigint FROM asset_counts" + c.where(), c.args
	}
	if m != "" && q.Category == "" && q.Status == "" && q.Location == "" && q.AssignedTo == 0 {
		return "SELECT count(*) FROM asset_search WHERE doc @@ $1::tsquery", []any{m}
	}
	c := assetFilter(q)
	return "SELECT count(*) FROM assets a" + c.where(), c.args
}

// Locations lists every location in use, sorted (byte order, as SQLite's
// BINARY).
func (s *Store) Locations(ctx context.Context) (_ []string, err error) {
	defer assets.Wrap(&err, "postgres.Locations")
	rows, err := s.pool.Query(ctx, "SELECT location FROM asset_counts WHERE location <> '' GROUP BY location HAVING sum(n) > 0 ORDER BY location")
	if err != nil {
		return nil, mapErr(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return out, mapErr(err)
}

// CountByStatus counts assets per status, in the order of assets.Statuses.
func (s *Store) CountByStatus(ctx context.Context) (_ []assets.Count, err error) {
	defer assets.Wrap(&err, "postgres.CountByStatus")
	got := map[string]int{}
	rows, err := s.pool.Query(ctx, "SELECT status, sum(n)::bigint FROM asset_counts GROUP BY status")
	if err != nil {
		return nil, mapErr(err)
	}
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return nil, mapErr(err)
		}
		got[k] = int(n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	var out []assets.Count
	for _, st := range assets.Statuses {
		out = append(out, assets.Count{Key: string(st), Label: st.Label(), N: got[string(st)]})
	}
	return out, nil
}

// CountByCategory counts assets per category (categories with none included).
func (s *Store) CountByCategory(ctx context.Context) (_ []assets.Count, err error) {
	defer assets.Wrap(&err, "postgres.CountByCategory")
	rows, err := s.pool.Query(ctx, `SELECT c.name, c.label, COALESCE(k.n, 0)::bigint FROM categories c
		LEFT JOIN (SELECT category, sum(n) AS n FROM asset_counts GROUP BY category) k ON k.category = c.name
		ORDER BY c.label, c.name`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.Count
	for rows.Next() {
		var c assets.Count
		var n int64
		if err := rows.Scan(&c.Key, &c.Label, &n); err != nil {
			return nil, mapErr(err)
		}
		c.N = int(n)
		out = append(out, c)
	}
	return out, mapErr(rows.Err())
}

// EachAsset calls fn for every asset in tag order, streaming.
func (s *Store) EachAsset(ctx context.Context, fn func(assets.Asset) error) (err error) {
	defer assets.Wrap(&err, "postgres.EachAsset")
	rows, err := s.pool.Query(ctx, "SELECT "+assetColumns+assetFrom+" ORDER BY nocase(a.tag)")
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAsset(rows)
		if err != nil {
			return mapErr(err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return mapErr(rows.Err())
}

// EachActiveAsset calls fn for every asset still in the fleet
// (assets.Status.Active) with only the fields planning reads, in ID order.
// fn must not keep the pointer.
func (s *Store) EachActiveAsset(ctx context.Context, fn func(*assets.Asset) error) (err error) {
	defer assets.Wrap(&err, "postgres.EachActiveAsset")
	rows, err := s.pool.Query(ctx, `SELECT id, tag, name, category, manufacturer, model, status, location,
		purchase_date, cost, currency, os, eol_date, COALESCE(assigned_to, 0) FROM assets
		WHERE status = ANY($1) ORDER BY id`, activeStatuses())
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	var a assets.Asset
	var status, purchase, eol string
	for rows.Next() {
		if err := rows.Scan(&a.ID, &a.Tag, &a.Name, &a.Category, &a.Manufacturer, &a.Model, &status, &a.Location,
			&purchase, &a.Cost.Minor, &a.Cost.Currency, &a.OS, &eol, &a.AssignedTo); err != nil {
			return mapErr(err)
		}
		a.Status = assets.Status(status)
		a.PurchaseDate, a.EOLDate = parseDate(purchase), parseDate(eol)
		if err := fn(&a); err != nil {
			return err
		}
	}
	return mapErr(rows.Err())
}

// AssetTagIDs maps every asset's lower-case tag to its ID (for imports).
func (s *Store) AssetTagIDs(ctx context.Context) (_ map[string]int64, err error) {
	defer assets.Wrap(&err, "postgres.AssetTagIDs")
	return storedTags(ctx, s.pool)
}

// storedTags maps every stored tag, lower case, to its asset's ID.
func storedTags(ctx context.Context, q querier) (map[string]int64, error) {
	rows, err := q.Query(ctx, "SELECT id, tag FROM assets")
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id int64
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return nil, mapErr(err)
		}
		out[strings.ToLower(tag)] = id
	}
	return out, mapErr(rows.Err())
}
