package postgres

import (
	"strconv"
	"strings"

	"steward/assets"
)

// The change lists history records when a licence, contract or task is
// edited, as assets/sqlite writes them (licenceChanges, contractChanges,
// taskChanges there). Issue 17 moves them into package assets (one method
// per record type); both stores should then call those, and these go.

type changeList []assets.FieldChange

func (l *changeList) add(field, old, new string) {
	if old != new {
		*l = append(*l, assets.FieldChange{Field: field, Old: old, New: new})
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// licenceChanges lists changed fields; the key is reported as set,
// changed or cleared, never with its value.
func licenceChanges(old, n *assets.Licence) []assets.FieldChange {
	var out changeList
	out.add("product", old.Product, n.Product)
	out.add("vendor", old.Vendor, n.Vendor)
	out.add("edition", old.Edition, n.Edition)
	switch {
	case old.Key == n.Key:
	case old.Key == "":
		out.add("key", "", "(set)")
	case n.Key == "":
		out.add("key", "(set)", "")
	default:
		out.add("key", "(old key)", "(new key)")
	}
	out.add("type", old.Type.Label(), n.Type.Label())
	out.add("seats", strconv.Itoa(old.Seats), strconv.Itoa(n.Seats))
	out.add("cost", old.Cost.String(), n.Cost.String())
	out.add("purchase_date", old.Purchase.String(), n.Purchase.String())
	out.add("renewal_date", old.Renewal.String(), n.Renewal.String())
	out.add("expiry_date", old.Expiry.String(), n.Expiry.String())
	out.add("supplier", old.Supplier, n.Supplier)
	out.add("contract_ref", old.ContractRef, n.ContractRef)
	out.add("notes", old.Notes, n.Notes)
	out.add("renews", yesNo(!old.NoRenew), yesNo(!n.NoRenew))
	out.add("term_months", strconv.Itoa(old.TermMonths), strconv.Itoa(n.TermMonths))
	out.add("covers", joined(old.Covers), joined(n.Covers))
	return out
}

func contractChanges(old, n *assets.Contract) []assets.FieldChange {
	var out changeList
	out.add("kind", string(old.Kind), string(n.Kind))
	out.add("provider", old.Provider, n.Provider)
	out.add("reference", old.Reference, n.Reference)
	out.add("level", old.Level, n.Level)
	out.add("start", old.Start.String(), n.Start.String())
	out.add("end", old.End.String(), n.End.String())
	out.add("cost", old.Cost.String(), n.Cost.String())
	out.add("notes", old.Notes, n.Notes)
	out.add("assets", strings.Join(old.AssetTags, ";"), strings.Join(n.AssetTags, ";"))
	return out
}

func taskChanges(old, n *assets.Task) []assets.FieldChange {
	var out changeList
	out.add("kind", old.Kind.Label(), n.Kind.Label())
	out.add("title", old.Title, n.Title)
	out.add("due", old.Due.String(), n.Due.String())
	out.add("every_months", strconv.Itoa(old.EveryMonths), strconv.Itoa(n.EveryMonths))
	out.add("cost", old.Cost.String(), n.Cost.String())
	out.add("status", old.Status.Label(), n.Status.Label())
	out.add("completed", old.Completed.String(), n.Completed.String())
	out.add("note", old.Note, n.Note)
	out.add("spend", string(old.Spend), string(n.Spend))
	out.add("assets", strings.Join(old.AssetTags, ";"), strings.Join(n.AssetTags, ";"))
	return out
}
