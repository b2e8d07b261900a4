package move_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/demo"
	"steward/assets/sqlite"
)

// buildDemo fills the new register at path with the sample office as
// 'steward demo --assets N --people P' does (cmd_demo.go's loadDemo, which
// lives in package main): people one by one, the assets in one bulk insert
// (leaving their gids and their history rows' NULL, as every large import
// does), courses and training, then licences, contracts, tasks and
// installed software.
func buildDemo(tb testing.TB, path string, nAssets, nPeople int) {
	tb.Helper()
	ctx := context.Background()
	store, err := sqlite.Create(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer store.Close()
	cfg := demo.Config{Assets: nAssets, People: nPeople, Seed: 1, Currency: "EUR", Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	ds := demo.Generate(cfg)
	lc := demo.GenerateLifecycle(cfg, ds)
	if err := loadDemo(ctx, store, ds, lc); err != nil {
		tb.Fatal(err)
	}
}

func loadDemo(ctx context.Context, store *sqlite.Store, ds demo.Dataset, lc demo.Lifecycle) error {
	ids := map[string]int64{}
	for i := range ds.People {
		p := ds.People[i]
		if err := store.CreatePerson(ctx, &p); err != nil {
			return fmt.Errorf("person %s: %w", p.Email, err)
		}
		ids[p.Email] = p.ID
	}
	list := make([]assets.Asset, len(ds.Assets))
	for i, a := range ds.Assets {
		list[i] = a.Asset
		if a.HolderEmail != "" {
			list[i].AssignedTo = ids[a.HolderEmail]
		}
	}
	if err := store.CreateAssets(ctx, list); err != nil {
		return err
	}
	courses := map[string]int64{}
	for _, c := range ds.Courses {
		if err := store.SaveCourse(ctx, &c); err != nil {
			return fmt.Errorf("course %s: %w", c.Name, err)
		}
		courses[c.Name] = c.ID
	}
	records := make([]assets.TrainingRecord, 0, len(ds.Training))
	for _, tr := range ds.Training {
		r := tr.TrainingRecord
		r.PersonID, r.CourseID = ids[tr.Email], courses[tr.Course]
		records = append(records, r)
	}
	if _, err := store.RecordTraining(ctx, records); err != nil {
		return err
	}
	sw := map[int64][]assets.InstalledSoftware{}
	for i, l := range lc.Software {
		sw[list[i].ID] = l
	}
	if err := store.SetInstalledSoftwareMany(ctx, sw); err != nil {
		return fmt.Errorf("installed software: %w", err)
	}
	var lics []assets.LicenceImport
	for _, l := range lc.Licences {
		it := assets.LicenceImport{Licence: l.Licence, SetSeats: true}
		for _, e := range l.People {
			it.Seats = append(it.Seats, assets.SeatAssignment{PersonID: ids[e]})
		}
		for _, i := range l.Assets {
			it.Seats = append(it.Seats, assets.SeatAssignment{AssetID: list[i].ID})
		}
		it.Licence.Normalize()
		lics = append(lics, it)
	}
	if _, err := store.ImportLicences(ctx, lics, false); err != nil {
		return fmt.Errorf("licences: %w", err)
	}
	var cons []assets.ContractImport
	for _, c := range lc.Contracts {
		ci := assets.ContractImport{Contract: c.Contract}
		for _, i := range c.Assets {
			ci.Contract.AssetIDs = append(ci.Contract.AssetIDs, list[i].ID)
		}
		ci.Contract.Normalize()
		cons = append(cons, ci)
	}
	if _, err := store.ImportContracts(ctx, cons, false); err != nil {
		return fmt.Errorf("contracts: %w", err)
	}
	var tasks []assets.TaskImport
	for _, t := range lc.Tasks {
		ti := assets.TaskImport{Task: t.Task}
		for _, i := range t.Assets {
			ti.Task.AssetIDs = append(ti.Task.AssetIDs, list[i].ID)
		}
		ti.Task.Normalize()
		tasks = append(tasks, ti)
	}
	if _, err := store.ImportTasks(ctx, tasks, false); err != nil {
		return fmt.Errorf("tasks: %w", err)
	}
	return nil
}
