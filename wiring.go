package main

import (
	"steward/app"
	"steward/assets/postgres"
	"steward/assets/report/storesource"
	"steward/assets/sqlite"
	"steward/assets/transfer"
)

// The window, the reports, imports and exports hold the register through
// interfaces declared where they are used; main opens the SQLite or the
// PostgreSQL store and hands it to them. These checks say at compile time
// that each fits.
var (
	_ app.Store         = (*sqlite.Store)(nil)
	_ storesource.Store = (*sqlite.Store)(nil)
	_ transfer.Store    = (*sqlite.Store)(nil)
	_ registerStore     = (*sqlite.Store)(nil)

	_ app.Store         = (*postgres.Store)(nil)
	_ storesource.Store = (*postgres.Store)(nil)
	_ transfer.Store    = (*postgres.Store)(nil)
	_ registerStore     = (*postgres.Store)(nil)
)
