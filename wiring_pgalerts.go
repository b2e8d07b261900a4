//go:build pgalerts

package main

import (
	"steward/app"
	"steward/assets/postgres"
)

// The PostgreSQL store meets the window's Store once its alerts group
// (Alerts, FlagsFor, Lifecycle, AlertOptionsAt, Overview) is merged: then
// move this line into wiring.go and delete this file.
var _ app.Store = (*postgres.Store)(nil)
