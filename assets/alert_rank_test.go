package assets

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestKindRankCoversEveryKindOnce(t *testing.T) {
	seen := map[int]string{}
	for _, k := range AlertKinds {
		r := KindRank(k)
		if r == KindRankOther {
			t.Errorf("kind %q has no rank", k)
		}
		if other, dup := seen[r]; dup {
			t.Errorf("kinds %q and %q share rank %d", k, other, r)
		}
		seen[r] = k
		if KindTitle(k) == k {
			t.Errorf("kind %q has no title", k)
		}
	}
	if got := RankedKinds(); len(got) != len(AlertKinds) {
		t.Errorf("RankedKinds has %d kinds, AlertKinds %d", len(got), len(AlertKinds))
	}
	for i, k := range RankedKinds() {
		if KindRank(k) != i {
			t.Errorf("RankedKinds[%d] = %q ranks %d", i, k, KindRank(k))
		}
	}
	if KindRank("no_such_kind") != KindRankOther {
		t.Error("an unknown kind should rank last")
	}
}

// TestRankOrder is the ranking rule in examples: each row must come
// before the next one.
func TestRankOrder(t *testing.T) {
	d := MustDate
	crit, warn, info := SeverityCritical, SeverityWarning, SeverityInfo
	in := []struct {
		name string
		a    Alert
	}{
		{"critical leaver holding 5", Alert{Kind: AlertLeaverHolding, Severity: crit, Impact: 5, Date: d("2026-03-01"), Subject: "Zed"}},
		{"critical leaver holding 2, earlier", Alert{Kind: AlertLeaverHolding, Severity: crit, Impact: 2, Date: d("2026-01-01"), Subject: "Ann"}},
		{"critical leaver holding 2, later", Alert{Kind: AlertLeaverHolding, Severity: crit, Impact: 2, Date: d("2026-02-01"), Subject: "Ann"}},
		{"critical expired licence in use on 40", Alert{Kind: AlertLicenceExpiry, Severity: crit, Impact: 40, Date: d("2026-05-01")}},
		{"critical expired licence in use on 3", Alert{Kind: AlertLicenceExpiry, Severity: crit, Impact: 3, Date: d("2025-01-01")}},
		{"critical OS unsupported, longest", Alert{Kind: AlertOSSupport, Severity: crit, Date: d("2020-01-14"), Subject: "ST-2"}},
		{"critical OS unsupported, subject A", Alert{Kind: AlertOSSupport, Severity: crit, Date: d("2025-10-14"), Subject: "ST-1"}},
		{"critical OS unsupported, subject B", Alert{Kind: AlertOSSupport, Severity: crit, Date: d("2025-10-14"), Subject: "ST-3"}},
		{"critical shortfall 10", Alert{Kind: AlertLicenceShortfall, Severity: crit, Impact: 10}},
		{"critical shortfall 1", Alert{Kind: AlertLicenceShortfall, Severity: crit, Impact: 1}},
		{"critical return 60 days late", Alert{Kind: AlertReturnOverdue, Severity: crit, Date: d("2026-01-01")}},
		{"critical EOL", Alert{Kind: AlertEOL, Severity: crit, Date: d("2019-01-01")}},
		{"critical unknown kind", Alert{Kind: "zz_new", Severity: crit, Date: d("2000-01-01")}},
		{"warning expired licence unused", Alert{Kind: AlertLicenceExpiry, Severity: warn, Date: d("2026-01-01")}},
		{"warning return overdue", Alert{Kind: AlertReturnOverdue, Severity: warn, Date: d("2026-02-20")}},
		{"warning training overdue", Alert{Kind: AlertTrainingOverdue, Severity: warn, Date: d("2025-06-01")}},
		{"warning EOL soon", Alert{Kind: AlertEOL, Severity: warn, Date: d("2026-04-01")}},
		{"warning warranty ending", Alert{Kind: AlertWarranty, Severity: warn, Date: d("2026-03-10")}},
		{"warning task overdue", Alert{Kind: AlertTaskOverdue, Severity: warn, Date: d("2025-01-01")}},
		{"warning audit due", Alert{Kind: AlertAuditDue, Severity: warn, Date: d("2024-01-01")}},
		{"info warranty lapsed", Alert{Kind: AlertWarranty, Severity: info, Date: d("2026-01-01")}},
		{"info training due", Alert{Kind: AlertTrainingDue, Severity: info, Date: d("2026-03-01")}},
		{"info task due, record 1", Alert{Kind: AlertTaskDue, Severity: info, Date: d("2026-03-01"), Ref: Ref{"task", 1}}},
		{"info task due, record 2", Alert{Kind: AlertTaskDue, Severity: info, Date: d("2026-03-01"), Ref: Ref{"task", 2}}},
	}
	for i := 0; i+1 < len(in); i++ {
		if c := CompareAlerts(&in[i].a, &in[i+1].a); c >= 0 {
			t.Errorf("%q should come before %q (compare = %d)", in[i].name, in[i+1].name, c)
		}
		if c := CompareAlerts(&in[i+1].a, &in[i].a); c <= 0 {
			t.Errorf("%q should come after %q (compare = %d)", in[i+1].name, in[i].name, c)
		}
	}
	// Shuffled and sorted, the list comes back in this order.
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		list := make([]Alert, len(in))
		for i, x := range in {
			list[i] = x.a
		}
		rnd.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
		SortAlerts(list)
		for i := range list {
			if list[i] != in[i].a {
				t.Fatalf("sorted[%d] is %+v, want %q", i, list[i], in[i].name)
			}
		}
	}
}

func TestBuildersSetImpact(t *testing.T) {
	l := &Licence{ID: 7, Product: "Office"}
	got := LicenceAlerts(l, Compliance{Shortfall: 4, Term: TermExpired, InUse: 12, DaysLeft: -3, End: MustDate("2026-01-01")})
	if len(got) != 2 || got[0].Impact != 4 || got[1].Impact != 12 || got[1].Severity != SeverityCritical {
		t.Fatalf("licence alerts %+v: want impact 4 (shortfall) and 12 (in use)", got)
	}
	unused := LicenceAlerts(l, Compliance{Term: TermExpired, DaysLeft: -3, End: MustDate("2026-01-01")})
	if len(unused) != 1 || unused[0].Impact != 0 {
		t.Fatalf("an expired unused licence has no impact: %+v", unused)
	}
	p := Person{ID: 3, Name: "Ann", Email: "ann@example.com", LeaveDate: MustDate("2026-01-01")}
	a, ok := LeaverAlert(p, MustDate("2026-02-01"), []string{"ST-1", "ST-2"}, 3)
	if !ok || a.Impact != 5 {
		t.Fatalf("leaver alert %+v (%v): want impact 2 assets + 3 seats = 5", a, ok)
	}
}

func TestAlertGroups(t *testing.T) {
	var list []Alert
	add := func(sev Severity, kind string, n int) {
		for i := range n {
			list = append(list, Alert{Kind: kind, Severity: sev, Subject: fmt.Sprintf("S%04d", i)})
		}
	}
	add(SeverityCritical, AlertLeaverHolding, 3)
	add(SeverityCritical, AlertEOL, 1000)
	add(SeverityCritical, "aa_new", 2)
	add(SeverityCritical, "bb_new", 1)
	add(SeverityWarning, AlertEOL, 7)
	add(SeverityInfo, AlertTaskDue, 1)
	SortAlerts(list)
	got := AlertGroups(list)
	want := []AlertGroup{
		{SeverityCritical, AlertLeaverHolding, 0, 3},
		{SeverityCritical, AlertEOL, 3, 1000},
		{SeverityCritical, "", 1003, 3}, // unknown kinds, one group
		{SeverityWarning, AlertEOL, 1006, 7},
		{SeverityInfo, AlertTaskDue, 1013, 1},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("groups\n got %+v\nwant %+v", got, want)
	}
	if AlertGroups(nil) != nil {
		t.Error("no alerts, no groups")
	}
}

func TestParseSeverity(t *testing.T) {
	for _, s := range []Severity{SeverityCritical, SeverityWarning, SeverityInfo} {
		if got, ok := ParseSeverity(s.String()); !ok || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s, got, ok)
		}
	}
	if _, ok := ParseSeverity("urgent"); ok {
		t.Error("urgent is no severity")
	}
}

func TestAlertFilterAndTiles(t *testing.T) {
	places := &AlertPlaces{
		Assets: map[int64]Place{1: {"laptop", "Leeds"}, 2: {"server", "London"}},
		People: map[int64]string{9: "Leeds"},
	}
	list := []Alert{
		{Kind: AlertLeaverHolding, Severity: SeverityCritical, Ref: Ref{"person", 9}},
		{Kind: AlertLicenceExpiry, Severity: SeverityCritical, Ref: Ref{"licence", 4}},
		{Kind: AlertLicenceExpiry, Severity: SeverityWarning, Ref: Ref{"licence", 5}},
		{Kind: AlertEOL, Severity: SeverityCritical, Ref: Ref{"asset", 1}},
		{Kind: AlertEOL, Severity: SeverityWarning, Ref: Ref{"asset", 2}},
		{Kind: AlertOSSupport, Severity: SeverityCritical, Ref: Ref{"asset", 2}},
		{Kind: AlertTaskOverdue, Severity: SeverityWarning, Ref: Ref{"task", 1}},
		{Kind: AlertReturnOverdue, Severity: SeverityCritical, Ref: Ref{"asset", 1}},
		{Kind: AlertReturnOverdue, Severity: SeverityWarning, Ref: Ref{"asset", 2}},
		{Kind: AlertWarranty, Severity: SeverityInfo, Ref: Ref{"asset", 1}},
	}
	for _, c := range []struct {
		name string
		f    AlertFilter
		want []int32
	}{
		{"everything", AlertFilter{}, []int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"kind", AlertFilter{Kinds: []string{AlertEOL}}, []int32{3, 4}},
		{"severity", AlertFilter{Severities: []Severity{SeverityWarning}}, []int32{2, 4, 6, 8}},
		{"kind and severity", AlertFilter{Kinds: []string{AlertEOL}, Severities: []Severity{SeverityWarning}}, []int32{4}},
		{"category", AlertFilter{Category: "Laptop"}, []int32{3, 7, 9}},
		{"location, people too", AlertFilter{Location: "leeds"}, []int32{0, 3, 7, 9}},
		{"location and severity", AlertFilter{Location: "London", Severities: []Severity{SeverityCritical}}, []int32{5}},
		{"tile and select with nothing in common", AlertFilter{Kinds: []string{AlertEOL}}.And(AlertFilter{Kinds: []string{AlertWarranty}}), nil},
		{"tile and select", AlertFilter{Kinds: []string{AlertTaskOverdue, AlertReturnOverdue}}.And(AlertFilter{Kinds: []string{AlertReturnOverdue}, Location: "Leeds"}), []int32{7}},
	} {
		if got := FilterAlerts(list, c.f, places); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	tiles := Tiles(list, 17)
	want := map[string]int{"leavers": 1, "shortfalls": 0, "expired_in_use": 1, "os_support": 1, "training": 0,
		"refresh": 1, "warranties": 0, "overdue": 3, "unknown_devices": 17}
	if len(tiles) != len(want) {
		t.Fatalf("%d tiles, want %d", len(tiles), len(want))
	}
	for _, tl := range tiles {
		if tl.N != want[tl.ID] {
			t.Errorf("tile %s counts %d, want %d", tl.ID, tl.N, want[tl.ID])
		}
		if !tl.Devices {
			if n := len(FilterAlerts(list, tl.Filter, nil)); n != tl.N {
				t.Errorf("tile %s counts %d but its filter picks %d", tl.ID, tl.N, n)
			}
		}
	}
}
