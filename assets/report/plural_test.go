package report

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"steward/assets"
)

// oneMany finds a count of one with a plural word ("1 months").
var oneMany = regexp.MustCompile(`(^|[^0-9,.])1 (months|years|days|seats|assets|labels|tasks|renewals|replacements)\b`)

// TestReportsSayOneOfAUnit: a look-ahead of one month or one day, one label,
// one asset short of a policy, a licence renewing tomorrow: the reports say
// "1 month", "1 day", never "1 months".
func TestReportsSayOneOfAUnit(t *testing.T) {
	asOf := assets.MustDate("2026-06-01")
	text := func(doc *Document) string {
		t.Helper()
		var buf bytes.Buffer
		if err := Write(context.Background(), &buf, doc, "csv", A4); err != nil {
			t.Fatal(err)
		}
		return buf.String() + doc.Subtitle
	}
	laptop := assets.Asset{ID: 1, Tag: "ST-1", Name: "Laptop", Category: "laptop", Status: assets.StatusDeployed,
		PurchaseDate: assets.MustDate("2022-06-10"), Cost: eur("1000")}
	e := NewExposure(ExposureInput{AsOf: asOf, Months: 1, Categories: []assets.Category{{Name: "laptop", Label: "Laptop", RefreshYears: 4}},
		Warranties: []Warranty{{AssetID: 1, Ends: assets.MustDate("2026-06-20")}}})
	e.Add(&laptop)
	lic := Licences(LicenceInput{AsOf: asOf, SoonDays: 1, Currency: "EUR", Licences: []LicenceUse{
		{Name: "Office", Seats: 5, Assigned: 3, Renewal: asOf.AddDays(1)}}})
	for name, doc := range map[string]*Document{
		"exposure": e.Build().Document(),
		"licences": lic,
		"training": Training(TrainingInput{AsOf: asOf, SoonDays: 1}),
		"labels":   Labels(LabelsInput{AsOf: asOf, Paper: A4, Assets: []assets.Asset{laptop}}),
	} {
		s := text(doc)
		if m := oneMany.FindString(s); m != "" {
			t.Errorf("%s report says %q", name, m)
		}
		want := map[string]string{"exposure": "within 1 month", "licences": "in 1 day", "training": "Due in 1 day", "labels": "1 label on"}[name]
		if !bytes.Contains([]byte(s), []byte(want)) {
			t.Errorf("%s report lacks %q:\n%s", name, want, s)
		}
	}
}
