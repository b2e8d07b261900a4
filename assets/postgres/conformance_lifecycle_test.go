package postgres_test

import (
	"context"
	"testing"

	"steward/assets"
	"steward/assets/postgres"
	"steward/assets/storetest"
)

// lifecycleStore is the PostgreSQL store with the fixtures the lifecycle
// cases need from the asset and people groups (CreateAsset, CreatePerson),
// written here with plain SQL until those groups land: a method of the
// store itself is shadowed by these, so this keeps compiling after they
// do (then drop these two methods).
type lifecycleStore struct{ *postgres.Store }

func (s lifecycleStore) CreateAsset(ctx context.Context, a *assets.Asset) error {
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	now := s.Now()
	a.Created, a.Updated = now, now
	var assigned any
	if a.AssignedTo != 0 {
		assigned = a.AssignedTo
	}
	at := now.UTC().Format("2006-01-02T15:04:05.999999999Z07:00")
	return s.Pool().QueryRow(ctx, `INSERT INTO assets(tag,name,category,manufacturer,model,serial,status,location,assigned_to,
		purchase_date,cost,currency,supplier,notes,os,eol_date,hostname,mac,created,updated)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$19) RETURNING id`,
		a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location, assigned,
		a.PurchaseDate.String(), a.Cost.Minor, a.Cost.Currency, a.Supplier, a.Notes, a.OS, a.EOLDate.String(), a.HostName, a.MAC, at).Scan(&a.ID)
}

func (s lifecycleStore) CreatePerson(ctx context.Context, p *assets.Person) error {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	now := s.Now()
	p.Created, p.Updated = now, now
	at := now.UTC().Format("2006-01-02T15:04:05.999999999Z07:00")
	return s.Pool().QueryRow(ctx, `INSERT INTO people(name,email,department,title,location,start_date,leave_date,status,created,updated)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9) RETURNING id`,
		p.Name, p.Email, p.Department, p.Title, p.Location, p.StartDate.String(), p.LeaveDate.String(), string(p.Status), at).Scan(&p.ID)
}

func openLifecycle(t *testing.T) lifecycleStore { return lifecycleStore{openConformance(t)} }

func TestConformanceLicences(t *testing.T) {
	storetest.RunLicences(t, func(t *testing.T) storetest.LicenceStore { return openLifecycle(t) })
}

func TestConformanceContracts(t *testing.T) {
	storetest.RunContracts(t, func(t *testing.T) storetest.ContractStore { return openLifecycle(t) })
}

func TestConformanceTasks(t *testing.T) {
	storetest.RunTasks(t, func(t *testing.T) storetest.TaskStore { return openLifecycle(t) })
}

func TestConformanceKeys(t *testing.T) {
	storetest.RunKeys(t, func(t *testing.T) storetest.KeyStore { return openLifecycle(t) })
}

func TestConformanceBudget(t *testing.T) {
	storetest.RunBudget(t, func(t *testing.T) storetest.BudgetStore { return openLifecycle(t) })
}

// The PostgreSQL store is held to the whole lifecycle contract.
var _ storetest.LifecycleStore = lifecycleStore{}
