package storetest

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"steward/assets"
)

// alertFamilies are the families AlertsFrom names, with the kinds each
// raises.
var alertFamilies = map[string][]string{
	"eol":      {assets.AlertEOL, assets.AlertOSSupport},
	"warranty": {assets.AlertWarranty},
	"licences": {assets.AlertLicenceShortfall, assets.AlertLicenceExpiry},
	"tasks":    {assets.AlertTaskOverdue, assets.AlertTaskDue},
	"training": {assets.AlertTrainingOverdue, assets.AlertTrainingDue},
	"leavers":  {assets.AlertLeaverHolding},
	"audits":   {assets.AlertAuditDue},
	"returns":  {assets.AlertReturnOverdue},
}

// sortedAlerts puts alerts in the total order Alerts gives.
func sortedAlerts(list []assets.Alert) []assets.Alert {
	out := slices.Clone(list)
	assets.SortAlerts(out)
	return out
}

// alertsGolden: the whole list, byte for byte, as SQLite gives it.
func alertsGolden(t *testing.T, s AlertStore) {
	buildAlertsRegister(t, s)
	opt, err := s.AlertOptionsAt(ctx, alertsAsOf)
	must(t, err)
	wantEqual(t, "default options", opt, assets.AlertOptions{AsOf: alertsAsOf})
	list, err := s.Alerts(ctx, opt)
	must(t, err)
	wantGolden(t, "alerts", alertLines(t, list))
	if !slices.IsSortedFunc(list, func(x, y assets.Alert) int { return assets.CompareAlerts(&x, &y) }) {
		t.Error("Alerts is not in CompareAlerts order")
	}
	kinds := map[string]bool{}
	for _, a := range list {
		kinds[a.Kind] = true
	}
	for _, k := range assets.AlertKinds {
		if !kinds[k] {
			t.Errorf("the register raises no %s alert", k)
		}
	}
}

// alertsWarnDays: the warning window setting, read by AlertOptionsAt and
// obeyed by every family.
func alertsWarnDays(t *testing.T, s AlertStore) {
	buildAlertsRegister(t, s)
	must(t, s.SetSetting(ctx, assets.SettingWarnDays, "30"))
	opt, err := s.AlertOptionsAt(ctx, alertsAsOf)
	must(t, err)
	wantEqual(t, "options", opt, assets.AlertOptions{AsOf: alertsAsOf, WarnDays: 30})
	list, err := s.Alerts(ctx, opt)
	must(t, err)
	wantGolden(t, "alerts_warn30", alertLines(t, list))
	// The largest window there is, and beyond it (MaxWarnDays).
	for _, n := range []int{assets.MaxWarnDays, assets.MaxWarnDays * 1000} {
		list, err := s.Alerts(ctx, assets.AlertOptions{AsOf: alertsAsOf, WarnDays: n})
		must(t, err)
		wantGolden(t, "alerts_warnmax", alertLines(t, list))
	}
	for _, bad := range []string{"x", "-1", "days", "1.5x", "30 days", "731"} {
		must(t, s.SetSetting(ctx, assets.SettingWarnDays, bad))
		if _, err := s.AlertOptionsAt(ctx, alertsAsOf); err == nil {
			t.Errorf("warn days %q: no error", bad)
		}
	}
	must(t, s.SetSetting(ctx, assets.SettingWarnDays, ""))
	opt, err = s.AlertOptionsAt(ctx, date("2030-01-01"))
	must(t, err)
	wantEqual(t, "options after clearing", opt, assets.AlertOptions{AsOf: date("2030-01-01")})
}

// alertsFamilies: each family alone gives its own kinds, and the families
// together are the whole list.
func alertsFamilies(t *testing.T, s AlertStore) {
	buildAlertsRegister(t, s)
	opt := assets.AlertOptions{AsOf: alertsAsOf}
	all, err := s.Alerts(ctx, opt)
	must(t, err)
	var union []assets.Alert
	names := make([]string, 0, len(alertFamilies))
	for name := range alertFamilies {
		names = append(names, name)
	}
	slices.Sort(names)
	var counts []string
	for _, name := range names {
		list, err := s.AlertsFrom(ctx, name, opt)
		must(t, err)
		for _, a := range list {
			if !slices.Contains(alertFamilies[name], a.Kind) {
				t.Errorf("family %s raised a %s alert", name, a.Kind)
			}
		}
		counts = append(counts, name+" "+itoa(int64(len(list))))
		union = append(union, list...)
	}
	wantGolden(t, "alerts_families", counts)
	wantLines(t, "the families together", alertLines(t, sortedAlerts(union)), alertLines(t, all))
	if _, err := s.AlertsFrom(ctx, "no such family", opt); err == nil {
		t.Error("an unknown family: no error")
	}
}

// alertsFlags: the flags of a page of the assets table.
func alertsFlags(t *testing.T, s AlertStore) {
	r := buildAlertsRegister(t, s)
	opt := assets.AlertOptions{AsOf: alertsAsOf}
	ids := []int64{r.oldLaptop.ID, r.macBook.ID, r.iPhone.ID, r.desktop.ID, r.retired.ID, r.ubuntuServer.ID, r.plan9.ID, 9999}
	flags, err := s.FlagsFor(ctx, ids, opt)
	must(t, err)
	if _, ok := flags[9999]; ok {
		t.Error("flags for an asset that does not exist")
	}
	var lines []string
	for _, id := range ids {
		if f, ok := flags[id]; ok {
			lines = append(lines, itoa(id)+" "+jsonLine(t, f))
		}
	}
	if len(lines) != len(ids)-1 {
		t.Fatalf("flags for %d assets, want %d", len(lines), len(ids)-1)
	}
	wantGolden(t, "alerts_flags", lines)
	none, err := s.FlagsFor(ctx, nil, opt)
	must(t, err)
	if len(none) != 0 {
		t.Errorf("flags of no assets: %v", none)
	}
}

// alertsLifecycle: one asset's flags, contracts, tasks and seats.
func alertsLifecycle(t *testing.T, s AlertStore) {
	r := buildAlertsRegister(t, s)
	opt := assets.AlertOptions{AsOf: alertsAsOf, WarnDays: 60}
	var lines []string
	for _, id := range []int64{r.oldLaptop.ID, r.ubuntuServer.ID, r.retired.ID} {
		lc, err := s.Lifecycle(ctx, id, opt)
		must(t, err)
		lines = append(lines, jsonLine(t, lc))
	}
	wantGolden(t, "alerts_lifecycle", lines)
	_, err := s.Lifecycle(ctx, 9999, opt)
	if assets.KindOf(err) != assets.KindNotFound {
		t.Errorf("lifecycle of a missing asset: %v, want not found", err)
	}
}

// fakeCatalog knows one OS, Plan 9, ended on 2026-01-01.
type fakeCatalog struct{}

func (fakeCatalog) MatchOS(os string, asOf assets.Date, warnDays int) (assets.CatalogMatch, bool) {
	if strings.HasPrefix(os, "Plan 9") {
		return assets.CatalogMatch{Release: "Plan 9 4e", EOL: date("2026-01-01"), Source: "test"}, true
	}
	return assets.CatalogMatch{}, false
}

func (fakeCatalog) MatchDevice(manufacturer, model string, asOf assets.Date, warnDays int) (assets.CatalogMatch, bool) {
	return assets.CatalogMatch{}, false
}

// alertsCatalog: the catalog the EOL rules consult is swapped and given back.
func alertsCatalog(t *testing.T, s AlertStore) {
	buildAlertsRegister(t, s)
	bundled, err := s.EOLCatalog()
	must(t, err)
	if bundled == nil {
		t.Fatal("no bundled catalog")
	}
	if _, ok := bundled.MatchOS("Windows 10 Pro 22H2", alertsAsOf, 90); !ok {
		t.Error("the bundled catalog does not know Windows 10")
	}
	opt := assets.AlertOptions{AsOf: alertsAsOf}
	ov, err := s.Overview(ctx, alertsAsOf)
	must(t, err)
	before := alertLines(t, ov.Alerts)
	s.SetEOLCatalog(fakeCatalog{})
	c, err := s.EOLCatalog()
	must(t, err)
	if _, ok := c.(fakeCatalog); !ok {
		t.Fatalf("EOLCatalog after SetEOLCatalog is %T", c)
	}
	list, err := s.AlertsFrom(ctx, "eol", opt)
	must(t, err)
	wantGolden(t, "alerts_fakecatalog", alertLines(t, sortedAlerts(list)))
	// The kept list is dropped with the old catalog.
	ov, err = s.Overview(ctx, alertsAsOf)
	must(t, err)
	all, err := s.Alerts(ctx, opt)
	must(t, err)
	wantLines(t, "overview with the new catalog", alertLines(t, ov.Alerts), alertLines(t, all))
	s.SetEOLCatalog(nil)
	ov, err = s.Overview(ctx, alertsAsOf)
	must(t, err)
	wantLines(t, "overview with the bundled catalog again", alertLines(t, ov.Alerts), before)
}

// alertsOverview: counts and every alert, kept while nothing changes.
func alertsOverview(t *testing.T, s AlertStore) {
	r := buildAlertsRegister(t, s)
	must(t, s.SetSetting(ctx, assets.SettingWarnDays, "45"))
	ov, err := s.Overview(ctx, alertsAsOf)
	must(t, err)
	wantEqual(t, "options", ov.Options, assets.AlertOptions{AsOf: alertsAsOf, WarnDays: 45})
	all, err := s.Alerts(ctx, ov.Options)
	must(t, err)
	wantLines(t, "overview alerts", alertLines(t, ov.Alerts), alertLines(t, all))
	wantGolden(t, "alerts_overview_counts", []string{jsonLine(t, ov.ByStatus), jsonLine(t, ov.ByCategory)})
	// Unchanged register: the same list (kept).
	again, err := s.Overview(ctx, alertsAsOf)
	must(t, err)
	wantLines(t, "overview again", alertLines(t, again.Alerts), alertLines(t, all))
	// A change: the list follows it.
	r.plan9.Status = assets.StatusRetired
	must(t, s.UpdateAsset(ctx, &r.plan9))
	after, err := s.Overview(ctx, alertsAsOf)
	must(t, err)
	fresh, err := s.Alerts(ctx, after.Options)
	must(t, err)
	wantLines(t, "overview after a change", alertLines(t, after.Alerts), alertLines(t, fresh))
	if len(after.Alerts) >= len(all) {
		t.Errorf("retiring an alerting asset left %d alerts (had %d)", len(after.Alerts), len(all))
	}
	s.ForgetAlerts()
	forgot, err := s.Overview(ctx, alertsAsOf)
	must(t, err)
	wantLines(t, "overview after ForgetAlerts", alertLines(t, forgot.Alerts), alertLines(t, fresh))
	// Another day is another list.
	later, err := s.Overview(ctx, date("2027-03-15"))
	must(t, err)
	laterAll, err := s.Alerts(ctx, later.Options)
	must(t, err)
	wantLines(t, "overview of another day", alertLines(t, later.Alerts), alertLines(t, laterAll))
}

// alertsEmpty: an empty register raises nothing.
func alertsEmpty(t *testing.T, s AlertStore) {
	opt := assets.AlertOptions{AsOf: alertsAsOf}
	list, err := s.Alerts(ctx, opt)
	must(t, err)
	if len(list) != 0 {
		t.Errorf("an empty register: %v", list)
	}
	for name := range alertFamilies {
		list, err := s.AlertsFrom(ctx, name, opt)
		must(t, err)
		if len(list) != 0 {
			t.Errorf("%s of an empty register: %v", name, list)
		}
	}
	ov, err := s.Overview(ctx, alertsAsOf)
	must(t, err)
	if len(ov.Alerts) != 0 {
		t.Errorf("overview of an empty register: %+v", ov)
	}
}

// alertsPlaces: every asset's category and location (empty ones too) and
// the location of every person who has one, for filtering alerts by place.
func alertsPlaces(t *testing.T, s AlertStore) {
	empty, err := s.AlertPlaces(ctx)
	must(t, err)
	if empty == nil || len(empty.Assets) != 0 || len(empty.People) != 0 {
		t.Fatalf("places of an empty register: %+v", empty)
	}
	leeds := assets.Asset{Name: "Laptop", Category: "laptop", Location: "Leeds", Status: assets.StatusDeployed}
	nowhere := assets.Asset{Name: "Phone", Category: "phone", Status: assets.StatusInStock}
	leeds2 := assets.Asset{Name: "Printer", Category: "printer", Location: "Leeds", Status: assets.StatusDeployed}
	for _, a := range []*assets.Asset{&leeds, &nowhere, &leeds2} {
		must(t, s.CreateAsset(ctx, a))
	}
	york := assets.Person{Name: "Ann Able", Email: "ann@example.com", Location: "York"}
	unplaced := assets.Person{Name: "Bo Bell", Email: "bo@example.com"}
	for _, p := range []*assets.Person{&york, &unplaced} {
		must(t, s.CreatePerson(ctx, p))
	}
	got, err := s.AlertPlaces(ctx)
	must(t, err)
	want := &assets.AlertPlaces{
		Assets: map[int64]assets.Place{
			leeds.ID:   {Category: "laptop", Location: "Leeds"},
			nowhere.ID: {Category: "phone"},
			leeds2.ID:  {Category: "printer", Location: "Leeds"},
		},
		People: map[int64]string{york.ID: "York"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("places\n got  %+v\n want %+v", got, want)
	}
	if pl := got.Of(assets.Ref{Entity: "person", ID: unplaced.ID}); pl != (assets.Place{}) {
		t.Errorf("a person with no location is at %+v", pl)
	}
}
