package eol

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMatch: any string, no panic, and answers that hold together.
// Matching looks at no more than maxInput bytes, so its time is bounded
// whatever the input.
func FuzzMatch(f *testing.F) {
	for _, tc := range osCorpus {
		f.Add(tc.in)
	}
	for _, s := range []string{"Windows 10 10.0.99999", "Windows Server 2003 R2 SP", "SLES 15 SP", "LMDE", "v", "10.0.",
		"Windows 11 LTSC", "macOS ....", "Ubuntu 22.04\x00", "Windows 10 ltsb 2015 iot", strings.Repeat("windows ", 100)} {
		f.Add(s)
	}
	c, err := Bundled()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := c.matchOS(s)
		checkMatch(t, s, m)
		v := m.Status(d("2026-01-01"), 90)
		if v.Reason == "" {
			t.Fatalf("Match(%q): status without reason", s)
		}
	})
}

// FuzzMatchDevice: any manufacturer and model, no panic, consistent answers.
func FuzzMatchDevice(f *testing.F) {
	for _, tc := range deviceCorpus {
		f.Add(tc.manufacturer, tc.model)
	}
	f.Add("", "SM-")
	f.Add("Apple", "iPhone99,9")
	c, err := Bundled()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, manufacturer, model string) {
		m := c.matchDevice(manufacturer, model)
		checkMatch(t, manufacturer+"|"+model, m)
		if m.Product != nil && m.Product.Category != CategoryDevice {
			t.Fatalf("MatchDevice(%q, %q) gave the OS product %s", manufacturer, model, m.Product.ID)
		}
	})
}

func checkMatch(t *testing.T, in string, m Match) {
	t.Helper()
	if m.Reason == "" {
		t.Fatalf("%q: no reason", in)
	}
	if !utf8.ValidString(m.Reason) && utf8.ValidString(in) {
		t.Fatalf("%q: reason is not valid UTF-8: %q", in, m.Reason)
	}
	switch m.Problem {
	case Matched:
		if m.Release == nil || m.Product == nil || m.Release.Product != m.Product {
			t.Fatalf("%q: matched without a consistent release/product", in)
		}
	case Ambiguous:
		if m.Release != nil || len(m.Candidates) == 0 {
			t.Fatalf("%q: ambiguous with release %v and %d candidates", in, m.Release, len(m.Candidates))
		}
		for _, r := range m.Candidates {
			if r.Product != m.Product {
				t.Fatalf("%q: candidate %s of another product", in, r.Cycle)
			}
		}
	default:
		if m.Release != nil {
			t.Fatalf("%q: %v with a release", in, m.Problem)
		}
	}
}

// FuzzLoadUpdate: any bytes, no panic; what loads is well formed and can be
// applied to the bundled catalog and written out and read back.
func FuzzLoadUpdate(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, strings.TrimSuffix(strings.TrimSuffix(filepath.Base(file), ".json"), "-v1"))
	}
	f.Add([]byte(`[{"cycle": 7, "eol": true, "lts": "2015-01-01"}]`), "centos")
	f.Add([]byte(`{"result": {"name": "x", "category": "os", "releases": [{"name": "1", "eolFrom": null}]}}`), "")
	c, err := Bundled()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, product string) {
		u, err := LoadUpdate(bytes.NewReader(data), "fuzz.json", product)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if u.Product == "" || len(u.Releases) == 0 {
			t.Fatalf("loaded an update without product or releases: %+v", u)
		}
		for _, r := range u.Releases {
			if strings.TrimSpace(r.Cycle) == "" {
				t.Fatalf("release without cycle")
			}
		}
		next, _, err := c.Apply(u, "fuzz")
		if err != nil {
			return // unknown product in the older format
		}
		// Write and read back the updated product alone (the whole catalog
		// would make each run slow for no extra coverage).
		small := &Catalog{Source: next.Source, products: []*Product{next.Product(u.Product)}}
		var buf bytes.Buffer
		if err := small.Write(&buf); err != nil {
			t.Fatalf("write: %v", err)
		}
		if _, err := Load(&buf, "fuzz catalog"); err != nil {
			t.Fatalf("a catalog with an accepted update does not load back: %v", err)
		}
	})
}
