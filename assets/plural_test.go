package assets

import (
	"regexp"
	"strings"
	"testing"
)

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n            int
		count, every string
	}{
		{0, "0 months", "every 0 months"},
		{1, "1 month", "every month"},
		{2, "2 months", "every 2 months"},
		{12, "12 months", "every 12 months"},
		{-1, "-1 month", "every -1 month"},
	} {
		if got := CountOf(c.n, "month", "months"); got != c.count {
			t.Errorf("CountOf(%d) = %q, want %q", c.n, got, c.count)
		}
		if got := Every(c.n, "month", "months"); got != c.every {
			t.Errorf("Every(%d) = %q, want %q", c.n, got, c.every)
		}
	}
	if Plural(1, "person", "people") != "person" || Plural(3, "person", "people") != "people" {
		t.Error("Plural picks the wrong word")
	}
}

// oneMany finds a count of one with a plural word.
var oneMany = regexp.MustCompile(`(^|[^0-9,.])1 (months|years|days|seats|assets|people)\b`)

// TestOneOfAUnit: reasons and descriptions with a count of one say "1 month",
// "every month", "1 year", never "1 months".
func TestOneOfAUnit(t *testing.T) {
	d := MustDate
	check := func(what, got, want string) {
		t.Helper()
		if !strings.Contains(got, want) || oneMany.MatchString(got) {
			t.Errorf("%s: %q, want it to say %q", what, got, want)
		}
	}
	monthly := Licence{Type: LicencePerSeat, Cost: Money{Minor: 100, Currency: "EUR"}, Renewal: d("2026-07-01"), TermMonths: 1}
	r, _ := monthly.RenewalPlan()
	check("licence renewing monthly", r.Reason, "renews every month")
	oneMonth := Licence{Type: LicencePerSeat, Cost: Money{Minor: 100, Currency: "EUR"}, Purchase: d("2026-06-01"), Expiry: d("2026-07-01")}
	r, _ = oneMonth.RenewalPlan()
	check("licence bought for a month", r.Reason, "renews for the 1 month it ran")
	check("depreciation over a year", Depreciation{Method: DepreciationStraight, Years: 1}.String(), "straight line over 1 year")
	check("course renewed monthly", Course{RenewalMonths: 1}.Renewal(), "every month")
	a, ok := AuditDueAlert(AuditDue{Category: "Phone", IntervalMonths: 1, LastAudited: d("2026-04-01")}, AlertOptions{AsOf: d("2026-06-01")})
	if !ok {
		t.Fatal("no audit alert")
	}
	check("monthly audit", a.Reason, "Phone is audited every month")
}
