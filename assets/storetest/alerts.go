package storetest

import (
	"context"
	"testing"

	"steward/assets"
)

// AlertStore is the part of a register that holds alerts, list flags, an asset's lifecycle and the end-of-life catalog.
type AlertStore interface {
	Alerts(ctx context.Context, opt assets.AlertOptions) ([]assets.Alert, error)
	FlagsFor(ctx context.Context, ids []int64, opt assets.AlertOptions) (map[int64]assets.AssetFlags, error)
	Lifecycle(ctx context.Context, assetID int64, opt assets.AlertOptions) (assets.AssetLifecycle, error)
	AlertOptionsAt(ctx context.Context, asOf assets.Date) (assets.AlertOptions, error)
	AlertsFrom(ctx context.Context, name string, opt assets.AlertOptions) ([]assets.Alert, error)
	EOLCatalog() (assets.EOLCatalog, error)
	SetEOLCatalog(c assets.EOLCatalog)
}

// RunAlerts holds a store to the Alerts part of the contract.
func RunAlerts(t *testing.T, open Opener[AlertStore]) {
	run(t, open, alertsCases)
}

var alertsCases = []Case[AlertStore]{}
