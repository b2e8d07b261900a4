package storetest

import (
	"fmt"
	"testing"

	"steward/assets"
)

func contractLines(list []assets.ContractRow) []string {
	var out []string
	for _, c := range list {
		out = append(out, fmt.Sprintf("%s %s..%s %s %d %v %v", c.Title(), c.Start, c.End, c.State, c.DaysLeft, c.AssetTags, len(c.AssetIDs)))
	}
	return out
}

var contractCases = []Case[ContractStore]{
	{"CreateReadUpdateDelete", func(t *testing.T, s ContractStore) {
		b := addAsset(t, s, "b-2", "Second")
		a := addAsset(t, s, "A-1", "First")
		c := assets.Contract{Kind: assets.ContractWarranty, Provider: " Dell ", Reference: "PS-1", Level: "NBD", Start: date("2025-01-01"), End: date("2027-12-31"),
			Cost: assets.Money{Minor: 5000, Currency: "gbp"}, Notes: "n", AssetIDs: []int64{b.ID, a.ID, a.ID}}
		must(t, s.CreateContract(ctx, &c))
		if c.ID == 0 || c.Provider != "Dell" || c.Cost.Currency != "GBP" || c.Created.IsZero() {
			t.Fatalf("created %+v", c)
		}
		got, err := s.Contract(ctx, c.ID)
		must(t, err)
		wantEqual(t, "assets, by tag in any case", got.AssetTags, []string{"A-1", "b-2"})
		wantEqual(t, "asset ids", got.AssetIDs, []int64{a.ID, b.ID})
		if got.Title() != "Dell PS-1 (NBD)" || got.Notes != "n" || got.Start != c.Start || got.End != c.End || !got.Created.Equal(c.Created) {
			t.Fatalf("read back %+v", got)
		}
		got.Level, got.End, got.AssetIDs = "4h", date("2028-01-31"), []int64{b.ID}
		must(t, s.UpdateContract(ctx, &got))
		wantEqual(t, "tags after update", got.AssetTags, []string{"b-2"})
		same := got
		must(t, s.UpdateContract(ctx, &same))
		wantLines(t, "history", historyLines(t, s, "contract", c.ID), []string{
			"update assets: A-1;b-2 -> b-2 by tester",
			"update end: 2027-12-31 -> 2028-01-31 by tester",
			"update level: NBD -> 4h by tester",
			"create Dell PS-1 (NBD) by tester",
		})
		got.AssetIDs = []int64{4242}
		wantKind(t, "a missing asset", s.UpdateContract(ctx, &got), assets.KindInvalid)
		wantKind(t, "no end", s.CreateContract(ctx, &assets.Contract{Provider: "X"}), assets.KindInvalid)
		wantKind(t, "no provider", s.CreateContract(ctx, &assets.Contract{End: date("2026-01-01")}), assets.KindInvalid)
		wantKind(t, "missing asset on create", s.CreateContract(ctx, &assets.Contract{Provider: "X", End: date("2026-01-01"), AssetIDs: []int64{4242}}), assets.KindInvalid)
		_, err = s.Contract(ctx, 4242)
		wantKind(t, "missing", err, assets.KindNotFound)
		wantKind(t, "update missing", s.UpdateContract(ctx, &assets.Contract{ID: 4242, Provider: "X", End: date("2026-01-01")}), assets.KindNotFound)
		wantKind(t, "delete missing", s.DeleteContract(ctx, 4242), assets.KindNotFound)
		must(t, s.DeleteContract(ctx, c.ID))
		_, err = s.Contract(ctx, c.ID)
		wantKind(t, "deleted", err, assets.KindNotFound)
		wantEqual(t, "last history row", historyLines(t, s, "contract", c.ID)[0], "delete Dell PS-1 (4h) by tester")
		list, err := s.AssetContracts(ctx, b.ID)
		must(t, err)
		if len(list) != 0 {
			t.Fatalf("a deleted contract still covers: %v", list)
		}
	}},
	{"ListStatesAndOrder", func(t *testing.T, s ContractStore) {
		a := addAsset(t, s, "x-2", "X")
		b := addAsset(t, s, "X-1", "Y")
		for _, c := range []assets.Contract{
			{Provider: "Expired co", End: date("2026-02-01"), AssetIDs: []int64{a.ID}},
			{Provider: "Ending co", Reference: "E-1", End: date("2026-03-20"), AssetIDs: []int64{a.ID, b.ID}, Kind: assets.ContractWarranty},
			{Provider: "Active co", Level: "gold", Start: date("2025-01-01"), End: date("2027-01-01"), AssetIDs: []int64{b.ID}, Kind: assets.ContractWarranty},
			{Provider: "Future co", Start: date("2026-06-01"), End: date("2027-06-01")},
			{Provider: "Same end", End: date("2026-03-20")},
			{Provider: "100% co", End: date("2026-04-20")},
		} {
			must(t, s.CreateContract(ctx, &c))
		}
		q := func(q assets.ContractQuery) []string {
			t.Helper()
			q.AsOf = date("2026-03-01")
			list, err := s.ListContracts(ctx, q)
			must(t, err)
			return contractLines(list)
		}
		wantLines(t, "all, by end", q(assets.ContractQuery{}), []string{
			"Expired co ..2026-02-01 expired -28 [x-2] 1",
			"Ending co E-1 ..2026-03-20 ending 19 [x-2 X-1] 2",
			"Same end ..2026-03-20 ending 19 [] 0",
			"100% co ..2026-04-20 ending 50 [] 0",
			"Active co (gold) 2025-01-01..2027-01-01 active 306 [X-1] 1",
			"Future co 2026-06-01..2027-06-01 none 457 [] 0",
		})
		wantLines(t, "ending", q(assets.ContractQuery{State: assets.CoverageEnding}), []string{
			"Ending co E-1 ..2026-03-20 ending 19 [x-2 X-1] 2",
			"Same end ..2026-03-20 ending 19 [] 0",
			"100% co ..2026-04-20 ending 50 [] 0",
		})
		wantLines(t, "ending within 30 days", q(assets.ContractQuery{State: assets.CoverageEnding, WarnDays: 30}), []string{
			"Ending co E-1 ..2026-03-20 ending 19 [x-2 X-1] 2",
			"Same end ..2026-03-20 ending 19 [] 0",
		})
		wantLines(t, "expired", q(assets.ContractQuery{State: assets.CoverageExpired}), []string{"Expired co ..2026-02-01 expired -28 [x-2] 1"})
		wantLines(t, "active within 30 days", q(assets.ContractQuery{State: assets.CoverageActive, WarnDays: 30}), []string{
			"100% co ..2026-04-20 active 50 [] 0",
			"Active co (gold) 2025-01-01..2027-01-01 active 306 [X-1] 1",
		})
		wantLines(t, "not started", q(assets.ContractQuery{State: assets.CoverageNone}), []string{"Future co 2026-06-01..2027-06-01 none 457 [] 0"})
		wantLines(t, "warranties", q(assets.ContractQuery{Kind: assets.ContractWarranty}), []string{
			"Ending co E-1 ..2026-03-20 ending 19 [x-2 X-1] 2",
			"Active co (gold) 2025-01-01..2027-01-01 active 306 [X-1] 1",
		})
		wantLines(t, "of asset X-1", q(assets.ContractQuery{AssetID: b.ID}), []string{
			"Ending co E-1 ..2026-03-20 ending 19 [x-2 X-1] 2",
			"Active co (gold) 2025-01-01..2027-01-01 active 306 [X-1] 1",
		})
		wantLines(t, "search GOLD (level)", q(assets.ContractQuery{Search: "GOLD"}), []string{"Active co (gold) 2025-01-01..2027-01-01 active 306 [X-1] 1"})
		wantLines(t, "search e-1 (reference)", q(assets.ContractQuery{Search: "e-1"}), []string{"Ending co E-1 ..2026-03-20 ending 19 [x-2 X-1] 2"})
		wantLines(t, "search %", q(assets.ContractQuery{Search: "%"}), []string{"100% co ..2026-04-20 ending 50 [] 0"})

		var titles []string
		list, err := s.AssetContracts(ctx, a.ID)
		must(t, err)
		for _, c := range list {
			titles = append(titles, c.Title()+" "+c.End.String())
		}
		wantLines(t, "asset contracts, latest end first", titles, []string{"Ending co E-1 2026-03-20", "Expired co 2026-02-01"})
		ends, err := s.WarrantyEnds(ctx)
		must(t, err)
		wantEqual(t, "warranty ends", ends, map[int64]assets.Date{a.ID: date("2026-03-20"), b.ID: date("2027-01-01")})
	}},
	{"Renew", func(t *testing.T, s ContractStore) {
		a := addAsset(t, s, "R-1", "Renewed")
		c := assets.Contract{Provider: "HP", Reference: "CP-9", Start: date("2025-04-01"), End: date("2026-03-31"), Cost: assets.Money{Minor: 100, Currency: "EUR"}, AssetIDs: []int64{a.ID}}
		must(t, s.CreateContract(ctx, &c))
		next, err := s.RenewContract(ctx, c.ID, nil)
		must(t, err)
		if next.ID == 0 || next.ID == c.ID || next.Start != date("2026-04-01") || next.End != date("2027-03-31") || len(next.AssetIDs) != 1 {
			t.Fatalf("renewal %+v", next)
		}
		got, err := s.Contract(ctx, next.ID)
		must(t, err)
		wantEqual(t, "renewal's assets", got.AssetTags, []string{"R-1"})
		wantLines(t, "old term's history", historyLines(t, s, "contract", c.ID), []string{
			fmt.Sprintf("renewed as #%d, 2026-04-01 to 2027-03-31 by tester", next.ID),
			"create HP CP-9 by tester",
		})
		wantLines(t, "new term's history", historyLines(t, s, "contract", next.ID), []string{"renew HP CP-9 by tester"})
		third, err := s.RenewContract(ctx, next.ID, func(n *assets.Contract) { n.Cost.Minor = 150; n.End = date("2027-12-31") })
		must(t, err)
		if third.Cost.Minor != 150 || third.End != date("2027-12-31") {
			t.Fatalf("edited renewal %+v", third)
		}
		_, err = s.RenewContract(ctx, c.ID, func(n *assets.Contract) { n.Start = date("2026-01-01"); n.End = date("2026-03-01") })
		wantKind(t, "renewal ending before the term", err, assets.KindInvalid)
		_, err = s.RenewContract(ctx, 4242, nil)
		wantKind(t, "renew missing", err, assets.KindNotFound)
	}},
	{"Import", func(t *testing.T, s ContractStore) {
		a := addAsset(t, s, "I-1", "Imported")
		items := func() []assets.ContractImport {
			return []assets.ContractImport{
				{Line: 2, Contract: assets.Contract{Kind: assets.ContractSupport, Provider: "Lenovo", Reference: "L-1", End: date("2027-01-01"), AssetIDs: []int64{a.ID}}},
				{Line: 3, Contract: assets.Contract{Kind: assets.ContractSupport, Provider: "Acme", Start: date("2026-01-01"), End: date("2026-12-31")}},
			}
		}
		st, err := s.ImportContracts(ctx, items(), true)
		must(t, err)
		wantStats(t, "dry run", st, 2, 0, 0)
		list, err := s.ListContracts(ctx, assets.ContractQuery{AsOf: date("2026-03-01")})
		must(t, err)
		if len(list) != 0 {
			t.Fatalf("a dry run stored %v", contractLines(list))
		}
		its := items()
		st, err = s.ImportContracts(ctx, its, false)
		must(t, err)
		wantStats(t, "import", st, 2, 0, 0)
		id := its[0].Contract.ID
		// Kind and notes are kept: the file has no column for them.
		c, err := s.Contract(ctx, id)
		must(t, err)
		c.Kind, c.Notes = assets.ContractWarranty, "kept"
		must(t, s.UpdateContract(ctx, &c))
		st, err = s.ImportContracts(ctx, items(), false)
		must(t, err)
		wantStats(t, "again", st, 0, 0, 2)
		next := items()
		next[0].Contract.Provider, next[0].Contract.Reference, next[0].Contract.Level = "LENOVO", "l-1", "gold"
		next[1].Contract.End = date("2027-12-31")
		st, err = s.ImportContracts(ctx, next, false)
		must(t, err)
		wantStats(t, "changed", st, 1, 1, 0)
		c, err = s.Contract(ctx, id)
		must(t, err)
		if c.Kind != assets.ContractWarranty || c.Notes != "kept" || c.Level != "gold" || c.Provider != "LENOVO" {
			t.Fatalf("after import %+v", c)
		}
		wantLines(t, "history", historyLines(t, s, "contract", id), []string{
			"import level:  -> gold by tester",
			"import reference: L-1 -> l-1 by tester",
			"import provider: Lenovo -> LENOVO by tester",
			"update notes:  -> kept by tester",
			"update kind: support -> warranty by tester",
			"import Lenovo L-1 by tester",
		})
		dup := assets.Contract{Provider: "lenovo", Reference: "L-1", End: date("2026-06-01")}
		must(t, s.CreateContract(ctx, &dup))
		_, err = s.ImportContracts(ctx, items(), false)
		wantKind(t, "ambiguous", err, assets.KindConflict)
	}},
}
