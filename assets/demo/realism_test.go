package demo

import (
	"strings"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/eol"
)

// realismConfigs are offices an evaluator might open: the default, a
// bigger one, and one generated on another day.
var realismConfigs = []Config{
	{Seed: 1, Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)},
	{Seed: 1, Today: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)},
	{Seed: 9, Assets: 3000, People: 400, Today: time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC)},
}

// TestNothingBoughtBeforeItExisted: every asset was bought on or after its
// model came out, by the demo's own dates and by the bundled end-of-life
// catalog's (an independent source for phones and tablets), and runs an
// operating system that had come out by the day of the sample.
func TestNothingBoughtBeforeItExisted(t *testing.T) {
	cat, err := eol.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	released := map[string]assets.Date{}
	for _, m := range models {
		released[m.manufacturer+"|"+m.name] = assets.MustDate(m.released)
	}
	checkedByCatalog := 0
	for _, c := range realismConfigs {
		ds := Generate(c)
		today := assets.DateOf(c.Today)
		for _, a := range ds.Assets {
			rel, ok := released[a.Manufacturer+"|"+a.Model]
			if !ok {
				t.Fatalf("%s: model %s %s is not in the demo's models", a.Name, a.Manufacturer, a.Model)
			}
			if a.PurchaseDate.Before(rel) {
				t.Errorf("%s bought on %s, before it came out on %s", a.Name, a.PurchaseDate, rel)
			}
			if m := cat.MatchDevice(a.Manufacturer, a.Model); m.OK() && !m.Release.Released.IsZero() {
				checkedByCatalog++
				if a.PurchaseDate.Before(m.Release.Released) {
					t.Errorf("%s bought on %s, but the catalog has %s out on %s", a.Name, a.PurchaseDate, m.Release.Name(), m.Release.Released)
				}
			}
			if !a.PurchaseDate.Before(today) {
				t.Errorf("%s bought on %s, not before the sample's day %s", a.Name, a.PurchaseDate, today)
			}
			if a.OS != "" {
				if m, _ := cat.StatusOS(a.OS, today, 0); m.OK() && m.Release.Released.After(today) {
					t.Errorf("%s runs %s, which came out on %s, after %s", a.Name, a.OS, m.Release.Released, today)
				}
			}
			if wd := a.PurchaseDate.Time().Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("%s bought on a %s (%s)", a.Name, wd, a.PurchaseDate)
			}
		}
	}
	if checkedByCatalog < 50 {
		t.Errorf("only %d assets matched a catalog device: the cross-check checks little", checkedByCatalog)
	}
}

// TestModelsNotBeforeCatalogRelease: the demo's own release dates are not
// earlier than the catalog's for the models the catalog knows.
func TestModelsNotBeforeCatalogRelease(t *testing.T) {
	cat, err := eol.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	known := 0
	for _, m := range models {
		if mt := cat.MatchDevice(m.manufacturer, m.name); mt.OK() && !mt.Release.Released.IsZero() {
			known++
			if assets.MustDate(m.released).Before(mt.Release.Released) {
				t.Errorf("%s %s: released %s here, %s in the catalog", m.manufacturer, m.name, m.released, mt.Release.Released)
			}
		}
	}
	if known < 20 {
		t.Errorf("the catalog knows only %d demo models", known)
	}
}

// TestNoHolderNameInAssetName: an asset is named for what it is, not for
// who holds it (the holder is a field of its own and changes at hand-over).
func TestNoHolderNameInAssetName(t *testing.T) {
	for _, c := range realismConfigs {
		ds := Generate(c)
		for _, a := range ds.Assets {
			for _, p := range ds.People {
				for _, part := range strings.Fields(p.Name) {
					if len([]rune(part)) > 2 && strings.Contains(a.Name, part) {
						t.Fatalf("asset %q carries the name of %s", a.Name, p.Name)
					}
				}
			}
			if strings.Contains(a.Name, " - ") {
				t.Fatalf("asset %q has a suffix", a.Name)
			}
		}
	}
}

// TestManagers: a managing director with no manager, a head for each
// department reporting to the director, everyone else reporting to their
// department's head; managers come before their reports, are employed,
// and there is no circle.
func TestManagers(t *testing.T) {
	for _, c := range realismConfigs {
		ds := Generate(c)
		pos := map[string]int{}
		byEmail := map[string]assets.Person{}
		for i, p := range ds.People {
			pos[p.Email] = i
			byEmail[p.Email] = p
		}
		directors, heads := 0, map[string]string{}
		for i, p := range ds.People {
			m, has := ds.Managers[p.Email]
			if p.Title == directorTitle {
				directors++
				if has {
					t.Errorf("the director %s has a manager %s", p.Name, m)
				}
				continue
			}
			if !has {
				t.Errorf("%s (%s, %s) has no manager", p.Name, p.Title, p.Department)
				continue
			}
			mgr, ok := byEmail[m]
			if !ok || pos[m] >= i {
				t.Errorf("%s's manager %s is unknown or comes later", p.Name, m)
				continue
			}
			if mgr.Status != assets.PersonActive {
				t.Errorf("%s's manager %s is %s", p.Name, mgr.Name, mgr.Status.Label())
			}
			if p.Title == headTitles[p.Department] {
				if heads[p.Department] != "" {
					t.Errorf("two heads of %s", p.Department)
				}
				heads[p.Department] = p.Email
				if mgr.Title != directorTitle {
					t.Errorf("head %s reports to %s, not the director", p.Name, mgr.Title)
				}
			} else if mgr.Department != p.Department || mgr.Title != headTitles[p.Department] {
				t.Errorf("%s (%s) reports to %s (%s, %s)", p.Name, p.Department, mgr.Name, mgr.Title, mgr.Department)
			}
			if cyc := assets.ManagerCycle(p.Email, func(e string) (string, bool) { m, ok := ds.Managers[e]; return m, ok }); len(cyc) > 0 {
				t.Errorf("circle of managers: %v", cyc)
			}
		}
		if directors != 1 || len(heads) != len(departments) {
			t.Errorf("%d directors and %d heads, want 1 and %d", directors, len(heads), len(departments))
		}
	}
}

// TestHoldersAndPlaces: equipment is handed round (nobody holds two
// laptops in a 60-person office), only the one leaver who kept a laptop
// holds anything, and things are where they belong.
func TestHoldersAndPlaces(t *testing.T) {
	for _, c := range realismConfigs {
		ds := Generate(c)
		today := assets.DateOf(c.Today)
		people := map[string]assets.Person{}
		for _, p := range ds.People {
			people[p.Email] = p
		}
		laptops := map[string]int{}
		leaversHolding := map[string]bool{}
		refresh := map[string]int{}
		for _, dc := range assets.DefaultCategories {
			refresh[dc.Name] = dc.RefreshYears
		}
		active, pastRefresh := 0, 0
		for _, a := range ds.Assets {
			if a.HolderEmail != "" {
				if a.Category == "laptop" {
					laptops[a.HolderEmail]++
				}
				if people[a.HolderEmail].Status == assets.PersonLeft {
					leaversHolding[a.HolderEmail] = true
				}
				if a.Location != people[a.HolderEmail].Location {
					t.Errorf("%s is at %s, its holder at %s", a.Name, a.Location, people[a.HolderEmail].Location)
				}
			}
			switch {
			case a.Status == assets.StatusDeployed && !personal[a.Category]:
				if a.Location == "Remote" || a.Location == storeRoom {
					t.Errorf("shared %s %s in use at %q", a.Category, a.Name, a.Location)
				}
				if (a.Category == "printer" || strings.Contains(a.Model, "UniFi") || strings.Contains(a.Model, "Meraki")) && a.Location == serverRoom {
					t.Errorf("%s hangs in the server room", a.Name)
				}
			case a.Status == assets.StatusRetired || a.Status == assets.StatusInStock:
				if a.Location != storeRoom {
					t.Errorf("%s %s is at %q, not the store room", a.Status.Label(), a.Name, a.Location)
				}
			}
			if (a.Supplier == "Apple Business") != (a.Manufacturer == "Apple") {
				t.Errorf("%s bought from %s", a.Name, a.Supplier)
			}
			if n := strings.ToLower(a.Notes); (strings.Contains(n, "battery swelling") || strings.Contains(n, "keyboard") || strings.Contains(n, "fan noise")) && a.Category != "laptop" ||
				strings.Contains(n, "disks") && a.Category != "laptop" && a.Category != "desktop" && a.Category != "server" ||
				strings.Contains(n, "spare for new starters") && a.Status != assets.StatusInStock {
				t.Errorf("%s (%s, %s) has the note %q", a.Name, a.Category, a.Status.Label(), a.Notes)
			}
			if a.Status.Active() {
				active++
				if y := refresh[a.Category]; y > 0 && a.PurchaseDate.AddYears(y).Before(today) {
					pastRefresh++
				}
			}
		}
		if c.People == 0 {
			for e, n := range laptops {
				if n > 1 {
					t.Errorf("%s holds %d laptops", e, n)
				}
			}
		}
		if len(leaversHolding) != 1 {
			t.Errorf("%d leavers hold equipment, want the one who kept a laptop", len(leaversHolding))
		}
		// A real office replaces most kit at its refresh date: a backlog,
		// not half the fleet.
		if pastRefresh == 0 || pastRefresh*100 > active*12 {
			t.Errorf("%d of %d active assets past their refresh date: want a small backlog", pastRefresh, active)
		}
	}
}
