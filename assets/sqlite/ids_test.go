package sqlite_test

import (
	"context"
	"testing"

	"steward/assets"
)

// A record created after the newest one was deleted must get a new ID:
// SQLite alone reuses it, and the new record would show the deleted one's
// history as its own.
func TestNewRecordsNeverReuseADeletedID(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	list := seed(t, s, 1)
	kinds := []struct {
		entity string
		create func() (int64, error)
		remove func(int64) error
	}{
		{"contract", func() (int64, error) {
			c := assets.Contract{Kind: assets.ContractSupport, Provider: "Acme", End: assets.MustDate("2027-01-01")}
			err := s.CreateContract(ctx, &c)
			return c.ID, err
		}, func(id int64) error { return s.DeleteContract(ctx, id) }},
		{"licence", func() (int64, error) {
			l := assets.Licence{Product: "Office", Vendor: "Microsoft", Type: assets.LicencePerSeat, Seats: 2}
			err := s.CreateLicence(ctx, &l)
			return l.ID, err
		}, func(id int64) error { return s.DeleteLicence(ctx, id) }},
		{"task", func() (int64, error) {
			tk := assets.Task{Kind: assets.TaskMaintenance, Title: "Clean fans", Due: assets.MustDate("2026-05-01"), AssetIDs: []int64{list[0].ID}}
			err := s.CreateTask(ctx, &tk)
			return tk.ID, err
		}, func(id int64) error { return s.DeleteTask(ctx, id) }},
		{"course", func() (int64, error) {
			c := assets.Course{Name: "Fire safety", RenewalMonths: 12}
			err := s.SaveCourse(ctx, &c)
			return c.ID, err
		}, func(id int64) error { return s.DeleteCourse(ctx, id) }},
		{"person", func() (int64, error) {
			p := assets.Person{Name: "Ada Lovelace", Email: "ada@example.org"}
			err := s.CreatePerson(ctx, &p)
			return p.ID, err
		}, func(id int64) error { return s.DeletePerson(ctx, id) }},
	}
	for _, k := range kinds {
		first, err := k.create()
		if err != nil {
			t.Fatalf("%s: %v", k.entity, err)
		}
		if err := k.remove(first); err != nil {
			t.Fatalf("%s: delete: %v", k.entity, err)
		}
		second, err := k.create()
		if err != nil {
			t.Fatalf("%s: %v", k.entity, err)
		}
		if second == first {
			t.Errorf("%s: the new record got deleted %s %d's ID", k.entity, k.entity, first)
		}
		h, err := s.History(ctx, k.entity, second)
		if err != nil || len(h) != 1 || h[0].Action != "create" {
			t.Errorf("%s %d: history %+v (%v), want its own creation only", k.entity, second, h, err)
		}
	}
}
