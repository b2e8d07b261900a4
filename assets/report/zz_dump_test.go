package report

import (
	"io"
	"fmt"
	"os"
	"steward/assets"
	"testing"
)

func TestDumpForLooking(t *testing.T) {
	dir := os.Getenv("REPORT_DUMP")
	if dir == "" {
		t.Skip()
	}
	in, list := forecastFixture()
	p := writePDF(t, BuildForecast(in, list).Document(), A4)
	b, _ := os.ReadFile(p)
	os.WriteFile(dir+"/budget.pdf", b, 0o644)
}

func TestDumpRegister(t *testing.T) {
	dir := os.Getenv("REPORT_DUMP")
	if dir == "" {
		t.Skip()
	}
	p := writePDF(t, buildRegister(registerFixture(400), GroupLocation), A4)
	b, _ := os.ReadFile(p)
	os.WriteFile(dir+"/register.pdf", b, 0o644)
}

func TestDumpLabels(t *testing.T) {
	dir := os.Getenv("REPORT_DUMP")
	if dir == "" {
		t.Skip()
	}
	var list []assets.Asset
	for i := 1; i <= 30; i++ {
		list = append(list, assets.Asset{Tag: assets.FormatTag(int64(i)), Name: fmt.Sprintf("Laptop for %s", intlNames[i%len(intlNames)])})
	}
	p := writePDF(t, Labels(LabelsInput{Org: "Åberg AB", Paper: A4, Assets: list}), A4)
	b, _ := os.ReadFile(p)
	os.WriteFile(dir+"/labels.pdf", b, 0o644)
}

func TestDumpCJK(t *testing.T) {
	dir := os.Getenv("REPORT_DUMP")
	if dir == "" {
		t.Skip()
	}
	doc := &Document{Kind: "cjk", Title: "CJK 田中太郎 check", Org: "株式会社", AsOf: assets.MustDate("2026-01-01"),
		Sections: []Section{{Title: "Names", Columns: []Column{{Title: "Name"}}, Rows: [][]Cell{{T("田中太郎")}, {T("김민준")}, {T("Zoë")}}}}}
	p := writePDF(t, doc, A4)
	b, _ := os.ReadFile(p)
	os.WriteFile(dir+"/cjk.pdf", b, 0o644)
}

func BenchmarkLabels4k(b *testing.B) {
	list := benchAssets(4000)
	for b.Loop() {
		if err := WritePDF(io.Discard, Labels(LabelsInput{Org: "Åberg", Assets: list}), A4); err != nil {
			b.Fatal(err)
		}
	}
}
