package report

import (
	"cmp"
	"fmt"
	"strings"

	"steward/assets"
)

// ReceiptItem is one asset on a hand-over receipt.
type ReceiptItem struct {
	Tag       string
	Name      string
	Category  string
	Serial    string
	Condition assets.Condition
	DueBack   assets.Date // check-out only: when it should come back
	// Person is who receives it (a check-out) or brings it back (a check-in).
	Person string
	Note   string
}

// ReceiptInput is one hand-over of one or more assets.
type ReceiptInput struct {
	Org string
	// Return says the assets came back (a check-in) rather than went out.
	Return bool
	On     assets.Date
	// Staff is who handed the assets over, or took them back, for the
	// organisation.
	Staff string
	Items []ReceiptItem
}

// HandoverReceipt builds the receipt a person signs when assets are handed
// to them or back: what (tag, name, serial), in which condition, on which
// date, between whom, with lines to sign for both. The items of each
// person are listed together; several people (a check-in of assets held by
// different people) each get their table and their signature line.
func HandoverReceipt(in ReceiptInput) *Document {
	staff := cmp.Or(strings.TrimSpace(in.Staff), "________________")
	var people []string
	byPerson := map[string][]ReceiptItem{}
	for _, it := range in.Items {
		p := cmp.Or(it.Person, "not recorded")
		if _, ok := byPerson[p]; !ok {
			people = append(people, p)
		}
		byPerson[p] = append(byPerson[p], it)
	}
	n := len(in.Items)
	items := plural(n, "item")
	doc := &Document{Kind: "handover", Org: in.Org, AsOf: in.On}
	cols := []Column{{Title: "Tag", Width: 1.1}, {Title: "Item", Width: 2.4, Wrap: true}, {Title: "Category", Width: 1},
		{Title: "Serial", Width: 1.5}, {Title: "Condition", Width: 1.25}}
	if !in.Return {
		cols = append(cols, Column{Title: "Due back", Kind: Date, Width: 1})
	}
	cols = append(cols, Column{Title: "Note", Width: 1.8, Wrap: true})
	if in.Return {
		doc.Title = "Return receipt"
		doc.Subtitle = fmt.Sprintf("%s took back %s from %s on %s.", staff, items, strings.Join(people, ", "), in.On)
		doc.Summary = []KV{{"Date", in.On.String()}, {"Returned by", strings.Join(people, ", ")}, {"Taken back by", staff}, {"Items", fmt.Sprint(n)}}
		doc.Notes = []string{"The person returning the items and the person taking them back confirm by signing that the items listed were returned on the date above in the condition stated."}
	} else {
		doc.Title = "Hand-over receipt"
		doc.Subtitle = fmt.Sprintf("%s received %s from %s on %s.", strings.Join(people, ", "), items, staff, in.On)
		doc.Summary = []KV{{"Date", in.On.String()}, {"Received by", strings.Join(people, ", ")}, {"Handed over by", staff}, {"Items", fmt.Sprint(n)}}
		doc.Notes = []string{"By signing, the recipient confirms receiving the items listed in the condition stated, agrees to look after them, and will return them on request, on leaving, or by the date given under Due back."}
	}
	for _, p := range people {
		title := "Items received by " + p
		if in.Return {
			title = "Items returned by " + p
		}
		s := Section{Title: title, Columns: cols}
		for _, it := range byPerson[p] {
			row := []Cell{T(it.Tag), T(it.Name), T(it.Category), T(cmp.Or(it.Serial, "—")), T(cmp.Or(it.Condition.Label(), "not recorded"))}
			if !in.Return {
				due := T("—")
				if !it.DueBack.IsZero() {
					due = D(it.DueBack)
				}
				row = append(row, due)
			}
			row = append(row, T(it.Note))
			s.Rows = append(s.Rows, row)
		}
		doc.Sections = append(doc.Sections, s)
	}
	for _, p := range people {
		if in.Return {
			doc.Signatures = append(doc.Signatures, "Returned by "+p)
		} else {
			doc.Signatures = append(doc.Signatures, "Received by "+p)
		}
	}
	if in.Return {
		doc.Signatures = append(doc.Signatures, "Taken back by "+staff)
	} else {
		doc.Signatures = append(doc.Signatures, "Handed over by "+staff)
	}
	return doc
}
