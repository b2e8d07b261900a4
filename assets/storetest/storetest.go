// Package storetest is the contract every register store meets: one
// conformance suite, run by assets/sqlite's tests today and by
// assets/postgres's, so that the same calls on the same register give the
// same answers on both engines (values, errors, history rows, sort orders
// including NULLs and case, counts, alerts byte for byte).
//
// A store under test is opened by an Opener that the engine's tests supply.
// The Opener returns a fresh, empty, migrated register whose clock starts at
// Start and ticks one second on every reading, and whose actor is "tester":
// so history rows and timestamps are the same on every engine.
//
// The suite is split by method group (assets, people, lifecycle, alerts,
// intake), each with its own interface and Run function, so an engine can
// be held to a group at a time while it is being written; Run runs them all.
package storetest

import (
	"context"
	"testing"
	"time"

	"steward/assets"
)

// Start is the first instant an opened store's clock gives (plus one second).
var Start = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// Actor is the name an opened store records in history rows.
const Actor = "tester"

// Store is the whole contract: every group's interface.
type Store interface {
	AssetStore
	PeopleStore
	LifecycleStore
	AlertStore
	IntakeStore
	VersionStore
}

// Opener opens a fresh register for one test (see the package comment).
type Opener[S any] func(t *testing.T) S

// Run runs the whole suite against the stores open gives.
func Run(t *testing.T, open Opener[Store]) {
	t.Run("Assets", func(t *testing.T) { RunAssets(t, func(t *testing.T) AssetStore { return open(t) }) })
	t.Run("People", func(t *testing.T) { RunPeople(t, func(t *testing.T) PeopleStore { return open(t) }) })
	t.Run("Lifecycle", func(t *testing.T) { RunLifecycle(t, func(t *testing.T) LifecycleStore { return open(t) }) })
	t.Run("Alerts", func(t *testing.T) { RunAlerts(t, func(t *testing.T) AlertStore { return open(t) }) })
	t.Run("Intake", func(t *testing.T) { RunIntake(t, func(t *testing.T) IntakeStore { return open(t) }) })
	t.Run("Versions", func(t *testing.T) { RunVersions(t, func(t *testing.T) VersionStore { return open(t) }) })
}

// ctx is the context every call of the suite uses.
var ctx = context.Background()

// must fails the test at once on an error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Case is one test of a group, run on a store of its own.
type Case[S any] struct {
	Name string
	Test func(t *testing.T, s S)
}

// run runs the cases in order, each on a fresh store.
func run[S any](t *testing.T, open Opener[S], cases []Case[S]) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { c.Test(t, open(t)) })
	}
}

// date is a calendar date in a test's literal.
func date(s string) assets.Date { return assets.MustDate(s) }
