package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"steward/assets"
)

// ImportStats counts what an import did.
type ImportStats struct {
	Created, Updated, Unchanged int
}

// updated counts one existing record the import saved: updated if it
// changed, unchanged if not.
func (st *ImportStats) updated(changed bool) {
	if changed {
		st.Updated++
	} else {
		st.Unchanged++
	}
}

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
func (s *Store) ImportAssets(ctx context.Context, list []assets.Asset, dry bool) (ImportStats, error) {
	return s.ImportAssetsWarranty(ctx, list, nil, dry)
}

// ImportAssetsWarranty is ImportAssets where warranty[i], when set, is
// list[i]'s warranty end (the assets CSV's warranty_end): it is stored as
// the asset's warranty contract in the same transaction. warranty may be
// nil or shorter than list.
func (s *Store) ImportAssetsWarranty(ctx context.Context, list []assets.Asset, warranty []assets.Date, dry bool) (ImportStats, error) {
	var st ImportStats
	err := s.withTxDry(ctx, dry, func(tx *sql.Tx) error {
		st = ImportStats{}
		// One query for the tags already stored, instead of one per row.
		existing, err := tagIDs(ctx, tx, list)
		if err != nil {
			return err
		}
		var fresh []assets.Asset
		var freshAt []int
		if len(existing) == 0 {
			// Every row is new (a first import): list itself is inserted
			// rather than a copy of it (100,000 assets are ~50 MB).
			fresh = list
		} else {
			for i := range list {
				a := list[i]
				id, ok := existing[strings.ToLower(a.Tag)]
				if a.Tag == "" || !ok {
					fresh, freshAt = append(fresh, a), append(freshAt, i)
					continue
				}
				old, err := s.assetWhere(ctx, tx, "a.id = ?", id)
				if err != nil {
					return err
				}
				a.ID, a.Tag = old.ID, old.Tag
				list[i].ID = old.ID
				// The assets file has no host name or MAC column: keep what
				// discovery or inventory recorded.
				a.HostName, a.MAC = old.HostName, old.MAC
				if len(assets.Changes(old, a)) == 0 {
					st.Unchanged++
					continue
				}
				if err := s.updateAsset(ctx, tx, &a, "import"); err != nil {
					return err
				}
				st.Updated++
			}
		}
		st.Created = len(fresh)
		// The search index of a big first import is built on the other
		// core while the warranties are written too.
		aside, err := s.insertAssetsLeavingSearch(ctx, tx, fresh)
		if err != nil {
			return err
		}
		isFresh := make([]bool, len(list))
		if len(existing) == 0 {
			for i := range isFresh {
				isFresh[i] = true
			}
		}
		for j, i := range freshAt {
			list[i].ID, list[i].Tag = fresh[j].ID, fresh[j].Tag
			isFresh[i] = true
		}
		if err := s.importWarranties(ctx, tx, list, warranty, isFresh); err != nil {
			aside.abandon()
			return err
		}
		return aside.copyInto(ctx, s, tx)
	})
	return st, err
}

// tagIDs maps the lower-case tags of list that are already stored to their
// IDs, reading the tag index once.
func tagIDs(ctx context.Context, tx *sql.Tx, list []assets.Asset) (map[string]int64, error) {
	out := map[string]int64{}
	tagged := false
	for i := range list {
		if list[i].Tag != "" {
			tagged = true
			break
		}
	}
	if !tagged {
		return out, nil
	}
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

func (s *Store) importWarranties(ctx context.Context, tx *sql.Tx, list []assets.Asset, warranty []assets.Date, fresh []bool) error {
	var stmts *warrantyStmts
	var created []int // fresh assets with a warranty: written together
	for i, end := range warranty {
		if i >= len(list) || end.IsZero() {
			continue
		}
		if fresh[i] {
			created = append(created, i)
			continue
		}
		if stmts == nil {
			var err error
			if stmts, err = prepareWarranty(ctx, tx); err != nil {
				return err
			}
			defer stmts.close()
		}
		if err := s.setWarrantyEnd(ctx, tx, &list[i], end, stmts); err != nil {
			return err
		}
	}
	return s.insertWarranties(ctx, tx, list, warranty, created)
}

// insertWarranties gives each new asset list[i] (i in which) its warranty
// contract ending warranty[i], the same records setWarrantyEnd makes for
// one, with a few multi-row statements instead of three per asset.
func (s *Store) insertWarranties(ctx context.Context, tx *sql.Tx, list []assets.Asset, warranty []assets.Date, which []int) error {
	if len(which) == 0 {
		return nil
	}
	maxID, err := lastUsedID(ctx, tx, "contracts", "contract")
	if err != nil {
		return err
	}
	at := stamp(s.Now())
	id := func(n int) int64 { return maxID + int64(n) + 1 }
	insert := func() error {
		return s.insertRows(ctx, `INSERT INTO contracts(id,kind,provider,level,start_date,end_date,created,updated,gid) VALUES `, 9, len(which),
			func(n int, args []any) []any {
				a, end := &list[which[n]], warranty[which[n]]
				provider, start := warrantyTerms(a, end)
				return append(args, id(n), "warranty", provider, "warranty", start.String(), end.String(), at, at, assets.NewGID())
			})
	}
	if worthRebuilding(len(which), maxID) {
		// Warranty contracts carry no reference: the partial reference
		// index gains nothing, so it stays instead of being read again.
		err = rebuildingIndexes(ctx, tx, "contracts", map[string]bool{"contracts_reference": true}, insert)
	} else {
		err = insert()
	}
	if err != nil {
		return err
	}
	err = s.insertRows(ctx, `INSERT INTO contract_assets(contract_id,asset_id) VALUES `, 2, len(which),
		func(n int, args []any) []any { return append(args, id(n), list[which[n]].ID) })
	if err != nil {
		return err
	}
	return s.insertRows(ctx, `INSERT INTO history(at,actor,entity,entity_id,action,new_value,gid) VALUES `, 7, len(which),
		func(n int, args []any) []any {
			a, end := &list[which[n]], warranty[which[n]]
			return append(args, at, s.Actor, "contract", id(n), "create", "warranty for "+a.Tag+" until "+end.String(), assets.NewGID())
		})
}

// EachAsset calls fn for every asset in tag order, streaming.
func (s *Store) EachAsset(ctx context.Context, fn func(assets.Asset) error) error {
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
func (s *Store) PeopleEmails(ctx context.Context) (map[string]int64, error) {
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
func (s *Store) PeopleByID(ctx context.Context) (map[int64]string, error) {
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
