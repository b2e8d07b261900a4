package storesource

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/report"
	"steward/assets/sqlite"
)

// The training report reads the people area's compliance: three people in
// IT must take a yearly course; one is up to date, one lapsed, one never did.
func TestTrainingFromThePeopleArea(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := assets.MustDate
	ids := map[string]int64{}
	for i, n := range []string{"Zoë Åberg", "Łukasz Nowak", "Σωκράτης Π"} {
		p := assets.Person{Name: n, Email: []string{"zoe", "lukasz", "sokratis"}[i] + "@example.org", Department: "IT"}
		if err := s.CreatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
		ids[n] = p.ID
	}
	c := assets.Course{Name: "Security awareness", RenewalMonths: 12, Mandatory: []assets.Scope{{Kind: assets.ScopeAll}}}
	if err := s.SaveCourse(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordTraining(ctx, []assets.TrainingRecord{
		{PersonID: ids["Zoë Åberg"], CourseID: c.ID, CompletedOn: d("2025-09-01")},
		{PersonID: ids["Łukasz Nowak"], CourseID: c.ID, CompletedOn: d("2024-09-01")},
	}); err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ctx, New(s), report.Request{Kind: "training", AsOf: d("2026-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	row := doc.Sections[0].Rows[0]
	if row[0].Text != "IT" || row[2].Text != "3" || row[3].Text != "1" || row[5].Text != "2" {
		t.Errorf("IT row %v", row)
	}
	var names []string
	for _, r := range doc.Sections[1].Rows {
		names = append(names, r[0].Text)
	}
	if got := strings.Join(names, ","); got != "Łukasz Nowak,Σωκράτης Π" {
		t.Errorf("overdue %s", got)
	}
}
