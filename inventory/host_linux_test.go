//go:build linux

package inventory

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jaypipes/ghw/pkg/snapshot"
)

func TestParseRPMQuery(t *testing.T) {
	out := "bash\t5.2.26-3.fc40\tFedora Project\tx86_64\ngpg-pubkey\ta15b79cc-63d04c2c\t(none)\t(none)\ntzdata\t2024a-5.fc40\tFedora Project\tnoarch\n\nbroken line\n"
	got := parseRPMQuery([]byte(out))
	want := []Software{
		{Name: "bash", Version: "5.2.26-3.fc40", Publisher: "Fedora Project", Source: "rpm", Arch: "x86_64"},
		{Name: "tzdata", Version: "2024a-5.fc40", Publisher: "Fedora Project", Source: "rpm"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseOSRelease(t *testing.T) {
	m := parseOSRelease([]byte("# comment\nNAME=\"Debian GNU/Linux\"\nVERSION_ID='12'\nPRETTY_NAME=\"A \\\"quoted\\\" \\$name\"\nID=debian\nBROKEN\n"))
	want := map[string]string{"NAME": "Debian GNU/Linux", "VERSION_ID": "12", "PRETTY_NAME": `A "quoted" $name`, "ID": "debian"}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got %v, want %v", m, want)
	}
}

// TestCollectLive checks the running machine against what the system
// itself says through other means.
func TestCollectLive(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("live checks are written for Linux")
	}
	t.Setenv("GHW_CHROOT", "")
	before := time.Now().UTC().Truncate(time.Second)
	rep, err := Collect(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.CollectedAt.Before(before) || rep.CollectedAt.After(time.Now().Add(time.Second)) {
		t.Errorf("collected_at %v not now", rep.CollectedAt)
	}
	host, _ := os.Hostname()
	if rep.Hostname != strings.SplitN(host, ".", 2)[0] {
		t.Errorf("hostname %q, os.Hostname %q", rep.Hostname, host)
	}
	if rep.CPU == nil || rep.CPU.Threads < 1 || rep.CPU.Threads < runtime.NumCPU() {
		t.Errorf("cpu %+v, runtime sees %d CPUs", rep.CPU, runtime.NumCPU())
	}
	if rep.Memory == nil || rep.Memory.UsableBytes <= 0 {
		t.Errorf("memory %+v", rep.Memory)
	}
	if osr, err := readOSRelease("/etc/os-release"); err == nil {
		if rep.OS == nil || rep.OS.Name != osr["NAME"] {
			t.Errorf("os %+v, os-release NAME %q", rep.OS, osr["NAME"])
		}
	}
	if out, err := exec.Command("uname", "-r").Output(); err == nil && rep.OS.Kernel != strings.TrimSpace(string(out)) {
		t.Errorf("kernel %q, uname -r %q", rep.OS.Kernel, out)
	}
	if _, err := os.Stat("/var/lib/dpkg/status"); err == nil {
		if _, err := exec.LookPath("dpkg-query"); err == nil {
			// dpkg-query is the reference for what dpkg has installed.
			out, err := exec.Command("dpkg-query", "-W", "-f", "${db:Status-Status} ${Package}\n").Output()
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			sc := bufio.NewScanner(strings.NewReader(string(out)))
			for sc.Scan() {
				if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "installed" {
					want = append(want, f[1])
				}
			}
			var got []string
			for _, s := range rep.Software {
				if s.Source == "dpkg" {
					got = append(got, s.Name)
				}
			}
			sort.Strings(want)
			sort.Strings(got)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("dpkg packages: got %d, dpkg-query says %d", len(got), len(want))
			}
		}
	}
	if _, err := os.Stat("/sys/class/dmi/id"); err != nil && !hasWarning(rep, "no SMBIOS data") {
		t.Errorf("no DMI here, but the warnings do not say so: %q", rep.Warnings)
	}
	assertNoPlaceholders(t, rep)
}

// TestRootHintsForNonRoot runs the collector as user nobody over a copy of
// the ThinkPad fixture whose serial-number files are readable by root only,
// as on a real system: the report lacks them and RootHints says what root
// would add. Needs root (to make the files and switch user).
func TestRootHintsForNonRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to create root-only files and run a child as nobody")
	}
	base, err := os.MkdirTemp("", "steward-roothints-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	dir := filepath.Join(base, "root")
	if err := snapshot.UnpackInto(thinkpadFixture, dir); err != nil {
		t.Fatal(err)
	}
	// The test binary goes next to it, where nobody may run it.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(base, "inventory.test")
	if out, err := exec.Command("cp", self, exe).CombinedOutput(); err != nil {
		t.Fatalf("copying the test binary: %v %s", err, out)
	}
	// Directories and the binary usable by all, the serial files by root only.
	if err := exec.Command("chmod", "-R", "a+rX", base).Run(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"product_serial", "product_uuid", "board_serial", "chassis_serial"} {
		if err := os.Chmod(filepath.Join(dir, "sys/class/dmi/id", f), 0o400); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(exe, "-test.run", "^TestRootHintsChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "STEWARD_ROOTHINTS_ROOT="+dir)
	cmd.Dir = base
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if strings.Contains(string(out), "permission denied") && !strings.Contains(string(out), "=== RUN") {
		t.Skipf("nobody cannot run the test binary here: %s", out)
	}
	if err != nil || !strings.Contains(string(out), "--- PASS: TestRootHintsChild") {
		t.Fatalf("child as nobody: %v\n%s", err, out)
	}
}

func TestRootHintsChild(t *testing.T) {
	root := os.Getenv("STEWARD_ROOTHINTS_ROOT")
	if root == "" {
		t.Skip("runs only as TestRootHintsForNonRoot's child")
	}
	if os.Geteuid() == 0 {
		t.Fatal("child still runs as root")
	}
	hints := RootHints(root)
	if len(hints) != 1 || !strings.Contains(hints[0], "the computer's serial number") || !strings.Contains(hints[0], "the system UUID") {
		t.Fatalf("hints %q", hints)
	}
	rep, err := Collect(context.Background(), Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Product == nil || rep.Product.Serial != "" || rep.Product.UUID != "" || rep.Product.Model != "ThinkPad T14 Gen 3" {
		t.Errorf("product as nobody: %+v", rep.Product)
	}
	if !hasWarning(rep, "product_serial") {
		t.Errorf("warnings do not name the unreadable file: %q", rep.Warnings)
	}
}
