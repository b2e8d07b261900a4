package postgres_test

import (
	"reflect"
	"sort"
	"testing"

	"steward/assets/postgres"
	"steward/assets/sqlite"
	"steward/assets/storetest"
)

// engineMethods are the methods both stores have that the conformance
// suite leaves out, each for a reason: they are about the engine or files
// (backups, visit bundles, the connection), not the register's contents,
// and have tests of their own in each store's package.
var engineMethods = map[string]string{
	"BackupTo":         "a file copy of the register",
	"BackupToNew":      "a file copy of the register",
	"DailyBackup":      "a file copy of the register",
	"RestoreFrom":      "a file copy of the register",
	"IntegrityCheck":   "the engine's own check",
	"Copies":           "backup files beside the register",
	"CheckinVisit":     "a visit bundle (a SQLite file)",
	"WriteVisitBundle": "a visit bundle (a SQLite file)",
	"Close":            "the connection",
	"Created":          "when the file or database was made",
	"Path":             "where the register is",
	"Who":              "the engine's user and role (the OS user on SQLite, the database role on PostgreSQL)",
}

// TestSuiteCoversEveryCommonMethod: every method the SQLite and the
// PostgreSQL store share is in the conformance suite's Store (so both are
// held to the same answers), or listed in engineMethods with its reason.
func TestSuiteCoversEveryCommonMethod(t *testing.T) {
	methods := func(typ reflect.Type) map[string]bool {
		out := map[string]bool{}
		for i := 0; i < typ.NumMethod(); i++ {
			out[typ.Method(i).Name] = true
		}
		return out
	}
	suite := methods(reflect.TypeOf((*storetest.Store)(nil)).Elem())
	pg := methods(reflect.TypeOf(&postgres.Store{}))
	var missing []string
	for m := range methods(reflect.TypeOf(&sqlite.Store{})) {
		if pg[m] && !suite[m] && engineMethods[m] == "" {
			missing = append(missing, m)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("both stores have %v, which the conformance suite does not call: add cases to assets/storetest (or a reason to engineMethods)", missing)
	}
	for m := range engineMethods {
		if suite[m] || !pg[m] {
			t.Errorf("engineMethods lists %s, which is in the suite or not on both stores", m)
		}
	}
}
