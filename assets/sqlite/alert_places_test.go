package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

func TestAlertPlaces(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := assets.Asset{Tag: "ST-1", Name: "Laptop", Category: "laptop", Location: "Leeds"}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	p := assets.Person{Name: "Ann", Email: "ann@example.com", Location: "York"}
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	got, err := s.AlertPlaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pl := got.Of(assets.Ref{Entity: "asset", ID: a.ID}); pl != (assets.Place{Category: "laptop", Location: "Leeds"}) {
		t.Errorf("asset place %+v", pl)
	}
	if pl := got.Of(assets.Ref{Entity: "person", ID: p.ID}); pl.Location != "York" {
		t.Errorf("person place %+v", pl)
	}
}
