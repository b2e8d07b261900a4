package inventory

import (
	"fmt"
	"sort"
	"strings"
)

// Change is one difference between two reports of the same computer.
type Change struct {
	// Area is what changed: product, bios, cpu, memory, disk, nic, gpu,
	// os, host, software.
	Area string `json:"area"`
	// Text says it in words, e.g. "memory 16 GiB -> 8 GiB".
	Text string `json:"text"`
	// HardwareRemoved flags hardware that was in the old report and is
	// gone from the new one (a disk, a NIC, a GPU, memory): worth a look,
	// it may have been taken out of the machine.
	HardwareRemoved bool `json:"hardware_removed,omitempty"`
}

func (c Change) String() string { return c.Text }

// Diff lists what changed from old to new, hardware first, then the OS, the
// host's names and the software. It is pure: same reports, same changes, in
// the same order. Virtual network interfaces are ignored (they come and go).
func Diff(old, new *Report) []Change {
	if old == nil {
		old = &Report{}
	}
	if new == nil {
		new = &Report{}
	}
	var d differ
	d.product(old.Product, new.Product)
	d.bios(old.BIOS, new.BIOS)
	d.cpu(old.CPU, new.CPU)
	d.memory(old.Memory, new.Memory)
	d.disks(old.Disks, new.Disks)
	d.nics(old.NICs, new.NICs)
	d.gpus(old.GPUs, new.GPUs)
	d.os(old.OS, new.OS)
	d.field("host", "host name", old.Hostname, new.Hostname)
	d.field("host", "domain", old.Domain, new.Domain)
	d.software(old.Software, new.Software)
	return d.out
}

type differ struct{ out []Change }

func (d *differ) add(area string, removed bool, format string, a ...any) {
	d.out = append(d.out, Change{Area: area, Text: fmt.Sprintf(format, a...), HardwareRemoved: removed})
}

// field reports a changed text fact; a fact appearing or vanishing (often
// a permissions matter, not a change to the machine) is reported too.
func (d *differ) field(area, label, old, new string) {
	switch {
	case old == new:
	case old == "":
		d.add(area, false, "%s now known: %s", label, new)
	case new == "":
		d.add(area, false, "%s no longer reported (was %s)", label, old)
	default:
		d.add(area, false, "%s %s -> %s", label, old, new)
	}
}

func (d *differ) product(o, n *Product) {
	if o == nil {
		o = &Product{}
	}
	if n == nil {
		n = &Product{}
	}
	d.field("product", "vendor", o.Vendor, n.Vendor)
	d.field("product", "model", o.Model, n.Model)
	d.field("product", "serial", o.Serial, n.Serial)
	d.field("product", "UUID", o.UUID, n.UUID)
}

func (d *differ) bios(o, n *BIOS) {
	if o == nil {
		o = &BIOS{}
	}
	if n == nil {
		n = &BIOS{}
	}
	if o.Version != n.Version && o.Version != "" && n.Version != "" {
		date := ""
		if n.Date != "" {
			date = " (" + n.Date + ")"
		}
		d.add("bios", false, "BIOS %s -> %s%s", o.Version, n.Version, date)
	}
}

func (d *differ) cpu(o, n *CPU) {
	if o == nil || n == nil {
		return
	}
	if o.Model != n.Model && o.Model != "" && n.Model != "" {
		d.add("cpu", false, "CPU %s -> %s", o.Model, n.Model)
	}
	if o.Cores != n.Cores && o.Cores > 0 && n.Cores > 0 {
		d.add("cpu", n.Cores < o.Cores, "CPU cores %d -> %d", o.Cores, n.Cores)
	}
}

func (d *differ) memory(o, n *Memory) {
	if o == nil || n == nil {
		return
	}
	ot, nt := o.TotalBytes, n.TotalBytes
	if ot == 0 || nt == 0 {
		ot, nt = o.UsableBytes, n.UsableBytes
	}
	// Usable memory wobbles by a few MiB between boots (firmware, kernel
	// reservations); only a change of more than 1% is a real change.
	if ot > 0 && nt > 0 && absDiff(ot, nt)*100 > ot {
		d.add("memory", nt < ot, "memory %s -> %s", formatGiB(ot), formatGiB(nt))
	}
	key := func(m MemoryModule) string { return m.Location + "\x00" + m.Serial }
	newMods := map[string]bool{}
	for _, m := range n.Modules {
		newMods[key(m)] = true
	}
	oldMods := map[string]bool{}
	for _, m := range o.Modules {
		oldMods[key(m)] = true
		if !newMods[key(m)] {
			d.add("memory", true, "memory module %s removed", moduleLabel(m))
		}
	}
	for _, m := range n.Modules {
		if !oldMods[key(m)] {
			d.add("memory", false, "memory module %s added", moduleLabel(m))
		}
	}
}

func moduleLabel(m MemoryModule) string {
	parts := []string{}
	if m.Location != "" {
		parts = append(parts, m.Location)
	}
	if m.SizeBytes > 0 {
		parts = append(parts, formatGiB(m.SizeBytes))
	}
	if m.Serial != "" {
		parts = append(parts, "SN "+m.Serial)
	}
	if len(parts) == 0 {
		return "(unnamed)"
	}
	return strings.Join(parts, " ")
}

// diskKey identifies a drive across reports: its serial, else its WWN, else
// model and size (a drive without either keeps its name only by chance).
func diskKey(x Disk) string {
	switch {
	case x.Serial != "":
		return "sn:" + x.Serial
	case x.WWN != "":
		return "wwn:" + x.WWN
	default:
		return fmt.Sprintf("m:%s/%d/%s", x.Model, x.SizeBytes, x.Name)
	}
}

func diskLabel(x Disk) string {
	var id string
	switch {
	case x.Serial != "":
		id = "SN " + x.Serial
	case x.Model != "":
		id = x.Model
	default:
		id = x.Name
	}
	var detail []string
	if x.Model != "" && x.Serial != "" {
		detail = append(detail, x.Model)
	}
	if x.SizeBytes > 0 {
		detail = append(detail, formatDiskSize(x.SizeBytes))
	}
	if x.Name != "" && id != x.Name {
		detail = append(detail, x.Name)
	}
	if len(detail) == 0 {
		return id
	}
	return id + " (" + strings.Join(detail, ", ") + ")"
}

func (d *differ) disks(o, n []Disk) {
	newByKey := map[string]Disk{}
	for _, x := range n {
		newByKey[diskKey(x)] = x
	}
	oldByKey := map[string]Disk{}
	for _, x := range o {
		oldByKey[diskKey(x)] = x
	}
	// A disk that vanished while a new one appeared under the same device
	// name was replaced; pair those up first.
	added := map[string]Disk{}
	for k, x := range newByKey {
		if _, ok := oldByKey[k]; !ok {
			added[k] = x
		}
	}
	for _, x := range o {
		k := diskKey(x)
		if _, ok := newByKey[k]; ok {
			continue
		}
		replaced := false
		for _, y := range n {
			if _, isNew := added[diskKey(y)]; isNew && y.Name != "" && y.Name == x.Name {
				d.add("disk", true, "disk %s replaced by %s", diskLabel(x), diskLabel(y))
				delete(added, diskKey(y))
				replaced = true
				break
			}
		}
		if !replaced {
			d.add("disk", true, "disk %s removed", diskLabel(x))
		}
	}
	for _, x := range n {
		if _, ok := added[diskKey(x)]; ok {
			d.add("disk", false, "disk %s added", diskLabel(x))
		}
	}
}

func nicKey(x NIC) string {
	if x.MAC != "" {
		return "mac:" + x.MAC
	}
	return "name:" + x.Name
}

func nicLabel(x NIC) string {
	if x.MAC != "" && x.Name != "" {
		return x.Name + " (" + x.MAC + ")"
	}
	if x.MAC != "" {
		return x.MAC
	}
	return x.Name
}

func (d *differ) nics(o, n []NIC) {
	physical := func(list []NIC) (map[string]NIC, []string) {
		m := map[string]NIC{}
		var order []string
		for _, x := range list {
			if x.Virtual {
				continue
			}
			k := nicKey(x)
			if _, dup := m[k]; !dup {
				order = append(order, k)
			}
			m[k] = x
		}
		return m, order
	}
	om, oorder := physical(o)
	nm, norder := physical(n)
	for _, k := range oorder {
		x := om[k]
		if y, ok := nm[k]; ok {
			if x.Name != y.Name && x.Name != "" && y.Name != "" {
				d.add("nic", false, "NIC %s renamed %s -> %s", x.MAC, x.Name, y.Name)
			}
			continue
		}
		d.add("nic", true, "NIC %s removed", nicLabel(x))
	}
	for _, k := range norder {
		if _, ok := om[k]; !ok {
			d.add("nic", false, "NIC %s added", nicLabel(nm[k]))
		}
	}
}

func gpuKey(x GPU) string { return x.PCIAddress + "\x00" + x.Vendor + "\x00" + x.Model }

func gpuLabel(x GPU) string {
	name := strings.TrimSpace(x.Vendor + " " + x.Model)
	if name == "" {
		name = "at " + x.PCIAddress
	}
	return name
}

func (d *differ) gpus(o, n []GPU) {
	nm := map[string]bool{}
	for _, x := range n {
		nm[gpuKey(x)] = true
	}
	om := map[string]bool{}
	for _, x := range o {
		om[gpuKey(x)] = true
		if !nm[gpuKey(x)] {
			d.add("gpu", true, "GPU %s removed", gpuLabel(x))
		}
	}
	for _, x := range n {
		if !om[gpuKey(x)] {
			d.add("gpu", false, "GPU %s added", gpuLabel(x))
		}
	}
}

func (d *differ) os(o, n *OS) {
	if o == nil || n == nil {
		return
	}
	if o.Name != n.Name || o.Version != n.Version {
		from := strings.TrimSpace(o.Name + " " + o.Version)
		to := n.Version
		if o.Name != n.Name {
			to = strings.TrimSpace(n.Name + " " + n.Version)
		}
		if from != "" && to != "" {
			d.add("os", false, "OS %s -> %s", from, to)
		}
	} else if o.Build != n.Build && o.Build != "" && n.Build != "" {
		d.add("os", false, "OS build %s -> %s", o.Build, n.Build)
	}
	if o.Kernel != n.Kernel && o.Kernel != "" && n.Kernel != "" {
		d.add("os", false, "kernel %s -> %s", o.Kernel, n.Kernel)
	}
	if o.Architecture != n.Architecture && o.Architecture != "" && n.Architecture != "" {
		d.add("os", false, "architecture %s -> %s", o.Architecture, n.Architecture)
	}
}

func (d *differ) software(o, n []Software) {
	key := func(s Software) string { return s.Source + "\x00" + s.Name + "\x00" + s.Arch }
	om := make(map[string]Software, len(o))
	for _, s := range o {
		om[key(s)] = s
	}
	nm := make(map[string]Software, len(n))
	for _, s := range n {
		nm[key(s)] = s
	}
	var changes []Change
	for k, s := range nm {
		if old, ok := om[k]; !ok {
			changes = append(changes, Change{Area: "software", Text: "software " + softwareLabel(s) + " installed"})
		} else if old.Version != s.Version {
			changes = append(changes, Change{Area: "software", Text: fmt.Sprintf("software %s %s -> %s", s.Name, old.Version, s.Version)})
		}
	}
	for k, s := range om {
		if _, ok := nm[k]; !ok {
			changes = append(changes, Change{Area: "software", Text: "software " + softwareLabel(s) + " removed"})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Text < changes[j].Text })
	d.out = append(d.out, changes...)
}

func softwareLabel(s Software) string {
	if s.Version == "" {
		return s.Name
	}
	return s.Name + " " + s.Version
}

func absDiff(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

// formatGiB writes a memory size in binary units: "16 GiB", "15.5 GiB",
// "512 MiB".
func formatGiB(n int64) string {
	const gib = 1 << 30
	if n < gib {
		return trimZero(fmt.Sprintf("%.1f", float64(n)/(1<<20))) + " MiB"
	}
	return trimZero(fmt.Sprintf("%.1f", float64(n)/gib)) + " GiB"
}

// formatDiskSize writes a drive size in the decimal units drives are sold
// in: "500 GB", "2 TB", "1.9 TB".
func formatDiskSize(n uint64) string {
	switch {
	case n >= 1e12:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/1e12)) + " TB"
	case n >= 1e9:
		return trimZero(fmt.Sprintf("%.0f", float64(n)/1e9)) + " GB"
	default:
		return trimZero(fmt.Sprintf("%.0f", float64(n)/1e6)) + " MB"
	}
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }
