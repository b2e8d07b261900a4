package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"steward/assets"
)

const contractColumns = `c.id, c.kind, c.provider, c.reference, c.level, c.start_date, c.end_date, c.cost, c.currency, c.notes, c.created, c.updated, c.version`

func scanContract(r scanner) (assets.Contract, error) {
	var c assets.Contract
	var kind, start, end, created, updated string
	err := r.Scan(&c.ID, &kind, &c.Provider, &c.Reference, &c.Level, &start, &end, &c.Cost.Minor, &c.Cost.Currency, &c.Notes, &created, &updated, &c.Version)
	c.Kind = assets.ContractKind(kind)
	c.Start, c.End = parseDate(start), parseDate(end)
	c.Created, c.Updated = parseStamp(created), parseStamp(updated)
	return c, err
}

// ListContracts returns the contracts a query selects, soonest end first,
// each with the tags of the assets it covers.
func (s *Store) ListContracts(ctx context.Context, q assets.ContractQuery) (_ []assets.ContractRow, err error) {
	defer assets.Wrap(&err, "sqlite.ListContracts")
	var cond conditions
	if t := strings.TrimSpace(q.Search); t != "" {
		like := "%" + escapeLike(t) + "%"
		cond.add("(c.provider LIKE ? ESCAPE '\\' OR c.reference LIKE ? ESCAPE '\\' OR c.level LIKE ? ESCAPE '\\')", like, like, like)
	}
	if q.Kind != "" {
		cond.add("c.kind = ?", string(q.Kind))
	}
	if q.AssetID != 0 {
		cond.add("c.id IN (SELECT contract_id FROM contract_assets WHERE asset_id = ?)", q.AssetID)
	}
	warn := q.WarnDays
	if warn <= 0 {
		warn = assets.DefaultWarnDays
	}
	// The state filters are date ranges on end_date, so the index serves them.
	switch q.State {
	case assets.CoverageExpired:
		cond.add("c.end_date < ?", q.AsOf.String())
	case assets.CoverageEnding:
		cond.add("c.end_date >= ? AND c.end_date <= ? AND (c.start_date = '' OR c.start_date <= ?)", q.AsOf.String(), q.AsOf.AddDays(warn).String(), q.AsOf.String())
	case assets.CoverageActive:
		cond.add("c.end_date > ? AND (c.start_date = '' OR c.start_date <= ?)", q.AsOf.AddDays(warn).String(), q.AsOf.String())
	case assets.CoverageNone:
		cond.add("c.start_date > ? AND c.end_date >= ?", q.AsOf.String(), q.AsOf.String())
	}
	where := cond.where()
	rows, err := s.read.QueryContext(ctx, "SELECT "+contractColumns+`,
		(SELECT group_concat(a.tag, ';') FROM contract_assets ca JOIN assets a ON a.id = ca.asset_id WHERE ca.contract_id = c.id),
		(SELECT group_concat(ca.asset_id, ';') FROM contract_assets ca JOIN assets a ON a.id = ca.asset_id WHERE ca.contract_id = c.id)
		FROM contracts c`+where+" ORDER BY c.end_date, c.id", cond.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.ContractRow
	for rows.Next() {
		var tags, ids sql.NullString
		c, err := scanContract(scanExtra{rows, []any{&tags, &ids}})
		if err != nil {
			return nil, err
		}
		c.AssetTags, c.AssetIDs = splitList(tags.String), splitIDs(ids.String)
		st, left := assets.ContractState(&c, q.AsOf, warn)
		out = append(out, assets.ContractRow{Contract: c, State: st, DaysLeft: left})
	}
	return out, rows.Err()
}

// scanExtra scans a record's columns plus trailing extra ones.
type scanExtra struct {
	rows  *sql.Rows
	extra []any
}

func (s scanExtra) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.extra...)...) }

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

func splitIDs(s string) []int64 {
	var out []int64
	for _, p := range splitList(s) {
		var n int64
		for _, r := range p {
			n = n*10 + int64(r-'0')
		}
		out = append(out, n)
	}
	return out
}

// Contract loads one contract with the assets it covers.
func (s *Store) Contract(ctx context.Context, id int64) (_ assets.Contract, err error) {
	defer assets.Wrap(&err, "sqlite.Contract")
	return s.contract(ctx, s.read, id)
}

func (s *Store) contract(ctx context.Context, q txOrDB, id int64) (assets.Contract, error) {
	c, err := scanContract(q.QueryRowContext(ctx, "SELECT "+contractColumns+" FROM contracts c WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, assets.NotFoundf("no contract #%d", id)
	}
	if err != nil {
		return c, err
	}
	rows, err := q.QueryContext(ctx, "SELECT a.id, a.tag FROM contract_assets ca JOIN assets a ON a.id = ca.asset_id WHERE ca.contract_id = ? ORDER BY a.tag", id)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var aid int64
		var tag string
		if err := rows.Scan(&aid, &tag); err != nil {
			return c, err
		}
		c.AssetIDs, c.AssetTags = append(c.AssetIDs, aid), append(c.AssetTags, tag)
	}
	return c, rows.Err()
}

// CreateContract validates c and stores it with the assets it covers.
func (s *Store) CreateContract(ctx context.Context, c *assets.Contract) (err error) {
	defer assets.Wrap(&err, "sqlite.CreateContract")
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error { return s.insertContract(ctx, tx, c, "create") })
}

func (s *Store) insertContract(ctx context.Context, tx *sql.Tx, c *assets.Contract, action string) error {
	now := s.Now()
	c.Created, c.Updated, c.Version = now, now, 1
	res, err := tx.ExecContext(ctx, `INSERT INTO contracts(id,kind,provider,reference,level,start_date,end_date,cost,currency,notes,created,updated)
		VALUES (`+newID("contracts", "contract")+`,?,?,?,?,?,?,?,?,?,?,?)`, string(c.Kind), c.Provider, c.Reference, c.Level, c.Start.String(), c.End.String(),
		c.Cost.Minor, c.Cost.Currency, c.Notes, stamp(now), stamp(now))
	if err != nil {
		return mapErr(err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := linkAssets(ctx, tx, "contract_assets", "contract_id", c.ID, c.AssetIDs); err != nil {
		return err
	}
	return s.record(ctx, tx, "contract", c.ID, action, c.Title(), nil)
}

// linkAssets sets the assets a contract or task covers to exactly ids.
func linkAssets(ctx context.Context, tx *sql.Tx, table, key string, id int64, ids []int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE "+key+" = ?", id); err != nil {
		return err
	}
	for _, aid := range ids {
		if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO "+table+"("+key+",asset_id) VALUES (?,?)", id, aid); err != nil {
			if assets.KindOf(mapErr(err)) == assets.KindInvalid {
				return assets.Invalidf("assets", "asset #%d is not in the register", aid)
			}
			return mapErr(err)
		}
	}
	return nil
}

// UpdateContract saves c (fields and covered assets) with history.
func (s *Store) UpdateContract(ctx context.Context, c *assets.Contract) (err error) {
	defer assets.Wrap(&err, "sqlite.UpdateContract")
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := s.updateContract(ctx, tx, c, "update")
		return err
	})
}

func (s *Store) updateContract(ctx context.Context, tx *sql.Tx, c *assets.Contract, action string) (bool, error) {
	old, err := s.contract(ctx, tx, c.ID)
	if err != nil {
		return false, err
	}
	if err := linkAssets(ctx, tx, "contract_assets", "contract_id", c.ID, c.AssetIDs); err != nil {
		return false, err
	}
	fresh, err := s.contract(ctx, tx, c.ID) // tags of the new asset set, sorted
	if err != nil {
		return false, err
	}
	c.AssetIDs, c.AssetTags = fresh.AssetIDs, fresh.AssetTags
	changes := old.ChangesTo(c)
	if len(changes) == 0 {
		c.Version = old.Version
		return false, nil
	}
	if err := assets.CheckVersion("contract", c.ID, c.Version, old.Version, &old, c, changes); err != nil {
		return false, err
	}
	c.Created, c.Updated, c.Version = old.Created, s.Now(), old.Version+1
	if _, err := tx.ExecContext(ctx, `UPDATE contracts SET kind=?,provider=?,reference=?,level=?,start_date=?,end_date=?,cost=?,currency=?,notes=?,updated=?,version=version+1 WHERE id=?`,
		string(c.Kind), c.Provider, c.Reference, c.Level, c.Start.String(), c.End.String(), c.Cost.Minor, c.Cost.Currency, c.Notes, stamp(c.Updated), c.ID); err != nil {
		return false, mapErr(err)
	}
	return true, s.record(ctx, tx, "contract", c.ID, action, "", changes)
}

// DeleteContract removes a contract; history keeps the deletion.
func (s *Store) DeleteContract(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "sqlite.DeleteContract")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		old, err := s.contract(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM contracts WHERE id = ?", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "contract", id, "delete", old.Title(), nil)
	})
}

// AssetContracts lists the contracts covering one asset, latest end first.
func (s *Store) AssetContracts(ctx context.Context, assetID int64) (_ []assets.Contract, err error) {
	defer assets.Wrap(&err, "sqlite.AssetContracts")
	rows, err := s.read.QueryContext(ctx, "SELECT "+contractColumns+` FROM contract_assets ca CROSS JOIN contracts c ON c.id = ca.contract_id
		WHERE ca.asset_id = ? ORDER BY c.end_date DESC, c.id`, assetID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.Contract
	for rows.Next() {
		c, err := scanContract(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// WarrantyEnds maps each asset to the latest end of its warranty contracts
// (what the assets CSV's warranty_end column carries).
func (s *Store) WarrantyEnds(ctx context.Context) (_ map[int64]assets.Date, err error) {
	defer assets.Wrap(&err, "sqlite.WarrantyEnds")
	rows, err := s.read.QueryContext(ctx, `SELECT ca.asset_id, max(c.end_date) FROM contract_assets ca
		JOIN contracts c ON c.id = ca.contract_id WHERE c.kind = 'warranty' GROUP BY ca.asset_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]assets.Date{}
	for rows.Next() {
		var id int64
		var end string
		if err := rows.Scan(&id, &end); err != nil {
			return nil, err
		}
		out[id] = parseDate(end)
	}
	return out, rows.Err()
}

// setWarrantyEnd records an asset's warranty end as the assets CSV gives it:
// the asset's own single-asset warranty contract gets the new end (or one
// is created, provider the manufacturer, from the purchase date). A
// contract shared with other assets is never changed from one asset's row.
func (s *Store) setWarrantyEnd(ctx context.Context, tx *sql.Tx, a *assets.Asset, end assets.Date, stmts *warrantyStmts) error {
	var id int64
	var oldEnd string
	err := stmts.find.QueryRowContext(ctx, a.ID).Scan(&id, &oldEnd)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		provider, start := warrantyTerms(a, end)
		at := stamp(s.Now())
		res, err := stmts.insert.ExecContext(ctx, provider, start.String(), end.String(), at, at)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		if _, err := stmts.link.ExecContext(ctx, id, a.ID); err != nil {
			return err
		}
		_, err = stmts.hist.ExecContext(ctx, at, s.Actor, id, "create", "", "", "warranty for "+a.Tag+" until "+end.String())
		return err
	case err != nil:
		return err
	case oldEnd == end.String():
		return nil
	}
	at := stamp(s.Now())
	if _, err := stmts.update.ExecContext(ctx, end.String(), at, id); err != nil {
		return err
	}
	_, err = stmts.hist.ExecContext(ctx, at, s.Actor, id, "import", "end", oldEnd, end.String())
	return err
}

// warrantyTerms is who gives a's warranty ending on end, and from when: the
// manufacturer (or supplier) from the purchase date, unless that is after
// the end.
func warrantyTerms(a *assets.Asset, end assets.Date) (provider string, start assets.Date) {
	provider = a.Manufacturer
	if provider == "" {
		provider = orText(a.Supplier, "the manufacturer")
	}
	start = a.PurchaseDate
	if !start.IsZero() && end.Before(start) {
		start = assets.Date{}
	}
	return provider, start
}

type warrantyStmts struct{ find, insert, link, update, hist *sql.Stmt }

func prepareWarranty(ctx context.Context, tx *sql.Tx) (*warrantyStmts, error) {
	var w warrantyStmts
	var err error
	prep := func(dst **sql.Stmt, q string) {
		if err == nil {
			*dst, err = tx.PrepareContext(ctx, q)
		}
	}
	// CROSS JOIN fixes the order: start from the asset's links (index),
	// never from every warranty (the planner's other choice is quadratic).
	prep(&w.find, `SELECT c.id, c.end_date FROM contract_assets ca CROSS JOIN contracts c ON c.id = ca.contract_id
		WHERE ca.asset_id = ? AND c.kind = 'warranty'
		AND (SELECT count(*) FROM contract_assets x WHERE x.contract_id = c.id) = 1
		ORDER BY c.end_date DESC, c.id DESC LIMIT 1`)
	prep(&w.insert, `INSERT INTO contracts(id,kind,provider,level,start_date,end_date,created,updated)
		VALUES (`+newID("contracts", "contract")+`,'warranty',?,'warranty',?,?,?,?)`)
	prep(&w.link, `INSERT INTO contract_assets(contract_id,asset_id) VALUES (?,?)`)
	prep(&w.update, `UPDATE contracts SET end_date = ?, updated = ?, version = version + 1 WHERE id = ?`)
	prep(&w.hist, `INSERT INTO history(at,actor,entity,entity_id,action,field,old_value,new_value) VALUES (?,?,'contract',?,?,?,?,?)`)
	if err != nil {
		w.close()
		return nil, err
	}
	return &w, nil
}

func (w *warrantyStmts) close() {
	for _, st := range []*sql.Stmt{w.find, w.insert, w.link, w.update, w.hist} {
		if st != nil {
			st.Close()
		}
	}
}

func orText(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// RenewContract stores the next term of contract id (see
// assets.Contract.Renewal) with the given changes applied by edit (nil keeps
// the proposal), covering the same assets. History links the two terms.
func (s *Store) RenewContract(ctx context.Context, id int64, edit func(next *assets.Contract)) (_ assets.Contract, err error) {
	defer assets.Wrap(&err, "sqlite.RenewContract")
	var next assets.Contract
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		old, err := s.contract(ctx, tx, id)
		if err != nil {
			return err
		}
		next = old.Renewal()
		if edit != nil {
			edit(&next)
		}
		next.Normalize()
		if err := next.Validate(); err != nil {
			return err
		}
		if !next.Start.IsZero() && !next.Start.After(old.End) && next.End.Compare(old.End) <= 0 {
			return assets.Invalidf("end", "a renewal must end after the current term (%s)", old.End)
		}
		if err := s.insertContract(ctx, tx, &next, "renew"); err != nil {
			return err
		}
		return s.record(ctx, tx, "contract", old.ID, "renewed", fmt.Sprintf("as #%d, %s to %s", next.ID, next.Start, next.End), nil)
	})
	return next, err
}
