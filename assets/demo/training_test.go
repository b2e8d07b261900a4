package demo

import (
	"testing"
	"time"

	"steward/assets"
)

func TestGenerateTraining(t *testing.T) {
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	ds := Generate(Config{Seed: 7, Today: today})
	asOf := assets.DateOf(today)
	courses := map[string]assets.Course{}
	for _, c := range ds.Courses {
		c.Normalize()
		if err := c.Validate(); err != nil {
			t.Fatalf("course %s: %v", c.Name, err)
		}
		courses[c.Name] = c
	}
	people := map[string]assets.Person{}
	for _, p := range ds.People {
		people[p.Email] = p
	}
	latest := map[string]assets.Date{}
	for _, tr := range ds.Training {
		c, ok := courses[tr.Course]
		if _, known := people[tr.Email]; !ok || !known {
			t.Fatalf("record for unknown %s / %s", tr.Email, tr.Course)
		}
		if tr.CompletedOn.After(asOf) {
			t.Errorf("completion in the future: %+v", tr)
		}
		key := tr.Email + "/" + tr.Course
		if exp := c.ExpiryFor(tr.CompletedOn); exp.After(latest[key]) || exp.IsZero() {
			latest[key] = exp
		}
	}
	// Some mandatory training is overdue, some is in date, and one leaver
	// still has a laptop.
	held := map[string]map[string]bool{}
	leaverWithLaptop := false
	for _, a := range ds.Assets {
		if a.HolderEmail == "" {
			continue
		}
		if held[a.HolderEmail] == nil {
			held[a.HolderEmail] = map[string]bool{}
		}
		held[a.HolderEmail][a.Category] = true
		if a.Category == "laptop" && people[a.HolderEmail].Status == assets.PersonLeft {
			leaverWithLaptop = true
		}
	}
	if !leaverWithLaptop {
		t.Error("no leaver keeps a laptop")
	}
	overdue, valid := 0, 0
	for _, p := range ds.People {
		h := assets.Holder{Department: p.Department, Categories: held[p.Email], Leaver: assets.IsLeaver(p, asOf)}
		for _, c := range ds.Courses {
			req, _ := c.MandatoryFor(h)
			if !req {
				continue
			}
			exp, done := latest[p.Email+"/"+c.Name]
			st := assets.StateOf(true, map[bool]assets.Date{true: asOf}[done], exp, asOf, 30)
			if st.Flagged() {
				overdue++
			} else {
				valid++
			}
		}
	}
	if overdue == 0 || valid < 3*overdue {
		t.Errorf("want some overdue and mostly valid: %d overdue, %d valid", overdue, valid)
	}
}
