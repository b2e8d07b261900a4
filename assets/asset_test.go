package assets

import (
	"errors"
	"strings"
	"testing"
)

func TestAssetValidate(t *testing.T) {
	cases := []struct {
		name   string
		asset  Asset
		fields []string // fields that must be reported; none means valid
	}{
		{"minimal", Asset{Name: "Laptop", Category: "laptop"}, nil},
		{"no name or category", Asset{}, []string{"name", "category"}},
		{"bad tag", Asset{Tag: "ST 01", Name: "x", Category: "other"}, []string{"tag"}},
		{"cost without currency", Asset{Name: "x", Category: "other", Cost: Money{Minor: 100}}, []string{"currency"}},
		{"negative cost", Asset{Name: "x", Category: "other", Cost: Money{Minor: -1, Currency: "EUR"}}, []string{"cost"}},
		{"bad mac", Asset{Name: "x", Category: "other", MAC: "zz:00"}, []string{"mac"}},
		{"bad status", Asset{Name: "x", Category: "other", Status: "stolen"}, []string{"status"}},
		{"ancient purchase", Asset{Name: "x", Category: "other", PurchaseDate: MustDate("1960-01-01")}, []string{"purchase_date"}},
		{"user category", Asset{Name: "x", Category: "Lab Equipment"}, nil},
	}
	for _, c := range cases {
		a := c.asset
		a.Normalize()
		err := a.Validate()
		if len(c.fields) == 0 {
			if err != nil {
				t.Errorf("%s: unexpected %v", c.name, err)
			}
			continue
		}
		if KindOf(err) != KindInvalid {
			t.Errorf("%s: kind %v (%v)", c.name, KindOf(err), err)
		}
		var ve ValidationErrors
		if !errors.As(err, &ve) {
			t.Fatalf("%s: not ValidationErrors: %T", c.name, err)
		}
		got := map[string]bool{}
		for _, e := range ve {
			got[e.(*Error).Field] = true
			if e.(*Error).Msg == "" {
				t.Errorf("%s: empty message", c.name)
			}
		}
		for _, f := range c.fields {
			if !got[f] {
				t.Errorf("%s: %q not reported in %v", c.name, f, err)
			}
		}
	}
}

func TestNormalizeMAC(t *testing.T) {
	for _, in := range []string{"3C:22:FB:12:34:56", "3c-22-fb-12-34-56", "3c22.fb12.3456", "3c22fb123456"} {
		if got, err := NormalizeMAC(in); err != nil || got != "3c:22:fb:12:34:56" {
			t.Errorf("%s -> %q %v", in, got, err)
		}
	}
	if _, err := NormalizeMAC("3c:22:fb:12:34"); err == nil || !strings.Contains(err.Error(), "six pairs") {
		t.Errorf("short MAC: %v", err)
	}
}

func TestChangesNamesEveryField(t *testing.T) {
	old := Asset{Name: "A", Status: StatusInStock, Cost: Money{Minor: 100, Currency: "EUR"}}
	new := old
	new.Name, new.Status, new.Cost.Minor, new.AssignedTo, new.AssignedName = "B", StatusDeployed, 250, 7, "Ann"
	got := Changes(old, new)
	want := "[{name A B} {status In stock Deployed} {assigned_to Ann} {cost EUR 1.00 EUR 2.50}]"
	if s := strings.Join(strings.Fields(strings.TrimSpace(fmtChanges(got))), " "); s != want {
		t.Errorf("changes = %s\nwant      %s", s, want)
	}
}

func fmtChanges(cs []FieldChange) string {
	var b strings.Builder
	b.WriteString("[")
	for i, c := range cs {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString("{" + c.Field + " " + c.Old + " " + c.New + "}")
	}
	b.WriteString("]")
	return b.String()
}

func TestPersonSubject(t *testing.T) {
	for _, c := range [][3]string{{"María López", "maria@example.org", "María López <maria@example.org>"},
		{"Tom", "", "Tom"}, {"", "x@example.org", "<x@example.org>"}} {
		if got := PersonSubject(c[0], c[1]); got != c[2] {
			t.Errorf("PersonSubject(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

func TestManagerCycle(t *testing.T) {
	managers := map[string]string{"ann": "bob", "bob": "cat", "cat": "ann", "dan": "cat", "eve": "eve", "fay": ""}
	of := func(p string) (string, bool) { m, ok := managers[p]; return m, ok && m != "" }
	for _, c := range []struct {
		start string
		want  string
	}{{"ann", "ann bob cat ann"}, {"cat", "cat ann bob cat"}, {"dan", ""}, {"eve", "eve eve"}, {"fay", ""}, {"zed", ""}} {
		if got := strings.Join(ManagerCycle(c.start, of), " "); got != c.want {
			t.Errorf("from %s: %q, want %q", c.start, got, c.want)
		}
	}
	err := ManagerCycleError([]string{"Ann <a@x>", "Bob <b@x>", "Ann <a@x>"})
	if err == nil || err.Error() != "manager: managers cannot go round in a circle: Ann <a@x> would report to Bob <b@x>, who reports to Ann <a@x>" {
		t.Errorf("%v", err)
	}
}
