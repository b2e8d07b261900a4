package app

import (
	"context"
	"image/color"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"steward/assets"
	"steward/assets/demo"
	"steward/assets/report"
	"steward/assets/report/storesource"
	"steward/assets/sqlite"
)

// fillDemoOffice loads the whole sample office as steward demo does:
// people (managers first), assets, licences with seats and installed
// software, contracts and tasks.
func fillDemoOffice(t *testing.T, store *sqlite.Store, c demo.Config) {
	t.Helper()
	ctx := context.Background()
	ds := demo.Generate(c)
	lc := demo.GenerateLifecycle(c, ds)
	ids := map[string]int64{}
	for i := range ds.People {
		p := ds.People[i]
		p.ManagerID = ids[ds.Managers[p.Email]]
		if err := store.CreatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
		ids[p.Email] = p.ID
	}
	list := make([]assets.Asset, len(ds.Assets))
	for i, a := range ds.Assets {
		list[i] = a.Asset
		list[i].AssignedTo = ids[a.HolderEmail]
	}
	if err := store.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	sw := map[int64][]assets.InstalledSoftware{}
	for i, s := range lc.Software {
		sw[list[i].ID] = s
	}
	if err := store.SetInstalledSoftwareMany(ctx, sw); err != nil {
		t.Fatal(err)
	}
	var lics []assets.LicenceImport
	for _, l := range lc.Licences {
		it := assets.LicenceImport{Licence: l.Licence, SetSeats: true}
		for _, e := range l.People {
			it.Seats = append(it.Seats, assets.SeatAssignment{PersonID: ids[e]})
		}
		for _, i := range l.Assets {
			it.Seats = append(it.Seats, assets.SeatAssignment{AssetID: list[i].ID})
		}
		it.Licence.Normalize()
		lics = append(lics, it)
	}
	if _, err := store.ImportLicences(ctx, lics, false); err != nil {
		t.Fatal(err)
	}
	var cons []assets.ContractImport
	for _, ct := range lc.Contracts {
		ci := assets.ContractImport{Contract: ct.Contract}
		for _, i := range ct.Assets {
			ci.Contract.AssetIDs = append(ci.Contract.AssetIDs, list[i].ID)
		}
		ci.Contract.Normalize()
		cons = append(cons, ci)
	}
	if _, err := store.ImportContracts(ctx, cons, false); err != nil {
		t.Fatal(err)
	}
	var tasks []assets.TaskImport
	for _, tk := range lc.Tasks {
		ti := assets.TaskImport{Task: tk.Task}
		for _, i := range tk.Assets {
			ti.Task.AssetIDs = append(ti.Task.AssetIDs, list[i].ID)
		}
		ti.Task.Normalize()
		tasks = append(tasks, ti)
	}
	if _, err := store.ImportTasks(ctx, tasks, false); err != nil {
		t.Fatal(err)
	}
}

// openCharts shows the Charts screen on the demo office and waits for its
// pictures.
func openCharts(t *testing.T) (*UI, *sqlite.Store, *chartsScreen) {
	t.Helper()
	u, store := newTestUI(t, 0)
	fillDemoOffice(t, store, demo.Config{Seed: 1, Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	u.win.Resize(fyne.NewSize(1280, 800))
	if !u.ShowScreen("Charts") {
		t.Fatal("no Charts screen in the navigation")
	}
	u.wait()
	s := screenOf[*chartsScreen](t, u)
	if s.shown == nil {
		t.Fatal("the charts never loaded")
	}
	return u, store, s
}

// chartTexts is every text a chart view draws.
func chartTexts(v *chartView) []string {
	var out []string
	for _, o := range test.WidgetRenderer(v).Objects() {
		if t, ok := o.(*canvas.Text); ok {
			out = append(out, t.Text)
		}
	}
	return out
}

// TestChartsScreenAgreesWithTheReports opens the Charts screen on the
// demo office and checks each picture against the printed report (or the
// alert list) of the same day.
func TestChartsScreenAgreesWithTheReports(t *testing.T) {
	ctx := context.Background()
	u, store, s := openCharts(t)
	asOf := u.today()
	src := storesource.New(store)
	build := func(req report.Request) *report.Document {
		t.Helper()
		req.AsOf = asOf
		doc, err := report.Build(ctx, src, req)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}

	// Fleet age: the end-of-life report prints the same chart, and the
	// bars add up to its "Assets in the fleet".
	eol := build(report.Request{Kind: "eol"})
	if !reflect.DeepEqual(s.ages.chart, eol.Chart) {
		t.Errorf("age chart %+v\nreport chart %+v", s.ages.chart, eol.Chart)
	}
	total := 0.0
	for _, series := range s.ages.chart.Values {
		for _, v := range series {
			total += v
		}
	}
	var unknown int
	for _, l := range s.shown.ages {
		unknown += l.Unknown
	}
	if fleet := summary(t, eol, "Assets in the fleet"); thousands(int(total)+unknown) != fleet || total < 100 {
		t.Errorf("the age bars hold %v assets (+%d undated), the report %s in the fleet", total, unknown, fleet)
	}
	if got := chartTexts(s.ages); !contains(got, "Laptop") || !contains(got, "Monitor") {
		t.Errorf("age chart draws %q", got)
	}

	// Spending: the budget report's chart, period by period, and its
	// replacement counts under the bars.
	budget := build(report.Request{Kind: "budget", Years: chartYears})
	if !reflect.DeepEqual(s.spend.chart.Values, budget.Chart.Values) || !reflect.DeepEqual(s.spend.chart.Labels, budget.Chart.Labels) {
		t.Errorf("spend chart %v %v\nbudget chart %v %v", s.spend.chart.Labels, s.spend.chart.Values, budget.Chart.Labels, budget.Chart.Values)
	}
	if !strings.Contains(s.subs[1].Text, summary(t, budget, "Total forecast")) {
		t.Errorf("spend figures %q, report total %s", s.subs[1].Text, summary(t, budget, "Total forecast"))
	}
	replaced := 0
	for i := range s.shown.forecast.Years {
		replaced += s.shown.forecast.Replaced(i)
	}
	if replaced == 0 || !strings.HasPrefix(s.spend.chart.Notes[1], thousands(s.shown.forecast.Replaced(1))+" replacement") {
		t.Errorf("replacements %d, notes %q", replaced, s.spend.chart.Notes)
	}

	// Alerts: the list steward alerts prints, counted by kind.
	opt, err := store.AlertOptionsAt(ctx, asOf)
	if err != nil {
		t.Fatal(err)
	}
	list, err := store.Alerts(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	byKind := map[string]float64{}
	for _, a := range list {
		byKind[report.AlertKindLabel(a.Kind)]++
	}
	drawn := map[string]float64{}
	for li, l := range s.alerts.chart.Labels {
		for si := range s.alerts.chart.Series {
			drawn[l] += s.alerts.chart.Values[si][li]
		}
	}
	if !reflect.DeepEqual(byKind, drawn) || len(drawn) < 4 {
		t.Errorf("alerts by kind drawn %v, listed %v", drawn, byKind)
	}
	if !strings.HasPrefix(s.subs[2].Text, assets.CountOf(len(list), "alert", "alerts")+":") {
		t.Errorf("alert figures %q for %d alerts", s.subs[2].Text, len(list))
	}

	// Licence seats: the licence report's bought and in-use columns.
	lic := build(report.Request{Kind: "licences"})
	rows := map[string][2]string{}
	sec := lic.Sections[0]
	col := func(title string) int {
		for i, c := range sec.Columns {
			if c.Title == title {
				return i
			}
		}
		t.Fatalf("no column %q in %q", title, sec.Title)
		return -1
	}
	name, bought, assigned, installed := col("Licence"), col("Bought"), col("Assigned"), col("Installed")
	for _, r := range sec.Rows {
		a, i := r[assigned].Num, r[installed].Num
		rows[r[name].Text] = [2]string{thousands(int(max(a, i))), r[bought].Text}
	}
	short := 0
	for li, l := range s.seats.chart.Labels {
		got := [2]string{thousands(int(s.seats.chart.Values[0][li])), thousands(int(s.seats.chart.Values[1][li]))}
		if rows[l] != got {
			t.Errorf("%s: chart in use/bought %v, report %v", l, got, rows[l])
		}
		if s.seats.chart.Notes[li] != "" {
			short++
		}
	}
	if len(s.seats.chart.Labels) < 5 || short == 0 {
		t.Errorf("seats chart %q with %d short", s.seats.chart.Labels, short)
	}
	if got := chartTexts(s.seats); !contains(got, "2 short") {
		t.Errorf("seats chart draws %q", got)
	}
	screenshot(t, u, "charts")

	// The link beside a picture opens its report.
	s.open("Reports", "licences")
	u.wait()
	r := screenOf[*reports](t, u)
	if u.screens[u.current] != screen(r) || r.kind.Selected != report.KindTitles["licences"] {
		t.Errorf("the licence link opened %s with %q", u.screens[u.current].title(), r.kind.Selected)
	}
}

// TestChartsFollowTheThemeAndScale: the bars take the theme's colours in
// the dark and the light variant, grow with the window, and pointing at a
// bar shows its figures.
func TestChartsFollowTheThemeAndScale(t *testing.T) {
	u, _, s := openCharts(t)
	primary := func(v *chartView) color.Color {
		t.Helper()
		for _, o := range test.WidgetRenderer(v).Objects() {
			if r, ok := o.(*canvas.Rectangle); ok && r.Size().Height > 20 {
				return r.FillColor
			}
		}
		t.Fatal("no bar drawn")
		return nil
	}
	for _, variant := range []struct {
		name string
		v    fyne.ThemeVariant
	}{{"dark", theme.VariantDark}, {"light", theme.VariantLight}} {
		fyne.CurrentApp().Settings().SetTheme(variantTheme{theme.DefaultTheme(), variant.v})
		s.spend.Refresh()
		want := theme.DefaultTheme().Color(theme.ColorNamePrimary, variant.v)
		if got := primary(s.spend); !sameColor(got, want) {
			t.Errorf("%s theme: refresh bars %v, want the primary colour %v", variant.name, got, want)
		}
		// The labels are in the variant's foreground colour (light on
		// dark, dark on light).
		fg := theme.DefaultTheme().Color(theme.ColorNameForeground, variant.v)
		found := false
		for _, o := range test.WidgetRenderer(s.spend).Objects() {
			if tx, ok := o.(*canvas.Text); ok && tx.Text == s.spend.chart.Labels[1] {
				found = true
				if !sameColor(tx.Color, fg) {
					t.Errorf("%s theme: label %q in %v, want %v", variant.name, tx.Text, tx.Color, fg)
				}
			}
		}
		if !found {
			t.Errorf("%s theme: no label %q drawn", variant.name, s.spend.chart.Labels[1])
		}
		screenshot(t, u, "charts-"+variant.name)
	}

	tallest := func() float32 {
		h := float32(0)
		for _, o := range test.WidgetRenderer(s.ages).Objects() {
			if r, ok := o.(*canvas.Rectangle); ok {
				h = max(h, r.Size().Height)
			}
		}
		return h
	}
	small := tallest()
	u.win.Resize(fyne.NewSize(1600, 1100))
	if big := tallest(); big <= small {
		t.Errorf("the chart stays %v high in a bigger window (was %v)", big, small)
	}

	// Pointing at the first bar of the spending chart shows its figures.
	if s.spend.r == nil || len(s.spend.r.hits) == 0 {
		t.Fatal("no bars to point at")
	}
	h := s.spend.r.hits[0]
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.spend).Add(h.pos).Add(fyne.NewPos(h.size.Width/2, h.size.Height/2))
	test.MoveMouse(u.win.Canvas(), at)
	drawn := chartTexts(s.spend)
	if s.spend.hover != 0 || !contains(drawn, s.spend.chart.Labels[0]) || !containsPrefix(drawn, "Refresh: EUR ") || !containsPrefix(drawn, "Total: EUR ") {
		t.Errorf("pointing at the first bar (%d) shows %q", s.spend.hover, drawn)
	}
	test.MoveMouse(u.win.Canvas(), fyne.NewPos(1, 1))
	if s.spend.hover != -1 || containsPrefix(chartTexts(s.spend), "Total: ") {
		t.Error("the figures stay when the pointer leaves")
	}
}

// TestChartsOnAnEmptyRegister: no data, no error: each picture says what
// to do.
func TestChartsOnAnEmptyRegister(t *testing.T) {
	u, _ := newTestUI(t, 0)
	u.ShowScreen("Charts")
	u.wait()
	s := screenOf[*chartsScreen](t, u)
	for _, v := range []*chartView{s.ages, s.alerts, s.seats} {
		if got := strings.Join(chartTexts(v), " "); got != v.empty {
			t.Errorf("empty chart draws %q, want %q", got, v.empty)
		}
	}
}

// variantTheme is the default theme in one variant, as a person who
// picks dark or light sees it.
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

func summary(t *testing.T, doc *report.Document, key string) string {
	t.Helper()
	for _, kv := range doc.Summary {
		if kv.Key == key {
			return kv.Value
		}
	}
	t.Fatalf("%s report has no %q", doc.Kind, key)
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsPrefix(list []string, prefix string) bool {
	for _, x := range list {
		if strings.HasPrefix(x, prefix) {
			return true
		}
	}
	return false
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}
