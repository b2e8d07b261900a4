package assets

import (
	"fmt"
	"strings"
	"testing"
)

// changesText writes a change list as "field: old -> new" lines.
func changesText(list []FieldChange) string {
	var b strings.Builder
	for _, c := range list {
		fmt.Fprintf(&b, "%s: %q -> %q\n", c.Field, c.Old, c.New)
	}
	return b.String()
}

func checkChanges(t *testing.T, name string, got []FieldChange, want string) {
	t.Helper()
	if g := changesText(got); g != want {
		t.Errorf("%s:\ngot\n%swant\n%s", name, g, want)
	}
}

func eur(minor int64) Money { return Money{Minor: minor, Currency: "EUR"} }

// Each record type's change list, as history records it: every field that
// differs, in a fixed order, with values as a person reads them, and
// nothing (nil) for an unchanged record.
func TestChangeLists(t *testing.T) {
	one := 80.0
	two := 92.5

	lo := Licence{Product: "Office", Vendor: "Microsoft", Edition: "E3", Key: "K1", Type: LicencePerSeat, Seats: 10, Cost: eur(1000),
		Purchase: d("2024-01-01"), Renewal: d("2025-01-01"), Expiry: d("2026-01-01"), Supplier: "S", ContractRef: "C-1", Notes: "n",
		TermMonths: 12, Covers: []SoftwarePattern{{Name: "Word"}}}
	ln := Licence{Product: "Office 365", Vendor: "MS", Edition: "E5", Key: "K2", Type: LicenceSubscription, Seats: 12, Cost: eur(1200),
		Purchase: d("2024-02-01"), Renewal: d("2025-02-01"), Expiry: d("2026-02-01"), Supplier: "T", ContractRef: "C-2", Notes: "m",
		NoRenew: true, TermMonths: 24, Covers: []SoftwarePattern{{Name: "Word"}, {Name: "Excel", Publisher: "Microsoft"}}}
	checkChanges(t, "licence", lo.ChangesTo(&ln), `product: "Office" -> "Office 365"
vendor: "Microsoft" -> "MS"
edition: "E3" -> "E5"
key: "(old key)" -> "(new key)"
type: "Per seat" -> "Subscription"
seats: "10" -> "12"
cost: "EUR 10.00" -> "EUR 12.00"
purchase_date: "2024-01-01" -> "2024-02-01"
renewal_date: "2025-01-01" -> "2025-02-01"
expiry_date: "2026-01-01" -> "2026-02-01"
supplier: "S" -> "T"
contract_ref: "C-1" -> "C-2"
notes: "n" -> "m"
renews: "yes" -> "no"
term_months: "12" -> "24"
covers: "Word" -> "Word; Excel (Microsoft)"
`)
	for _, k := range []struct{ old, new, want string }{
		{"", "K", `key: "" -> "(set)"` + "\n"},
		{"K", "", `key: "(set)" -> ""` + "\n"},
		{"K", "K", ""},
	} {
		a, b := lo, lo
		a.Key, b.Key = k.old, k.new
		checkChanges(t, "licence key "+k.old+"/"+k.new, a.ChangesTo(&b), k.want)
	}
	if c := lo.ChangesTo(&lo); c != nil {
		t.Errorf("unchanged licence: %v", c)
	}

	co := Contract{Kind: ContractWarranty, Provider: "Dell", Reference: "W1", Level: "NBD", Start: d("2024-01-01"), End: d("2027-01-01"),
		Cost: eur(0), Notes: "", AssetTags: []string{"ST-1", "ST-2"}}
	cn := Contract{Kind: ContractSupport, Provider: "HP", Reference: "S1", Level: "4h", Start: d("2024-06-01"), End: d("2027-06-01"),
		Cost: eur(5000), Notes: "renewed", AssetTags: []string{"ST-2"}}
	checkChanges(t, "contract", co.ChangesTo(&cn), `kind: "warranty" -> "support"
provider: "Dell" -> "HP"
reference: "W1" -> "S1"
level: "NBD" -> "4h"
start: "2024-01-01" -> "2024-06-01"
end: "2027-01-01" -> "2027-06-01"
cost: "EUR 0.00" -> "EUR 50.00"
notes: "" -> "renewed"
assets: "ST-1;ST-2" -> "ST-2"
`)
	if c := co.ChangesTo(&co); c != nil {
		t.Errorf("unchanged contract: %v", c)
	}

	to := Task{Kind: TaskUpgrade, Title: "RAM", Due: d("2026-01-01"), EveryMonths: 0, Cost: eur(100), Status: TaskPlanned,
		Note: "", Spend: SpendCapex, AssetTags: []string{"ST-1"}}
	tn := Task{Kind: TaskFirmware, Title: "BIOS", Due: d("2026-02-01"), EveryMonths: 6, Cost: eur(0), Status: TaskDone,
		Completed: d("2026-01-15"), Note: "done", Spend: SpendOpex, AssetTags: []string{"ST-1", "ST-3"}}
	checkChanges(t, "task", to.ChangesTo(&tn), `kind: "Upgrade" -> "Firmware"
title: "RAM" -> "BIOS"
due: "2026-01-01" -> "2026-02-01"
every_months: "0" -> "6"
cost: "EUR 1.00" -> "EUR 0.00"
status: "Planned" -> "Done"
completed: "" -> "2026-01-15"
note: "" -> "done"
spend: "capex" -> "opex"
assets: "ST-1" -> "ST-1;ST-3"
`)
	if c := to.ChangesTo(&to); c != nil {
		t.Errorf("unchanged task: %v", c)
	}

	po := Person{ID: 4, Name: "Ann", Email: "ann@x.org", Department: "Sales", Title: "Rep", Location: "HQ",
		StartDate: d("2020-01-01"), Status: PersonActive, ManagerID: 2}
	pn := Person{ID: 4, Name: "Ann Lee", Email: "ann.lee@x.org", Department: "Finance", Title: "Lead", Location: "Branch",
		StartDate: d("2020-02-01"), LeaveDate: d("2026-01-31"), Status: PersonLeft}
	checkChanges(t, "person", po.ChangesTo(pn), `name: "Ann" -> "Ann Lee"
email: "ann@x.org" -> "ann.lee@x.org"
department: "Sales" -> "Finance"
title: "Rep" -> "Lead"
location: "HQ" -> "Branch"
start_date: "2020-01-01" -> "2020-02-01"
leave_date: "" -> "2026-01-31"
status: "Active" -> "Left"
manager: "#2" -> ""
`)
	if c := po.ChangesTo(po); c != nil {
		t.Errorf("unchanged person: %v", c)
	}

	cso := Course{Name: "Security", Provider: "KnowBe4", Description: "a", RenewalMonths: 12,
		Mandatory: []Scope{{Kind: ScopeAll}}}
	csn := Course{Name: "Security awareness", Provider: "", Description: "b", RenewalMonths: 24,
		Mandatory: []Scope{{Kind: ScopeDepartment, Value: "Sales"}, {Kind: ScopeCategory, Value: "laptop"}}}
	checkChanges(t, "course", cso.ChangesTo(csn), `name: "Security" -> "Security awareness"
provider: "KnowBe4" -> ""
description: "a" -> "b"
renewal_months: "12" -> "24"
mandatory: "all" -> "department:Sales; category:laptop"
`)
	if c := cso.ChangesTo(cso); c != nil {
		t.Errorf("unchanged course: %v", c)
	}

	ro := TrainingRecord{CompletedOn: d("2025-01-10"), ExpiresOn: d("2026-01-10"), Score: &one, Certificate: "C1", Note: "x"}
	rn := TrainingRecord{CompletedOn: d("2025-01-12"), ExpiresOn: d("2026-01-12"), Score: &two}
	checkChanges(t, "training record", ro.ChangesTo(&rn), `completed: "2025-01-10" -> "2025-01-12"
expires: "2026-01-10" -> "2026-01-12"
score: "80" -> "92.5"
certificate: "C1" -> ""
note: "x" -> ""
`)
	if c := ro.ChangesTo(&ro); c != nil {
		t.Errorf("unchanged record: %v", c)
	}

	cato := Category{Name: "laptop", Label: "Laptop", RefreshYears: 4, ReplacementCost: eur(120000)}
	catn := Category{Name: "laptop", Label: "Laptops", RefreshYears: 5, ReplacementCost: eur(110000)}
	checkChanges(t, "category", cato.ChangesTo(catn), `label: "Laptop" -> "Laptops"
refresh_years: "4" -> "5"
replacement_cost: "EUR 1,200.00" -> "EUR 1,100.00"
`)

	bo := CategoryBudget{PriceChangeBP: 250, Depreciation: Depreciation{Method: DepreciationNone}}
	bn := CategoryBudget{PriceChangeBP: 0, Depreciation: Depreciation{Method: DepreciationStraight, Years: 4}, Spend: SpendOpex}
	checkChanges(t, "category budget", bo.ChangesTo(bn), `price_change: "2.5 %" -> "0 %"
depreciation: "not depreciated" -> "straight line over 4 years"
spend: "capex" -> "opex"
`)
	if c := bo.ChangesTo(CategoryBudget{PriceChangeBP: 250, Spend: SpendCapex}); c != nil {
		t.Errorf("an unset spend class is capex, an unset method none: %v", c)
	}

	ao := Asset{Tag: "ST-1", Name: "a"}
	an := Asset{Tag: "ST-1", Name: "b"}
	checkChanges(t, "asset", ao.ChangesTo(an), `name: "a" -> "b"
`)
}
