package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"steward/assets"
	"steward/assets/internal/bulkrule"
)

// Asset imports, beside assets/sqlite/import.go: rows whose tag is stored
// update that asset, the others are new and go in with COPY, batch by
// batch, in one transaction (all or nothing). A dry run does all the work,
// then rolls it back.

// ImportAssets creates the assets whose tag is new (or empty) and updates
// those whose tag exists, in one transaction: all or nothing. The list must
// already be normalised and validated.
func (s *Store) ImportAssets(ctx context.Context, list []assets.Asset, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "postgres.ImportAssets")
	return s.ImportAssetsWarranty(ctx, list, nil, dry)
}

// ImportAssetsWarranty is ImportAssets where warranty[i], when set, is
// list[i]'s warranty end: it is stored as the asset's warranty contract in
// the same transaction. warranty may be nil or shorter than list.
func (s *Store) ImportAssetsWarranty(ctx context.Context, list []assets.Asset, warranty []assets.Date, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "postgres.ImportAssetsWarranty")
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
// transaction back); plan describes them all.
func (s *Store) ImportAssetStream(ctx context.Context, plan assets.AssetImportPlan, next func() (assets.AssetBatch, error), dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "postgres.ImportAssetStream")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx pgx.Tx) error {
		w := &assetWrite{s: s, tx: tx, plan: plan, dry: dry}
		err := w.run(ctx, next)
		st = w.st
		return err
	})
	return st, err
}

// assetWrite is one ImportAssetStream transaction.
type assetWrite struct {
	s    *Store
	tx   pgx.Tx
	plan assets.AssetImportPlan
	dry  bool // rolled back at the end: never locks other windows out
	st   assets.ImportStats

	existing   map[string]int64 // stored tags (lower case) -> ID
	seq        *tagSeq
	nextID     int64
	now        time.Time
	categories map[string]bool
}

func (w *assetWrite) run(ctx context.Context, next func() (assets.AssetBatch, error)) error {
	tx := w.tx
	var err error
	if w.seq, err = lockTags(ctx, tx); err != nil {
		return err
	}
	w.seq.inFile = w.plan.TagInFile
	if w.plan.Tagged > 0 {
		if w.existing, err = storedTags(ctx, tx); err != nil {
			return err
		}
	}
	maxID, err := lockIDs(ctx, tx, "assets", "asset")
	if err != nil {
		return err
	}
	w.nextID = maxID + 1
	w.now = w.s.Now()
	w.categories = map[string]bool{}
	// The plan counts serials; a CSV carries no MAC or host name. A dry
	// run (the window's preview of a file) goes the ordinary way: it must
	// not lock the other windows out for a preview.
	var bulk bulkLoad
	if !w.dry {
		if bulk, err = startBulkLoad(ctx, tx, bulkrule.Shape{Rows: w.plan.Rows, Serials: w.plan.Serials}, maxID); err != nil {
			return err
		}
	}
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
	if err := bulk.finish(ctx, tx); err != nil {
		return err
	}
	return w.seq.save(ctx, tx)
}

// batch writes one batch: stored tags are updated one by one, new assets
// copied in together, then their warranty contracts.
func (w *assetWrite) batch(ctx context.Context, b assets.AssetBatch) error {
	s, tx := w.s, w.tx
	warranty := func(i int) assets.Date {
		if i < len(b.Warranty) {
			return b.Warranty[i]
		}
		return assets.Date{}
	}
	var fresh []int // indexes in b.Assets
	for i := range b.Assets {
		a := b.Assets[i]
		id, ok := w.existing[strings.ToLower(a.Tag)]
		if a.Tag == "" || !ok {
			fresh = append(fresh, i)
			continue
		}
		if err := w.update(ctx, &a, id, warranty(i)); err != nil {
			return err
		}
		b.Assets[i].ID = a.ID
	}
	if len(fresh) == 0 {
		return nil
	}
	list := make([]assets.Asset, len(fresh))
	for j, i := range fresh {
		a := &b.Assets[i]
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
		a.Created, a.Updated = w.now, w.now
		list[j] = *a
	}
	if err := s.copyAssets(ctx, tx, list, stamp(w.now)); err != nil {
		return w.explain(err, b, fresh)
	}
	w.st.Created += len(list)
	var with []int
	var ends []assets.Date
	for j, i := range fresh {
		if end := warranty(i); !end.IsZero() {
			with = append(with, j)
			ends = append(ends, end)
		}
	}
	return s.insertWarranties(ctx, tx, list, with, ends)
}

// explain names the row at fault when a batch's COPY failed on a tag
// (two rows of the file with one tag in different case).
func (w *assetWrite) explain(err error, b assets.AssetBatch, fresh []int) error {
	seen := map[string]int{}
	for _, i := range fresh {
		k := strings.ToLower(b.Assets[i].Tag)
		if j, ok := seen[k]; ok {
			line := func(i int) string {
				if i < len(b.Lines) {
					return fmt.Sprintf("line %d", b.Lines[i])
				}
				return fmt.Sprintf("asset %d", i+1)
			}
			return fmt.Errorf("%s (%s %s, the same tag as %s): %w", line(i), b.Assets[i].Tag, b.Assets[i].Name, line(j), err)
		}
		seen[k] = i
	}
	return err
}

// update saves a row whose tag is stored over that asset: updated if it
// changed, unchanged if not; its warranty end is set too.
func (w *assetWrite) update(ctx context.Context, a *assets.Asset, id int64, end assets.Date) error {
	s, tx := w.s, w.tx
	old, err := assetWhere(ctx, tx, "a.id = $1", id)
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
	return s.setWarrantyEnd(ctx, tx, a, end)
}

// warrantyTerms is who gives a's warranty ending on end, and from when: the
// manufacturer (or supplier) from the purchase date, unless that is after
// the end.
func warrantyTerms(a *assets.Asset, end assets.Date) (provider string, start assets.Date) {
	provider = a.Manufacturer
	if provider == "" {
		provider = a.Supplier
	}
	if provider == "" {
		provider = "the manufacturer"
	}
	start = a.PurchaseDate
	if !start.IsZero() && end.Before(start) {
		start = assets.Date{}
	}
	return provider, start
}

// setWarrantyEnd records an asset's warranty end as the assets CSV gives it:
// the asset's own single-asset warranty contract gets the new end (or one
// is created, provider the manufacturer, from the purchase date). A
// contract shared with other assets is never changed from one asset's row.
func (s *Store) setWarrantyEnd(ctx context.Context, tx pgx.Tx, a *assets.Asset, end assets.Date) error {
	var id int64
	var oldEnd string
	err := tx.QueryRow(ctx, `SELECT c.id, c.end_date FROM contract_assets ca JOIN contracts c ON c.id = ca.contract_id
		WHERE ca.asset_id = $1 AND c.kind = 'warranty'
		AND (SELECT count(*) FROM contract_assets x WHERE x.contract_id = c.id) = 1
		ORDER BY c.end_date DESC, c.id DESC LIMIT 1`, a.ID).Scan(&id, &oldEnd)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		provider, start := warrantyTerms(a, end)
		at := stamp(s.Now())
		if id, err = newID(ctx, tx, "contracts", "contract"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO contracts(id,kind,provider,level,start_date,end_date,created,updated)
			VALUES ($1,'warranty',$2,'warranty',$3,$4,$5,$5)`, id, provider, start.String(), end.String(), at); err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO contract_assets(contract_id,asset_id) VALUES ($1,$2)`, id, a.ID); err != nil {
			return mapErr(err)
		}
		_, err = tx.Exec(ctx, `INSERT INTO history(at,actor,entity,entity_id,action,new_value) VALUES ($1,$2,'contract',$3,'create',$4)`,
			at, s.Actor, id, "warranty for "+a.Tag+" until "+end.String())
		return err
	case err != nil:
		return err
	case oldEnd == end.String():
		return nil
	}
	at := stamp(s.Now())
	if _, err := tx.Exec(ctx, `UPDATE contracts SET end_date = $1, updated = $2 WHERE id = $3`, end.String(), at, id); err != nil {
		return mapErr(err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO history(at,actor,entity,entity_id,action,field,old_value,new_value) VALUES ($1,$2,'contract',$3,'import','end',$4,$5)`,
		at, s.Actor, id, oldEnd, end.String())
	return err
}

// insertWarranties gives each new asset list[with[n]] its warranty contract
// ending ends[n], the records setWarrantyEnd makes for one, with COPY.
func (s *Store) insertWarranties(ctx context.Context, tx pgx.Tx, list []assets.Asset, with []int, ends []assets.Date) error {
	if len(with) == 0 {
		return nil
	}
	at := stamp(s.Now())
	last, err := lockIDs(ctx, tx, "contracts", "contract")
	if err != nil {
		return err
	}
	id := func(n int) int64 { return last + int64(n) + 1 }
	n := 0
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"contracts"}, []string{"id", "kind", "provider", "level", "start_date", "end_date", "created", "updated"},
		pgx.CopyFromFunc(func() ([]any, error) {
			if n == len(with) {
				return nil, nil
			}
			a := &list[with[n]]
			provider, start := warrantyTerms(a, ends[n])
			row := []any{id(n), "warranty", provider, "warranty", start.String(), ends[n].String(), at, at}
			n++
			return row, nil
		}))
	if err != nil {
		return mapErr(err)
	}
	n = 0
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"contract_assets"}, []string{"contract_id", "asset_id"},
		pgx.CopyFromFunc(func() ([]any, error) {
			if n == len(with) {
				return nil, nil
			}
			row := []any{id(n), list[with[n]].ID}
			n++
			return row, nil
		}))
	if err != nil {
		return mapErr(err)
	}
	n = 0
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"history"}, []string{"at", "actor", "entity", "entity_id", "action", "new_value"},
		pgx.CopyFromFunc(func() ([]any, error) {
			if n == len(with) {
				return nil, nil
			}
			a := &list[with[n]]
			row := []any{at, s.Actor, "contract", id(n), "create", "warranty for " + a.Tag + " until " + ends[n].String()}
			n++
			return row, nil
		}))
	return mapErr(err)
}
