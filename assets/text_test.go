package assets

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// textCase is one text field of one kind: set puts a value into a valid
// record and check runs the kind's own normalising and validation.
type textCase struct {
	kind, field string
	lines       bool // the field holds several lines
	strict      bool // a code with its own rule (tag, category, MAC): refuses tabs and line breaks too
	check       func(v string) error
}

// textCases lists every text field of every kind a person or a program
// writes into the register.
func textCases() []textCase {
	var out []textCase
	add := func(kind string, lines, strict bool, check func(field, v string) error, fields ...string) {
		for _, f := range fields {
			out = append(out, textCase{kind, f, lines, strict, func(v string) error { return check(f, v) }})
		}
	}
	asset := func(field, v string) error {
		a := Asset{Name: "Laptop", Category: "laptop", Tag: "ST-1", MAC: "3c:22:fb:12:34:56"}
		*map[string]*string{"tag": &a.Tag, "name": &a.Name, "category": &a.Category, "manufacturer": &a.Manufacturer,
			"model": &a.Model, "serial": &a.Serial, "location": &a.Location, "supplier": &a.Supplier, "notes": &a.Notes,
			"os": &a.OS, "hostname": &a.HostName, "mac": &a.MAC}[field] = v
		a.Normalize()
		return a.Validate()
	}
	add("asset", false, false, asset, "name", "manufacturer", "model", "serial", "location", "supplier", "os", "hostname")
	add("asset", true, false, asset, "notes")
	add("asset", false, true, asset, "tag", "category", "mac")
	person := func(field, v string) error {
		p := Person{Name: "Ann", Email: "ann@example.org"}
		if field == "email" {
			v = "a" + v + "@example.org"
		}
		*map[string]*string{"name": &p.Name, "email": &p.Email, "department": &p.Department, "title": &p.Title, "location": &p.Location}[field] = v
		p.Normalize()
		return p.Validate()
	}
	add("person", false, false, person, "name", "department", "title", "location")
	add("person", false, true, person, "email")
	licence := func(field, v string) error {
		l := Licence{Product: "Office", Seats: 1, Covers: []SoftwarePattern{{Name: "Office*"}}}
		*map[string]*string{"product": &l.Product, "vendor": &l.Vendor, "edition": &l.Edition, "key": &l.Key,
			"supplier": &l.Supplier, "contract_ref": &l.ContractRef, "notes": &l.Notes, "covers": &l.Covers[0].Name,
			"covers.publisher": &l.Covers[0].Publisher}[field] = v
		l.Normalize()
		err := l.Validate()
		return renameField(err, "covers", field)
	}
	add("licence", false, false, licence, "product", "vendor", "edition", "key", "supplier", "contract_ref", "covers", "covers.publisher")
	add("licence", true, false, licence, "notes")
	contract := func(field, v string) error {
		c := Contract{Provider: "Dell", End: MustDate("2027-01-01")}
		*map[string]*string{"provider": &c.Provider, "reference": &c.Reference, "level": &c.Level, "notes": &c.Notes}[field] = v
		c.Normalize()
		return c.Validate()
	}
	add("contract", false, false, contract, "provider", "reference", "level")
	add("contract", true, false, contract, "notes")
	task := func(field, v string) error {
		t := Task{Kind: TaskUpgrade, Due: MustDate("2027-01-01")}
		*map[string]*string{"title": &t.Title, "note": &t.Note}[field] = v
		t.Normalize()
		return t.Validate()
	}
	add("task", false, false, task, "title")
	add("task completion", true, false, func(field, v string) error {
		t := Task{Kind: TaskUpgrade, Due: MustDate("2027-01-01"), Status: TaskPlanned}
		if _, _, err := t.Complete(MustDate("2026-03-01"), v); err != nil {
			return ValidationErrors{err}
		}
		return nil
	}, "note")
	add("task", true, false, task, "note")
	course := func(field, v string) error {
		c := Course{Name: "Security", Mandatory: []Scope{{Kind: ScopeDepartment, Value: "Sales"}}}
		*map[string]*string{"name": &c.Name, "provider": &c.Provider, "description": &c.Description, "mandatory": &c.Mandatory[0].Value}[field] = v
		c.Normalize()
		return c.Validate()
	}
	add("course", false, false, course, "name", "provider", "mandatory")
	add("course", true, false, course, "description")
	record := func(field, v string) error {
		r := TrainingRecord{PersonID: 1, CourseID: 1, CompletedOn: MustDate("2026-01-01")}
		*map[string]*string{"certificate": &r.Certificate, "note": &r.Note}[field] = v
		r.Normalize()
		return r.Validate(MustDate("2026-03-01"))
	}
	add("training", false, false, record, "certificate")
	add("training", true, false, record, "note")
	add("category", false, false, func(field, v string) error {
		c := Category{Name: "lab", Label: v}
		return c.Validate()
	}, "label")
	add("settings", false, false, func(field, v string) error {
		s := DefaultSettings()
		s.OrgName = v
		return s.Validate()
	}, "org_name")
	add("check-out", true, false, func(field, v string) error {
		c := CheckOut{AssetID: 1, PersonID: 2, On: MustDate("2026-01-01"), Note: v}
		return c.Validate(Asset{ID: 1, Tag: "ST-1", Status: StatusInStock})
	}, "note")
	add("check-in", true, false, func(field, v string) error {
		c := CheckIn{AssetID: 1, On: MustDate("2026-01-01"), Note: v}
		return c.Validate(Asset{ID: 1, Tag: "ST-1", Status: StatusDeployed, AssignedTo: 2}, Handover{})
	}, "note")
	inventory := func(field, v string) error {
		f := MachineFacts{Serial: "S1", HostName: "pc-1", MACs: []string{"3c:22:fb:12:34:56"}}
		sw := []InstalledSoftware{{Name: "Zoom", Version: "1.0", Publisher: "Zoom"}}
		*map[string]*string{"serial": &f.Serial, "uuid": &f.UUID, "hostname": &f.HostName, "manufacturer": &f.Manufacturer,
			"model": &f.Model, "chassis": &f.Chassis, "os": &f.OS, "mac": &f.MACs[0], "software": &sw[0].Name,
			"software.version": &sw[0].Version, "software.publisher": &sw[0].Publisher}[field] = v
		return renameField(f.Validate(sw), "software", field)
	}
	add("inventory", false, false, inventory, "serial", "uuid", "hostname", "manufacturer", "model", "chassis", "os", "mac",
		"software", "software.version", "software.publisher")
	return out
}

// renameField reports an error on field from (a list's shared name) as on
// to, so a case can name which part of the list it set.
func renameField(err error, from, to string) error {
	var ve ValidationErrors
	if !errors.As(err, &ve) {
		return err
	}
	out := ValidationErrors{}
	for _, e := range ve {
		var ae *Error
		if errors.As(e, &ae) && ae.Field == from {
			c := *ae
			c.Field = to
			e = &c
		}
		out = append(out, e)
	}
	return out
}

// fieldError is the error err reports on field, nil when none.
func fieldError(err error, field string) *Error {
	var ve ValidationErrors
	if !errors.As(err, &ve) {
		return nil
	}
	for _, e := range ve {
		var ae *Error
		if errors.As(e, &ae) && ae.Field == field {
			return ae
		}
	}
	return nil
}

// TestControlCharactersRefusedInEveryTextField: every text field of every
// kind refuses each control byte (0x00-0x1f, 0x7f) inside its text, naming
// the field; a tab passes, and a line break passes where a field holds
// several lines (notes). The clean record passes.
func TestControlCharactersRefusedInEveryTextField(t *testing.T) {
	controls := []byte{0x7f}
	for b := byte(0); b < 0x20; b++ {
		controls = append(controls, b)
	}
	for _, c := range textCases() {
		clean := "Plain text"
		switch {
		case c.field == "mac":
			clean = "3c:22:fb:12:34:57"
		case c.strict:
			clean = "Plain"
		}
		if err := c.check(clean); fieldError(err, c.field) != nil {
			t.Errorf("%s %s: clean text refused: %v", c.kind, c.field, err)
		}
		for _, b := range controls {
			v := "ab" + string([]byte{b}) + "cd"
			allowed := !c.strict && (b == '\t' || b == '\n' && c.lines)
			fe := fieldError(c.check(v), c.field)
			switch {
			case allowed && fe != nil:
				t.Errorf("%s %s: byte 0x%02x refused: %v", c.kind, c.field, b, fe)
			case !allowed && fe == nil:
				t.Errorf("%s %s: byte 0x%02x accepted", c.kind, c.field, b)
			case !allowed && !c.strict && !strings.Contains(fe.Msg, "character 3"):
				t.Errorf("%s %s: byte 0x%02x: the message does not say where: %q", c.kind, c.field, b, fe.Msg)
			}
		}
		// C1 controls and broken UTF-8 too (except where Normalize lower-cases
		// the text, which turns a broken byte into U+FFFD, plain text).
		for _, v := range []string{"ab\u009bcd", "ab\xffcd"} {
			if v == "ab\xffcd" && (c.field == "hostname" && c.kind == "asset" || c.field == "email") {
				continue
			}
			if fieldError(c.check(v), c.field) == nil {
				t.Errorf("%s %s: %q accepted", c.kind, c.field, v)
			}
		}
	}
}

// TestWindowsLineEndsInNotesKept: a note typed or pasted with CR LF line
// ends is stored with plain line breaks, not refused.
func TestWindowsLineEndsInNotesKept(t *testing.T) {
	a := Asset{Name: "x", Category: "other", Notes: "first\r\nsecond\r\n"}
	a.Normalize()
	if err := a.Validate(); err != nil || a.Notes != "first\nsecond" {
		t.Fatalf("notes %q, %v", a.Notes, err)
	}
	if p := textProblem("a\rb", true); !strings.Contains(p, "line break") {
		t.Fatalf("a lone CR: %q", p)
	}
}

func ExampleCheckText() {
	fmt.Println(CheckText("name", "Bad\x1fName", false))
	fmt.Println(CheckText("name", "Tom\tReed", false))
	// Output:
	// name: has an invisible control character (U+001F) at character 4: remove it (tabs are allowed)
	// <nil>
}

// FuzzTextRule: the byte-by-byte check agrees with the rule read rune by
// rune (unicode.IsControl: C0, DEL, C1), and never panics.
func FuzzTextRule(f *testing.F) {
	for _, s := range []string{"", "plain", "Bad\x1fName", "a\tb", "a\nb", "a\r\nb", "\u009b", "\xc2", "é\x7f", "X\x1b]0;pwned\x07", "\xff\xfe", "東京"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, lines bool) {
		want := utf8.ValidString(s)
		for _, r := range s {
			if unicode.IsControl(r) && r != '\t' && !(r == '\n' && lines) {
				want = false
			}
		}
		if got := textProblem(s, lines) == ""; got != want {
			t.Fatalf("textProblem(%q, %v) = %q; the rune-by-rune rule says ok=%v", s, lines, textProblem(s, lines), want)
		}
	})
}
