package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"steward/assets"
)

func TestGenerateIsDeterministic(t *testing.T) {
	c := Config{Seed: 7, Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	a, b := Generate(c), Generate(c)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same config gave two different offices")
	}
	c.Seed = 8
	if reflect.DeepEqual(a.Assets, Generate(c).Assets) {
		t.Fatal("different seeds gave the same assets")
	}
}

func TestGenerateRealisticOffice(t *testing.T) {
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	ds := Generate(Config{Seed: 1, Today: today, Currency: "GBP"})
	if len(ds.People) != 60 || len(ds.Assets) != 300 {
		t.Fatalf("got %d people and %d assets, want 60 and 300", len(ds.People), len(ds.Assets))
	}
	emails := map[string]bool{}
	names := ""
	for i := range ds.People {
		p := ds.People[i]
		p.Normalize()
		if err := p.Validate(); err != nil {
			t.Errorf("person %d %q: %v", i, p.Name, err)
		}
		if emails[p.Email] {
			t.Errorf("e-mail %s used twice", p.Email)
		}
		emails[p.Email] = true
		names += p.Name + "|"
	}
	for _, want := range []string{"Zoë", "Łukasz", "Søren", "Yamada Tarō"} {
		if !strings.Contains(names, want) {
			t.Errorf("no person named %s", want)
		}
	}
	cats, stats := map[string]int{}, map[assets.Status]int{}
	serials := map[string]bool{}
	oldest, newest := assets.DateOf(today), assets.Date{}
	for i := range ds.Assets {
		a := ds.Assets[i]
		a.Normalize()
		if err := a.Validate(); err != nil {
			t.Errorf("asset %d %q: %v", i, a.Name, err)
		}
		if a.HolderEmail != "" && !emails[a.HolderEmail] {
			t.Errorf("asset %d held by unknown %s", i, a.HolderEmail)
		}
		if a.Cost.Currency != "GBP" || a.Cost.Minor <= 0 {
			t.Errorf("asset %d cost %v", i, a.Cost)
		}
		if serials[a.Serial] || a.Serial == "" {
			t.Errorf("asset %d serial %q empty or repeated", i, a.Serial)
		}
		serials[a.Serial] = true
		if (a.Category == "laptop" || a.Category == "printer") && (a.MAC == "" || a.HostName == "") {
			t.Errorf("network-visible asset %d (%s) has no MAC or hostname", i, a.Name)
		}
		if a.PurchaseDate.Before(oldest) {
			oldest = a.PurchaseDate
		}
		if a.PurchaseDate.After(newest) {
			newest = a.PurchaseDate
		}
		cats[a.Category]++
		stats[a.Status]++
	}
	for _, c := range assets.DefaultCategories {
		if cats[c.Name] == 0 {
			t.Errorf("no %s in the sample", c.Name)
		}
	}
	for _, s := range assets.Statuses {
		if stats[s] == 0 {
			t.Errorf("no asset with status %s", s.Label())
		}
	}
	if span := oldest.DaysUntil(newest); span < 6*365 || oldest.Before(assets.DateOf(today).AddYears(-8)) || !newest.Before(assets.DateOf(today)) {
		t.Errorf("purchase dates from %s to %s: want a spread over the last 8 years", oldest, newest)
	}
}

func TestGenerateScales(t *testing.T) {
	ds := Generate(Config{Assets: 20000, People: 500, Seed: 3})
	if len(ds.Assets) != 20000 || len(ds.People) != 500 {
		t.Fatalf("got %d assets, %d people", len(ds.Assets), len(ds.People))
	}
}

// The office lends a few things from stock: an evaluator sees due-back
// dates and the overdue-return alert without making loans first.
func TestDemoHasLoansOneComingBackAndTwoLate(t *testing.T) {
	ds := Generate(Config{Seed: 1})
	today := assets.MustDate("2026-06-01")
	if len(ds.Loans) != 3 {
		t.Fatalf("%d loans, want 3", len(ds.Loans))
	}
	late := 0
	for _, l := range ds.Loans {
		a := ds.Assets[l.Asset]
		if a.Status != assets.StatusInStock || a.HolderEmail != "" {
			t.Errorf("loan of %s (%s, held by %q): only unassigned stock is lent", a.Name, a.Status, a.HolderEmail)
		}
		if l.On.Before(a.PurchaseDate) || !l.On.Before(l.DueBack) {
			t.Errorf("loan of %s: out %s, due %s, bought %s", a.Name, l.On, l.DueBack, a.PurchaseDate)
		}
		if l.DueBack.Before(today) {
			late++
		}
	}
	if late != 2 {
		t.Errorf("%d loans late, want 2", late)
	}
}
