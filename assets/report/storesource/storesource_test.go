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
// Windows 10 ended on 2025-10-14, before the laptop's refresh date.
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
	doc, err := report.Build(ctx, New(s), report.Request{Kind: "eol", AsOf: assets.MustDate("2026-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	rows := doc.Sections[0].Rows
	if len(rows) != 1 || rows[0][4].Text != "2025-10-14" || rows[0][6].Text != "Past end of life" || !strings.Contains(rows[0][7].Text, "Windows 10") {
		t.Fatalf("EOL rows %v", rows)
	}
}
