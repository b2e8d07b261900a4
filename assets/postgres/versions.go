package postgres

import (
	"strconv"

	"github.com/jackc/pgx/v5/pgconn"

	"steward/assets"
)

// No lost updates (issue 18): a save names the version it read
// (assets.CheckVersion decides, as in SQLite), and every UPDATE of an
// editable row says AND version = the one this transaction read, so a
// client that saved between the read and the write (the reads of
// licences, contracts, tasks and courses take no row lock) is not
// overwritten either. The trigger bump_version moves the version on.

// written checks the outcome of an UPDATE ... WHERE id = $ AND version = $:
// no row means the row moved on after this transaction read it at version
// read; reread loads it as it is now (theirs, its version and its changes
// to yours) for the conflict.
func written(tag pgconn.CommandTag, err error, entity string, id, read int64, yours any,
	reread func() (theirs any, version int64, changes []assets.FieldChange, err error)) error {
	if err != nil || tag.RowsAffected() > 0 {
		return err
	}
	theirs, version, changes, err := reread()
	if err != nil {
		return err
	}
	if len(changes) == 0 {
		changes = []assets.FieldChange{{Field: "version", Old: strconv.FormatInt(version, 10), New: strconv.FormatInt(read, 10)}}
	}
	return assets.CheckVersion(entity, id, read, version, theirs, yours, changes)
}
