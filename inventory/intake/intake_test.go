package intake

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"steward/assets"
	"steward/inventory"
)

func TestFacts(t *testing.T) {
	rep := &inventory.Report{
		Hostname: "pc-7",
		Chassis:  &inventory.Chassis{Type: inventory.ChassisDesktop, Serial: "CH-1"},
		NICs:     []inventory.NIC{{Name: "eth0", MAC: "aa:bb:cc:00:00:01"}, {Name: "docker0", MAC: "02:42:ac:11:00:01", Virtual: true}, {Name: "lo"}},
		OS:       &inventory.OS{Name: "Debian GNU/Linux", Version: "12"},
	}
	want := assets.MachineFacts{HostName: "pc-7", Serial: "CH-1", Chassis: "desktop", MACs: []string{"aa:bb:cc:00:00:01"}, OS: "Debian GNU/Linux 12"}
	if got := Facts(rep); !reflect.DeepEqual(got, want) {
		t.Errorf("Facts = %+v\nwant %+v", got, want)
	}
	// The product's serial wins over the chassis's; the pretty name over name+version.
	rep.Product = &inventory.Product{Vendor: "Dell Inc.", Model: "OptiPlex 7010", Serial: "7XK2Q3"}
	rep.OS.PrettyName = "Debian GNU/Linux 12 (bookworm)"
	got := Facts(rep)
	if got.Serial != "7XK2Q3" || got.Manufacturer != "Dell Inc." || got.OS != "Debian GNU/Linux 12 (bookworm)" {
		t.Errorf("Facts = %+v", got)
	}
}

func TestFromReportKeepsJSONAndDiffsAgainstPrevious(t *testing.T) {
	old := &inventory.Report{SchemaVersion: 1, CollectedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Memory: &inventory.Memory{TotalBytes: 16 << 30}}
	cur := &inventory.Report{SchemaVersion: 1, CollectedAt: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), Memory: &inventory.Memory{TotalBytes: 8 << 30},
		Software: []inventory.Software{{Name: "7-Zip", Version: "23.01", Publisher: "Igor Pavlov"}}}
	prev, err := FromReport(old, "a")
	if err != nil {
		t.Fatal(err)
	}
	in, err := FromReport(cur, "this computer")
	if err != nil {
		t.Fatal(err)
	}
	if back, err := inventory.ParseReportBytes(in.Report); err != nil || !back.CollectedAt.Equal(cur.CollectedAt) {
		t.Fatalf("kept JSON does not parse back: %v", err)
	}
	if in.Source != "this computer" || len(in.Software) != 1 || in.Software[0].Publisher != "Igor Pavlov" {
		t.Errorf("import = %+v", in)
	}
	changes := in.Changes(prev.Report)
	if len(changes) == 0 || !strings.Contains(changes[0].Text, "16 GiB -> 8 GiB") || !changes[0].HardwareRemoved {
		t.Errorf("changes = %+v", changes)
	}
	if in.Changes([]byte("not json")) != nil {
		t.Error("an unreadable previous report gives changes")
	}
}

func TestOutcomeAndDetails(t *testing.T) {
	res := assets.InventoryResult{Tag: "ST-000007", Name: "pc-7", MatchedBy: "mac",
		Updated: []assets.FieldChange{{Field: "os", Old: "", New: "Debian 12"}},
		Changes: []assets.InventoryChange{{Text: "disk SN X removed", HardwareRemoved: true}}}
	if got := Outcome(res); got != "attached to ST-000007 pc-7 (matched by mac)" {
		t.Errorf("Outcome = %q", got)
	}
	if got := Details(res); !reflect.DeepEqual(got, []string{`os: "" -> "Debian 12"`, "disk SN X removed  [hardware removed]"}) {
		t.Errorf("Details = %q", got)
	}
	res.Duplicate = true
	if got := Outcome(res); !strings.HasPrefix(got, "already imported for ST-000007") || Details(res) != nil {
		t.Errorf("duplicate: %q %q", got, Details(res))
	}
}

func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "pc-7.json")
	if err := os.WriteFile(good, []byte(`{"schema_version":1,"collected_at":"2026-01-02T03:04:05Z","hostname":"pc-7"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	files := []string{filepath.Join(dir, "missing.json"), good}
	ins, errs := ReadFiles(files)
	if errs[0] == nil || errs[1] != nil {
		t.Fatalf("errs = %v", errs)
	}
	if ins[1].Source != "pc-7.json" || ins[1].Facts.HostName != "pc-7" || len(ins[1].Report) == 0 {
		t.Errorf("import = %+v", ins[1])
	}
}
