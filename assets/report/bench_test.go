package report

import (
	"fmt"
	"io"
	"runtime"
	"testing"

	"steward/assets"
)

// benchAssets is a deterministic fleet of n assets over the default
// categories, bought over the last eight years, in 40 locations.
func benchAssets(n int) []assets.Asset {
	cats := assets.DefaultCategories
	list := make([]assets.Asset, n)
	start := assets.MustDate("2018-01-01")
	for i := range list {
		c := cats[i%len(cats)]
		list[i] = assets.Asset{
			ID: int64(i + 1), Tag: assets.FormatTag(int64(i + 1)), Name: fmt.Sprintf("%s %d for %s", c.Label, i+1, intlNames[i%len(intlNames)]),
			Category: c.Name, Status: assets.Statuses[i%4], Location: fmt.Sprintf("Site %02d", i%40),
			AssignedName: intlNames[i%len(intlNames)], PurchaseDate: start.AddDays((i * 7) % 2900),
			Cost: assets.Money{Minor: int64(20000 + (i%50)*3000), Currency: "EUR"},
		}
	}
	return list
}

func benchCategories() []assets.Category {
	cats := append([]assets.Category(nil), assets.DefaultCategories...)
	for i := range cats {
		cats[i].ReplacementCost = assets.Money{Minor: int64(50000 + i*25000), Currency: "EUR"}
	}
	return cats
}

// reportMem reports the memory the Go runtime has obtained from the OS, an
// upper bound of the heap's peak so far in this process, in MB (run one
// benchmark alone for its own peak: -bench RegisterPDF10k).
func reportMem(b *testing.B) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.Sys)/(1<<20), "MB-sys")
}

// BenchmarkBudgetPDF100k: forecast of 100,000 assets (with 200 licences,
// 100 contracts and 500 tasks) to a PDF. Target: under 2 s.
func BenchmarkBudgetPDF100k(b *testing.B) {
	list := benchAssets(100_000)
	in := ForecastInput{Org: "Åberg & Søn AB", AsOf: assets.MustDate("2026-11-22"), Categories: benchCategories()}
	for i := range 200 {
		in.Licences = append(in.Licences, Renewal{Name: fmt.Sprintf("Licence %d", i), Vendor: "Vendor", Next: in.AsOf.AddDays(i * 3), TermMonths: 12, Cost: eur("1200")})
	}
	for i := range 100 {
		in.Contracts = append(in.Contracts, Renewal{Name: fmt.Sprintf("Contract %d", i), Vendor: "Σωκράτης", Next: in.AsOf.AddDays(i * 5), TermMonths: 36, Cost: eur("5000")})
	}
	for i := range 500 {
		in.Tasks = append(in.Tasks, PlannedTask{Title: fmt.Sprintf("Upgrade %d", i), AssetTag: assets.FormatTag(int64(i)), Due: in.AsOf.AddDays(i), Cost: eur("150")})
	}
	runtime.GC()
	b.ResetTimer()
	for b.Loop() {
		doc := BuildForecast(in, list).Document()
		if err := WritePDF(io.Discard, doc, A4); err != nil {
			b.Fatal(err)
		}
	}
	reportMem(b)
}

// BenchmarkRegisterPDF10k: a register of 10,000 assets grouped by location
// to a PDF. Target: under 3 s, peak memory under 300 MB.
func BenchmarkRegisterPDF10k(b *testing.B) {
	list := benchAssets(10_000)
	runtime.GC()
	b.ResetTimer()
	for b.Loop() {
		rb := NewRegister(RegisterInput{Org: "Åberg & Søn AB", AsOf: assets.MustDate("2026-11-22"), GroupBy: GroupLocation, Categories: benchCategories()})
		for i := range list {
			rb.Add(&list[i])
		}
		if err := WritePDF(io.Discard, rb.Document(), A4); err != nil {
			b.Fatal(err)
		}
	}
	reportMem(b)
}

// BenchmarkRegisterXLSX10k and CSV: the same register in the other formats.
func BenchmarkRegisterXLSX10k(b *testing.B) {
	list := benchAssets(10_000)
	b.ResetTimer()
	for b.Loop() {
		rb := NewRegister(RegisterInput{AsOf: assets.MustDate("2026-11-22"), GroupBy: GroupLocation})
		for i := range list {
			rb.Add(&list[i])
		}
		if err := WriteXLSX(io.Discard, rb.Document()); err != nil {
			b.Fatal(err)
		}
	}
	reportMem(b)
}

// BenchmarkLabelsPDF1k: 1,000 labels with QR codes (42 A4 sheets).
func BenchmarkLabelsPDF1k(b *testing.B) {
	list := benchAssets(1000)
	b.ResetTimer()
	for b.Loop() {
		if err := WritePDF(io.Discard, Labels(LabelsInput{Org: "Åberg", Assets: list}), A4); err != nil {
			b.Fatal(err)
		}
	}
}
