package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/discovery"
)

// discoveryStore is what the Discovery screen reads and writes.
type discoveryStore interface {
	agentStore
	AssetByTag(ctx context.Context, tag string) (assets.Asset, error)
	CreateAsset(ctx context.Context, a *assets.Asset) error
	LinkSighting(ctx context.Context, sightingID, assetID int64) error
	RecordScan(ctx context.Context, info assets.ScanInfo, list []assets.Sighting) (assets.ScanOutcome, error)
	Sightings(ctx context.Context, q assets.SightingQuery) ([]assets.Sighting, []assets.SightingState, error)
}

// discoveryScreen scans the network and shows what it found, live, next to
// the register: new devices (no asset), known ones, and those missing since
// the last scan of the site.
type discoveryScreen struct {
	ui       *UI
	store    discoveryStore
	iface    *widget.Select
	site     *widget.Entry
	scanBtn  *widget.Button
	stopBtn  *widget.Button
	progress *widget.ProgressBarInfinite
	status   *widget.Label
	filter   *widget.Select
	list     *widget.List
	detail   *widget.Label
	addBtn   *widget.Button
	linkBtn  *widget.Button
	bulkBtn  *widget.Button
	// Collect inventory from an agent (discovery_agent.go).
	collectBtn     *widget.Button
	agentCodes     map[string]string // pairing codes given this session, by device ID
	lastCollect    importOutcome
	lastCollectErr error

	all      []discoveryRow // from the store, or live during a scan
	rows     []discoveryRow // after the filter
	selected int            // index in rows, -1 for none
	cancel   context.CancelFunc
	scanning bool

	// load runs the sightings query; a newer one drops the older (query.go).
	load latest[sightingList]
}

// discoveryRow is one device in the list.
type discoveryRow struct {
	s     assets.Sighting
	state assets.SightingState // "" while a scan is still running
}

const allInterfaces = "All interfaces"

var filterLabels = []string{"All", "New", "Known", "Missing"}

func newDiscoveryScreen(u *UI) *discoveryScreen {
	return &discoveryScreen{ui: u, store: u.svc.Store, selected: -1}
}

func (s *discoveryScreen) title() string       { return "Discovery" }
func (s *discoveryScreen) icon() fyne.Resource { return theme.SearchIcon() }

func (s *discoveryScreen) view() fyne.CanvasObject {
	s.iface = widget.NewSelect(append([]string{allInterfaces}, scanInterfaces()...), nil)
	s.iface.SetSelected(allInterfaces)
	s.site = widget.NewEntry()
	s.site.SetPlaceHolder("Site (optional), e.g. Head office")
	s.scanBtn = widget.NewButtonWithIcon("Scan", theme.SearchIcon(), s.startScan)
	s.scanBtn.Importance = widget.HighImportance
	s.stopBtn = widget.NewButtonWithIcon("Stop", theme.MediaStopIcon(), s.stopScan)
	s.stopBtn.Disable()
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progress.Hide()
	s.status = widget.NewLabel("Press Scan to find the devices on this network.")
	s.filter = widget.NewSelect(filterLabels, func(string) { s.applyFilter() })
	s.filter.SetSelected("All")

	s.list = widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewLabel("unknown"), widget.NewLabel("missing"), widget.NewLabel("Device name"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.rows) {
				return
			}
			r := s.rows[id]
			b := o.(*fyne.Container)
			b.Objects[0].(*widget.Label).SetText(rowText(r))
			b.Objects[1].(*widget.Label).SetText(r.s.Class)
			b.Objects[2].(*widget.Label).SetText(stateLabel(r.state))
		},
	)
	s.list.OnSelected = func(id widget.ListItemID) { s.selected = id; s.showDetail() }
	s.list.OnUnselected = func(widget.ListItemID) { s.selected = -1; s.showDetail() }

	s.detail = widget.NewLabel("Select a device to see its services, TXT records and addresses.")
	s.detail.Wrapping = fyne.TextWrapWord
	s.addBtn = widget.NewButtonWithIcon("Add as asset", theme.ContentAddIcon(), func() { s.openAddForm() })
	s.linkBtn = widget.NewButtonWithIcon("Link to existing asset", theme.MailAttachmentIcon(), func() { s.openLinkForm() })
	s.bulkBtn = widget.NewButtonWithIcon("Add all new as assets", theme.ContentAddIcon(), s.confirmBulkAdd)
	s.collectBtn = widget.NewButtonWithIcon("Collect inventory", theme.ComputerIcon(), s.collectInventory)
	s.ui.only(actEdit, s.addBtn, s.linkBtn, s.bulkBtn, s.collectBtn)
	s.showDetail()

	top := container.NewBorder(nil, nil, widget.NewLabel("Interface"), container.NewHBox(s.scanBtn, s.stopBtn),
		container.NewGridWithColumns(2, s.iface, s.site))
	bar := container.NewBorder(nil, nil, widget.NewLabel("Show"), nil, s.filter)
	// The bulk button goes under the list, not beside the filter: the two
	// panes' bars side by side were wider than a 1024-pixel window.
	left := container.NewBorder(bar, container.NewHBox(s.bulkBtn), nil, nil, s.list)
	right := container.NewBorder(nil, container.NewHBox(s.addBtn, s.linkBtn, s.collectBtn), nil, nil, wheelVScroll(s.detail))
	split := container.NewHSplit(left, right)
	split.Offset = 0.55
	s.refresh()
	return container.NewBorder(container.NewVBox(top, s.progress, s.status), nil, nil, nil, split)
}

// scanInterfaces lists the interfaces a scan can use (reading the list
// sends nothing).
func scanInterfaces() []string {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var names []string
	for _, i := range ifs {
		if i.Flags&net.FlagUp != 0 && i.Flags&net.FlagMulticast != 0 && i.Flags&net.FlagLoopback == 0 {
			names = append(names, i.Name)
		}
	}
	return names
}

func rowText(r discoveryRow) string {
	name := r.s.Name
	if name == "" {
		name = r.s.HostName
	}
	if vm := strings.TrimSpace(r.s.Vendor + " " + r.s.Model); vm != "" {
		name += " — " + vm
	}
	return name
}

func stateLabel(st assets.SightingState) string {
	switch st {
	case assets.SightingNew:
		return "New"
	case assets.SightingKnown:
		return "In register"
	case assets.SightingMissing:
		return "Missing"
	}
	return "…"
}

// sightingList is what the Discovery screen's query returns.
type sightingList struct {
	list   []assets.Sighting
	states []assets.SightingState
}

// refresh reloads the sightings from the store (not during a scan).
func (s *discoveryScreen) refresh() {
	if s.scanning {
		return
	}
	store := s.store
	s.load.run(s.ui, func(ctx context.Context) (sightingList, error) {
		l, st, err := store.Sightings(ctx, assets.SightingQuery{})
		return sightingList{l, st}, err
	}, func(l sightingList, err error) {
		if err != nil {
			s.ui.showError("Could not load what discovery has seen", err)
			return
		}
		if s.scanning {
			return
		}
		s.all = s.all[:0]
		for i, sg := range l.list {
			s.all = append(s.all, discoveryRow{sg, l.states[i]})
		}
		s.applyFilter()
	})
}

func (s *discoveryScreen) applyFilter() {
	if s.list == nil {
		return
	}
	want := map[string]assets.SightingState{"New": assets.SightingNew, "Known": assets.SightingKnown, "Missing": assets.SightingMissing}[s.filter.Selected]
	s.rows = s.rows[:0]
	for _, r := range s.all {
		if want == "" || r.state == want {
			s.rows = append(s.rows, r)
		}
	}
	s.selected = -1
	s.list.UnselectAll()
	s.list.Refresh()
	s.showDetail()
	newN := 0
	for _, r := range s.all {
		if r.state == assets.SightingNew {
			newN++
		}
	}
	if newN > 0 && !s.scanning {
		s.bulkBtn.SetText(fmt.Sprintf("Add all %d new as assets", newN))
		s.bulkBtn.Enable()
	} else {
		s.bulkBtn.SetText("Add all new as assets")
		s.bulkBtn.Disable()
	}
}

func (s *discoveryScreen) scanFunc() func(context.Context, discovery.Options) (*discovery.Result, error) {
	if s.ui.svc.Scan != nil {
		return s.ui.svc.Scan
	}
	return discovery.Scan
}

// startScan runs a scan off the UI goroutine; devices appear as they are
// found, then the scan is stored and the list shows the register's view.
func (s *discoveryScreen) startScan() {
	if s.scanning {
		return
	}
	opts := discovery.Options{Timeout: 10 * time.Second}
	if sel := s.iface.Selected; sel != "" && sel != allInterfaces {
		opts.Interfaces = []string{sel}
	}
	site := strings.TrimSpace(s.site.Text)
	ctx, cancel := context.WithCancel(s.ui.ctx)
	s.cancel, s.scanning = cancel, true
	s.scanBtn.Disable()
	s.stopBtn.Enable()
	s.progress.Show()
	s.progress.Start()
	s.status.SetText("Scanning…")
	s.all, s.rows = nil, nil
	s.applyFilter()

	// Live events are grouped into devices and handed to the UI at most
	// every 100 ms.
	var mu sync.Mutex
	live := map[string]discovery.Instance{}
	var last time.Time
	opts.OnEvent = func(e discovery.Event) {
		mu.Lock()
		defer mu.Unlock()
		k := e.Instance.Type + "|" + e.Instance.Name
		if e.Kind == discovery.Removed {
			delete(live, k)
		} else {
			live[k] = e.Instance
		}
		if time.Since(last) < 100*time.Millisecond {
			return
		}
		last = time.Now()
		list := make([]discovery.Instance, 0, len(live))
		for _, in := range live {
			list = append(list, in)
		}
		devs := discovery.Group(list, discovery.Env{})
		s.ui.pending.Add(1)
		s.ui.do(func() { s.showLive(devs, e.At) })
	}
	scan := s.scanFunc()
	store := s.store
	uiCtx := s.ui.ctx
	backgroundCtx(s.ui, ctx, func(ctx context.Context) (scanDone, error) {
		started := s.ui.svc.Now()
		res, err := scan(ctx, opts)
		if res == nil {
			return scanDone{}, err
		}
		stopped := errors.Is(err, context.Canceled)
		if err != nil && !stopped {
			return scanDone{}, err
		}
		list := make([]assets.Sighting, 0, len(res.Devices))
		for _, d := range res.Devices {
			list = append(list, sightingOf(d, started))
		}
		out, err := store.RecordScan(uiCtx, assets.ScanInfo{Started: started, Finished: started.Add(res.Duration), Interfaces: res.Interfaces, Site: site}, list)
		return scanDone{res: res, out: out, stopped: stopped}, err
	}, func(d scanDone, err error) {
		cancel()
		s.scanning = false
		s.progress.Stop()
		s.progress.Hide()
		s.scanBtn.Enable()
		s.stopBtn.Disable()
		if err != nil {
			s.status.SetText("The scan failed.")
			s.ui.showError("Could not scan the network", err)
			s.refresh()
			return
		}
		how := "done"
		if d.stopped {
			how = "stopped"
		}
		s.status.SetText(fmt.Sprintf("Scan %s: %s, %s in %v — %d new, %d in the register, %d missing since the last scan.",
			how, assets.CountOf(len(d.res.Devices), "device", "devices"), assets.CountOf(len(d.res.Instances), "service", "services"), d.res.Duration.Round(time.Millisecond), len(d.out.New), d.out.Known, len(d.out.Missing)))
		s.refresh()
	})
}

type scanDone struct {
	res     *discovery.Result
	out     assets.ScanOutcome
	stopped bool
}

func (s *discoveryScreen) stopScan() {
	if s.cancel != nil {
		s.cancel()
	}
}

// showLive replaces the list with the devices found so far.
func (s *discoveryScreen) showLive(devs []discovery.Device, at time.Duration) {
	if !s.scanning {
		return
	}
	s.all = s.all[:0]
	for _, d := range devs {
		s.all = append(s.all, discoveryRow{s: sightingOf(d, s.ui.svc.Now())})
	}
	s.applyFilter()
	s.status.SetText(fmt.Sprintf("Scanning… %s after %v", assets.CountOf(len(devs), "device", "devices"), at.Round(time.Millisecond)))
}

// sightingOf turns a discovered device into what the register keeps.
func sightingOf(d discovery.Device, at time.Time) assets.Sighting {
	sg := assets.Sighting{DeviceID: d.ID, Name: d.Name, HostName: d.HostName, Class: string(d.Class), OS: d.OS,
		Vendor: d.Vendor, Model: d.Model, Serial: d.Serial, UUID: d.UUID, MAC: d.MAC,
		Interface: d.Interface, Subnet: d.Subnet, FirstSeen: at, LastSeen: at}
	for _, a := range d.IPv4 {
		sg.Addresses = append(sg.Addresses, a.String())
	}
	for _, a := range d.IPv6 {
		sg.Addresses = append(sg.Addresses, a.String())
	}
	for _, in := range d.Services {
		line := fmt.Sprintf("%s — %s port %d", in.Name, in.Type, in.Port)
		if len(in.TXT) > 0 {
			line += " — " + strings.Join(in.TXT, "; ")
		}
		sg.Services = append(sg.Services, line)
	}
	return sg
}

func (s *discoveryScreen) current() (discoveryRow, bool) {
	if s.selected < 0 || s.selected >= len(s.rows) {
		return discoveryRow{}, false
	}
	return s.rows[s.selected], true
}

func (s *discoveryScreen) showDetail() {
	r, ok := s.current()
	if !ok {
		s.detail.SetText("Select a device to see its services, TXT records and addresses.")
		s.addBtn.Disable()
		s.linkBtn.Disable()
		s.collectBtn.Disable()
		return
	}
	sg := r.s
	if sg.Class == string(discovery.ClassAgent) {
		s.collectBtn.Enable()
	} else {
		s.collectBtn.Disable()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", firstOf(sg.Name, sg.HostName, sg.DeviceID))
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	line("State", stateLabel(r.state))
	line("Class", sg.Class)
	line("Vendor", sg.Vendor)
	line("Model", sg.Model)
	line("OS", sg.OS)
	line("Host name", sg.HostName)
	line("MAC", sg.MAC)
	line("Serial", sg.Serial)
	line("UUID", sg.UUID)
	line("Addresses", strings.Join(sg.Addresses, ", "))
	line("Interface", strings.TrimSpace(sg.Interface+" "+sg.Subnet))
	line("Site", sg.Site)
	if !sg.FirstSeen.IsZero() && r.state != "" {
		line("First seen", sg.FirstSeen.Local().Format("2006-01-02 15:04"))
		line("Last seen", sg.LastSeen.Local().Format("2006-01-02 15:04"))
	}
	line("Device ID", sg.DeviceID)
	if len(sg.Services) > 0 {
		b.WriteString("\nServices:\n")
		for _, sv := range sg.Services {
			b.WriteString("  • " + sv + "\n")
		}
	}
	s.detail.SetText(b.String())
	// Adding and linking work on stored devices not yet in the register.
	if r.state == assets.SightingNew || r.state == assets.SightingMissing {
		s.addBtn.Enable()
		s.linkBtn.Enable()
	} else {
		s.addBtn.Disable()
		s.linkBtn.Disable()
	}
}

func firstOf(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// assetFromSighting pre-fills an asset from what the network said.
func assetFromSighting(sg assets.Sighting) assets.Asset {
	a := assets.Asset{Name: firstOf(sg.Name, sg.HostName, sg.DeviceID), Category: categoryFor(sg),
		Manufacturer: sg.Vendor, Model: sg.Model, Serial: firstOf(sg.Serial, sg.UUID), MAC: sg.MAC,
		HostName: strings.TrimSuffix(sg.HostName, ".local"), OS: sg.OS, Status: assets.StatusDeployed}
	if sg.Site != "" {
		a.Location = sg.Site
	}
	return a
}

func categoryFor(sg assets.Sighting) string {
	switch sg.Class {
	case "printer":
		return "printer"
	case "computer", "agent":
		if strings.Contains(strings.ToLower(sg.Model), "book") {
			return "laptop"
		}
		return "desktop"
	case "nas":
		return "server"
	case "phone":
		return "phone"
	case "network":
		return "network"
	}
	return "other"
}

// openAddForm asks for the asset's fields, pre-filled, then adds and links it.
func (s *discoveryScreen) openAddForm() {
	r, ok := s.current()
	if !ok {
		return
	}
	a := assetFromSighting(r.s)
	name, manu, model, serial, host, mac := formEntry("", ""), formEntry("", ""), formEntry("", ""), formEntry("", ""), formEntry("", ""), formEntry("", "")
	name.SetText(a.Name)
	manu.SetText(a.Manufacturer)
	model.SetText(a.Model)
	serial.SetText(a.Serial)
	host.SetText(a.HostName)
	mac.SetText(a.MAC)
	var cats []string
	for _, c := range assets.DefaultCategories {
		cats = append(cats, c.Name)
	}
	cat := formSelect(cats, nil)
	cat.SetSelected(a.Category)
	items := []*widget.FormItem{
		widget.NewFormItem("Name", name), widget.NewFormItem("Category", cat), widget.NewFormItem("Manufacturer", manu),
		widget.NewFormItem("Model", model), widget.NewFormItem("Serial", serial), widget.NewFormItem("Host name", host),
		widget.NewFormItem("MAC", mac),
	}
	dlg := s.ui.showForm("Add as asset", "Add", items, func(ok bool) {
		if !ok {
			return
		}
		a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, a.HostName, a.MAC = name.Text, cat.Selected, manu.Text, model.Text, serial.Text, host.Text, mac.Text
		s.addAssets([]discoveryRow{r}, []assets.Asset{a})
	})
	dlg.Resize(fyne.NewSize(520, 480))
}

// addAssets creates the assets and links each row's sighting to its asset.
func (s *discoveryScreen) addAssets(rows []discoveryRow, list []assets.Asset) {
	store := s.store
	background(s.ui, func(ctx context.Context) (int, error) {
		for i := range list {
			if err := store.CreateAsset(ctx, &list[i]); err != nil {
				return i, fmt.Errorf("%s: %w", list[i].Name, err)
			}
			if err := store.LinkSighting(ctx, rows[i].s.ID, list[i].ID); err != nil {
				return i, err
			}
		}
		return len(list), nil
	}, func(n int, err error) {
		if err != nil {
			s.ui.showError("Could not add the device as an asset", err)
		} else {
			s.status.SetText(fmt.Sprintf("Added %s to the register.", assets.CountOf(n, "asset", "assets")))
		}
		s.refresh()
	})
}

func (s *discoveryScreen) newRows() []discoveryRow {
	var out []discoveryRow
	for _, r := range s.all {
		if r.state == assets.SightingNew {
			out = append(out, r)
		}
	}
	return out
}

func (s *discoveryScreen) confirmBulkAdd() {
	rows := s.newRows()
	if len(rows) == 0 {
		return
	}
	s.ui.showConfirm("Add all new devices", fmt.Sprintf("Add %d new devices to the register, with what the network says about them?", len(rows)), "Add", false, s.bulkAdd)
}

// bulkAdd adds every new device as an asset.
func (s *discoveryScreen) bulkAdd() {
	rows := s.newRows()
	list := make([]assets.Asset, len(rows))
	for i, r := range rows {
		list[i] = assetFromSighting(r.s)
	}
	s.addAssets(rows, list)
}

// openLinkForm asks for the tag of the asset this device is.
func (s *discoveryScreen) openLinkForm() {
	r, ok := s.current()
	if !ok {
		return
	}
	tag := formEntry("", "")
	tag.SetPlaceHolder("Asset tag, e.g. ST-000123")
	s.ui.showForm("Link to existing asset", "Link", []*widget.FormItem{widget.NewFormItem("Asset tag", tag)}, func(ok bool) {
		if ok {
			s.link(r, tag.Text)
		}
	})
}

// link ties the row's sighting to the asset with the given tag.
func (s *discoveryScreen) link(r discoveryRow, tag string) {
	store := s.store
	background(s.ui, func(ctx context.Context) (assets.Asset, error) {
		a, err := store.AssetByTag(ctx, tag)
		if err != nil {
			return a, err
		}
		return a, store.LinkSighting(ctx, r.s.ID, a.ID)
	}, func(a assets.Asset, err error) {
		if err != nil {
			s.ui.showError("Could not link the device", err)
			return
		}
		s.status.SetText(fmt.Sprintf("Linked %s to %s.", firstOf(r.s.Name, r.s.HostName), a.Tag))
		s.refresh()
	})
}
