package assets

import (
	"fmt"
	"sort"
	"strings"
)

// BulkChange sets the same fields on many assets in one step. An empty
// field is left as each asset has it.
type BulkChange struct {
	Status   Status
	Location string
	Category string
	// SetHolder says the holder changes: to Holder when it has an ID (each
	// asset is checked in from whoever holds it and checked out to them),
	// to nobody when it has none (each held asset is checked in).
	SetHolder bool
	Holder    Person
	// On is the day of the change: the date of the hand-overs it makes.
	On Date
}

// Validate normalises c and checks it: something to change, a known status,
// a well-formed category and location, a holder who works here.
func (c *BulkChange) Validate() error {
	c.Location = strings.TrimSpace(c.Location)
	c.Category = NormalizeCategory(c.Category)
	var errs ValidationErrors
	if c.Status == "" && c.Location == "" && c.Category == "" && !c.SetHolder {
		errs = append(errs, Invalidf("change", "choose what to change: status, location, category or holder"))
	}
	if c.Status != "" {
		if st, err := ParseStatus(string(c.Status)); err != nil {
			errs = append(errs, Invalidf("status", "%v", err))
		} else {
			c.Status = st
		}
	}
	if c.Category != "" && !validCategoryName(c.Category) {
		errs = append(errs, Invalidf("category", "use letters, digits, spaces or dashes, at most 40 characters"))
	}
	if longerThan(c.Location, 200) {
		errs = append(errs, Invalidf("location", "keep it under 200 characters"))
	}
	errs = checkText(errs, false, textField{"location", c.Location})
	if c.SetHolder {
		if c.On.IsZero() {
			errs = append(errs, Invalidf("date", "give the date of the hand-over"))
		}
		if c.Holder.ID != 0 && IsLeaver(c.Holder, c.On) {
			errs = append(errs, Invalidf("holder", "%s has left: hand the assets to someone who works here", c.Holder.Name))
		}
	}
	return errs.Err()
}

// BulkOutcome is what a bulk change does to one asset.
type BulkOutcome struct {
	Before, After Asset
	// Changes are the fields that differ, as history records them; none
	// when the asset already is as asked.
	Changes []FieldChange
	// Refused says why the asset is left out ("" when it is not).
	Refused string
	// CheckIn: its holder hands it back. CheckOut: it goes to the new holder.
	CheckIn, CheckOut bool
}

// Outcome is what c does to a (a pure function: the store applies it).
func (c *BulkChange) Outcome(a Asset) BulkOutcome {
	o := BulkOutcome{Before: a}
	after := a
	if c.Category != "" {
		after.Category = c.Category
	}
	if c.Location != "" {
		after.Location = c.Location
	}
	if c.Status != "" {
		after.Status = c.Status
	}
	if c.SetHolder {
		switch {
		case c.Holder.ID == 0 && a.AssignedTo != 0:
			o.CheckIn = true
			after.AssignedTo, after.AssignedName = 0, ""
			if c.Status == "" && a.Status == StatusDeployed {
				after.Status = StatusInStock
			}
		case c.Holder.ID != 0 && a.AssignedTo != c.Holder.ID:
			if !after.Status.Active() {
				o.Refused = fmt.Sprintf("%s is %s: only assets in stock, deployed or in repair can be handed to someone", a.Tag, strings.ToLower(after.Status.Label()))
				o.After = a
				return o
			}
			o.CheckIn, o.CheckOut = a.AssignedTo != 0, true
			after.AssignedTo, after.AssignedName = c.Holder.ID, c.Holder.Name
			if c.Status == "" && after.Status == StatusInStock {
				after.Status = StatusDeployed
			}
		}
	}
	o.After = after
	o.Changes = Changes(a, after)
	return o
}

// BulkHistoryText is the one history line a bulk change writes for an
// asset ("status: In stock -> Retired; location: HQ -> Store").
func BulkHistoryText(changes []FieldChange) string {
	parts := make([]string, 0, len(changes))
	for _, ch := range changes {
		parts = append(parts, bulkFieldLabel(ch.Field)+": "+orNone(ch.Old)+" -> "+orNone(ch.New))
	}
	return strings.Join(parts, "; ")
}

func bulkFieldLabel(field string) string {
	if field == "assigned_to" {
		return "holder"
	}
	return field
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// BulkRefusal is an asset a bulk change leaves out, and why.
type BulkRefusal struct {
	AssetID int64  `json:"asset_id"`
	Tag     string `json:"tag"`
	Reason  string `json:"reason"`
}

// BulkFieldSummary is one field a bulk change sets: to what, on how many
// assets, and what those had before (most common first).
type BulkFieldSummary struct {
	Field string  `json:"field"` // "status", "location", "category", "holder"
	To    string  `json:"to"`
	N     int     `json:"n"`
	From  []Count `json:"from"` // Label: the old value as shown ("" = none), N: how many
}

// BulkSummary says what a bulk change does (before it is confirmed) or did.
type BulkSummary struct {
	Selected  int                `json:"selected"`
	Changing  int                `json:"changing"`
	Unchanged int                `json:"unchanged"` // already as asked
	Refused   []BulkRefusal      `json:"refused"`
	Fields    []BulkFieldSummary `json:"fields"`
	CheckIns  int                `json:"check_ins"`  // hand-backs from the previous holders
	CheckOuts int                `json:"check_outs"` // hand-overs to the new holder
}

// SummarizeBulk counts what the outcomes of one bulk change do, field by
// field.
func SummarizeBulk(outs []BulkOutcome) BulkSummary {
	s := BulkSummary{Selected: len(outs)}
	type tally struct {
		to   string
		n    int
		from map[string]int
	}
	fields := map[string]*tally{}
	order := []string{"status", "location", "category", "holder"}
	for _, o := range outs {
		switch {
		case o.Refused != "":
			s.Refused = append(s.Refused, BulkRefusal{AssetID: o.Before.ID, Tag: o.Before.Tag, Reason: o.Refused})
			continue
		case len(o.Changes) == 0:
			s.Unchanged++
			continue
		}
		s.Changing++
		if o.CheckIn {
			s.CheckIns++
		}
		if o.CheckOut {
			s.CheckOuts++
		}
		for _, ch := range o.Changes {
			f := bulkFieldLabel(ch.Field)
			t := fields[f]
			if t == nil {
				t = &tally{to: ch.New, from: map[string]int{}}
				fields[f] = t
			}
			t.n++
			t.from[ch.Old]++
		}
	}
	for _, f := range order {
		t := fields[f]
		if t == nil {
			continue
		}
		fs := BulkFieldSummary{Field: f, To: t.to, N: t.n}
		for old, n := range t.from {
			fs.From = append(fs.From, Count{Key: old, Label: old, N: n})
		}
		sort.Slice(fs.From, func(i, j int) bool {
			if fs.From[i].N != fs.From[j].N {
				return fs.From[i].N > fs.From[j].N
			}
			return fs.From[i].Label < fs.From[j].Label
		})
		s.Fields = append(s.Fields, fs)
	}
	return s
}

// Lines is the summary in words, one line per point, for the confirmation
// before a bulk change and the command line.
func (s BulkSummary) Lines() []string {
	var out []string
	head := fmt.Sprintf("%d %s selected: %d %s", s.Selected, Plural(s.Selected, "asset", "assets"), s.Changing, Plural(s.Changing, "changes", "change"))
	if s.Unchanged > 0 {
		head += fmt.Sprintf(", %d already %s as asked", s.Unchanged, Plural(s.Unchanged, "is", "are"))
	}
	if n := len(s.Refused); n > 0 {
		head += fmt.Sprintf(", %d cannot be changed", n)
	}
	out = append(out, head+".")
	for _, f := range s.Fields {
		line := fmt.Sprintf("%s to %s: %d %s", capitalize(f.Field), orNone(f.To), f.N, Plural(f.N, "asset", "assets"))
		if f.Field == "holder" && f.To == "" {
			line = fmt.Sprintf("Checked in from their holders: %d %s", f.N, Plural(f.N, "asset", "assets"))
		}
		var from []string
		for i, c := range f.From {
			if i == 3 && len(f.From) > 4 {
				rest := 0
				for _, r := range f.From[i:] {
					rest += r.N
				}
				from = append(from, fmt.Sprintf("%d from %d other values", rest, len(f.From)-i))
				break
			}
			from = append(from, fmt.Sprintf("%d from %s", c.N, orNone(c.Label)))
		}
		if len(from) > 0 {
			line += " (" + strings.Join(from, ", ") + ")"
		}
		out = append(out, line+".")
	}
	if s.CheckOuts > 0 && s.CheckIns > 0 {
		out = append(out, fmt.Sprintf("%d %s checked in from %s previous holder first.", s.CheckIns, Plural(s.CheckIns, "is", "are"), Plural(s.CheckIns, "its", "their")))
	}
	for i, r := range s.Refused {
		if i == 5 {
			out = append(out, fmt.Sprintf("… and %d more left out.", len(s.Refused)-i))
			break
		}
		out = append(out, "Left out: "+r.Reason+".")
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// BulkSelection is the assets a bulk change applies to: those listed by ID
// (picked by hand), or every asset a query matches (the current filter).
type BulkSelection struct {
	IDs   []int64
	Query *AssetQuery
}

// Empty says nothing is selected.
func (s BulkSelection) Empty() bool { return len(s.IDs) == 0 && s.Query == nil }
