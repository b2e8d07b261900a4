package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzParseReport: whatever the input, ParseReport returns a report or an
// error (never panics); errors with a position point inside the input; a
// report it accepts survives a JSON round trip unchanged.
//
// Seeds: testdata/fuzz/FuzzParseReport plus the reports below.
func FuzzParseReport(f *testing.F) {
	b, _ := json.Marshal(sampleReport())
	f.Add(b)
	f.Add([]byte(`{"schema_version":1,"collected_at":"2026-01-02T03:04:05Z"}`))
	f.Add([]byte(`{"schema_version":2,"collected_at":"2026-01-02T03:04:05Z"}`))
	f.Add([]byte(`{"schema_version":1,"collected_at":"2026-01-02T03:04:05Z","cpu":{"cores":"x"}}`))
	f.Add([]byte("{\n\"schema_version\": 1,,\n}"))
	f.Add([]byte(`[]`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := ParseReport(bytes.NewReader(data))
		if err != nil {
			if rep != nil {
				t.Fatal("report and error both returned")
			}
			var pe *ParseError
			if errors.As(err, &pe) && pe.Line > 0 {
				lines := bytes.Count(data, []byte{'\n'}) + 1
				if pe.Line > lines || pe.Column < 1 {
					t.Fatalf("position line %d column %d outside input of %d lines", pe.Line, pe.Column, lines)
				}
			}
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if rep.SchemaVersion < 1 || rep.SchemaVersion > SchemaVersion || rep.CollectedAt.IsZero() {
			t.Fatalf("accepted a report with schema %d, time %v", rep.SchemaVersion, rep.CollectedAt)
		}
		out, err := json.Marshal(rep)
		if err != nil {
			t.Fatalf("accepted report does not encode: %v", err)
		}
		back, err := ParseReport(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("re-encoded report refused: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(normalizeForCompare(rep), normalizeForCompare(back)) {
			t.Fatalf("round trip changed the report:\n%+v\n%+v", rep, back)
		}
	})
}

// normalizeForCompare makes nil and empty slices equal and drops the
// monotonic/location detail of the time (JSON keeps the instant).
func normalizeForCompare(r *Report) string {
	b, _ := json.Marshal(r)
	return string(b)
}

// FuzzParseDpkgStatus: no panic; every package returned has a name and
// comes from dpkg; an error names a line that exists.
func FuzzParseDpkgStatus(f *testing.F) {
	for _, p := range []string{"testdata/roots/oem-desktop/var/lib/dpkg/status"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	if b, err := os.ReadFile("/var/lib/dpkg/status"); err == nil && len(b) < 1<<20 {
		// The first stanzas of the real file: real-world shapes.
		if i := bytes.Index(b[min(len(b), 4000):], []byte("\n\n")); i >= 0 {
			f.Add(b[:min(len(b), 4000)+i+2])
		}
	}
	f.Add([]byte("Package: a\nStatus: install ok installed\n"))
	f.Add([]byte("Package: a\n continued\n\n\tx\n"))
	f.Add([]byte("no colon here\n"))
	f.Add([]byte(":\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pkgs, err := ParseDpkgStatus(bytes.NewReader(data))
		for _, p := range pkgs {
			if p.Name == "" || p.Source != "dpkg" {
				t.Fatalf("package %+v", p)
			}
			if strings.ContainsAny(p.Name, "\n") {
				t.Fatalf("name spans lines: %q", p.Name)
			}
		}
		var de *DpkgError
		if errors.As(err, &de) && de.Line > 0 {
			if lines := bytes.Count(data, []byte{'\n'}) + 1; de.Line > lines {
				t.Fatalf("error at line %d of %d", de.Line, lines)
			}
		}
	})
}

// TestFuzzSeedCorpusExists keeps the checked-in seed corpus from going
// missing unnoticed.
func TestFuzzSeedCorpusExists(t *testing.T) {
	for _, dir := range []string{"testdata/fuzz/FuzzParseReport", "testdata/fuzz/FuzzParseDpkgStatus"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*"))
		if len(m) == 0 {
			t.Errorf("no seed corpus in %s", dir)
		}
	}
}
