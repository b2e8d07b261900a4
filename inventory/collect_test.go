package inventory

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jaypipes/ghw/pkg/snapshot"
)

// ghwSnapshotDir is where the pinned ghw module keeps its test snapshots.
func ghwSnapshotDir(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/jaypipes/ghw").Output()
	if err != nil {
		t.Fatalf("locating the ghw module: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "testdata", "snapshots")
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("ghw snapshots: %v", err)
	}
	return dir
}

const (
	gib = int64(1) << 30
	tib = uint64(1) << 40
)

type wantDisk struct {
	name      string
	typ       string
	size      uint64
	removable bool
}

type snapshotWant struct {
	cpu         CPU
	usable      int64
	total       int64 // 0: absent
	disks       []wantDisk
	nics        []string
	gpuAddress  string
	gpuVendorIn string
}

// snapshotWants holds, for every snapshot ghw v0.26.0 ships, the values
// read from the snapshot's own files (proc/cpuinfo, proc/meminfo,
// sys/block/*/size, queue/rotational, removable, sys/class/net, drm).
var snapshotWants = map[string]snapshotWant{
	"linux-amd64-415ee03b8c4d1c4f07ae2e9d8b3d3d6d": {
		cpu:    CPU{Vendor: "GenuineIntel", Model: "12th Gen Intel(R) Core(TM) i7-1270P", Sockets: 1, Cores: 12, Threads: 16},
		usable: 32542668 * 1024, total: 34225520640,
		// dm-0 and zram0 are not drives.
		disks: []wantDisk{{"nvme0n1", DiskNVMe, 2000409264 * 512, false}},
	},
	"linux-amd64-61797caf7c0b6bca1725ad7975ed4773": {
		cpu:    CPU{Vendor: "AuthenticAMD", Model: "AMD Ryzen 5 1600 Six-Core Processor", Sockets: 1, Cores: 6, Threads: 12},
		usable: 32777916 * 1024, total: 32 * gib,
		disks: []wantDisk{
			{"sda", DiskSSD, 500118192 * 512, false},
			{"sdb", DiskHDD, 1953525168 * 512, false},
			{"sdc", DiskSSD, 976773168 * 512, false},
		},
		nics:       []string{"enp3s0", "enp6s0f0", "enp6s0f1", "enp8s0"},
		gpuAddress: "0000:0a:00.0", gpuVendorIn: "AMD",
	},
	"linux-amd64-8581cf3a529e5d8b97ea876eade2f60d": {
		// The firmware pads the model with spaces; they are collapsed.
		cpu:    CPU{Vendor: "GenuineIntel", Model: "Intel(R) Xeon(R) CPU L5640 @ 2.27GHz", Sockets: 2, Cores: 12, Threads: 24},
		usable: 65921280 * 1024, total: 70866960384,
		disks: []wantDisk{
			{"sda", DiskHDD, 975699968 * 512, false},
			{"sr0", DiskOptical, 2097151 * 512, true},
		},
	},
	"linux-amd64-accel-nvidia": {
		cpu:    CPU{Vendor: "GenuineIntel", Model: "Intel(R) Xeon(R) CPU E5-2695 v4 @ 2.10GHz", Sockets: 1, Cores: 8, Threads: 8},
		usable: 30601816 * 1024, total: 32078036992,
		disks: []wantDisk{{"sda", DiskHDD, 97656256 * 512, false}},
	},
	"linux-amd64-accel": {
		cpu:    CPU{Vendor: "GenuineIntel", Model: "Intel(R) Xeon(R) Gold 5218R CPU @ 2.10GHz", Sockets: 2, Cores: 2, Threads: 2},
		usable: 2007536 * 1024, total: 2 * gib,
		disks: []wantDisk{
			{"sr0", DiskOptical, 4 * 512, true},
			{"vda", DiskHDD, 41943040 * 512, false},
		},
	},
	"linux-amd64-offlineCPUs": {
		cpu:    CPU{Vendor: "GenuineIntel", Model: "Intel Xeon Processor (Skylake, IBRS)", Sockets: 2, Cores: 2, Threads: 2},
		usable: 7881912 * 1024, total: 0, // no memory blocks in the snapshot
	},
	"linux-arm64-c288e0776090cd558ef793b2a4e61939": {
		cpu:    CPU{Vendor: "ARM", Sockets: 1, Cores: 1, Threads: 1},
		usable: 1888980 * 1024, total: 2 * gib,
		disks: []wantDisk{{"nvme0n1", DiskNVMe, 16777216 * 512, false}},
	},
	"linux-s390x-snapshot": {
		cpu:    CPU{Vendor: "IBM/S390", Model: "3931", Sockets: 1, Cores: 4, Threads: 8},
		usable: 112832212 * 1024, total: 118111600640,
		disks: func() []wantDisk {
			// 16 SCSI disks, sda..sdp, alternating 100 GiB and 1 TiB as
			// listed in the snapshot's sys/block/*/size.
			big := map[string]bool{"sdb": true, "sdd": true, "sde": true, "sdf": true, "sdi": true, "sdj": true, "sdm": true, "sdn": true}
			var d []wantDisk
			for c := 'a'; c <= 'p'; c++ {
				name := "sd" + string(c)
				size := uint64(100 * gib)
				if big[name] {
					size = tib
				}
				d = append(d, wantDisk{name, DiskSSD, size, false})
			}
			return d
		}(),
	},
}

func TestCollectEveryGHWSnapshot(t *testing.T) {
	dir := ghwSnapshotDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.tar.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no snapshots in %s (%v)", dir, err)
	}
	seen := map[string]bool{}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".tar.gz")
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			t.Parallel() // unpacking is file-system bound
			want, ok := snapshotWants[name]
			if !ok {
				t.Fatalf("ghw ships snapshot %s but the test has no expected values for it", name)
			}
			rep, err := Collect(context.Background(), Options{Snapshot: file, Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			checkSnapshotReport(t, rep, want)
		})
	}
	for name := range snapshotWants {
		if !seen[name] {
			t.Errorf("expected values for snapshot %s, which ghw no longer ships", name)
		}
	}
}

// TestCollectSnapshotThroughGHWChroot unpacks a snapshot with ghw's own
// unpacker and reads it the way a technician would: GHW_CHROOT=dir.
func TestCollectSnapshotThroughGHWChroot(t *testing.T) {
	const name = "linux-amd64-61797caf7c0b6bca1725ad7975ed4773"
	root := t.TempDir()
	if err := snapshot.UnpackInto(filepath.Join(ghwSnapshotDir(t), name+".tar.gz"), root); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GHW_CHROOT", root)
	rep, err := Collect(context.Background(), Options{Now: fixedNow, NoSoftware: true})
	if err != nil {
		t.Fatal(err)
	}
	checkSnapshotReport(t, rep, snapshotWants[name])
}

func fixedNow() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC) }

func checkSnapshotReport(t *testing.T, rep *Report, want snapshotWant) {
	t.Helper()
	if rep.SchemaVersion != SchemaVersion || !rep.CollectedAt.Equal(fixedNow()) {
		t.Errorf("schema %d collected %v", rep.SchemaVersion, rep.CollectedAt)
	}
	if rep.CPU == nil || *rep.CPU != want.cpu {
		t.Errorf("cpu = %+v, want %+v", rep.CPU, want.cpu)
	}
	if rep.Memory == nil || rep.Memory.UsableBytes != want.usable || rep.Memory.TotalBytes != want.total {
		t.Errorf("memory = %+v, want usable %d total %d", rep.Memory, want.usable, want.total)
	}
	var got []wantDisk
	for _, d := range rep.Disks {
		got = append(got, wantDisk{d.Name, d.Type, d.SizeBytes, d.Removable})
	}
	if !reflect.DeepEqual(got, want.disks) {
		t.Errorf("disks = %+v\nwant    %+v", got, want.disks)
	}
	var nics []string
	for _, n := range rep.NICs {
		nics = append(nics, n.Name)
	}
	if !reflect.DeepEqual(nics, want.nics) {
		t.Errorf("nics = %v, want %v", nics, want.nics)
	}
	switch {
	case want.gpuAddress == "" && len(rep.GPUs) != 0:
		t.Errorf("gpus = %+v, want none", rep.GPUs)
	case want.gpuAddress != "":
		if len(rep.GPUs) != 1 || rep.GPUs[0].PCIAddress != want.gpuAddress {
			t.Fatalf("gpus = %+v, want one at %s", rep.GPUs, want.gpuAddress)
		}
		// Names come from the system's pci.ids (hwdata).
		if !strings.Contains(rep.GPUs[0].Vendor, want.gpuVendorIn) {
			t.Errorf("gpu vendor = %q, want it to contain %q (is hwdata's pci.ids installed?)", rep.GPUs[0].Vendor, want.gpuVendorIn)
		}
	}
	// The snapshots carry no DMI, no OS files and no packages: all absent,
	// and said so once.
	if rep.Product != nil || rep.Chassis != nil || rep.BIOS != nil || rep.Baseboard != nil || rep.OS != nil || rep.Hostname != "" || len(rep.Software) != 0 {
		t.Errorf("facts not in the snapshot were reported: %+v %+v %+v %+v %+v %q %d", rep.Product, rep.Chassis, rep.BIOS, rep.Baseboard, rep.OS, rep.Hostname, len(rep.Software))
	}
	if !hasWarning(rep, "no SMBIOS data") {
		t.Errorf("warnings %q do not say DMI is missing", rep.Warnings)
	}
	assertNoPlaceholders(t, rep)
}

func hasWarning(rep *Report, sub string) bool {
	for _, w := range rep.Warnings {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

// assertNoPlaceholders walks the report's JSON: no value may be a
// placeholder string, and no field may be present but empty.
func assertNoPlaceholders(t *testing.T, rep *Report) {
	t.Helper()
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if k == "warnings" {
					continue
				}
				walk(path+"."+k, e)
			}
		case []any:
			for i, e := range x {
				walk(path+"["+strconv.Itoa(i)+"]", e)
			}
		case string:
			l := strings.ToLower(x)
			if x == "" || l == "unknown" || l == "none" || strings.Contains(l, "o.e.m") || l == "default string" || l == "not available" || l == "no asset information" || l == "-1" {
				t.Errorf("%s = %q: a placeholder, not a fact", path, x)
			}
		case float64:
			if x < 0 {
				t.Errorf("%s = %v: negative", path, x)
			}
		}
	}
	walk("report", v)
}

func TestCollectFixtureOEMDesktopThroughGHWChroot(t *testing.T) {
	root, _ := filepath.Abs("testdata/roots/oem-desktop")
	t.Setenv("GHW_CHROOT", root)
	rep, err := Collect(context.Background(), Options{Now: fixedNow, CollectorVersion: "test-1"})
	if err != nil {
		t.Fatal(err)
	}
	// Every DMI product, chassis vendor/serial/tag field says "To Be
	// Filled By O.E.M." and the UUID is the well-known filler: all absent.
	if rep.Product != nil {
		t.Errorf("product = %+v, want absent (all placeholders)", rep.Product)
	}
	if want := (&Chassis{Type: ChassisDesktop, Description: "Desktop"}); !reflect.DeepEqual(rep.Chassis, want) {
		t.Errorf("chassis = %+v, want %+v", rep.Chassis, want)
	}
	if want := (&Baseboard{Vendor: "ASRock", Product: "B450M Pro4"}); !reflect.DeepEqual(rep.Baseboard, want) {
		t.Errorf("baseboard = %+v, want %+v", rep.Baseboard, want)
	}
	if want := (&BIOS{Vendor: "American Megatrends Inc.", Version: "P4.60", Date: "2021-01-05"}); !reflect.DeepEqual(rep.BIOS, want) {
		t.Errorf("bios = %+v, want %+v", rep.BIOS, want)
	}
	wantOS := &OS{Family: "linux", Name: "Ubuntu", Version: "22.04", Codename: "jammy", PrettyName: "Ubuntu 22.04.4 LTS", Architecture: "amd64"}
	if !reflect.DeepEqual(rep.OS, wantOS) {
		t.Errorf("os = %+v, want %+v", rep.OS, wantOS)
	}
	if rep.Hostname != "oem-pc" || rep.Domain != "office.example.org" || rep.TimeZone != "Europe/Berlin" {
		t.Errorf("host %q domain %q tz %q", rep.Hostname, rep.Domain, rep.TimeZone)
	}
	if rep.CollectorVersion != "test-1" {
		t.Errorf("collector version %q", rep.CollectorVersion)
	}
	// Installed only (not config-files, not half-installed), sorted, with
	// both architectures of a multi-arch library.
	wantSW := []Software{
		{Name: "firefox", Version: "124.0+build3-0ubuntu0.22.04.1", Publisher: "Ubuntu Mozilla Team", Source: "dpkg", Arch: "amd64"},
		{Name: "libc6", Version: "2.35-0ubuntu3.6", Publisher: "Ubuntu Developers", Source: "dpkg", Arch: "amd64"},
		{Name: "libc6", Version: "2.35-0ubuntu3.6", Publisher: "Ubuntu Developers", Source: "dpkg", Arch: "i386"},
		{Name: "tzdata", Version: "2024a-0ubuntu0.22.04", Publisher: "Ubuntu Developers", Source: "dpkg"},
	}
	if !reflect.DeepEqual(rep.Software, wantSW) {
		t.Errorf("software = %+v\nwant %+v", rep.Software, wantSW)
	}
	if rep.Memory == nil || rep.Memory.UsableBytes != 16315864*1024 || rep.Memory.TotalBytes != 0 {
		t.Errorf("memory = %+v", rep.Memory)
	}
	assertNoPlaceholders(t, rep)
}

// thinkpadFixture is a laptop's /sys, /etc and /run as a tar.gz in ghw's
// snapshot format: its sysfs names contain colons, which some file systems
// (Windows checkouts) cannot hold as plain files.
const thinkpadFixture = "testdata/roots/thinkpad.tar.gz"

func TestCollectFixtureThinkPad(t *testing.T) {
	rep, err := Collect(context.Background(), Options{Snapshot: thinkpadFixture, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	wantProduct := &Product{Vendor: "LENOVO", Model: "ThinkPad T14 Gen 3", Family: "ThinkPad T14 Gen 3", Serial: "PF3ABCDE", UUID: "4c4c4544-0042-3510-8052-b4c04f564433", SKU: "21AH00BXGE"}
	if !reflect.DeepEqual(rep.Product, wantProduct) {
		t.Errorf("product = %+v, want %+v", rep.Product, wantProduct)
	}
	if want := (&Chassis{Type: ChassisLaptop, Description: "Notebook", Vendor: "LENOVO", Serial: "PF3ABCDE"}); !reflect.DeepEqual(rep.Chassis, want) {
		t.Errorf("chassis = %+v, want %+v", rep.Chassis, want)
	}
	if want := (&Baseboard{Vendor: "LENOVO", Product: "21AH00BXGE", Version: "SDK0T76530 WIN", Serial: "L1HF2AB00CD"}); !reflect.DeepEqual(rep.Baseboard, want) {
		t.Errorf("baseboard = %+v, want %+v", rep.Baseboard, want)
	}
	if want := (&BIOS{Vendor: "LENOVO", Version: "R23ET70W (1.46 )", Date: "2023-09-14"}); !reflect.DeepEqual(rep.BIOS, want) {
		t.Errorf("bios = %+v, want %+v", rep.BIOS, want)
	}
	wantDisks := []Disk{
		{Name: "nvme0n1", Model: "Samsung SSD 980 PRO 1TB", Serial: "S5GXNF0R123456A", WWN: "eui.002538b111111111", SizeBytes: 1953525168 * 512, Type: DiskNVMe},
		{Name: "sda", Vendor: "SanDisk", Model: "Ultra", Serial: "4C530001234567890123", SizeBytes: 60437492 * 512, Type: DiskHDD, Removable: true},
	}
	if !reflect.DeepEqual(rep.Disks, wantDisks) {
		t.Errorf("disks = %+v\nwant %+v", rep.Disks, wantDisks)
	}
	wantNICs := []NIC{
		{Name: "docker0", Virtual: true}, // random MAC: not an identity
		{Name: "enp0s31f6", MAC: "8c:8c:aa:12:34:56", SpeedMbps: 1000},
		{Name: "wlp0s20f3", MAC: "a4:c3:f0:65:43:21"}, // link down: speed -1
	}
	if !reflect.DeepEqual(rep.NICs, wantNICs) {
		t.Errorf("nics = %+v\nwant %+v", rep.NICs, wantNICs)
	}
	wantOS := &OS{Family: "linux", Name: "Fedora Linux", Version: "40", PrettyName: "Fedora Linux 40 (Workstation Edition)", Kernel: "6.10.3-200.fc40.x86_64"}
	if !reflect.DeepEqual(rep.OS, wantOS) {
		t.Errorf("os = %+v, want %+v", rep.OS, wantOS)
	}
	if rep.Hostname != "tp14" || rep.Domain != "corp.example.com" || rep.TimeZone != "America/New_York" {
		t.Errorf("host %q domain %q tz %q", rep.Hostname, rep.Domain, rep.TimeZone)
	}
	if len(rep.Software) != 0 || !hasWarning(rep, "rpm database is present") {
		t.Errorf("rpm under a root must not be queried but said: %d packages, warnings %q", len(rep.Software), rep.Warnings)
	}
	assertNoPlaceholders(t, rep)
}

func TestCollectRefusesMissingRoot(t *testing.T) {
	if _, err := Collect(context.Background(), Options{Root: filepath.Join(t.TempDir(), "nope")}); err == nil {
		t.Fatal("want an error for a root that does not exist")
	}
}
