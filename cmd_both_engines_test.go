package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
	"steward/assets/report"
	"steward/assets/sqlite"
	"steward/assets/transfer"
)

// Every feature on both engines (issue 18): the demo office made in a
// register file with the real command, pushed into PostgreSQL with
// 'steward db push', then the same read commands against --db FILE and
// --db URL must print the same: alerts (all, and each filter), every
// export kind in CSV and JSON, every report in CSV, and the register's
// search.
func TestSameRegisterOnBothEngines(t *testing.T) {
	url := pgtest.NewDB(t)
	t.Setenv("STEWARD_DB", "")
	dir := t.TempDir()
	file := filepath.Join(dir, "office.db")
	if code, out := captureAll(t, "demo", "--db", file, "--assets", "200", "--people", "40"); code != 0 {
		t.Fatalf("demo: exit %d:\n%s", code, out)
	}
	recordScan(t, file)
	if code, out := captureAll(t, "db", "push", "--from", file, "--to", url); code != 0 {
		t.Fatalf("db push: exit %d:\n%s", code, out)
	}
	// The demo dates its office from today; the alerts and reports are
	// taken as of today too, given explicitly so both engines use one date.
	asOf := time.Now().Format("2006-01-02")

	// both runs the command once per engine (standard output only) and
	// requires the same exit status and the same text.
	bothExit := func(want int, args ...string) string {
		t.Helper()
		fileArgs := append([]string{args[0], "--db", file}, args[1:]...)
		urlArgs := append([]string{args[0], "--db", url}, args[1:]...)
		grab := capture
		if want != 0 {
			grab = captureAll // a refusal: its words are on standard error
		}
		codeF, outF := grab(t, fileArgs...)
		codeU, outU := grab(t, urlArgs...)
		if codeF != want {
			t.Errorf("steward %s: exit %d, want %d:\n%s", strings.Join(fileArgs, " "), codeF, want, outF)
		}
		if codeF != codeU {
			t.Errorf("steward %s: exit %d on the file, %d on PostgreSQL", strings.Join(args, " "), codeF, codeU)
		}
		if outF != outU {
			t.Errorf("steward %s: the engines differ\n%s", strings.Join(args, " "), firstDiff(outF, outU))
		}
		return outF
	}
	both := func(args ...string) string {
		t.Helper()
		return bothExit(0, args...)
	}

	// Alerts: all of them, then each filter, with values the demo has.
	out := both("alerts", "--json", "--as-of", asOf)
	var alerts []struct{ Kind string }
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var a struct{ Kind string }
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("alerts --json line %q: %v", line, err)
		}
		alerts = append(alerts, a)
	}
	if len(alerts) < 20 {
		t.Fatalf("the demo raises only %d alerts: too few to compare", len(alerts))
	}
	both("alerts", "--as-of", asOf)
	both("alerts", "--json", "--as-of", asOf, "--warn-days", "365")
	for _, d := range []int{-400, -90, 120, 730} { // other days: other leases, warranties and courses fall due
		both("alerts", "--json", "--as-of", time.Now().AddDate(0, 0, d).Format("2006-01-02"))
	}
	kinds := map[string]bool{}
	for _, a := range alerts {
		kinds[a.Kind] = true
	}
	for _, k := range sortedKeys(kinds) {
		both("alerts", "--json", "--as-of", asOf, "--kind", k)
	}
	for _, sev := range []string{"critical", "warning", "info", "warning,critical"} {
		both("alerts", "--json", "--as-of", asOf, "--severity", sev)
	}
	for _, cat := range []string{"laptop", "Desktop", "phone", "monitor", "server", "network", "printer"} {
		both("alerts", "--json", "--as-of", asOf, "--category", cat)
		both("alerts", "--as-of", asOf, "--category", cat, "--severity", "warning,critical")
	}
	for _, loc := range storeLocations(t, file) {
		both("alerts", "--json", "--as-of", asOf, "--location", loc)
		both("alerts", "--json", "--as-of", asOf, "--location", strings.ToLower(loc))
		both("alerts", "--as-of", asOf, "--location", loc, "--severity", "critical")
	}
	// A filter naming nothing in the register is refused the same way.
	bothExit(2, "alerts", "--json", "--as-of", asOf, "--category", "no-such-category")
	bothExit(2, "alerts", "--json", "--as-of", asOf, "--location", "nowhere")

	// Every export kind, CSV and JSON.
	for _, k := range transfer.Kinds() {
		for _, f := range []string{"csv", "json"} {
			if out := both("export", "--kind", k, "--format", f); out == "" {
				t.Errorf("export --kind %s --format %s printed nothing", k, f)
			}
		}
	}

	// Licence keys are written out only when asked for.
	for _, f := range []string{"csv", "json"} {
		both("export", "--kind", "licences", "--format", f, "--with-secrets")
	}

	// Every report that needs no further argument, as CSV files.
	for _, kind := range report.Kinds {
		if kind == "labels" {
			continue // a printed sheet of labels: PDF only
		}
		fileOut := filepath.Join(dir, "file-"+kind+".csv")
		urlOut := filepath.Join(dir, "url-"+kind+".csv")
		codeF, msgF := captureAll(t, "report", kind, "--db", file, "--format", "csv", "--as-of", asOf, "--out", fileOut)
		codeU, msgU := captureAll(t, "report", kind, "--db", url, "--format", "csv", "--as-of", asOf, "--out", urlOut)
		if codeF != 0 || codeU != 0 {
			t.Errorf("report %s: exit %d on the file:\n%s\nexit %d on PostgreSQL:\n%s", kind, codeF, msgF, codeU, msgU)
			continue
		}
		a, _ := os.ReadFile(fileOut)
		b, _ := os.ReadFile(urlOut)
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("report %s: the engines differ\n%s", kind, firstDiff(string(a), string(b)))
		}
	}
	// The register report with each of its filters.
	for _, filter := range [][]string{
		{"--group-by", "category"}, {"--group-by", "none"}, {"--category", "laptop"},
		{"--status", "in stock"}, {"--search", "dell"}, {"--search", "lat"},
	} {
		fileOut := filepath.Join(dir, fmt.Sprintf("file-register-%s.csv", strings.Join(filter, "")))
		urlOut := filepath.Join(dir, fmt.Sprintf("url-register-%s.csv", strings.Join(filter, "")))
		codeF, msgF := captureAll(t, append([]string{"report", "register", "--db", file, "--format", "csv", "--as-of", asOf, "--out", fileOut}, filter...)...)
		codeU, msgU := captureAll(t, append([]string{"report", "register", "--db", url, "--format", "csv", "--as-of", asOf, "--out", urlOut}, filter...)...)
		if codeF != 0 || codeU != 0 {
			t.Errorf("report register %v: exit %d (%s) on the file, %d (%s) on PostgreSQL", filter, codeF, msgF, codeU, msgU)
			continue
		}
		a, _ := os.ReadFile(fileOut)
		b, _ := os.ReadFile(urlOut)
		if string(a) != string(b) {
			t.Errorf("report register %v: the engines differ\n%s", filter, firstDiff(string(a), string(b)))
		}
	}

	// Search: there is no search command, so through the two stores, as
	// the Assets screen asks them.
	compareSearch(t, file, url)
}

// recordScan records a network scan in the register file, as 'steward
// scan' would (no packet sent): a few of the office's assets seen by
// serial number and host name, one device nobody registered. It gives the
// site-visit report something to say.
func recordScan(t *testing.T, file string) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page, err := s.ListAssets(ctx, assets.AssetQuery{Sort: assets.SortTag, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	site := ""
	var seen []assets.Sighting
	for _, a := range page.Assets {
		if a.Serial == "" || a.Location == "" || (site != "" && a.Location != site) || len(seen) >= 8 {
			continue
		}
		site = a.Location
		seen = append(seen, assets.Sighting{DeviceID: "serial:" + a.Serial, Name: a.Name, Serial: a.Serial, Class: "computer", Addresses: []string{fmt.Sprintf("10.0.0.%d", len(seen)+2)}})
	}
	seen = append(seen, assets.Sighting{DeviceID: "host:mystery.local", Name: "Mystery box", HostName: "mystery.local", Class: "unknown", Addresses: []string{"10.0.0.99"}})
	at := time.Now().Add(-time.Hour).Truncate(time.Second)
	out, err := s.RecordScan(ctx, assets.ScanInfo{Started: at, Finished: at.Add(time.Minute), Interfaces: []string{"eth0"}, Site: site}, seen)
	if err != nil {
		t.Fatal(err)
	}
	if out.Matched == 0 || len(out.New) != 1 {
		t.Fatalf("the scan matched %d assets, found %d new devices: %+v", out.Matched, len(out.New), out)
	}
}

// compareSearch asks both stores the same searches and requires the same
// assets in the same order.
func compareSearch(t *testing.T, file, url string) {
	t.Helper()
	ctx := context.Background()
	fs, err := sqlite.Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	ps, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer ps.Close()

	all, err := fs.ListAssets(ctx, assets.AssetQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Assets) == 0 {
		t.Fatal("the demo register has no assets")
	}
	people, err := fs.People(ctx, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{"lat", "dell", "Dell Latitude", "laptop", "thinkpad", "iphone", "monitor", "zzz-nothing", "ST-", "st-0001", "-", "%", "_", "'", "\"quoted\""}
	for _, a := range []assets.Asset{all.Assets[0], all.Assets[len(all.Assets)/2], all.Assets[len(all.Assets)-1]} {
		queries = append(queries, a.Tag, strings.ToLower(a.Tag), a.Serial, a.Model, a.Name)
		if len(a.Serial) > 4 {
			queries = append(queries, a.Serial[:4])
		}
	}
	var accented int
	for _, p := range people {
		name := p.Name
		if name != asciiFold(name) && accented < 4 {
			accented++
			queries = append(queries, name, asciiFold(name), strings.Fields(name)[0], strings.ToLower(strings.Fields(name)[0]))
		}
	}
	if len(people) > 0 {
		queries = append(queries, people[0].Name, people[len(people)-1].Email)
	}
	var asked, found int
	defer func() {
		t.Logf("%d searches on each engine, %d finding something (%d with accented names)", asked, found, accented)
	}()
	for _, q := range queries {
		if strings.TrimSpace(q) == "" {
			continue
		}
		for _, sort := range []assets.SortField{"", assets.SortName, assets.SortAssigned} {
			query := assets.AssetQuery{Search: q, Limit: 50, Sort: sort}
			a, errF := fs.ListAssets(ctx, query)
			b, errU := ps.ListAssets(ctx, query)
			if (errF == nil) != (errU == nil) {
				t.Errorf("search %q (sort %q): error %v on the file, %v on PostgreSQL", q, sort, errF, errU)
				continue
			}
			if len(a.Assets) > 0 {
				found++
			}
			asked++
			if got, want := tagsOf(b.Assets), tagsOf(a.Assets); got != want {
				t.Errorf("search %q (sort %q):\nthe file finds       %s\nPostgreSQL finds     %s", q, sort, want, got)
			}
		}
	}

	// Page by page, as the Assets screen scrolls: each engine continues
	// from its own cursor, and the whole list must come out the same.
	walk := func(s interface {
		ListAssets(context.Context, assets.AssetQuery) (assets.AssetPage, error)
	}, q assets.AssetQuery) string {
		var list []assets.Asset
		for range 100 {
			page, err := s.ListAssets(ctx, q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			list = append(list, page.Assets...)
			if page.Next == nil {
				break
			}
			q.After = page.Next
		}
		return tagsOf(list)
	}
	for _, q := range []assets.AssetQuery{{}, {Search: "laptop"}, {Search: "dell", Category: "laptop"}, {Status: assets.StatusDeployed}, {Location: locationOf(all.Assets)}} {
		for _, sort := range []assets.SortField{assets.SortTag, assets.SortName, assets.SortCategory, assets.SortStatus, assets.SortLocation, assets.SortAssigned, assets.SortManufacturer, assets.SortModel, assets.SortPurchase, assets.SortCost} {
			for _, desc := range []bool{false, true} {
				q.Sort, q.Desc, q.Limit = sort, desc, 17
				if a, b := walk(fs, q), walk(ps, q); a != b {
					t.Errorf("pages of %+v:\nthe file lists       %s\nPostgreSQL lists     %s", q, a, b)
				}
			}
		}
	}
}

// locationOf is the location of the first asset that has one.
func locationOf(list []assets.Asset) string {
	for _, a := range list {
		if a.Location != "" {
			return a.Location
		}
	}
	return ""
}

func tagsOf(list []assets.Asset) string {
	tags := make([]string, len(list))
	for i, a := range list {
		tags[i] = a.Tag
	}
	return fmt.Sprintf("%d: %s", len(list), strings.Join(tags, " "))
}

// asciiFold drops the accents of the Latin letters people's names use.
func asciiFold(s string) string {
	r := strings.NewReplacer("á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "é", "e", "è", "e", "ê", "e", "ë", "e",
		"í", "i", "ì", "i", "î", "i", "ï", "i", "ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o", "ú", "u", "ù", "u",
		"û", "u", "ü", "u", "ñ", "n", "ç", "c", "ō", "o", "ū", "u", "š", "s", "ž", "z", "č", "c", "ł", "l", "ś", "s", "ć", "c",
		"Á", "A", "É", "E", "Í", "I", "Ó", "O", "Ö", "O", "Ú", "U", "Ü", "U", "Ñ", "N", "Š", "S", "Ž", "Z", "Č", "C", "Ł", "L", "Ś", "S")
	return r.Replace(s)
}

// storeLocations lists the locations of the register file's assets.
func storeLocations(t *testing.T, file string) []string {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seen := map[string]bool{}
	err = s.EachAsset(ctx, func(a assets.Asset) error {
		if a.Location != "" {
			seen[a.Location] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sortedKeys(seen)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// firstDiff shows where two outputs part: the first differing line of
// each, with its number.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y || i >= len(la) || i >= len(lb) {
			return fmt.Sprintf("line %d (of %d / %d)\n  file:       %q\n  PostgreSQL: %q", i+1, len(la), len(lb), x, y)
		}
	}
	return "(same text)"
}
