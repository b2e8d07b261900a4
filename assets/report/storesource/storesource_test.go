package storesource

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/report"
	"steward/assets/sqlite"
)

// The exposure report takes end-of-life dates from the bundled catalog:
// The catalog judges the hardware (the device model) and the operating
// system apart: Windows 10 ended on 2025-10-14, long before the laptop's
// refresh date, so the laptop is in the OS section with its upgrade path,
// not past end of life; an iPhone 8 (ended 2025-03-31) is.
func TestExposureUsesTheEOLCatalog(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := assets.Asset{Name: "Zoë's laptop", Category: "laptop", Status: assets.StatusDeployed, OS: "Windows 10 Pro 22H2",
		PurchaseDate: assets.MustDate("2024-01-01")}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	p := assets.Asset{Name: "Old phone", Category: "phone", Status: assets.StatusDeployed, Manufacturer: "Apple", Model: "iPhone 8",
		PurchaseDate: assets.MustDate("2024-06-01")}
	if err := s.CreateAsset(ctx, &p); err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ctx, New(s), report.Request{Kind: "eol", AsOf: assets.MustDate("2026-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	rows := doc.Sections[0].Rows
	if len(rows) != 1 || rows[0][1].Text != "Old phone" || rows[0][4].Text != "2025-03-31" || rows[0][6].Text != "Past end of life" || !strings.Contains(rows[0][7].Text, "iPhone 8") {
		t.Fatalf("EOL rows %v", rows)
	}
	os := doc.Sections[1]
	if os.Title != "OS and firmware support" || len(os.Rows) != 1 {
		t.Fatalf("OS section %+v", os)
	}
	// The upgrade path is judged over the report's window: 11 24H2 ends within it.
	if r := os.Rows[0]; r[1].Text != "Zoë's laptop" || r[4].Text != "2025-10-14" || r[6].Text != "Unsupported" || r[7].Text != "Windows 10 22H2" ||
		r[8].Text != "Windows 11 25H2 Home/Pro" || r[9].Text != "extended (often paid) security support until 2028-10-10" {
		t.Fatalf("OS row %v", r)
	}
}
