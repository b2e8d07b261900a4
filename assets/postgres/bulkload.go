package postgres

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"steward/assets/internal/bulkrule"
)

// bulkLoad is a batch's rebuild path: on when its indexes were set aside.
type bulkLoad struct{ on bool }

// bulkLoadsBegun counts the batches that took the rebuild path (the tests
// see a dry run or a busy register go the ordinary way).
var bulkLoadsBegun atomic.Int64

// startBulkLoad sets the secondary indexes and foreign keys of assets and
// asset_search (and of history, when it is smaller than the batch) aside
// in tx when a batch of that shape into a register whose asset IDs go up
// to maxID is worth it. Where that cannot be had the batch goes the
// ordinary way: another window held the tables for over two seconds, or
// the user may not (a database user outside Steward's roles).
func startBulkLoad(ctx context.Context, tx pgx.Tx, batch bulkrule.Shape, maxID int64) (bulkLoad, error) {
	if !bulkrule.WorthRebuilding(batch.Rows, maxID) {
		return bulkLoad{}, nil
	}
	var keep []string
	for name, sparse := range batch.Sparse() {
		if sparse {
			keep = append(keep, name)
		}
	}
	sp, err := tx.Begin(ctx) // a savepoint: a refusal leaves tx usable
	if err != nil {
		return bulkLoad{}, err
	}
	if _, err := sp.Exec(ctx, "SELECT bulk_load_begin($1, $2)", batch.Rows, keep); err != nil {
		if rbErr := sp.Rollback(ctx); rbErr != nil {
			return bulkLoad{}, rbErr
		}
		var pe *pgconn.PgError
		if errors.As(err, &pe) && (pe.Code == "55P03" || pe.Code == "42501") { // lock_not_available, insufficient_privilege
			return bulkLoad{}, nil
		}
		return bulkLoad{}, err
	}
	if err := sp.Commit(ctx); err != nil {
		return bulkLoad{}, err
	}
	bulkLoadsBegun.Add(1)
	return bulkLoad{on: true}, nil
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
