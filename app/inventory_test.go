package app

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"steward/discovery"
	"steward/inventory"
)

// inventoryFixtureRoot is the OEM desktop that the inventory package's own
// tests read through GHW_CHROOT.
func inventoryFixtureRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../inventory/testdata/roots/oem-desktop")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// selectAsset selects asset id in the (filtered) table and loads its detail.
func selectAsset(t *testing.T, u *UI, s *assetsScreen, id int64) {
	t.Helper()
	u.wait()
	for i := range s.rows {
		if s.rows[i].ID == id {
			s.selectRow(i)
			u.wait()
			return
		}
	}
	t.Fatalf("asset %d is not in the table (%d rows)", id, len(s.rows))
}

func TestAddThisComputerCreatesAssetAndShowsInventory(t *testing.T) {
	u, store := newTestUI(t, 5)
	u.svc.Inventory = inventory.Options{Root: inventoryFixtureRoot(t), Now: func() time.Time { return time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC) }}
	s := openAssets(t, u)

	test.Tap(s.addComputerBtn)
	u.wait()
	if len(s.lastImport) != 1 {
		t.Fatalf("outcomes = %+v", s.lastImport)
	}
	o := s.lastImport[0]
	if o.err != nil || o.assetID == 0 || !strings.HasPrefix(o.text, "created ") {
		t.Fatalf("outcome = %+v, want a created asset", o)
	}
	a, err := store.Asset(context.Background(), o.assetID)
	if err != nil {
		t.Fatal(err)
	}
	if a.HostName != "oem-pc" || a.OS != "Ubuntu 22.04.4 LTS" || a.Category != "desktop" {
		t.Errorf("asset = host %q os %q category %q", a.HostName, a.OS, a.Category)
	}
	// openRecord selected it: the Inventory tab shows the fixture's facts.
	u.wait()
	if s.selectedID != o.assetID {
		t.Fatalf("selected %d, want %d", s.selectedID, o.assetID)
	}
	p := s.inventoryPane()
	for _, want := range []string{"ASRock B450M Pro4", "American Megatrends Inc. P4.60 2021-01-05", "Ubuntu 22.04.4 LTS", "oem-pc.office.example.org"} {
		if !strings.Contains(p.summary.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, p.summary.Text)
		}
	}
	if !p.body.Visible() || p.hint.Visible() {
		t.Error("the Inventory tab still shows its empty hint")
	}
	if len(p.software) != 4 {
		t.Errorf("software = %+v, want the fixture's 4 packages", p.software)
	}
	test.Type(p.swSearch, "fire")
	u.wait()
	if len(p.software) != 1 || p.software[0].Name != "firefox" {
		t.Errorf("search 'fire' = %+v", p.software)
	}
	if len(p.reports) != 1 || p.reports[0].Source != "this computer" {
		t.Errorf("reports = %+v", p.reports)
	}

	// A second time it attaches to the same asset (matched by host name or
	// MAC), not a new one.
	u.svc.Inventory.Now = func() time.Time { return time.Date(2026, 5, 2, 9, 0, 0, 0, time.UTC) }
	test.Tap(s.addComputerBtn)
	u.wait()
	if o2 := s.lastImport[0]; o2.err != nil || o2.assetID != o.assetID || !strings.HasPrefix(o2.text, "attached to ") {
		t.Fatalf("second outcome = %+v, want attached to asset %d", o2, o.assetID)
	}
}

// twoReports writes two reports of one laptop a month apart: memory halved
// and a disk gone in between. It returns the folder.
func twoReports(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	first := &inventory.Report{
		SchemaVersion: inventory.SchemaVersion,
		CollectedAt:   time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
		Hostname:      "lap-17",
		Product:       &inventory.Product{Vendor: "LENOVO", Model: "ThinkPad T14 Gen 3", Serial: "PF3ABC12"},
		Chassis:       &inventory.Chassis{Type: inventory.ChassisLaptop},
		BIOS:          &inventory.BIOS{Vendor: "LENOVO", Version: "R23ET70W", Date: "2024-02-01"},
		CPU:           &inventory.CPU{Model: "Intel Core i5-1245U", Cores: 10, Threads: 12},
		Memory:        &inventory.Memory{TotalBytes: 16 << 30},
		Disks: []inventory.Disk{
			{Name: "nvme0n1", Model: "Samsung PM9A1", Serial: "S6ABC123", SizeBytes: 512e9, Type: inventory.DiskNVMe},
			{Name: "sda", Model: "Crucial MX500", Serial: "2214E6001", SizeBytes: 1e12, Type: inventory.DiskSSD},
		},
		NICs:     []inventory.NIC{{Name: "wlp0s20f3", MAC: "8c:17:59:aa:bb:cc", SpeedMbps: 0}},
		GPUs:     []inventory.GPU{{Vendor: "Intel Corporation", Model: "Iris Xe Graphics"}},
		OS:       &inventory.OS{Family: "windows", Name: "Windows 11 Pro", Version: "23H2", Build: "22631.3296"},
		Software: []inventory.Software{{Name: "Mozilla Firefox", Version: "124.0", Publisher: "Mozilla"}, {Name: "7-Zip", Version: "23.01", Publisher: "Igor Pavlov"}},
	}
	second := *first
	second.CollectedAt = time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	second.Memory = &inventory.Memory{TotalBytes: 8 << 30}
	second.Disks = first.Disks[:1]
	for name, rep := range map[string]*inventory.Report{"lap-17-march.json": first, "lap-17-april.json": &second} {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Not a report: refused with its line and column, nothing written.
	if err := os.WriteFile(filepath.Join(dir, "broken.json"), []byte("{\n  \"schema_version\": 1,\n  oops\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestImportReportFilesShowsChangesInInventoryTab(t *testing.T) {
	u, store := newTestUI(t, 5)
	s := openAssets(t, u)
	dir := twoReports(t)

	s.importFiles([]string{dir}) // a folder: every *.json in it
	u.wait()
	if len(s.lastImport) != 3 {
		t.Fatalf("outcomes = %+v, want 3", s.lastImport)
	}
	byName := map[string]importOutcome{}
	for _, o := range s.lastImport {
		byName[o.source] = o
	}
	if o := byName["broken.json"]; o.err == nil || !strings.Contains(o.line(), "line 3") || !strings.Contains(o.line(), "Nothing was imported") {
		t.Errorf("broken.json: %q, want a refusal with its line", o.line())
	}
	if shown := s.lastImportText.String(); !strings.Contains(shown, "broken.json: line 3") || !strings.Contains(shown, "lap-17-april.json: created ") {
		t.Errorf("the result dialog says:\n%s", shown)
	}
	// Sorted by name: april comes first, so it creates; march joins the
	// history as the older report.
	april, march := byName["lap-17-april.json"], byName["lap-17-march.json"]
	if april.err != nil || !strings.HasPrefix(april.text, "created ") {
		t.Errorf("april: %q", april.line())
	}
	if march.err != nil || march.assetID != april.assetID || !strings.Contains(march.text, "matched by serial") {
		t.Errorf("march: %q", march.line())
	}
	reps, err := store.InventoryReports(context.Background(), april.assetID)
	if err != nil || len(reps) != 2 {
		t.Fatalf("stored reports = %+v, %v", reps, err)
	}

	s.search.SetText("PF3ABC12")
	s.runSearch()
	selectAsset(t, u, s, april.assetID)
	p := s.inventoryPane()
	if !strings.Contains(p.summary.Text, "8 GiB") || !strings.Contains(p.summary.Text, "Samsung PM9A1") || strings.Contains(p.summary.Text, "Crucial") {
		t.Errorf("summary of the latest report:\n%s", p.summary.Text)
	}
	if len(p.reports) != 2 || p.reports[0].Source != "lap-17-april.json" {
		t.Errorf("history = %+v", p.reports)
	}
	var lines []string
	removed := 0
	for _, c := range p.changes {
		lines = append(lines, changeLine(c))
		if c.HardwareRemoved {
			removed++
		}
	}
	all := strings.Join(lines, "\n")
	if !strings.Contains(all, "16 GiB -> 8 GiB") || !strings.Contains(all, "2214E6001") || removed == 0 {
		t.Errorf("changes march -> april:\n%s\n(%d flagged removed)", all, removed)
	}
	if !strings.Contains(p.chgStatus.Text, "hardware gone") {
		t.Errorf("status %q", p.chgStatus.Text)
	}
	s.detailTabs.SelectIndex(len(s.detailTabs.Items) - 1) // Inventory
	screenshot(t, u, "asset-inventory")
	// Comparing a report with itself shows nothing.
	p.fromSel.SetSelectedIndex(0)
	u.wait()
	if len(p.changes) != 0 {
		t.Errorf("same report compared: %+v", p.changes)
	}
}

func TestDroppedFilesImport(t *testing.T) {
	u, _ := newTestUI(t, 0) // on the dashboard
	dir := twoReports(t)
	u.dropped(fyne.Position{}, []fyne.URI{
		storage.NewFileURI(filepath.Join(dir, "lap-17-march.json")),
		storage.NewFileURI(filepath.Join(dir, "lap-17-april.json")),
	})
	u.wait()
	s, ok := u.screens[u.current].(*assetsScreen)
	if !ok {
		t.Fatalf("a drop did not switch to the Assets screen")
	}
	if len(s.lastImport) != 2 || s.lastImport[0].err != nil || s.lastImport[1].err != nil {
		t.Fatalf("outcomes = %+v", s.lastImport)
	}
	if !strings.HasPrefix(s.lastImport[0].text, "created ") || !strings.HasPrefix(s.lastImport[1].text, "attached to ") {
		t.Errorf("outcomes: %q / %q", s.lastImport[0].line(), s.lastImport[1].line())
	}
	if !strings.Contains(strings.Join(s.lastImport[1].details, "\n"), "16 GiB -> 8 GiB") {
		t.Errorf("details of the second file: %q", s.lastImport[1].details)
	}
}

// startTestAgent runs a real Steward agent on loopback (no advertising:
// nothing leaves the machine) serving the OEM desktop fixture's report.
func startTestAgent(t *testing.T, root string) (*inventory.Agent, string) {
	t.Helper()
	ag, err := inventory.NewAgent(inventory.AgentOptions{
		ConfigDir: t.TempDir(), Code: "K7PM-4XQD", Version: "test", Hostname: "oem-pc",
		Backoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond,
		Collect: func(ctx context.Context) (*inventory.Report, error) {
			return inventory.Collect(ctx, inventory.Options{Root: root, CollectorVersion: "test"})
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ag.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("agent: %v", err)
		}
	})
	return ag, ln.Addr().String()
}

func agentInstance(t *testing.T, ag *inventory.Agent, addr string) discovery.Instance {
	t.Helper()
	ap := netip.MustParseAddrPort(addr)
	return discovery.Instance{Name: "oem-pc", Type: "_steward._tcp", Host: "oem-pc.local", Port: ap.Port(),
		IPv4: []netip.Addr{ap.Addr()}, Interface: "lo", TXT: ag.TXT()}
}

func TestDiscoveryCollectInventoryFromAgent(t *testing.T) {
	u, store := newTestUI(t, 0)
	ctx := context.Background()
	ag, addr := startTestAgent(t, inventoryFixtureRoot(t))
	u.svc.Scan = fakeScan([]discovery.Instance{agentInstance(t, ag, addr)})
	if !u.ShowScreen("Discovery") {
		t.Fatal("no Discovery screen")
	}
	u.wait()
	s := u.screens[u.current].(*discoveryScreen)
	test.Tap(s.scanBtn)
	u.wait()
	if len(s.rows) != 1 || s.rows[0].s.Class != "agent" {
		t.Fatalf("rows after the scan: %+v", s.rows)
	}
	s.list.Select(0)
	if s.collectBtn.Disabled() {
		t.Fatal("Collect inventory is disabled for an agent")
	}
	row, _ := s.current()
	// No code given yet: the button asks for it.
	test.Tap(s.collectBtn)
	if top := u.win.Canvas().Overlays().Top(); top == nil {
		t.Fatal("Collect inventory did not ask for the pairing code")
	} else {
		u.win.Canvas().Overlays().Remove(top)
	}

	// A wrong code is refused; the code is asked again next time.
	s.collectFrom(row.s, "AAAA-BBBB")
	u.wait()
	if !errors.Is(s.lastCollectErr, inventory.ErrWrongCode) {
		t.Fatalf("wrong code: err %v", s.lastCollectErr)
	}
	if _, asked := s.agentCodes[row.s.DeviceID]; asked {
		t.Error("a refused code is kept")
	}
	if pin, _ := store.Setting(ctx, agentPinKey(row.s)); pin != "" {
		t.Errorf("pinned %q after a refused code", pin)
	}

	// The right code: the report is imported and the certificate pinned.
	time.Sleep(5 * time.Millisecond) // past the agent's (test-sized) backoff
	s.collectFrom(row.s, "K7PM-4XQD")
	u.wait()
	if s.lastCollectErr != nil || !strings.HasPrefix(s.lastCollect.text, "created ") {
		t.Fatalf("collect: %+v, %v", s.lastCollect, s.lastCollectErr)
	}
	if pin, _ := store.Setting(ctx, agentPinKey(row.s)); pin != ag.Fingerprint() {
		t.Errorf("pinned %q, want %q", pin, ag.Fingerprint())
	}
	a, err := store.Asset(ctx, s.lastCollect.assetID)
	if err != nil || a.HostName != "oem-pc" {
		t.Fatalf("asset %+v, %v", a, err)
	}
	reps, _ := store.InventoryReports(ctx, a.ID)
	if len(reps) != 1 || reps[0].Source != "agent "+addr {
		t.Errorf("reports %+v", reps)
	}

	// The agent is replaced by one with another certificate at the same
	// name: its own announcement matches, but the pin refuses it.
	ag2, addr2 := startTestAgent(t, inventoryFixtureRoot(t))
	u.svc.Scan = fakeScan([]discovery.Instance{agentInstance(t, ag2, addr2)})
	test.Tap(s.scanBtn)
	u.wait()
	s.list.Select(0)
	row2, _ := s.current()
	if row2.s.DeviceID != row.s.DeviceID {
		t.Fatalf("device id changed: %q -> %q", row.s.DeviceID, row2.s.DeviceID)
	}
	s.collectInventory() // the code is remembered: no dialog
	u.wait()
	if !errors.Is(s.lastCollectErr, inventory.ErrFingerprintMismatch) || !strings.Contains(s.lastCollectErr.Error(), "pinned at the first collection") {
		t.Fatalf("changed certificate: err %v", s.lastCollectErr)
	}
	if !strings.Contains(s.lastCollectErr.Error(), ag2.Fingerprint()) {
		t.Errorf("the message does not name the certificate seen: %v", s.lastCollectErr)
	}
	if reps, _ := store.InventoryReports(ctx, a.ID); len(reps) != 1 {
		t.Errorf("a report was imported through a changed certificate: %+v", reps)
	}
}
