package demo

import (
	"testing"
	"time"

	"steward/assets"
)

func TestGenerateLifecycleHasSomethingToShow(t *testing.T) {
	c := Config{Assets: 400, People: 80, Seed: 3, Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	ds := Generate(c)
	lc := GenerateLifecycle(c, ds)
	today := assets.DateOf(c.Today)
	short, ending, overdue := 0, 0, 0
	for _, l := range lc.Licences {
		if err := l.Validate(); err != nil {
			t.Fatalf("%s: %v", l.Product, err)
		}
		if comp := assets.ComputeCompliance(&l.Licence, len(l.People)+len(l.Assets), 0, today, 90); comp.Shortfall > 0 {
			short++
		}
	}
	for _, ct := range lc.Contracts {
		if err := ct.Validate(); err != nil {
			t.Fatalf("%+v: %v", ct.Contract, err)
		}
		if st, _ := assets.ContractState(&ct.Contract, today, 90); st == assets.CoverageEnding {
			ending++
		}
	}
	for _, tk := range lc.Tasks {
		tk.Normalize()
		if err := tk.Validate(); err != nil {
			t.Fatalf("%+v: %v", tk.Task, err)
		}
		if st, _ := assets.TaskDueState(&tk.Task, today, 90); st == assets.DueOverdue {
			overdue++
		}
	}
	if short == 0 || ending == 0 || overdue == 0 || len(lc.Software) == 0 {
		t.Fatalf("short %d, ending %d, overdue %d, software on %d assets", short, ending, overdue, len(lc.Software))
	}
	again := GenerateLifecycle(c, Generate(c))
	if len(again.Licences) != len(lc.Licences) || again.Licences[0].Key != lc.Licences[0].Key || len(again.Tasks) != len(lc.Tasks) {
		t.Fatal("same seed, different office")
	}
}
