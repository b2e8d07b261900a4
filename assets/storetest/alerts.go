package storetest

import (
	"context"
	"testing"

	"steward/assets"
)

// AlertStore is the part of a register that holds alerts, list flags, an
// asset's lifecycle, the end-of-life catalog and the dashboard's overview.
// The cases build their register with alertsFixture's methods (the same
// methods as the other groups').
type AlertStore interface {
	alertsFixture
	Alerts(ctx context.Context, opt assets.AlertOptions) ([]assets.Alert, error)
	FlagsFor(ctx context.Context, ids []int64, opt assets.AlertOptions) (map[int64]assets.AssetFlags, error)
	Lifecycle(ctx context.Context, assetID int64, opt assets.AlertOptions) (assets.AssetLifecycle, error)
	AlertOptionsAt(ctx context.Context, asOf assets.Date) (assets.AlertOptions, error)
	AlertsFrom(ctx context.Context, name string, opt assets.AlertOptions) ([]assets.Alert, error)
	EOLCatalog() (assets.EOLCatalog, error)
	SetEOLCatalog(c assets.EOLCatalog)
	// Overview is the dashboard: counts and every alert, the list kept
	// while the register is unchanged; ForgetAlerts drops the kept list.
	Overview(ctx context.Context, asOf assets.Date) (assets.Overview, error)
	ForgetAlerts()
	// AlertPlaces is where each asset and person is, for filtering the
	// alert list by category or location.
	AlertPlaces(ctx context.Context) (*assets.AlertPlaces, error)
}

// alertsFixture is what the alert cases need of the rest of the register
// to build a varied register through the stores' own methods.
type alertsFixture interface {
	CreateAsset(ctx context.Context, a *assets.Asset) error
	UpdateAsset(ctx context.Context, a *assets.Asset) error
	CreatePerson(ctx context.Context, p *assets.Person) error
	UpdatePerson(ctx context.Context, p *assets.Person) error
	CreateContract(ctx context.Context, c *assets.Contract) error
	CreateLicence(ctx context.Context, l *assets.Licence) error
	AssignSeat(ctx context.Context, a *assets.SeatAssignment) error
	CreateTask(ctx context.Context, t *assets.Task) error
	SaveCourse(ctx context.Context, c *assets.Course) error
	RecordTraining(ctx context.Context, list []assets.TrainingRecord) (assets.ImportStats, error)
	CheckOutAsset(ctx context.Context, c assets.CheckOut) (assets.Handover, error)
	SetAuditInterval(ctx context.Context, category string, months int) error
	SetSetting(ctx context.Context, key, value string) error
}

// RunAlerts holds a store to the Alerts part of the contract.
func RunAlerts(t *testing.T, open Opener[AlertStore]) {
	run(t, open, alertsCases)
}

var alertsCases = []Case[AlertStore]{
	{"Golden", alertsGolden},
	{"WarnDays", alertsWarnDays},
	{"Families", alertsFamilies},
	{"Flags", alertsFlags},
	{"Lifecycle", alertsLifecycle},
	{"Catalog", alertsCatalog},
	{"Overview", alertsOverview},
	{"Empty", alertsEmpty},
	{"Places", alertsPlaces},
}
