package main

import (
	"steward/app"
	"steward/assets/report/storesource"
	"steward/assets/sqlite"
	"steward/assets/transfer"
)

// The window, the reports, imports and exports hold the register through
// interfaces declared where they are used; main opens the SQLite store and
// hands it to them. These checks say at compile time that it fits each.
var (
	_ app.Store         = (*sqlite.Store)(nil)
	_ storesource.Store = (*sqlite.Store)(nil)
	_ transfer.Store    = (*sqlite.Store)(nil)
)
