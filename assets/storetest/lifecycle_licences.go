package storetest

import (
	"fmt"
	"testing"

	"steward/assets"
)

// licenceNames lists the products of licence rows, in order.
func licenceNames(list []assets.LicenceStatus) []string {
	var out []string
	for _, l := range list {
		out = append(out, l.Product)
	}
	return out
}

func seatLines(list []assets.SeatAssignment) []string {
	var out []string
	for _, a := range list {
		out = append(out, fmt.Sprintf("%s person=%v asset=%v on %s %q", a.Label, a.PersonID != 0, a.AssetID != 0, a.Assigned, a.Note))
	}
	return out
}

func installLines(list []assets.InstalledSoftware) []string {
	var out []string
	for _, x := range list {
		out = append(out, fmt.Sprintf("%s %s %s (%s)", x.AssetTag, x.Name, x.Version, x.Publisher))
	}
	return out
}

var licenceCases = []Case[LicenceStore]{
	{"CreateReadRoundTrip", func(t *testing.T, s LicenceStore) {
		l := assets.Licence{Product: "  Office 365 ", Vendor: "Microsoft", Edition: "E3", Key: "AAAA-BBBB", Type: assets.LicenceSubscription,
			Seats: 25, Cost: assets.Money{Minor: 123456, Currency: "eur"}, Purchase: date("2025-01-15"), Renewal: date("2026-01-15"),
			Expiry: date("2027-01-14"), Supplier: "Reseller Ltd", ContractRef: "PO-77", Notes: "line one\nline two", NoRenew: true, TermMonths: 12,
			Covers: []assets.SoftwarePattern{{Name: "Microsoft Office*", Publisher: "Microsoft*"}, {Name: " "}, {Name: "Teams"}}}
		must(t, s.CreateLicence(ctx, &l))
		if l.ID == 0 || l.Created.IsZero() || !l.Created.Equal(l.Updated) {
			t.Fatalf("created licence: ID %d, created %v, updated %v", l.ID, l.Created, l.Updated)
		}
		got, err := s.Licence(ctx, l.ID)
		must(t, err)
		if !got.Created.Equal(l.Created) || !got.Updated.Equal(l.Updated) {
			t.Fatalf("stamps read back %v %v, want %v %v", got.Created, got.Updated, l.Created, l.Updated)
		}
		got.Created, got.Updated = l.Created, l.Updated
		wantEqual(t, "licence read back", got, l)
		if l.Product != "Office 365" || l.Cost.Currency != "EUR" || len(l.Covers) != 2 {
			t.Fatalf("not normalised: %+v", l)
		}
		wantLines(t, "history", historyLines(t, s, "licence", l.ID), []string{"create Office 365 E3 (Microsoft) by tester"})

		site := assets.Licence{Product: "Antivirus", Type: assets.LicenceSite}
		must(t, s.CreateLicence(ctx, &site))
		if site.ID <= l.ID {
			t.Fatalf("second licence ID %d after %d", site.ID, l.ID)
		}
		got, err = s.Licence(ctx, site.ID)
		must(t, err)
		if got.Covers != nil || got.Seats != 0 || got.Type != assets.LicenceSite || got.NoRenew {
			t.Fatalf("site licence read back %+v", got)
		}
	}},
	{"Errors", func(t *testing.T, s LicenceStore) {
		_, err := s.Licence(ctx, 4242)
		wantKind(t, "missing licence", err, assets.KindNotFound)
		wantKind(t, "no product", s.CreateLicence(ctx, &assets.Licence{Seats: 1}), assets.KindInvalid)
		wantKind(t, "no seats", s.CreateLicence(ctx, &assets.Licence{Product: "X"}), assets.KindInvalid)
		wantKind(t, "bad type", s.CreateLicence(ctx, &assets.Licence{Product: "X", Seats: 1, Type: "rented"}), assets.KindInvalid)
		wantKind(t, "update missing", s.UpdateLicence(ctx, &assets.Licence{ID: 4242, Product: "X", Seats: 1}), assets.KindNotFound)
		wantKind(t, "delete missing", s.DeleteLicence(ctx, 4242), assets.KindNotFound)
		_, err = s.LicenceCompliance(ctx, 4242, date("2026-03-01"), 30)
		wantKind(t, "compliance of missing", err, assets.KindNotFound)
		list, err := s.ListLicences(ctx, assets.LicenceQuery{})
		must(t, err)
		if len(list) != 0 {
			t.Fatalf("an empty register lists %d licences", len(list))
		}
		a := addAsset(t, s, "LC-1", "Laptop")
		wantKind(t, "seat of missing licence", s.AssignSeat(ctx, &assets.SeatAssignment{LicenceID: 4242, AssetID: a.ID}), assets.KindNotFound)
		wantKind(t, "unassign missing", s.UnassignSeat(ctx, 4242), assets.KindNotFound)
		got, err := s.Assignments(ctx, 4242)
		must(t, err)
		if len(got) != 0 {
			t.Fatalf("seats of a missing licence: %v", got)
		}
		inst, err := s.Installations(ctx, 4242)
		wantKind(t, "installations of missing", err, assets.KindNotFound)
		if len(inst) != 0 {
			t.Fatalf("installations of a missing licence: %v", inst)
		}
	}},
	{"UpdateHistoryDelete", func(t *testing.T, s LicenceStore) {
		l := assets.Licence{Product: "Photoshop", Vendor: "Adobe", Seats: 2, Cost: assets.Money{Minor: 1000, Currency: "USD"}}
		must(t, s.CreateLicence(ctx, &l))
		created := l.Created
		same := l
		must(t, s.UpdateLicence(ctx, &same))
		wantLines(t, "history after a save without changes", historyLines(t, s, "licence", l.ID), []string{"create Photoshop (Adobe) by tester"})

		l.Product, l.Seats, l.Key, l.Type = "Photoshop CC", 5, "KEY-1", assets.LicenceSubscription
		l.Cost, l.Renewal, l.NoRenew, l.TermMonths = assets.Money{Minor: 2000, Currency: "USD"}, date("2026-06-30"), true, 12
		l.Covers = []assets.SoftwarePattern{{Name: "Adobe Photoshop*"}, {Name: "Bridge", Publisher: "Adobe"}}
		must(t, s.UpdateLicence(ctx, &l))
		if !l.Created.Equal(created) || !l.Updated.After(created) {
			t.Fatalf("after update: created %v (was %v), updated %v", l.Created, created, l.Updated)
		}
		got, err := s.Licence(ctx, l.ID)
		must(t, err)
		wantEqual(t, "covers", got.Covers, l.Covers)
		if got.Key != "KEY-1" || got.Seats != 5 || !got.Updated.Equal(l.Updated) {
			t.Fatalf("read back %+v", got)
		}
		l.Key = "KEY-2"
		must(t, s.UpdateLicence(ctx, &l))
		l.Key, l.Covers = "", nil
		must(t, s.UpdateLicence(ctx, &l))
		wantLines(t, "history", historyLines(t, s, "licence", l.ID), []string{
			"update covers: Adobe Photoshop*; Bridge (Adobe) -> by tester",
			"update key: (set) -> by tester",
			"update key: (old key) -> (new key) by tester",
			"update covers:  -> Adobe Photoshop*; Bridge (Adobe) by tester",
			"update term_months: 0 -> 12 by tester",
			"update renews: yes -> no by tester",
			"update renewal_date:  -> 2026-06-30 by tester",
			"update cost: USD 10.00 -> USD 20.00 by tester",
			"update seats: 2 -> 5 by tester",
			"update type: Per seat -> Subscription by tester",
			"update key:  -> (set) by tester",
			"update product: Photoshop -> Photoshop CC by tester",
			"create Photoshop (Adobe) by tester",
		})
		must(t, s.DeleteLicence(ctx, l.ID))
		_, err = s.Licence(ctx, l.ID)
		wantKind(t, "deleted licence", err, assets.KindNotFound)
		lines := historyLines(t, s, "licence", l.ID)
		wantEqual(t, "last history row", lines[0], "delete Photoshop CC (Adobe) by tester")
		wantKind(t, "update deleted", s.UpdateLicence(ctx, &l), assets.KindNotFound)
		l2 := assets.Licence{Product: "Other", Seats: 1}
		must(t, s.CreateLicence(ctx, &l2))
		if l2.ID == l.ID {
			t.Fatalf("a new licence took the deleted one's ID %d", l.ID)
		}
	}},
	{"ListOrderAndFilters", func(t *testing.T, s LicenceStore) {
		for _, l := range []assets.Licence{
			{Product: "beta", Vendor: "Acme", Seats: 1},
			{Product: "Alpha", Vendor: "acme", Seats: 1, Type: assets.LicenceSite},
			{Product: "alpha", Vendor: "Other", Edition: "Pro", Seats: 1},
			{Product: "Gamma 100%", Vendor: "Zed", Seats: 1, Supplier: "Shop_One"},
			{Product: "_under", Seats: 1},
			{Product: "Zeta", Seats: 1, Edition: "ÄLPHA"},
			{Product: "Éclair", Seats: 1},
			{Product: "delta", Seats: 1, Expiry: date("2026-03-10")},
			{Product: "epsilon", Seats: 1, Expiry: date("2026-01-10")},
		} {
			must(t, s.CreateLicence(ctx, &l))
		}
		q := func(q assets.LicenceQuery) []string {
			t.Helper()
			q.AsOf = date("2026-03-01")
			list, err := s.ListLicences(ctx, q)
			must(t, err)
			return licenceNames(list)
		}
		wantLines(t, "all, by product in any ASCII case", q(assets.LicenceQuery{}),
			[]string{"_under", "Alpha", "alpha", "beta", "delta", "epsilon", "Gamma 100%", "Zeta", "Éclair"})
		wantLines(t, "search ALP", q(assets.LicenceQuery{Search: " ALP "}), []string{"Alpha", "alpha"})
		wantLines(t, "search pro (edition)", q(assets.LicenceQuery{Search: "pro"}), []string{"alpha"})
		wantLines(t, "search %", q(assets.LicenceQuery{Search: "%"}), []string{"Gamma 100%"})
		wantLines(t, "search _", q(assets.LicenceQuery{Search: "_"}), []string{"_under", "Gamma 100%"})
		wantLines(t, "search p_o (supplier, _ literal)", q(assets.LicenceQuery{Search: "p_o"}), []string{"Gamma 100%"})
		wantLines(t, "search shop (supplier)", q(assets.LicenceQuery{Search: "SHOP"}), []string{"Gamma 100%"})
		wantLines(t, "search äl (not ASCII: exact case)", q(assets.LicenceQuery{Search: "äl"}), nil)
		wantLines(t, "search ÄL", q(assets.LicenceQuery{Search: "ÄL"}), []string{"Zeta"})
		wantLines(t, "vendor ACME", q(assets.LicenceQuery{Vendor: "ACME"}), []string{"Alpha", "beta"})
		wantLines(t, "vendor cme", q(assets.LicenceQuery{Vendor: "cme"}), nil)
		wantLines(t, "type site", q(assets.LicenceQuery{Type: assets.LicenceSite}), []string{"Alpha"})
		wantLines(t, "expiring", q(assets.LicenceQuery{Filter: assets.LicenceFilterExpiring}), []string{"delta"})
		wantLines(t, "expired", q(assets.LicenceQuery{Filter: assets.LicenceFilterExpired}), []string{"epsilon"})
		wantLines(t, "expired in use (epsilon is not)", q(assets.LicenceQuery{Filter: assets.LicenceFilterExpiredInUse}), nil)
		wantLines(t, "expiring in 5 days", q(assets.LicenceQuery{Filter: assets.LicenceFilterExpiring, WarnDays: 5}), nil)
		wantLines(t, "unused", q(assets.LicenceQuery{Filter: assets.LicenceFilterUnused}),
			[]string{"_under", "alpha", "beta", "delta", "epsilon", "Gamma 100%", "Zeta", "Éclair"})
		wantLines(t, "shortfall", q(assets.LicenceQuery{Filter: assets.LicenceFilterShortfall}), nil)
	}},
	{"SeatsAndCompliance", func(t *testing.T, s LicenceStore) {
		l := assets.Licence{Product: "CAD", Seats: 2, Expiry: date("2026-03-20")}
		must(t, s.CreateLicence(ctx, &l))
		other := assets.Licence{Product: "Viewer", Seats: 1}
		must(t, s.CreateLicence(ctx, &other))
		zoe := addPerson(t, s, "zoe Zed", "zoe@example.com")
		adam := addPerson(t, s, "Adam Ant", "adam@example.com")
		a1 := addAsset(t, s, "ST-9", "Workstation")
		a2 := addAsset(t, s, "st-10", "Plotter PC")

		for _, a := range []assets.SeatAssignment{
			{LicenceID: l.ID, AssetID: a1.ID, Note: "on site"},
			{LicenceID: l.ID, PersonID: zoe.ID, Assigned: date("2026-01-05")},
			{LicenceID: l.ID, PersonID: adam.ID},
			{LicenceID: l.ID, AssetID: a2.ID},
			{LicenceID: other.ID, AssetID: a1.ID},
		} {
			must(t, s.AssignSeat(ctx, &a))
			if a.ID == 0 || a.Label == "" {
				t.Fatalf("assigned seat has ID %d label %q", a.ID, a.Label)
			}
		}
		seats, err := s.Assignments(ctx, l.ID)
		must(t, err)
		wantLines(t, "seats: people first, then by label in any case", seatLines(seats), []string{
			`Adam Ant <adam@example.com> person=true asset=false on 2026-03-01 ""`,
			`zoe Zed <zoe@example.com> person=true asset=false on 2026-01-05 ""`,
			`st-10 Plotter PC person=false asset=true on 2026-03-01 ""`,
			`ST-9 Workstation person=false asset=true on 2026-03-01 "on site"`,
		})
		wantKind(t, "second seat for the same person", s.AssignSeat(ctx, &assets.SeatAssignment{LicenceID: l.ID, PersonID: zoe.ID}), assets.KindConflict)
		wantKind(t, "second seat for the same asset", s.AssignSeat(ctx, &assets.SeatAssignment{LicenceID: l.ID, AssetID: a1.ID}), assets.KindConflict)
		wantKind(t, "seat to nobody", s.AssignSeat(ctx, &assets.SeatAssignment{LicenceID: l.ID}), assets.KindInvalid)
		wantKind(t, "seat to both", s.AssignSeat(ctx, &assets.SeatAssignment{LicenceID: l.ID, AssetID: a1.ID, PersonID: zoe.ID}), assets.KindInvalid)
		wantKind(t, "seat to a missing person", s.AssignSeat(ctx, &assets.SeatAssignment{LicenceID: l.ID, PersonID: 4242}), assets.KindNotFound)
		wantKind(t, "seat to a missing asset", s.AssignSeat(ctx, &assets.SeatAssignment{LicenceID: l.ID, AssetID: 4242}), assets.KindNotFound)

		c, err := s.LicenceCompliance(ctx, l.ID, date("2026-03-01"), 30)
		must(t, err)
		if c.Bought != 2 || c.Assigned != 4 || c.InUse != 4 || c.Shortfall != 2 || c.Term != assets.TermExpiring || c.DaysLeft != 19 {
			t.Fatalf("compliance %+v", c)
		}
		list, err := s.ListLicences(ctx, assets.LicenceQuery{AsOf: date("2026-03-01"), Filter: assets.LicenceFilterShortfall})
		must(t, err)
		if len(list) != 1 || list[0].ID != l.ID {
			t.Fatalf("shortfall lists %v", licenceNames(list))
		}
		wantEqual(t, "listed compliance", list[0].Compliance, c)

		targets, err := s.SeatTargets(ctx)
		must(t, err)
		wantEqual(t, "seat targets", targets, map[int64][]string{
			l.ID:     {"adam@example.com", "zoe@example.com", "st-10", "ST-9"},
			other.ID: {"ST-9"},
		})

		must(t, s.UnassignSeat(ctx, seats[1].ID))
		wantKind(t, "unassign twice", s.UnassignSeat(ctx, seats[1].ID), assets.KindNotFound)
		wantLines(t, "history", historyLines(t, s, "licence", l.ID), []string{
			"unassign seat: zoe Zed <zoe@example.com> -> by tester",
			"assign seat:  -> st-10 Plotter PC by tester",
			"assign seat:  -> Adam Ant <adam@example.com> by tester",
			"assign seat:  -> zoe Zed <zoe@example.com> by tester",
			"assign seat:  -> ST-9 Workstation by tester",
			"create CAD by tester",
		})
		must(t, s.DeleteLicence(ctx, other.ID))
		targets, err = s.SeatTargets(ctx)
		must(t, err)
		if _, ok := targets[other.ID]; ok || len(targets[l.ID]) != 3 {
			t.Fatalf("seat targets after a delete and an unassign: %v", targets)
		}
	}},
	{"InstalledSoftware", func(t *testing.T, s LicenceStore) {
		a1 := addAsset(t, s, "PC-2", "Second")
		a2 := addAsset(t, s, "pc-1", "First")
		a3 := addAsset(t, s, "PC-3", "Third")
		must(t, s.SetInstalledSoftware(ctx, a1.ID, []assets.InstalledSoftware{
			{Name: "Microsoft Office Professional", Version: "16.0", Publisher: "Microsoft Corporation"},
			{Name: " microsoft office Proofing ", Version: " 16.1 ", Publisher: "Microsoft Corporation"},
			{Name: "", Version: "1"},
			{Name: "Firefox", Version: "120", Publisher: "Mozilla"},
		}))
		must(t, s.SetInstalledSoftwareMany(ctx, map[int64][]assets.InstalledSoftware{
			a2.ID: {{Name: "MICROSOFT OFFICE Home", Version: "15", Publisher: "Microsoft Corporation"}, {Name: "Microsoft Office Pirate", Publisher: "Nobody"}},
			a3.ID: {{Name: "Firefox", Version: "121", Publisher: "Mozilla"}},
		}))
		l := assets.Licence{Product: "Office", Seats: 1, Covers: []assets.SoftwarePattern{{Name: "Microsoft Office*", Publisher: "Microsoft*"}}}
		must(t, s.CreateLicence(ctx, &l))
		ff := assets.Licence{Product: "Firefox support", Seats: 5, Covers: []assets.SoftwarePattern{{Name: "firefox"}}}
		must(t, s.CreateLicence(ctx, &ff))
		none := assets.Licence{Product: "Nothing", Seats: 5}
		must(t, s.CreateLicence(ctx, &none))

		inst, err := s.Installations(ctx, l.ID)
		must(t, err)
		wantLines(t, "office installations, by tag in any case", installLines(inst), []string{
			"pc-1 MICROSOFT OFFICE Home 15 (Microsoft Corporation)",
			"PC-2 Microsoft Office Professional 16.0 (Microsoft Corporation)",
			"PC-2 microsoft office Proofing 16.1 (Microsoft Corporation)",
		})
		for _, x := range inst {
			if x.AssetID == 0 {
				t.Fatalf("installation without an asset: %+v", x)
			}
		}
		inst, err = s.Installations(ctx, none.ID)
		must(t, err)
		if len(inst) != 0 {
			t.Fatalf("a licence covering nothing has installations %v", installLines(inst))
		}
		c, err := s.LicenceCompliance(ctx, l.ID, date("2026-03-01"), 0)
		must(t, err)
		if c.Installed != 2 || c.InUse != 2 || c.Shortfall != 1 {
			t.Fatalf("office compliance %+v", c)
		}
		list, err := s.ListLicences(ctx, assets.LicenceQuery{AsOf: date("2026-03-01")})
		must(t, err)
		got := map[string]int{}
		for _, x := range list {
			got[x.Product] = x.Compliance.Installed
		}
		wantEqual(t, "installed counts in the list", got, map[string]int{"Office": 2, "Firefox support": 2, "Nothing": 0})
		wantEqual(t, "covers in the list", list[0].Covers, ff.Covers)

		// Replacing a list drops what is gone; an empty list clears it.
		must(t, s.SetInstalledSoftware(ctx, a1.ID, []assets.InstalledSoftware{{Name: "Firefox", Version: "122", Publisher: "Mozilla"}}))
		must(t, s.SetInstalledSoftware(ctx, a3.ID, nil))
		inst, err = s.Installations(ctx, ff.ID)
		must(t, err)
		wantLines(t, "firefox after replacing", installLines(inst), []string{"PC-2 Firefox 122 (Mozilla)"})
		inst, err = s.Installations(ctx, l.ID)
		must(t, err)
		wantLines(t, "office after replacing", installLines(inst), []string{"pc-1 MICROSOFT OFFICE Home 15 (Microsoft Corporation)"})
		c, err = s.LicenceCompliance(ctx, ff.ID, date("2026-03-01"), 0)
		must(t, err)
		if c.Installed != 1 {
			t.Fatalf("firefox compliance %+v", c)
		}
	}},
	{"Import", func(t *testing.T, s LicenceStore) {
		zoe := addPerson(t, s, "Zoe", "zoe@example.com")
		a := addAsset(t, s, "IM-1", "Imported")
		items := func() []assets.LicenceImport {
			return []assets.LicenceImport{
				{Line: 2, Licence: assets.Licence{Product: "Visio", Vendor: "Microsoft", Type: assets.LicencePerSeat, Seats: 3, Key: "V-1"},
					Seats: []assets.SeatAssignment{{PersonID: zoe.ID}, {AssetID: a.ID}, {PersonID: zoe.ID}}, SetSeats: true},
				{Line: 3, Licence: assets.Licence{Product: "Project", Vendor: "Microsoft", Type: assets.LicencePerSeat, Seats: 1, Purchase: date("2025-05-01")}},
			}
		}
		st, err := s.ImportLicences(ctx, items(), true)
		must(t, err)
		wantStats(t, "dry run", st, 2, 0, 0)
		list, err := s.ListLicences(ctx, assets.LicenceQuery{})
		must(t, err)
		if len(list) != 0 {
			t.Fatalf("a dry run stored %v", licenceNames(list))
		}
		its := items()
		st, err = s.ImportLicences(ctx, its, false)
		must(t, err)
		wantStats(t, "import", st, 2, 0, 0)
		if its[0].Licence.ID == 0 {
			t.Fatalf("the import did not give the row its licence's ID")
		}
		visio := its[0].Licence.ID
		wantLines(t, "history", historyLines(t, s, "licence", visio), []string{
			"assign seat:  -> IM-1 Imported by tester",
			"assign seat:  -> Zoe <zoe@example.com> by tester",
			"import Visio (Microsoft) by tester",
		})
		st, err = s.ImportLicences(ctx, items(), false)
		must(t, err)
		wantStats(t, "the same file again", st, 0, 0, 2)

		// An empty key keeps the stored one; the fields the file lacks are kept.
		l, err := s.Licence(ctx, visio)
		must(t, err)
		l.Notes, l.Supplier = "kept", "Kept Ltd"
		must(t, s.UpdateLicence(ctx, &l))
		next := items()
		next[0].Licence.Key, next[0].Licence.Seats, next[0].Licence.Product = "", 4, "VISIO"
		next[0].Seats = []assets.SeatAssignment{{PersonID: zoe.ID}}
		next[1].Licence.Purchase = date("2025-05-02")
		st, err = s.ImportLicences(ctx, next, false)
		must(t, err)
		wantStats(t, "changed file", st, 1, 1, 0)
		l, err = s.Licence(ctx, visio)
		must(t, err)
		if l.Key != "V-1" || l.Notes != "kept" || l.Supplier != "Kept Ltd" || l.Seats != 4 || l.Product != "VISIO" {
			t.Fatalf("after the second import: %+v", l)
		}
		seats, err := s.Assignments(ctx, visio)
		must(t, err)
		wantLines(t, "seats after the second import", seatLines(seats), []string{`Zoe <zoe@example.com> person=true asset=false on 2026-03-01 ""`})
		lines := historyLines(t, s, "licence", visio)
		wantLines(t, "history of the second import", lines[:3], []string{
			fmt.Sprintf("unassign seat: person #0 asset #%d -> by tester", a.ID),
			"import seats: 3 -> 4 by tester",
			"import product: Visio -> VISIO by tester",
		})

		// Two licences the import cannot tell apart: a conflict, nothing written.
		dup := assets.Licence{Product: "Project", Vendor: "Microsoft", Seats: 1, Purchase: date("2025-05-01")}
		must(t, s.CreateLicence(ctx, &dup))
		_, err = s.ImportLicences(ctx, []assets.LicenceImport{
			{Line: 2, Licence: assets.Licence{Product: "New one", Seats: 1}},
			{Line: 3, Licence: assets.Licence{Product: "project", Vendor: "microsoft", Seats: 9, Purchase: date("2025-05-01")}},
		}, false)
		wantKind(t, "ambiguous row", err, assets.KindConflict)
		list, err = s.ListLicences(ctx, assets.LicenceQuery{Search: "New one"})
		must(t, err)
		if len(list) != 0 {
			t.Fatalf("a failed import left %v", licenceNames(list))
		}
	}},
}
