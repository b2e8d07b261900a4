package postgres

// AddMigration adds a migration after the embedded ones until restore is
// called (a test's upgrade).
func AddMigration(version int, name, sql string) (restore func()) {
	saved := extraMigrations
	extraMigrations = append(append([]migration(nil), saved...), migration{version, name, sql})
	return func() { extraMigrations = saved }
}

// MapErr is mapErr, for tests.
var MapErr = mapErr

// SearchDocument is searchDocument, for tests.
var SearchDocument = searchDocument

// BulkLoadsBegun is how many batches have taken the rebuild path so far.
func BulkLoadsBegun() int64 { return bulkLoadsBegun.Load() }
