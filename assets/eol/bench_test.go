package eol

import (
	"fmt"
	"testing"

	"steward/assets"
)

// fleetOS is the OS column of a 100,000-asset fleet: the corpus strings in
// proportion, plus Windows machines at many patch levels (the build's
// revision number differs from machine to machine, as WMI reports it), so
// that about 1,100 strings are distinct.
func fleetOS(n int) []string {
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		switch i % 4 {
		case 0, 1:
			out = append(out, fmt.Sprintf("Microsoft Windows 11 Pro 10.0.22631.%d", 2000+i%500))
		case 2:
			out = append(out, fmt.Sprintf("Microsoft Windows 10 Enterprise 10.0.19045.%d", 3000+i%500))
		default:
			out = append(out, osCorpus[i%len(osCorpus)].in)
		}
	}
	return out
}

// allDistinct is the worst case: every asset has its own string.
func allDistinct(n int) []string {
	out := make([]string, n)
	for i := range out {
		switch i % 3 {
		case 0:
			out[i] = fmt.Sprintf("Microsoft Windows 10 Pro 10.0.19045.%d", i)
		case 1:
			out[i] = fmt.Sprintf("Ubuntu 22.04.%d LTS", i)
		default:
			out[i] = fmt.Sprintf("macOS 14.%d.%d", i%10, i)
		}
	}
	return out
}

func freshCatalog(b *testing.B) *Catalog {
	c, err := parseCatalog(bundledJSON, "bundled")
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkFleet100kMatchAndStatus: the EOL flag of 100,000 assets, from
// a catalog loaded just before (cold cache): Match + Status for each.
func BenchmarkFleet100kMatchAndStatus(b *testing.B) {
	oses := fleetOS(100_000)
	asOf := assets.MustDate("2026-11-22")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		c := freshCatalog(b)
		b.StartTimer()
		n := 0
		for _, s := range oses {
			if _, v := c.StatusOS(s, asOf, 90); v.State == EndOfLife {
				n++
			}
		}
		if n == 0 {
			b.Fatal("no end-of-life asset in the fleet")
		}
	}
}

// BenchmarkFleet100kWarm: the same on a catalog that has seen the fleet
// (the second dashboard refresh).
func BenchmarkFleet100kWarm(b *testing.B) {
	oses := fleetOS(100_000)
	asOf := assets.MustDate("2026-11-22")
	c := freshCatalog(b)
	for _, s := range oses {
		c.StatusOS(s, asOf, 90)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range oses {
			c.StatusOS(s, asOf, 90)
		}
	}
}

// BenchmarkFleet100kAllDistinct: worst case, 100,000 different strings
// (the cache stops growing at 65,536 entries).
func BenchmarkFleet100kAllDistinct(b *testing.B) {
	oses := allDistinct(100_000)
	asOf := assets.MustDate("2026-11-22")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		c := freshCatalog(b)
		b.StartTimer()
		for _, s := range oses {
			c.StatusOS(s, asOf, 90)
		}
	}
}

// BenchmarkMatchOneUncached: one OS string matched without the cache.
func BenchmarkMatchOneUncached(b *testing.B) {
	c := freshCatalog(b)
	c.idx()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.matchOS(osCorpus[i%len(osCorpus)].in)
		i++
	}
}

// BenchmarkMatchDeviceUncached: one device matched without the cache.
func BenchmarkMatchDeviceUncached(b *testing.B) {
	c := freshCatalog(b)
	c.idx()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tc := deviceCorpus[i%len(deviceCorpus)]
		c.matchDevice(tc.manufacturer, tc.model)
		i++
	}
}

// BenchmarkLoadBundled: parsing the embedded catalog and building its index
// (paid once per process).
func BenchmarkLoadBundled(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c, err := parseCatalog(bundledJSON, "bundled")
		if err != nil {
			b.Fatal(err)
		}
		c.idx()
	}
}
