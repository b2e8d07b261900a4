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
	var st ImportStats
	err := s.withTxDry(ctx, dry, func(tx *sql.Tx) error {
		st = ImportStats{}
		var fresh []assets.Asset
		for i := range list {
			a := list[i]
			if a.Tag == "" {
				fresh = append(fresh, a)
				continue
			}
			old, err := s.assetWhere(ctx, tx, "a.tag = ?", a.Tag)
			if assets.KindOf(err) == assets.KindNotFound {
				fresh = append(fresh, a)
				continue
			}
			if err != nil {
				return err
			}
			a.ID, a.Tag = old.ID, old.Tag
			if len(assets.Changes(old, a)) == 0 {
				st.Unchanged++
				continue
			}
			if err := s.updateAsset(ctx, tx, &a, "import"); err != nil {
				return err
			}
			st.Updated++
		}
		st.Created = len(fresh)
		return s.insertAssetsTx(ctx, tx, fresh)
	})
	return st, err
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
	rows, err := s.read.QueryContext(ctx, "SELECT id, email FROM people")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id int64
		var email string
		if err := rows.Scan(&id, &email); err != nil {
			return nil, err
		}
		out[strings.ToLower(email)] = id
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
