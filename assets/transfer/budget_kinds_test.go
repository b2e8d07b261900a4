package transfer_test

import (
	"context"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/transfer"
)

// Licences carry "renews" and "term_months"; a file without those columns
// keeps what is stored.
func TestLicenceRenewsColumns(t *testing.T) {
	s := openLifecycleStore(t)
	mustImport(t, s, "licences", "product,type,seats,cost,currency,expiry_date,renews,term_months\nCAD,subscription,3,900,EUR,2027-03-31,no,24\n", false)
	list, _ := s.ListLicences(context.Background(), assets.LicenceQuery{})
	if len(list) != 1 || !list[0].NoRenew || list[0].TermMonths != 24 {
		t.Fatalf("imported %+v", list)
	}
	mustImport(t, s, "licences", "product,type,seats,cost,currency,expiry_date\nCAD,subscription,4,900,EUR,2027-03-31\n", false)
	list, _ = s.ListLicences(context.Background(), assets.LicenceQuery{})
	if list[0].Seats != 4 || !list[0].NoRenew || list[0].TermMonths != 24 {
		t.Errorf("a file without the columns changed them: %+v", list[0].Licence)
	}
	if out := export(t, s, "licences", false); !strings.Contains(out, ",no,24\n") || !strings.HasPrefix(out, "product,") || !strings.Contains(strings.SplitN(out, "\n", 2)[0], ",renews,term_months") {
		t.Errorf("export:\n%s", out)
	}
	_, err := transfer.Import(context.Background(), s, "licences", "l.csv", strings.NewReader("product,seats,renews\nX,1,perhaps\n"), transfer.Options{})
	if err == nil || !strings.Contains(err.Error(), "line 2, column 3 (renews)") {
		t.Errorf("bad renews cell: %v", err)
	}
}

// Categories round-trip through export and import, all or nothing.
func TestCategoriesKind(t *testing.T) {
	s := openLifecycleStore(t)
	ctx := context.Background()
	csv := "name,label,refresh_years,replacement_cost,currency,price_change,depreciation,depreciation_years,depreciation_rate,residual,spend\n" +
		"laptop,Laptop,4,1200,EUR,3,straight line,4,,10,\n" +
		"dock,Dock,6,,,,declining balance,,25,5,opex\n"
	res := mustImport(t, s, "categories", csv, false)
	if res.Created != 1 || res.Updated != 1 {
		t.Errorf("result %+v", res)
	}
	pol, _ := s.CategoryBudgets(ctx)
	if pol["laptop"] != (assets.CategoryBudget{PriceChangeBP: 300, Depreciation: assets.Depreciation{Method: assets.DepreciationStraight, Years: 4, ResidualBP: 1000}}) ||
		pol["dock"] != (assets.CategoryBudget{Spend: assets.SpendOpex, Depreciation: assets.Depreciation{Method: assets.DepreciationDeclining, RateBP: 2500, ResidualBP: 500}}) {
		t.Errorf("policies %+v", pol)
	}
	out := export(t, s, "categories", false)
	for _, want := range []string{"laptop,Laptop,4,1200.00,EUR,3,straight_line,4,,10,,\n", "dock,Dock,6,,,,declining_balance,,25,5,opex,\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	// The export imports back unchanged.
	if res := mustImport(t, s, "categories", out, false); res.Created+res.Updated != 0 {
		t.Errorf("re-import of the export changed %+v", res)
	}
	// One bad row: nothing written, the cell named.
	_, err := transfer.Import(ctx, s, "categories", "c.csv", strings.NewReader("name,refresh_years,price_change\nlaptop,9,\nphone,2,lots\n"), transfer.Options{})
	if err == nil || !strings.Contains(err.Error(), "line 3, column 3 (price_change)") {
		t.Errorf("bad price change: %v", err)
	}
	cats, _ := s.Categories(ctx)
	for _, c := range cats {
		if c.Name == "laptop" && c.RefreshYears != 4 {
			t.Errorf("laptop changed to %d years by a refused file", c.RefreshYears)
		}
	}
}

// The audit interval travels with the categories: exported, imported back
// unchanged, left alone by a file without the column, and a bad value
// refuses the whole file at its cell.
func TestCategoriesKindAuditInterval(t *testing.T) {
	s := openLifecycleStore(t)
	ctx := context.Background()
	if err := s.SetAuditInterval(ctx, "laptop", 12); err != nil {
		t.Fatal(err)
	}
	out := export(t, s, "categories", false)
	if head := strings.SplitN(out, "\n", 2)[0]; !strings.HasSuffix(head, ",spend,audit_interval_months") {
		t.Errorf("export header %q", head)
	}
	if !strings.Contains(out, "laptop,Laptop,4,,,,none,,,,,12\n") || !strings.Contains(out, "phone,Phone,3,,,,none,,,,,\n") {
		t.Errorf("export:\n%s", out)
	}
	// Export, change the values in the store, import the export: back to the exported values.
	if err := s.SetAuditInterval(ctx, "laptop", 0); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAuditInterval(ctx, "phone", 6); err != nil {
		t.Fatal(err)
	}
	if res := mustImport(t, s, "categories", out, false); res.Updated != 2 {
		t.Errorf("re-import result %+v", res)
	}
	if got, _ := s.AuditIntervals(ctx); len(got) != 1 || got["laptop"] != 12 {
		t.Errorf("after the round trip the intervals are %v", got)
	}
	if again := export(t, s, "categories", false); again != out {
		t.Errorf("second export differs:\n%s\nfirst:\n%s", again, out)
	}
	// Without the column the stored interval stays; 0 clears it.
	mustImport(t, s, "categories", "name,refresh_years\nlaptop,5\n", false)
	if got, _ := s.AuditIntervals(ctx); got["laptop"] != 12 {
		t.Errorf("a file without the column changed the interval: %v", got)
	}
	mustImport(t, s, "categories", "name,refresh_years,audit_interval_months\nlaptop,5,0\n", false)
	if got, _ := s.AuditIntervals(ctx); len(got) != 0 {
		t.Errorf("0 did not clear the interval: %v", got)
	}
	// Bad values: nothing written, the cell named.
	for _, bad := range []string{"yearly", "121", "-1"} {
		csv := "name,refresh_years,audit_interval_months\nlaptop,9,24\nphone,2," + bad + "\n"
		_, err := transfer.Import(ctx, s, "categories", "c.csv", strings.NewReader(csv), transfer.Options{})
		if err == nil || !strings.Contains(err.Error(), "line 3, column 3 (audit_interval_months)") {
			t.Errorf("bad interval %q: %v", bad, err)
		}
		if got, _ := s.AuditIntervals(ctx); len(got) != 0 {
			t.Errorf("a refused file (%q) set intervals %v", bad, got)
		}
		cats, _ := s.Categories(ctx)
		for _, c := range cats {
			if c.Name == "laptop" && c.RefreshYears != 5 {
				t.Errorf("laptop changed to %d years by a refused file", c.RefreshYears)
			}
		}
	}
}

// A task can be capital spending; the tasks CSV carries it and a file
// without the column keeps it.
func TestTaskSpendColumn(t *testing.T) {
	s := openLifecycleStore(t)
	seedFixture(t, s)
	mustImport(t, s, "tasks", "asset,kind,due,cost,currency,spend\nLT-1,upgrade,2026-09-01,400,EUR,capex\n", false)
	list, _ := s.ListTasks(context.Background(), assets.TaskQuery{})
	if len(list) != 1 || list[0].Spend != assets.SpendCapex {
		t.Fatalf("imported %+v", list)
	}
	mustImport(t, s, "tasks", "asset,kind,due,cost,currency,note\nLT-1,upgrade,2026-09-01,450,EUR,more RAM\n", false)
	list, _ = s.ListTasks(context.Background(), assets.TaskQuery{})
	if list[0].Spend != assets.SpendCapex || list[0].Cost.Minor != 45000 {
		t.Errorf("a file without the column changed it: %+v", list[0])
	}
	if out := export(t, s, "tasks", false); !strings.Contains(out, ",more RAM,capex\n") {
		t.Errorf("export:\n%s", out)
	}
	if _, err := transfer.Import(context.Background(), s, "tasks", "t.csv", strings.NewReader("asset,kind,due,spend\nLT-1,upgrade,2026-09-01,maybe\n"), transfer.Options{}); err == nil || !strings.Contains(err.Error(), "(spend)") {
		t.Errorf("bad spend: %v", err)
	}
}

func TestModelCostsKind(t *testing.T) {
	s := openLifecycleStore(t)
	ctx := context.Background()
	res := mustImport(t, s, "model-costs", "manufacturer,model,replacement_cost,currency\nDell,XPS 13,1500,EUR\nLenovo,T14,1100.50,EUR\n", false)
	if res.Created != 2 {
		t.Errorf("result %+v", res)
	}
	m, _ := s.ModelCosts(ctx)
	if m[assets.ModelKey("DELL", "xps 13")] != (assets.Money{Minor: 150000, Currency: "EUR"}) {
		t.Errorf("model costs %+v", m)
	}
	out := export(t, s, "model-costs", false)
	if !strings.Contains(out, "Lenovo,T14,1100.50,EUR\n") {
		t.Errorf("export:\n%s", out)
	}
	if res := mustImport(t, s, "model-costs", out, false); res.Unchanged != 2 {
		t.Errorf("re-import %+v", res)
	}
	_, err := transfer.Import(ctx, s, "model-costs", "m.csv", strings.NewReader("model,replacement_cost,currency\nX1,0,EUR\nX2,12,EUR\nX2,13,EUR\n"), transfer.Options{})
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "already on line 3") {
		t.Errorf("bad rows: %v", err)
	}
	if l, _ := s.ListModelCosts(ctx); len(l) != 2 {
		t.Errorf("a refused file wrote %d models", len(l))
	}
}
