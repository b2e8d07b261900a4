package postgres

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"steward/assets"
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

// bulkLoadsBegun counts the batches that took the rebuild path (the tests
// see a dry run or a busy register go the ordinary way).
var bulkLoadsBegun atomic.Int64

// batchShape is what a batch of new assets holds: how many rows, and how
// many of them have a serial, a MAC and a host name (the partial indexes
// assets_serial, assets_mac and assets_hostname take only those).
type batchShape struct{ rows, serials, macs, hosts int }

// shapeOf is list's batchShape.
func shapeOf(list []assets.Asset) batchShape {
	b := batchShape{rows: len(list)}
	for i := range list {
		if list[i].Serial != "" {
			b.serials++
		}
		if list[i].MAC != "" {
			b.macs++
		}
		if list[i].HostName != "" {
			b.hosts++
		}
	}
	return b
}

// sparseIndexes names the partial indexes fewer than a tenth of the batch's
// rows enter: they stay in place, where a row outside one costs nothing,
// while a rebuild reads every row (as SQLite's sparsePartial).
func (b batchShape) sparseIndexes() []string {
	var keep []string
	for name, n := range map[string]int{"assets_serial": b.serials, "assets_mac": b.macs, "assets_hostname": b.hosts} {
		if n*10 < b.rows {
			keep = append(keep, name)
		}
	}
	return keep
}

// startBulkLoad sets the secondary indexes and foreign keys of assets and
// asset_search (and of history, when it is smaller than the batch) aside
// in tx when a batch of that shape into a register whose asset IDs go up
// to maxID is worth it. Where that cannot be had the batch goes the
// ordinary way: another window held the tables for over two seconds, or
// the user may not (a database user outside Steward's roles).
func startBulkLoad(ctx context.Context, tx pgx.Tx, batch batchShape, maxID int64) (bulkLoad, error) {
	if !worthRebuilding(batch.rows, maxID) {
		return bulkLoad{}, nil
	}
	sp, err := tx.Begin(ctx) // a savepoint: a refusal leaves tx usable
	if err != nil {
		return bulkLoad{}, err
	}
	if _, err := sp.Exec(ctx, "SELECT bulk_load_begin($1, $2)", batch.rows, batch.sparseIndexes()); err != nil {
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
