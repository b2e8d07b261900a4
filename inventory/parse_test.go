package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sampleReport is a report with every field set, as a newer Steward
// would expect to read back.
func sampleReport() *Report {
	return &Report{
		SchemaVersion:    SchemaVersion,
		CollectorVersion: "1.2.3",
		CollectedAt:      time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC),
		Hostname:         "pc-042",
		Domain:           "office.example.org",
		TimeZone:         "Europe/Berlin",
		Product:          &Product{Vendor: "Dell Inc.", Model: "OptiPlex 7010", Family: "OptiPlex", Version: "1.0", Serial: "ABC1234", UUID: "4c4c4544-0042-3510-8052-b4c04f564433", SKU: "0A4B"},
		Chassis:          &Chassis{Type: ChassisDesktop, Description: "Mini Tower", Vendor: "Dell Inc.", Serial: "ABC1234", AssetTag: "INV-0042"},
		Baseboard:        &Baseboard{Vendor: "Dell Inc.", Product: "0GY6Y8", Version: "A00", Serial: "/ABC1234/CNFCW0000000/", AssetTag: "tag"},
		BIOS:             &BIOS{Vendor: "Dell Inc.", Version: "1.21.0", Date: "2024-02-01"},
		CPU:              &CPU{Vendor: "GenuineIntel", Model: "13th Gen Intel(R) Core(TM) i5-13500", Sockets: 1, Cores: 14, Threads: 20},
		Memory: &Memory{TotalBytes: 16 << 30, UsableBytes: 16<<30 - 300<<20, Modules: []MemoryModule{
			{Location: "DIMM1", Vendor: "SK Hynix", Serial: "1234ABCD", SizeBytes: 8 << 30},
			{Location: "DIMM2", Vendor: "SK Hynix", Serial: "1234ABCE", SizeBytes: 8 << 30},
		}},
		Disks: []Disk{{Name: "nvme0n1", Vendor: "", Model: "PC801 NVMe SK hynix 512GB", Serial: "SSB1N12345", WWN: "eui.ace42e00", SizeBytes: 512110190592, Type: DiskNVMe}},
		NICs:  []NIC{{Name: "eno1", MAC: "a4:bb:6d:01:02:03", SpeedMbps: 1000, PCIAddress: "0000:00:1f.6"}, {Name: "docker0", Virtual: true}},
		GPUs:  []GPU{{Vendor: "Intel Corporation", Model: "AlderLake-S GT1", Driver: "i915", PCIAddress: "0000:00:02.0"}},
		OS:    &OS{Family: "linux", Name: "Ubuntu", Version: "24.04", Build: "", Codename: "noble", PrettyName: "Ubuntu 24.04 LTS", Kernel: "6.8.0-31-generic", Architecture: "x86_64"},
		Software: []Software{
			{Name: "firefox", Version: "125.0", Publisher: "Mozilla", Source: "dpkg", Arch: "amd64"},
			{Name: "vim", Version: "2:9.1.0016-1ubuntu7", Publisher: "Ubuntu Developers", Source: "dpkg", Arch: "amd64"},
		},
		Warnings: []string{"gpu: something"},
	}
}

func TestReportJSONRoundTrip(t *testing.T) {
	reports := map[string]*Report{"sample": sampleReport()}
	live, err := Collect(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	reports["live"] = live
	snap, err := Collect(context.Background(), Options{Snapshot: thinkpadFixture})
	if err != nil {
		t.Fatal(err)
	}
	reports["thinkpad"] = snap
	for name, rep := range reports {
		t.Run(name, func(t *testing.T) {
			b, err := json.MarshalIndent(rep, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			back, err := ParseReport(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, rep) {
				t.Errorf("round trip changed the report:\n%+v\n%+v", rep, back)
			}
			b2, _ := json.MarshalIndent(back, "", "  ")
			if !bytes.Equal(b, b2) {
				t.Error("second encoding differs from the first")
			}
		})
	}
}

func TestReportOmitsMissingFacts(t *testing.T) {
	rep := &Report{SchemaVersion: 1, CollectedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Disks: []Disk{{Name: "sda"}}}
	b, _ := json.Marshal(rep)
	want := `{"schema_version":1,"collected_at":"2026-01-02T03:04:05Z","disks":[{"name":"sda"}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestParseReportErrors(t *testing.T) {
	tests := []struct {
		name, input string
		line, col   int
		contains    string
		newer       bool
	}{
		{name: "empty", input: "  \n", contains: "empty input"},
		{name: "array", input: "\n  [1,2]", line: 2, col: 3, contains: "expected a JSON object"},
		{name: "csv", input: "name,serial\n", line: 1, col: 1, contains: `found 'n'`},
		{name: "syntax", input: "{\n  \"schema_version\": 1,\n  \"hostname\": \"a\" \"b\"\n}", line: 3, col: 19, contains: "invalid JSON"},
		{name: "truncated", input: "{\n \"schema_version\": 1,\n \"cpu\": {", line: 3, col: 10, contains: "unexpected end"},
		{name: "type", input: "{\"schema_version\": 1,\n\"collected_at\": \"2026-01-02T03:04:05Z\",\n\"cpu\": {\"cores\": \"four\"}}", line: 3, col: 23, contains: `field "cpu.cores": expected a number, found a JSON string`},
		{name: "list type", input: `{"schema_version": 1, "collected_at": "2026-01-02T03:04:05Z", "disks": {}}`, line: 1, col: 72, contains: `field "disks": expected a list`},
		{name: "no version", input: `{"hostname": "x"}`, contains: `missing "schema_version"`},
		{name: "negative version", input: `{"schema_version": -3, "collected_at": "2026-01-02T03:04:05Z"}`, contains: "expected 1 to"},
		{name: "newer", input: `{"schema_version": 2, "collected_at": "2026-01-02T03:04:05Z"}`, contains: "schema version 2", newer: true},
		// A newer report may change field types; it is refused for its
		// version, not for the field.
		{name: "newer with new types", input: `{"schema_version": 7, "cpu": "a string now"}`, contains: "schema version 7", newer: true},
		{name: "no time", input: `{"schema_version": 1}`, contains: `missing "collected_at"`},
		{name: "bad time", input: `{"schema_version": 1, "collected_at": "yesterday"}`, contains: `"collected_at": expected a time`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseReport(strings.NewReader(tt.input))
			if err == nil {
				t.Fatal("want an error")
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not contain %q", err, tt.contains)
			}
			if errors.Is(err, ErrNewerSchema) != tt.newer {
				t.Errorf("errors.Is(ErrNewerSchema) = %v, want %v (%v)", !tt.newer, tt.newer, err)
			}
			var pe *ParseError
			if tt.line > 0 {
				if !errors.As(err, &pe) || pe.Line != tt.line || pe.Column != tt.col {
					t.Errorf("position: got %+v, want line %d column %d", pe, tt.line, tt.col)
				}
			}
		})
	}
}

func TestParseReportSizeLimit(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxReportSize+1)
	_, err := ParseReport(bytes.NewReader(big))
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v, want a size error", err)
	}
}

func TestParseReportFileNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pc.json")
	if err := os.WriteFile(path, []byte("{\n\"schema_version\": 1,,\n}"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ParseReportFile(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+": line 2, column 21: invalid JSON") {
		t.Fatalf("err = %v", err)
	}
}

func TestParseReportUnknownFieldsIgnored(t *testing.T) {
	// A report of the same version from a collector that added an optional
	// field reads fine; the field is dropped.
	rep, err := ParseReport(strings.NewReader(`{"schema_version":1,"collected_at":"2026-01-02T03:04:05Z","hostname":"a","future":{"x":1}}`))
	if err != nil || rep.Hostname != "a" {
		t.Fatalf("rep %+v err %v", rep, err)
	}
}

func TestParseReportBytesMatchesParseReport(t *testing.T) {
	b, _ := json.Marshal(sampleReport())
	a, err1 := ParseReportBytes(b)
	c, err2 := ParseReport(bytes.NewReader(b))
	if err1 != nil || err2 != nil || !reflect.DeepEqual(a, c) {
		t.Fatalf("%v %v", err1, err2)
	}
	if _, err := ParseReportBytes(make([]byte, MaxReportSize+1)); err == nil {
		t.Error("oversized input accepted")
	}
}
