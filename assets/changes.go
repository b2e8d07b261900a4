package assets

import (
	"strconv"
	"strings"
)

// The change lists that history records when a record is edited: one
// method per record type, each listing the fields that differ between the
// record as stored (the receiver) and as saved, with values as a person
// reads them. The asset's is Changes (asset.go).

// changeList collects the fields that differ.
type changeList []FieldChange

func (l *changeList) add(field, old, new string) {
	if old != new {
		*l = append(*l, FieldChange{Field: field, Old: old, New: new})
	}
}

// ChangesTo is Changes(a, n).
func (a Asset) ChangesTo(n Asset) []FieldChange { return Changes(a, n) }

// ChangesTo lists the fields that differ between l and n. The key is
// reported as set, changed or cleared, never with its value, so history
// never holds the secret.
func (l *Licence) ChangesTo(n *Licence) []FieldChange {
	var out changeList
	out.add("product", l.Product, n.Product)
	out.add("vendor", l.Vendor, n.Vendor)
	out.add("edition", l.Edition, n.Edition)
	switch {
	case l.Key == n.Key:
	case l.Key == "":
		out.add("key", "", "(set)")
	case n.Key == "":
		out.add("key", "(set)", "")
	default:
		out.add("key", "(old key)", "(new key)")
	}
	out.add("type", l.Type.Label(), n.Type.Label())
	out.add("seats", strconv.Itoa(l.Seats), strconv.Itoa(n.Seats))
	out.add("cost", l.Cost.String(), n.Cost.String())
	out.add("purchase_date", l.Purchase.String(), n.Purchase.String())
	out.add("renewal_date", l.Renewal.String(), n.Renewal.String())
	out.add("expiry_date", l.Expiry.String(), n.Expiry.String())
	out.add("supplier", l.Supplier, n.Supplier)
	out.add("contract_ref", l.ContractRef, n.ContractRef)
	out.add("notes", l.Notes, n.Notes)
	out.add("renews", yesNo(!l.NoRenew), yesNo(!n.NoRenew))
	out.add("term_months", strconv.Itoa(l.TermMonths), strconv.Itoa(n.TermMonths))
	out.add("covers", FormatPatterns(l.Covers), FormatPatterns(n.Covers))
	return out
}

// FormatPatterns writes software patterns as history shows them: "a; b".
func FormatPatterns(ps []SoftwarePattern) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return strings.Join(parts, "; ")
}

// ChangesTo lists the fields that differ between c and n, the covered
// assets as their tags.
func (c *Contract) ChangesTo(n *Contract) []FieldChange {
	var out changeList
	out.add("kind", string(c.Kind), string(n.Kind))
	out.add("provider", c.Provider, n.Provider)
	out.add("reference", c.Reference, n.Reference)
	out.add("level", c.Level, n.Level)
	out.add("start", c.Start.String(), n.Start.String())
	out.add("end", c.End.String(), n.End.String())
	out.add("cost", c.Cost.String(), n.Cost.String())
	out.add("notes", c.Notes, n.Notes)
	out.add("assets", strings.Join(c.AssetTags, ";"), strings.Join(n.AssetTags, ";"))
	return out
}

// ChangesTo lists the fields that differ between t and n, the assets as
// their tags.
func (t *Task) ChangesTo(n *Task) []FieldChange {
	var out changeList
	out.add("kind", t.Kind.Label(), n.Kind.Label())
	out.add("title", t.Title, n.Title)
	out.add("due", t.Due.String(), n.Due.String())
	out.add("every_months", strconv.Itoa(t.EveryMonths), strconv.Itoa(n.EveryMonths))
	out.add("cost", t.Cost.String(), n.Cost.String())
	out.add("status", t.Status.Label(), n.Status.Label())
	out.add("completed", t.Completed.String(), n.Completed.String())
	out.add("note", t.Note, n.Note)
	out.add("spend", string(t.Spend), string(n.Spend))
	out.add("assets", strings.Join(t.AssetTags, ";"), strings.Join(n.AssetTags, ";"))
	return out
}

// ChangesTo lists the fields that differ between p and n, the manager as
// "#id".
func (p Person) ChangesTo(n Person) []FieldChange {
	var out changeList
	out.add("name", p.Name, n.Name)
	out.add("email", p.Email, n.Email)
	out.add("department", p.Department, n.Department)
	out.add("title", p.Title, n.Title)
	out.add("location", p.Location, n.Location)
	out.add("start_date", p.StartDate.String(), n.StartDate.String())
	out.add("leave_date", p.LeaveDate.String(), n.LeaveDate.String())
	out.add("status", p.Status.Label(), n.Status.Label())
	if p.ManagerID != n.ManagerID {
		out = append(out, FieldChange{Field: "manager", Old: idText(p.ManagerID), New: idText(n.ManagerID)})
	}
	return out
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return "#" + strconv.FormatInt(id, 10)
}

// ChangesTo lists the fields that differ between c and n, the mandatory
// scopes as FormatScopesPlain writes them.
func (c Course) ChangesTo(n Course) []FieldChange {
	var out changeList
	out.add("name", c.Name, n.Name)
	out.add("provider", c.Provider, n.Provider)
	out.add("description", c.Description, n.Description)
	out.add("renewal_months", strconv.Itoa(c.RenewalMonths), strconv.Itoa(n.RenewalMonths))
	out.add("mandatory", FormatScopesPlain(c.Mandatory), FormatScopesPlain(n.Mandatory))
	return out
}

// FormatScopesPlain writes scopes as "all" or "department:X; category:y".
func FormatScopesPlain(sc []Scope) string {
	parts := make([]string, len(sc))
	for i, x := range sc {
		parts[i] = x.String()
	}
	return strings.Join(parts, "; ")
}

// ChangesTo lists what a correction changes in a training record: the
// completion date ("completed"), expiry ("expires"), score, certificate
// and note, each with the value as a person reads it ("" when cleared).
func (r *TrainingRecord) ChangesTo(n *TrainingRecord) []FieldChange {
	var out changeList
	out.add("completed", r.CompletedOn.String(), n.CompletedOn.String())
	out.add("expires", r.ExpiresOn.String(), n.ExpiresOn.String())
	out.add("score", FormatScore(r.Score), FormatScore(n.Score))
	out.add("certificate", r.Certificate, n.Certificate)
	out.add("note", r.Note, n.Note)
	return out
}

// ChangesTo lists the fields of a category (its name aside) that differ
// between c and n.
func (c Category) ChangesTo(n Category) []FieldChange {
	var out changeList
	out.add("label", c.Label, n.Label)
	out.add("refresh_years", strconv.Itoa(c.RefreshYears), strconv.Itoa(n.RefreshYears))
	out.add("replacement_cost", c.ReplacementCost.String(), n.ReplacementCost.String())
	return out
}

// ChangesTo lists the fields of a category's budget policy that differ
// between b and n; an unset spend class reads as capex.
func (b CategoryBudget) ChangesTo(n CategoryBudget) []FieldChange {
	var out changeList
	out.add("price_change", FormatBP(b.PriceChangeBP), FormatBP(n.PriceChangeBP))
	out.add("depreciation", b.Depreciation.String(), n.Depreciation.String())
	out.add("spend", string(b.Spend.Or(SpendCapex)), string(n.Spend.Or(SpendCapex)))
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
