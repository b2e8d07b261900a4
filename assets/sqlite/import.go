package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"strings"
	"time"

	"steward/assets"
	"steward/assets/internal/bulkrule"
)

// errDryRun rolls back a dry run's transaction after it has done everything.
var errDryRun = errors.New("dry run")

// withTxDry is withTx that, for a dry run, does all the work (so the counts
// and any constraint errors are real) and then rolls it back.
func (s *Store) withTxDry(ctx context.Context, dry bool, fn func(tx *sql.Tx) error) error {
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if dry {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// ImportAssets creates the assets whose tag is new (or empty) and updates
// those whose tag exists, in one transaction: all or nothing. The list must
// already be normalised and validated.
func (s *Store) ImportAssets(ctx context.Context, list []assets.Asset, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "sqlite.ImportAssets")
	return s.ImportAssetsWarranty(ctx, list, nil, dry)
}

// ImportAssetsWarranty is ImportAssets where warranty[i], when set, is
// list[i]'s warranty end (the assets CSV's warranty_end): it is stored as
// the asset's warranty contract in the same transaction. warranty may be
// nil or shorter than list. The list's IDs (and generated tags) are set.
func (s *Store) ImportAssetsWarranty(ctx context.Context, list []assets.Asset, warranty []assets.Date, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "sqlite.ImportAssetsWarranty")
	plan := assets.AssetImportPlan{Rows: len(list)}
	tags := map[string]bool{}
	for i := range list {
		if list[i].Tag != "" {
			plan.Tagged++
			tags[strings.ToLower(list[i].Tag)] = true
		}
		if list[i].Serial != "" {
			plan.Serials++
		}
		if i < len(warranty) && !warranty[i].IsZero() {
			plan.Warranties++
		}
	}
	plan.TagInFile = func(tag string) bool { return tags[strings.ToLower(tag)] }
	plan.Held = true
	if len(warranty) < len(list) {
		warranty = append(warranty[:len(warranty):len(warranty)], make([]assets.Date, len(list)-len(warranty))...)
	}
	sent := false
	return s.ImportAssetStream(ctx, plan, func() (assets.AssetBatch, error) {
		if sent || len(list) == 0 {
			return assets.AssetBatch{}, io.EOF
		}
		sent = true
		return assets.AssetBatch{Assets: list, Warranty: warranty}, nil
	}, dry)
}

// ImportAssetStream creates the assets whose tag is new (or empty) and
// updates those whose tag exists, in one transaction: all or nothing. next
// gives the rows a batch at a time, then io.EOF (any other error rolls the
// transaction back); plan describes them all. It holds one batch at a time
// however many rows there are: a big first import takes the bulk path of
// CreateAssets (indexes rebuilt after, search index built aside, counts
// added once) batch after batch.
func (s *Store) ImportAssetStream(ctx context.Context, plan assets.AssetImportPlan, next func() (assets.AssetBatch, error), dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "sqlite.ImportAssetStream")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx *sql.Tx) error {
		w := &assetWrite{s: s, tx: tx, plan: plan}
		err := w.run(ctx, next)
		st = w.st
		return err
	})
	return st, err
}

// assetWrite is one ImportAssetStream transaction.
type assetWrite struct {
	s    *Store
	tx   *sql.Tx
	plan assets.AssetImportPlan
	st   assets.ImportStats

	existing    map[string]int64 // stored tags (lower case) -> ID
	seq         *tagSeq
	maxID       int64 // the highest asset ID before the import
	nextID      int64
	now         time.Time
	categories  map[string]bool
	bulk        bool // secondary indexes dropped and rebuilt, counts added from Go
	counts      assetCounts
	aside       *searchAside
	contractID  int64 // the highest contract ID used so far
	warranty    *warrantyStmts
	warrantySet bool             // an update set a warranty since contractID was read
	held        [][]assets.Asset // new assets for the search build (plan.Held)
}

func (w *assetWrite) run(ctx context.Context, next func() (assets.AssetBatch, error)) error {
	s, tx := w.s, w.tx
	var err error
	if w.plan.Tagged > 0 {
		// One query for the tags already stored, instead of one per row.
		if w.existing, err = storedTags(ctx, tx); err != nil {
			return err
		}
	}
	if w.seq, err = tagCounter(ctx, tx); err != nil {
		return err
	}
	w.seq.inFile = w.plan.TagInFile
	if w.maxID, err = lastAssetID(ctx, tx); err != nil {
		return err
	}
	w.nextID = w.maxID + 1
	if w.contractID, err = lastUsedID(ctx, tx, "contracts", "contract"); err != nil {
		return err
	}
	w.now = s.Now()
	w.categories = map[string]bool{}
	// Every row may be new: a file bigger than the table takes the bulk path.
	w.bulk = bulkrule.WorthRebuilding(w.plan.Rows, w.maxID)
	if w.bulk {
		if w.aside, err = s.startSearchAside(ctx, tx, w.plan.Rows, w.nextID); err != nil {
			return err
		}
	}
	write := func() error {
		for {
			b, err := next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			if err := w.batch(ctx, b); err != nil {
				return err
			}
		}
		// Every row is staged: the search index is built on the other
		// core while this one writes history and rebuilds indexes.
		w.aside.stage(w.held...)
		w.aside.begin()
		if w.aside == nil {
			if err := reindexAssets(ctx, tx, "a.id > ?", w.maxID); err != nil {
				return err
			}
		}
		q, args := historyOfNewAssets(w.bulk, stamp(w.now), s.Actor, w.maxID)
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		if w.bulk {
			return w.counts.save(ctx, tx)
		}
		return nil
	}
	if w.bulk {
		assetsWrite := write
		write = func() error {
			return rebuildingIndexes(ctx, tx, "assets", keptDuringRebuild(bulkrule.Shape{Rows: w.plan.Rows, Serials: w.plan.Serials}), func() error {
				return withoutTriggers(ctx, tx, []string{"asset_counts_insert", "assets_gid", "history_gid", "contracts_gid"}, assetsWrite)
			})
		}
	}
	if bulkrule.WorthRebuilding(w.plan.Warranties, w.contractID) {
		assetsWrite := write
		write = func() error {
			// Warranty contracts carry no reference: the partial reference
			// index gains nothing, so it stays instead of being read again.
			return rebuildingIndexes(ctx, tx, "contracts", map[string]bool{"contracts_reference": true}, assetsWrite)
		}
	}
	err = write()
	if w.warranty != nil {
		w.warranty.close()
	}
	if err != nil {
		w.aside.abandon()
		return err
	}
	if err := w.seq.save(ctx, tx); err != nil {
		w.aside.abandon()
		return err
	}
	return w.aside.copyInto(ctx, s, tx)
}

// batch writes one batch: stored tags are updated one by one, new assets
// inserted together with their warranty contracts.
func (w *assetWrite) batch(ctx context.Context, b assets.AssetBatch) error {
	s, tx := w.s, w.tx
	fresh, freshWarranty, freshLines := b.Assets, b.Warranty, b.Lines
	if len(w.existing) > 0 {
		fresh, freshWarranty, freshLines = nil, nil, nil
		for i := range b.Assets {
			a := b.Assets[i]
			_, ok := w.existing[strings.ToLower(a.Tag)]
			if a.Tag == "" || !ok {
				fresh, freshWarranty = append(fresh, a), append(freshWarranty, b.Warranty[i])
				if i < len(b.Lines) {
					freshLines = append(freshLines, b.Lines[i])
				}
				continue
			}
			if err := w.update(ctx, &a, b.Warranty[i]); err != nil {
				return err
			}
			b.Assets[i].ID = a.ID
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	for i := range fresh {
		a := &fresh[i]
		if !w.categories[a.Category] {
			if err := ensureCategory(ctx, tx, a.Category); err != nil {
				return err
			}
			w.categories[a.Category] = true
		}
		if a.Tag == "" {
			a.Tag = w.seq.next()
		}
		a.ID = w.nextID
		w.nextID++
		a.Created, a.Updated, a.Version = w.now, w.now, 1
	}
	if err := s.insertBatches(ctx, tx, fresh, w.bulk, assetLabel(fresh, freshLines)); err != nil {
		return err
	}
	w.st.Created += len(fresh)
	if w.bulk {
		w.counts.add(fresh)
	}
	if w.plan.Held {
		w.held = append(w.held, fresh)
	} else {
		w.aside.stage(fresh)
	}
	var with []int
	var err error
	for i, end := range freshWarranty {
		if !end.IsZero() {
			with = append(with, i)
		}
	}
	if len(with) > 0 && w.warrantySet {
		// An update made a contract the usual way since: count from it.
		if w.contractID, err = lastUsedID(ctx, tx, "contracts", "contract"); err != nil {
			return err
		}
		w.warrantySet = false
	}
	if err := s.insertWarranties(ctx, tx, fresh, freshWarranty, with, w.contractID, w.bulk); err != nil {
		return err
	}
	w.contractID += int64(len(with))
	if len(w.existing) > 0 {
		// The caller's rows learn their IDs and tags too.
		j := 0
		for i := range b.Assets {
			if b.Assets[i].ID == 0 {
				b.Assets[i].ID, b.Assets[i].Tag = fresh[j].ID, fresh[j].Tag
				j++
			}
		}
	}
	return nil
}

// update saves a row whose tag is stored over that asset: updated if it
// changed, unchanged if not; its warranty end is set too.
func (w *assetWrite) update(ctx context.Context, a *assets.Asset, end assets.Date) error {
	s, tx := w.s, w.tx
	old, err := s.assetWhere(ctx, tx, "a.id = ?", w.existing[strings.ToLower(a.Tag)])
	if err != nil {
		return err
	}
	a.ID, a.Tag = old.ID, old.Tag
	// The assets file has no host name or MAC column: keep what
	// discovery or inventory recorded.
	a.HostName, a.MAC = old.HostName, old.MAC
	changed := len(assets.Changes(old, *a)) > 0
	if changed {
		if err := s.updateAsset(ctx, tx, a, "import"); err != nil {
			return err
		}
	}
	w.st.Saved(changed)
	if end.IsZero() {
		return nil
	}
	if w.warranty == nil {
		if w.warranty, err = prepareWarranty(ctx, tx); err != nil {
			return err
		}
	}
	w.warrantySet = true
	return s.setWarrantyEnd(ctx, tx, a, end, w.warranty)
}

// storedTags maps every stored tag, lower case, to its asset's ID.
func storedTags(ctx context.Context, tx *sql.Tx) (map[string]int64, error) {
	out := map[string]int64{}
	rows, err := tx.QueryContext(ctx, "SELECT id, tag FROM assets")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			return nil, err
		}
		out[strings.ToLower(tag)] = id
	}
	return out, rows.Err()
}

// insertWarranties gives each new asset list[i] (i in which) its warranty
// contract ending warranty[i], the same records setWarrantyEnd makes for
// one, with a few multi-row statements instead of three per asset. The
// contracts take the IDs after lastID.
func (s *Store) insertWarranties(ctx context.Context, tx *sql.Tx, list []assets.Asset, warranty []assets.Date, which []int, lastID int64, bulk bool) error {
	if len(which) == 0 {
		return nil
	}
	at := stamp(s.Now())
	id := func(n int) int64 { return lastID + int64(n) + 1 }
	// Ascending global ids (the contracts' gid index grows at its end), or
	// none yet in a bulk import (gidMaker).
	gid := gidMaker(bulk)
	err := s.insertRows(ctx, `INSERT INTO contracts(id,kind,provider,level,start_date,end_date,created,updated,gid) VALUES `, 9, len(which),
		func(n int, args []any) []any {
			a, end := &list[which[n]], warranty[which[n]]
			provider, start := warrantyTerms(a, end)
			return append(args, id(n), "warranty", provider, "warranty", start.String(), end.String(), at, at, gid(n))
		})
	if err != nil {
		return err
	}
	err = s.insertRows(ctx, `INSERT INTO contract_assets(contract_id,asset_id) VALUES `, 2, len(which),
		func(n int, args []any) []any { return append(args, id(n), list[which[n]].ID) })
	if err != nil {
		return err
	}
	hgid := gidMaker(bulk)
	return s.insertRows(ctx, `INSERT INTO history(at,actor,entity,entity_id,action,new_value,gid) VALUES `, 7, len(which),
		func(n int, args []any) []any {
			a, end := &list[which[n]], warranty[which[n]]
			return append(args, at, s.Actor, "contract", id(n), "create", "warranty for "+a.Tag+" until "+end.String(), hgid(n))
		})
}

// EachAsset calls fn for every asset in tag order, streaming.
func (s *Store) EachAsset(ctx context.Context, fn func(assets.Asset) error) (err error) {
	defer assets.Wrap(&err, "sqlite.EachAsset")
	rows, err := s.read.QueryContext(ctx, "SELECT "+assetColumns+assetFrom+" ORDER BY a.tag")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAsset(rows)
		if err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PeopleEmails maps every person's lower-case e-mail to their ID.
func (s *Store) PeopleEmails(ctx context.Context) (_ map[string]int64, err error) {
	defer assets.Wrap(&err, "sqlite.PeopleEmails")
	return s.idsByLowerKey(ctx, "SELECT id, email FROM people")
}

// idsByLowerKey runs a query of (id, key) rows and maps each lower-cased
// key to its ID: the lookups imports make by e-mail or tag.
func (s *Store) idsByLowerKey(ctx context.Context, query string) (map[string]int64, error) {
	rows, err := s.read.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return nil, err
		}
		out[strings.ToLower(key)] = id
	}
	return out, rows.Err()
}

// PeopleByID maps every person's ID to their e-mail.
func (s *Store) PeopleByID(ctx context.Context) (_ map[int64]string, err error) {
	defer assets.Wrap(&err, "sqlite.PeopleByID")
	m, err := s.PeopleEmails(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(m))
	for e, id := range m {
		out[id] = e
	}
	return out, nil
}
