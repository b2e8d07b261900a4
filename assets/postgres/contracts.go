package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// Warranty and support contracts (assets/sqlite/contracts.go). A
// contract's state on a date is assets.ContractState over the row.

const contractColumns = `c.id, c.kind, c.provider, c.reference, c.level, c.start_date, c.end_date, c.cost, c.currency, c.notes, c.created, c.updated, c.version`

func scanContract(r rowScanner, extra ...any) (assets.Contract, error) {
	var c assets.Contract
	var kind, start, end, created, updated string
	err := r.Scan(append([]any{&c.ID, &kind, &c.Provider, &c.Reference, &c.Level, &start, &end, &c.Cost.Minor, &c.Cost.Currency, &c.Notes, &created, &updated, &c.Version}, extra...)...)
	c.Kind = assets.ContractKind(kind)
	c.Start, c.End = parseDate(start), parseDate(end)
	c.Created, c.Updated = parseStamp(created), parseStamp(updated)
	return c, err
}

// ListContracts returns the contracts a query selects, soonest end first,
// each with the assets it covers (by asset ID) and its state.
func (s *Store) ListContracts(ctx context.Context, q assets.ContractQuery) (_ []assets.ContractRow, err error) {
	defer assets.Wrap(&err, "postgres.ListContracts")
	var cond conds
	if t := strings.TrimSpace(q.Search); t != "" {
		like := likeAnywhere(t)
		cond.add("(c.provider ILIKE ? OR c.reference ILIKE ? OR c.level ILIKE ?)", like, like, like)
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
	// The state filters are date ranges on end_date, so the index serves
	// them; the state itself comes from assets.ContractState below.
	asOf, until := q.AsOf.String(), q.AsOf.AddDays(warn).String()
	switch q.State {
	case assets.CoverageExpired:
		cond.add("c.end_date < ?", asOf)
	case assets.CoverageEnding:
		cond.add("c.end_date >= ? AND c.end_date <= ? AND (c.start_date = '' OR c.start_date <= ?)", asOf, until, asOf)
	case assets.CoverageActive:
		cond.add("c.end_date > ? AND (c.start_date = '' OR c.start_date <= ?)", until, asOf)
	case assets.CoverageNone:
		cond.add("c.start_date > ? AND c.end_date >= ?", asOf, asOf)
	}
	rows, err := s.pool.Query(ctx, "SELECT "+contractColumns+`,
		COALESCE((SELECT array_agg(a.tag ORDER BY ca.asset_id) FROM contract_assets ca JOIN assets a ON a.id = ca.asset_id WHERE ca.contract_id = c.id), '{}'),
		COALESCE((SELECT array_agg(ca.asset_id ORDER BY ca.asset_id) FROM contract_assets ca JOIN assets a ON a.id = ca.asset_id WHERE ca.contract_id = c.id), '{}')
		FROM contracts c`+cond.where()+" ORDER BY c.end_date, c.id", cond.args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.ContractRow
	for rows.Next() {
		var tags []string
		var ids []int64
		c, err := scanContract(rows, &tags, &ids)
		if err != nil {
			return nil, mapErr(err)
		}
		if len(ids) > 0 {
			c.AssetTags, c.AssetIDs = tags, ids
		}
		st, left := assets.ContractState(&c, q.AsOf, warn)
		out = append(out, assets.ContractRow{Contract: c, State: st, DaysLeft: left})
	}
	return out, mapErr(rows.Err())
}

// Contract loads one contract with the assets it covers.
func (s *Store) Contract(ctx context.Context, id int64) (_ assets.Contract, err error) {
	defer assets.Wrap(&err, "postgres.Contract")
	c, err := s.contract(ctx, s.pool, id)
	return c, mapErr(err)
}

func (s *Store) contract(ctx context.Context, q querier, id int64) (assets.Contract, error) {
	c, err := scanContract(q.QueryRow(ctx, "SELECT "+contractColumns+" FROM contracts c WHERE c.id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return c, assets.NotFoundf("no contract #%d", id)
	}
	if err != nil {
		return c, err
	}
	c.AssetIDs, c.AssetTags, err = linkedAssets(ctx, q, "contract_assets", "contract_id", id)
	return c, err
}

// linkedAssets reads the assets a contract or task covers, by tag in any
// ASCII case (SQLite's tag column is NOCASE).
func linkedAssets(ctx context.Context, q querier, table, key string, id int64) ([]int64, []string, error) {
	rows, err := q.Query(ctx, "SELECT a.id, a.tag FROM "+table+" x JOIN assets a ON a.id = x.asset_id WHERE x."+key+" = $1 ORDER BY nocase(a.tag)", id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ids []int64
	var tags []string
	for rows.Next() {
		var aid int64
		var tag string
		if err := rows.Scan(&aid, &tag); err != nil {
			return nil, nil, err
		}
		ids, tags = append(ids, aid), append(tags, tag)
	}
	return ids, tags, rows.Err()
}

// CreateContract validates c and stores it with the assets it covers.
func (s *Store) CreateContract(ctx context.Context, c *assets.Contract) (err error) {
	defer assets.Wrap(&err, "postgres.CreateContract")
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error { return s.insertContract(ctx, tx, c, "create") })
}

func (s *Store) insertContract(ctx context.Context, tx pgx.Tx, c *assets.Contract, action string) error {
	now := s.Now()
	c.Created, c.Updated, c.Version = now, now, 1
	id, err := newID(ctx, tx, "contracts", "contract")
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO contracts(id,kind,provider,reference,level,start_date,end_date,cost,currency,notes,created,updated)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`, id, string(c.Kind), c.Provider, c.Reference, c.Level, c.Start.String(), c.End.String(),
		c.Cost.Minor, c.Cost.Currency, c.Notes, stamp(now), stamp(now))
	if err != nil {
		return mapErr(err)
	}
	c.ID = id
	if err := linkAssets(ctx, tx, "contract_assets", "contract_id", c.ID, c.AssetIDs); err != nil {
		return err
	}
	return s.record(ctx, tx, "contract", c.ID, action, c.Title(), nil)
}

// linkAssets sets the assets a contract or task covers to exactly ids.
func linkAssets(ctx context.Context, tx pgx.Tx, table, key string, id int64, ids []int64) error {
	if _, err := tx.Exec(ctx, "DELETE FROM "+table+" WHERE "+key+" = $1", id); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	var missing int64
	err := tx.QueryRow(ctx, "SELECT x FROM unnest($1::bigint[]) WITH ORDINALITY AS u(x, n) WHERE NOT EXISTS (SELECT 1 FROM assets WHERE id = x) ORDER BY n LIMIT 1", ids).Scan(&missing)
	if err == nil {
		return assets.Invalidf("assets", "asset #%d is not in the register", missing)
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	_, err = tx.Exec(ctx, "INSERT INTO "+table+"("+key+",asset_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING", id, ids)
	return mapErr(err)
}

// UpdateContract saves c (fields and covered assets) with history.
func (s *Store) UpdateContract(ctx context.Context, c *assets.Contract) (err error) {
	defer assets.Wrap(&err, "postgres.UpdateContract")
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		_, err := s.updateContract(ctx, tx, c, "update")
		return err
	})
}

func (s *Store) updateContract(ctx context.Context, tx pgx.Tx, c *assets.Contract, action string) (bool, error) {
	old, err := s.contract(ctx, tx, c.ID)
	if err != nil {
		return false, err
	}
	if err := linkAssets(ctx, tx, "contract_assets", "contract_id", c.ID, c.AssetIDs); err != nil {
		return false, err
	}
	if c.AssetIDs, c.AssetTags, err = linkedAssets(ctx, tx, "contract_assets", "contract_id", c.ID); err != nil {
		return false, err
	}
	changes := old.ChangesTo(c)
	if len(changes) == 0 {
		c.Version = old.Version
		return false, nil
	}
	if err := assets.CheckVersion("contract", c.ID, c.Version, old.Version, &old, c, changes); err != nil {
		return false, err
	}
	c.Created, c.Updated = old.Created, s.Now()
	tag, err := tx.Exec(ctx, `UPDATE contracts SET kind=$1,provider=$2,reference=$3,level=$4,start_date=$5,end_date=$6,cost=$7,currency=$8,notes=$9,updated=$10 WHERE id=$11 AND version=$12`,
		string(c.Kind), c.Provider, c.Reference, c.Level, c.Start.String(), c.End.String(), c.Cost.Minor, c.Cost.Currency, c.Notes, stamp(c.Updated), c.ID, old.Version)
	if err := written(tag, mapErr(err), "contract", c.ID, old.Version, c, func() (any, int64, []assets.FieldChange, error) {
		theirs, err := s.contract(ctx, tx, c.ID)
		return &theirs, theirs.Version, theirs.ChangesTo(c), err
	}); err != nil {
		return false, err
	}
	c.Version = old.Version + 1
	return true, s.record(ctx, tx, "contract", c.ID, action, "", changes)
}

// DeleteContract removes a contract; history keeps the deletion.
func (s *Store) DeleteContract(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "postgres.DeleteContract")
	return s.withTx(ctx, func(tx pgx.Tx) error {
		old, err := s.contract(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM contracts WHERE id = $1", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "contract", id, "delete", old.Title(), nil)
	})
}

// AssetContracts lists the contracts covering one asset, latest end first
// (without their asset lists, as SQLite's).
func (s *Store) AssetContracts(ctx context.Context, assetID int64) (_ []assets.Contract, err error) {
	defer assets.Wrap(&err, "postgres.AssetContracts")
	rows, err := s.pool.Query(ctx, "SELECT "+contractColumns+` FROM contract_assets ca JOIN contracts c ON c.id = ca.contract_id
		WHERE ca.asset_id = $1 ORDER BY c.end_date DESC, c.id`, assetID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.Contract
	for rows.Next() {
		c, err := scanContract(rows)
		if err != nil {
			return nil, mapErr(err)
		}
		out = append(out, c)
	}
	return out, mapErr(rows.Err())
}

// WarrantyEnds maps each asset to the latest end of its warranty contracts.
func (s *Store) WarrantyEnds(ctx context.Context) (_ map[int64]assets.Date, err error) {
	defer assets.Wrap(&err, "postgres.WarrantyEnds")
	rows, err := s.pool.Query(ctx, `SELECT ca.asset_id, max(c.end_date) FROM contract_assets ca
		JOIN contracts c ON c.id = ca.contract_id WHERE c.kind = 'warranty' GROUP BY ca.asset_id`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := map[int64]assets.Date{}
	for rows.Next() {
		var id int64
		var end string
		if err := rows.Scan(&id, &end); err != nil {
			return nil, mapErr(err)
		}
		out[id] = parseDate(end)
	}
	return out, mapErr(rows.Err())
}

// RenewContract stores the next term of contract id (assets.Contract.Renewal)
// with edit's changes, covering the same assets; history links the terms.
func (s *Store) RenewContract(ctx context.Context, id int64, edit func(next *assets.Contract)) (_ assets.Contract, err error) {
	defer assets.Wrap(&err, "postgres.RenewContract")
	var next assets.Contract
	err = s.withTx(ctx, func(tx pgx.Tx) error {
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
