package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// rebuildMin is the batch size from which new assets going into a smaller
// register take the rebuild path (bulk_load_begin, 0007_bulk_load.sql):
// their secondary indexes are built once after the COPY instead of taking
// every row, as SQLite's store does from the same size.
const rebuildMin = 5000

// worthRebuilding says whether n new assets into a register whose asset IDs
// go up to maxID take the rebuild path. Only a batch larger than what is
// stored: rebuilding reads every row, old ones too, and the tables are
// locked against other windows meanwhile, which a move-in or a first
// import can afford.
func worthRebuilding(n int, maxID int64) bool { return n >= rebuildMin && int64(n) > maxID }

// bulkLoad is a batch's rebuild path: on when its indexes were set aside.
type bulkLoad struct{ on bool }

// startBulkLoad sets the secondary indexes and foreign keys of assets and
// asset_search aside in tx when n new assets into a register whose IDs go
// up to maxID are worth it. Where that cannot be had the batch goes the
// ordinary way: another window held the tables for over two seconds, or
// the user may not (a database user outside Steward's roles).
func startBulkLoad(ctx context.Context, tx pgx.Tx, n int, maxID int64) (bulkLoad, error) {
	if !worthRebuilding(n, maxID) {
		return bulkLoad{}, nil
	}
	sp, err := tx.Begin(ctx) // a savepoint: a refusal leaves tx usable
	if err != nil {
		return bulkLoad{}, err
	}
	if _, err := sp.Exec(ctx, "SELECT bulk_load_begin()"); err != nil {
		if rbErr := sp.Rollback(ctx); rbErr != nil {
			return bulkLoad{}, rbErr
		}
		var pe *pgconn.PgError
		if errors.As(err, &pe) && (pe.Code == "55P03" || pe.Code == "42501") { // lock_not_available, insufficient_privilege
			return bulkLoad{}, nil
		}
		return bulkLoad{}, err
	}
	return bulkLoad{on: true}, sp.Commit(ctx)
}

// finish builds the indexes set aside again and checks the foreign keys:
// a batch naming a missing person or category fails here.
func (b bulkLoad) finish(ctx context.Context, tx pgx.Tx) error {
	if !b.on {
		return nil
	}
	_, err := tx.Exec(ctx, "SELECT bulk_load_end()")
	return err
}
