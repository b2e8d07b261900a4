package main

import (
	"context"
	"fmt"

	"steward/assets"
	"steward/assets/demo"
)

// loadDemoLifecycle saves the sample office's licences (with seats),
// contracts, tasks and installed software, each kind in one transaction.
// saved holds the office's assets as stored (with IDs), in generation
// order; people maps e-mails to IDs.
func loadDemoLifecycle(ctx context.Context, store registerStore, lc demo.Lifecycle, saved []assets.Asset, people map[string]int64) error {
	sw := map[int64][]assets.InstalledSoftware{}
	for i, list := range lc.Software {
		sw[saved[i].ID] = list
	}
	if err := store.SetInstalledSoftwareMany(ctx, sw); err != nil {
		return fmt.Errorf("installed software: %w", err)
	}
	var lics []assets.LicenceImport
	for _, l := range lc.Licences {
		it := assets.LicenceImport{Licence: l.Licence, SetSeats: true}
		for _, e := range l.People {
			it.Seats = append(it.Seats, assets.SeatAssignment{PersonID: people[e]})
		}
		for _, i := range l.Assets {
			it.Seats = append(it.Seats, assets.SeatAssignment{AssetID: saved[i].ID})
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
			ci.Contract.AssetIDs = append(ci.Contract.AssetIDs, saved[i].ID)
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
			ti.Task.AssetIDs = append(ti.Task.AssetIDs, saved[i].ID)
		}
		ti.Task.Normalize()
		tasks = append(tasks, ti)
	}
	if _, err := store.ImportTasks(ctx, tasks, false); err != nil {
		return fmt.Errorf("tasks: %w", err)
	}
	return nil
}
