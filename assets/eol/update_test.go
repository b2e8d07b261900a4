package eol

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func loadTestdata(t *testing.T, file, product string) *Update {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	u, err := LoadUpdate(f, file, product)
	if err != nil {
		t.Fatalf("LoadUpdate(%s): %v", file, err)
	}
	return u
}

func TestLoadUpdateSamples(t *testing.T) {
	c := bundledT(t)
	for _, tc := range []struct {
		file, product, want, format string
	}{
		{"ubuntu-v1.json", "", "ubuntu", "endoflife.date API v1"},
		{"windows-v1.json", "windows", "windows", "endoflife.date API v1"},
		{"pixel-v1.json", "", "pixel", "endoflife.date API v1"},
		{"debian.json", "debian", "debian", "endoflife.date API v0"},
		{"macos.json", "macos", "macos", "endoflife.date API v0"},
	} {
		u := loadTestdata(t, tc.file, tc.product)
		if u.Product != tc.want || u.Format != tc.format {
			t.Errorf("%s: product %q format %q, want %q %q", tc.file, u.Product, u.Format, tc.want, tc.format)
		}
		// The samples were written from the same data as the bundled catalog:
		// every release must agree with it, date for date.
		p := c.Product(tc.want)
		if len(u.Releases) != len(p.Releases) {
			t.Errorf("%s: %d releases, catalog has %d", tc.file, len(u.Releases), len(p.Releases))
		}
		for _, ur := range u.Releases {
			cr := c.Release(tc.want, ur.Cycle)
			if cr == nil {
				t.Errorf("%s: release %s not in catalog", tc.file, ur.Cycle)
				continue
			}
			if cr.EOL != ur.EOL || cr.EOES != ur.EOES || cr.Released != ur.Released || cr.LTS != ur.LTS {
				t.Errorf("%s %s: eol %s/%s eoes %s/%s released %s/%s lts %v/%v (update/catalog)", tc.file, ur.Cycle,
					ur.EOL, cr.EOL, ur.EOES, cr.EOES, ur.Released, cr.Released, ur.LTS, cr.LTS)
			}
		}
		next, rep, err := c.Apply(u, "")
		if err != nil {
			t.Fatalf("%s: Apply: %v", tc.file, err)
		}
		if rep.Added != 0 || rep.Unchanged == 0 {
			t.Errorf("%s: applying the same data reports %s", tc.file, rep)
		}
		if len(next.Products()) != len(c.Products()) {
			t.Errorf("%s: Apply changed the number of products", tc.file)
		}
	}
}

// An update that moves a date and adds a release changes the answers of
// the new catalog, and only of the new one.
func TestApplyUpdateChangesMatching(t *testing.T) {
	c := bundledT(t)
	doc := `{"schema_version": "1.2.0", "result": {"name": "ubuntu", "label": "Ubuntu", "category": "os",
  "releases": [
    {"name": "26.10", "codename": "Stonking Stingray", "label": "26.10", "releaseDate": "2026-10-15", "isLts": false,
     "isEol": false, "eolFrom": "2027-07-15", "isMaintained": true, "latest": {"name": "26.10", "date": "2026-10-15"}},
    {"name": "22.04", "codename": "Jammy Jellyfish", "label": "22.04 'Jammy Jellyfish' (LTS)", "releaseDate": "2022-04-21",
     "isLts": true, "isEol": false, "eolFrom": "2027-06-01", "isEoes": false, "eoesFrom": "2032-04-09", "latest": {"name": "22.04.5"}},
    {"name": "20.04", "codename": "Focal Fossa", "releaseDate": "2020-04-23", "isLts": true, "isEol": true, "eolFrom": "2025-05-31",
     "isEoes": false, "eoesFrom": "2030-04-02", "latest": {"name": "20.04.6"}}
  ]}}`
	u, err := LoadUpdate(strings.NewReader(doc), "ubuntu.json", "ubuntu")
	if err != nil {
		t.Fatal(err)
	}
	next, rep, err := c.Apply(u, "endoflife.date update")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 1 || rep.Changed != 1 || rep.Unchanged != 1 {
		t.Errorf("report %s, want 1 added, 1 changed, 1 unchanged", rep)
	}
	m := next.Match("Ubuntu 22.04.5 LTS")
	if !m.OK() || m.Release.EOL.Date != d("2027-06-01") {
		t.Fatalf("updated catalog: %v %v", m.Problem, m.Release)
	}
	v := m.Status(d("2027-05-31"), 30)
	if v.State != EndingSoon || !strings.Contains(v.Reason, "catalog: endoflife.date update") {
		t.Errorf("updated status %v %q", v.State, v.Reason)
	}
	if m := next.Match("Ubuntu 26.10"); !m.OK() || m.Release.Codename != "Stonking Stingray" {
		t.Errorf("new release not matched: %v %s", m.Problem, m.Reason)
	}
	// The old catalog and its cache are untouched.
	if m := c.Match("Ubuntu 22.04.5 LTS"); m.Release.EOL.Date != d("2027-04-01") {
		t.Errorf("Apply changed the original catalog: %s", m.Release.EOL)
	}
	if m := c.Match("Ubuntu 26.10"); m.OK() {
		t.Errorf("Apply added to the original catalog")
	}
	// Releases the update does not list stay.
	if next.Release("ubuntu", "18.04") == nil {
		t.Errorf("18.04 disappeared")
	}
}

func TestApplyNewProduct(t *testing.T) {
	c := bundledT(t)
	doc := `{"result": {"name": "exampleos", "label": "Example OS", "category": "os", "releases": [
	  {"name": "4", "releaseDate": "2024-01-01", "isEol": false, "eolFrom": "2029-01-01"},
	  {"name": "3", "releaseDate": "2021-01-01", "isEol": true, "eolFrom": "2024-06-30"}]}}`
	u, err := LoadUpdate(strings.NewReader(doc), "x.json", "")
	if err != nil {
		t.Fatal(err)
	}
	next, rep, err := c.Apply(u, "")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 2 {
		t.Errorf("report %s", rep)
	}
	if m := next.Match("Example OS 4.1"); !m.OK() || m.Release.Cycle != "4" {
		t.Errorf("new product not matched: %v %s", m.Problem, m.Reason)
	}
	// The older format cannot say what kind of product it is.
	u0, err := LoadUpdate(strings.NewReader(`[{"cycle": "1", "eol": false}]`), "x.json", "exampleos")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Apply(u0, ""); err == nil || !strings.Contains(err.Error(), "no product \"exampleos\"") {
		t.Errorf("older format for an unknown product: %v", err)
	}
}

func TestLoadUpdateErrors(t *testing.T) {
	for _, tc := range []struct {
		name, doc, product, want string
	}{
		{"syntax", "{\"result\": {\"name\": \"ubuntu\", \"releases\": [\n  {\"name\": \"22.04\",, \"eolFrom\": \"2027-04-01\"}]}}", "", "u.json:2:20: bad JSON: invalid character ','"},
		{"bad date", "{\"result\": {\"name\": \"ubuntu\", \"releases\": [\n  {\"name\": \"24.04\", \"eolFrom\": \"2029-05-31\"},\n  {\"name\": \"22.04\", \"eolFrom\": \"2027-13-01\"}]}}", "", "u.json:3:3: release 2 (\"22.04\"): eolFrom: \"2027-13-01\" is not a date"},
		{"type", "{\"result\": {\"name\": \"ubuntu\", \"releases\": [\n  {\"name\": \"22.04\", \"isLts\": \"yes\"}]}}", "", "u.json:2:3: release 1 (\"22.04\"): isLts: expected bool, found a JSON string"},
		{"v1 eoes type", `{"result": {"name": "ubuntu", "releases": [{"name": "22.04", "eoesFrom": 2032}]}}`, "", `release 1 ("22.04"): eoesFrom: expected string, found a JSON number`},
		{"release not object", `{"result": {"name": "ubuntu", "releases": ["22.04"]}}`, "", `u.json:1:44: release 1: expected a JSON object, found a JSON string`},
		{"truncated", "{\"result\": {\"name\": \"ubuntu\", \"releases\": [{\"name\": \"22.04\"", "", "ends too early"},
		{"empty", "  \n", "", "is empty"},
		{"number", "42", "", "u.json:1:1: expected a JSON object (API v1) or array"},
		{"no result", `{"schema_version": "1.2.0"}`, "", `has no "result"`},
		{"release endpoint", `{"result": [1]}`, "", `expected "result" as an object`},
		{"trailing", `[{"cycle": "1", "eol": false}] [`, "x", "unexpected data after the end"},
		{"duplicate", "[{\"cycle\": \"1\", \"eol\": false},\n {\"cycle\": \"1\", \"eol\": true}]", "x", "u.json:2:2: release 2: \"1\" appears twice"},
		{"v0 without product", `[{"cycle": "1", "eol": false}]`, "", "does not name its product"},
		{"v0 no eol", `[{"cycle": "1"}]`, "x", `u.json:1:2: release 1 ("1"): has no "eol"`},
		{"v0 bad eol", `[{"cycle": "1", "eol": "soon"}]`, "x", `u.json:1:2: release 1 ("1"): eol: "soon" is not a date`},
		{"v0 eol number", `[{"cycle": "1", "eol": 2020}]`, "x", `release 1 ("1"): eol: 2020 is neither a date`},
		{"no cycle", `[{"eol": false}]`, "x", `release 1: "cycle" is missing or empty`},
		{"other product", `{"result": {"name": "debian", "releases": [{"name": "12"}]}}`, "ubuntu", `is the end-of-life data of "debian", not "ubuntu"`},
		{"bad product id", `[{"cycle": "1", "eol": false}]`, "../../etc", "not an endoflife.date product id"},
		{"no releases", `{"result": {"name": "ubuntu", "releases": []}}`, "", "has no releases"},
	} {
		_, err := LoadUpdate(strings.NewReader(tc.doc), "u.json", tc.product)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
	big := bytes.Repeat([]byte(" "), MaxFileSize+1)
	if _, err := LoadUpdate(bytes.NewReader(big), "big.json", ""); err == nil || !strings.Contains(err.Error(), "larger than 8 MiB") {
		t.Errorf("oversized file: %v", err)
	}
}

func TestOlderFormatFields(t *testing.T) {
	doc := `[{"cycle": 7, "releaseDate": "2014-07-07", "eol": "2024-06-30", "support": "2020-08-06", "latest": "7.9.2009", "lts": "2015-01-01"},
	         {"cycle": "6", "eol": true, "extendedSupport": true, "lts": false}]`
	u, err := LoadUpdate(strings.NewReader(doc), "centos.json", "centos")
	if err != nil {
		t.Fatal(err)
	}
	r7, r6 := u.Releases[0], u.Releases[1]
	if r7.Cycle != "7" || r7.EOL.Date != d("2024-06-30") || !r7.LTS || r7.Latest != "7.9.2009" || r7.Released != d("2014-07-07") {
		t.Errorf("cycle 7: %+v", r7)
	}
	if !r6.EOL.Ended || !r6.EOES.Ended || r6.LTS {
		t.Errorf("cycle 6: %+v", r6)
	}
}

func TestCatalogRoundTrip(t *testing.T) {
	c := bundledT(t)
	var buf bytes.Buffer
	if err := c.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Load(&buf, "round trip")
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Products()) != len(c.Products()) {
		t.Fatalf("%d products after round trip, want %d", len(back.Products()), len(c.Products()))
	}
	for i, p := range c.Products() {
		q := back.Products()[i]
		if p.ID != q.ID || len(p.Releases) != len(q.Releases) || strings.Join(p.Aliases, ",") != strings.Join(q.Aliases, ",") {
			t.Fatalf("product %s differs after round trip", p.ID)
		}
		for j, r := range p.Releases {
			s := q.Releases[j]
			if r.Cycle != s.Cycle || r.EOL != s.EOL || r.EOES != s.EOES || r.Released != s.Released || r.Label != s.Label ||
				r.LTS != s.LTS || r.Latest != s.Latest || strings.Join(r.Aliases, ",") != strings.Join(s.Aliases, ",") {
				t.Fatalf("%s %s differs after round trip", p.ID, r.Cycle)
			}
		}
	}
}

func TestLoadCatalogErrors(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`{"format": "other/1", "products": []}`, `format "other/1" is not`},
		{`{"format": "steward-eol-catalog/1", "products": [{"id": "x", "category": "car", "releases": []}]}`, `category "car"`},
		{`{"format": "steward-eol-catalog/1", "products": [{"id": "x", "category": "os", "releases": [{"cycle": "1", "eol": "2020-02-30"}]}]}`, `"2020-02-30" is not a date`},
		{`{"format": "steward-eol-catalog/1", "products": [{"id": "x", "category": "os", "releases": [{"cycle": "1", "eol": false}, {"cycle": "1", "eol": false}]}]}`, `appears twice`},
		{"{\"format\": \"steward-eol-catalog/1\",\n \"products\": [}", `c.json:2:15: bad JSON`},
	} {
		_, err := Load(strings.NewReader(tc.doc), "c.json")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%.60s): %v, want %q", tc.doc, err, tc.want)
		}
	}
}

func TestImportUpdateAndOverride(t *testing.T) {
	dir := t.TempDir()
	path := OverridePath(filepath.Join(dir, "steward.db"))
	if path != filepath.Join(dir, OverrideFileName) {
		t.Fatalf("OverridePath = %s", path)
	}
	// No override yet: the bundled catalog.
	c, err := LoadWithOverride(path)
	if err != nil {
		t.Fatal(err)
	}
	if c != mustBundled(t) {
		t.Errorf("without an override file the bundled catalog is expected")
	}
	ubuntu := `{"result": {"name": "ubuntu", "category": "os", "releases": [
	  {"name": "22.04", "releaseDate": "2022-04-21", "isLts": true, "isEol": false, "eolFrom": "2027-06-01", "eoesFrom": "2032-04-09"}]}}`
	rep, err := ImportUpdate(path, strings.NewReader(ubuntu), "ubuntu.json", "", d("2026-11-22"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed != 1 {
		t.Errorf("first import: %s", rep)
	}
	debian := `[{"cycle": "12", "codename": "Bookworm", "releaseDate": "2023-06-10", "eol": "2026-08-01", "extendedSupport": "2028-06-30"},
	            {"cycle": "14", "codename": "Forky", "releaseDate": "2027-06-01", "eol": false}]`
	rep, err = ImportUpdate(path, strings.NewReader(debian), "debian.json", "debian", d("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed != 1 || rep.Added != 1 {
		t.Errorf("second import: %s", rep)
	}
	c, err = LoadWithOverride(path)
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Match("Ubuntu 22.04.5 LTS").Release; r == nil || r.EOL.Date != d("2027-06-01") {
		t.Errorf("ubuntu update lost after the second import: %v", r)
	}
	m := c.Match("Debian GNU/Linux 12 (bookworm)")
	if !m.OK() || m.Release.EOL.Date != d("2026-08-01") {
		t.Fatalf("debian update not applied: %v", m.Reason)
	}
	v := m.Status(d("2026-08-01"), 30)
	if !strings.Contains(v.Reason, "imported 2026-11-23") || !strings.Contains(v.Reason, "debian.json") {
		t.Errorf("reason does not say the data came from the imported file: %q", v.Reason)
	}
	if m := c.Match("Debian 14"); !m.OK() || m.Release.Codename != "Forky" {
		t.Errorf("new debian release: %v", m.Reason)
	}
	// Products not updated still come from the bundled catalog, aliases and all.
	if m := c.Match("Windows 10 Pro 22H2"); !m.OK() {
		t.Errorf("windows lost: %s", m.Reason)
	}
	if m := c.Match("Debian bookworm"); !m.OK() || m.Release.Cycle != "12" {
		t.Errorf("codename matching lost: %s", m.Reason)
	}
	// Importing the same file again changes nothing.
	rep, err = ImportUpdate(path, strings.NewReader(ubuntu), "ubuntu.json", "", d("2026-11-24"))
	if err != nil || rep.Changed != 0 || rep.Added != 0 || rep.Unchanged != 1 {
		t.Errorf("re-import: %s %v", rep, err)
	}
	// A bad file changes nothing either.
	before, _ := os.ReadFile(path)
	if _, err := ImportUpdate(path, strings.NewReader(`{"result": `), "bad.json", "", d("2026-11-24")); err == nil {
		t.Errorf("bad update accepted")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Errorf("a failed import changed the override file")
	}
	// A corrupt override is reported, not ignored.
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadWithOverride(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("corrupt override: %v", err)
	}
}

func mustBundled(t *testing.T) *Catalog { return bundledT(t) }

// A user update older than the bundled data does not hold a newer Steward back.
func TestMergeIgnoresOlderUpdates(t *testing.T) {
	base := bundledT(t)
	if base.DataDate != d("2026-08-22") {
		t.Fatalf("bundled data date %s", base.DataDate)
	}
	for _, tc := range []struct {
		lastModified string
		want         string
	}{
		{"2026-01-05T10:00:00+00:00", "2027-04-01"}, // older than the bundled data: ignored
		{"2026-11-19T21:03:10+00:00", "2027-06-01"}, // newer: applied
	} {
		doc := `{"last_modified": "` + tc.lastModified + `", "result": {"name": "ubuntu", "category": "os", "releases": [
		  {"name": "22.04", "releaseDate": "2022-04-21", "isLts": true, "eolFrom": "2027-06-01", "eoesFrom": "2032-04-09"}]}}`
		u, err := LoadUpdate(strings.NewReader(doc), "u.json", "")
		if err != nil {
			t.Fatal(err)
		}
		if u.DataDate.String() != tc.lastModified[:10] {
			t.Errorf("data date %s, want %s", u.DataDate, tc.lastModified[:10])
		}
		withUpdate, _, err := base.Apply(u, "test")
		if err != nil {
			t.Fatal(err)
		}
		// The override file holds the updated product; read it back and merge.
		over := &Catalog{products: []*Product{withUpdate.Product("ubuntu")}}
		var buf bytes.Buffer
		if err := over.Write(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := Load(&buf, "override")
		if err != nil {
			t.Fatal(err)
		}
		if got := Merge(base, back).Release("ubuntu", "22.04").EOL.String(); got != tc.want {
			t.Errorf("last_modified %s: 22.04 ends %s, want %s", tc.lastModified, got, tc.want)
		}
	}
}
