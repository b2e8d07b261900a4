package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkCollect is the whole in-process collection on this machine
// (hardware, OS, software), without process start-up.
func BenchmarkCollect(b *testing.B) {
	for b.Loop() {
		if _, err := Collect(context.Background(), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCollectCategory times each category on its own, sequentially
// (Collect runs them side by side).
func BenchmarkCollectCategory(b *testing.B) {
	c := &collector{root: "/", w: &warnings{}}
	ctx := context.Background()
	cats := []struct {
		name string
		run  func()
	}{
		{catDMI, func() { c.dmi(&Report{}) }},
		{catCPU, func() { c.cpu() }},
		{catMemory, func() { c.memory() }},
		{catBlock, func() { c.disks() }},
		{catNet, func() { c.nics() }},
		{catGPU, func() { c.gpus() }},
		{catHost, func() { c.host() }},
		{catSoftware, func() { c.software(ctx) }},
	}
	for _, cat := range cats {
		b.Run(cat.name, func(b *testing.B) {
			for b.Loop() {
				cat.run()
			}
		})
	}
}

func BenchmarkParseDpkgStatus(b *testing.B) {
	data, err := os.ReadFile("/var/lib/dpkg/status")
	if err != nil {
		b.Skip("no dpkg status file here")
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseDpkgStatus(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// typicalReportJSON is this machine's report (with its installed software)
// as steward inventory --out writes it.
func typicalReportJSON(b *testing.B) []byte {
	rep, err := Collect(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	if len(rep.Software) == 0 {
		rep.Software = sampleReport().Software
	}
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func BenchmarkParseReport(b *testing.B) {
	data := typicalReportJSON(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseReport(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse1000ReportFiles reads and parses 1,000 report files, the
// size of a large site visit's import (target: under 5 s for the import).
func BenchmarkParse1000ReportFiles(b *testing.B) {
	data := typicalReportJSON(b)
	dir := b.TempDir()
	var paths []string
	for i := 0; i < 1000; i++ {
		p := filepath.Join(dir, fmt.Sprintf("pc-%04d.json", i))
		// Each file a different host, as in a real import.
		d := bytes.Replace(data, []byte(`"schema_version": 1,`), []byte(fmt.Sprintf(`"schema_version": 1, "hostname": "pc-%04d",`, i)), 1)
		if err := os.WriteFile(p, d, 0o600); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, p)
	}
	b.SetBytes(int64(len(data)) * 1000)
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		for _, p := range paths {
			if _, err := ParseReportFile(p); err != nil {
				b.Fatal(err)
			}
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/1000files")
	b.ReportMetric(float64(len(data))/1024, "KiB/report")
}
