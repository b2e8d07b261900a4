package app

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"steward/assets"
)

// oneMany finds a count of one with a plural word ("every 1 months").
var oneMany = regexp.MustCompile(`(^|[^0-9,.])1 (months|mo|days|alerts|warnings|assets|tasks|contracts|licences|rows|scans|devices)\b`)

// TestScreensSayOneOfAUnit: the upgrades, licences, alerts and lifecycle
// texts say "every month", "1 day", "1 warning" for a count of one.
func TestScreensSayOneOfAUnit(t *testing.T) {
	ctx := context.Background()
	u, store := newTestUI(t, 0)
	today := u.today()
	check := func(what, got, want string) {
		t.Helper()
		if !strings.Contains(got, want) || oneMany.MatchString(got) {
			t.Errorf("%s: %q, want %q", what, got, want)
		}
	}
	check("licence renewal", renewsText(assets.Licence{TermMonths: 1}), "yes, every month")
	check("licence renewal", renewsText(assets.Licence{TermMonths: 3}), "yes, every 3 months")
	check("alert summary", alertSummary([]assets.Alert{{Severity: assets.SeverityWarning}}, assets.AlertOptions{AsOf: today}), "1 alert as of")
	check("alert summary", alertSummary([]assets.Alert{{Severity: assets.SeverityWarning}}, assets.AlertOptions{AsOf: today}), "1 warning,")
	check("no alerts", alertSummary(nil, assets.AlertOptions{AsOf: today, WarnDays: 1}), "within 1 day,")

	a := assets.Asset{Name: "Printer", Category: "printer", Status: assets.StatusDeployed}
	if err := store.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	task := assets.Task{Kind: assets.TaskMaintenance, Title: "Clean", Due: today.AddDays(-1), EveryMonths: 1, AssetIDs: []int64{a.ID}}
	if err := store.CreateTask(ctx, &task); err != nil {
		t.Fatal(err)
	}
	u.ShowScreen("Upgrades")
	u.wait()
	s := screenOf[*upgradesScreen](t, u)
	if len(s.rows) != 1 {
		t.Fatalf("%d tasks on the Upgrades screen", len(s.rows))
	}
	check("repeat column", s.cell(0, 5), "every month")
	check("task count", s.status.Text, "1 task,")
	s.pick(s.rows[0])
	u.wait()
	check("task details", s.detail.Text, "repeats every month")

	opt, err := store.AlertOptionsAt(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	lc, err := store.Lifecycle(ctx, a.ID, opt)
	if err != nil {
		t.Fatal(err)
	}
	check("lifecycle tab", lifecycleText(lc, today), "overdue by 1 day")
}
