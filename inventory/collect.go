package inventory

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jaypipes/ghw"
	"github.com/jaypipes/ghw/pkg/block"
	"github.com/jaypipes/ghw/pkg/snapshot"
)

// Options controls a collection. The zero value collects everything from the
// running system (or from GHW_CHROOT when that is set).
type Options struct {
	// Root is the file system to read instead of "/": a mounted system disk
	// or an unpacked ghw snapshot. Empty means $GHW_CHROOT, else "/".
	// Hardware, OS facts and software are all read under it.
	Root string
	// Snapshot is a ghw snapshot (.tar.gz) to unpack and read; it overrides
	// Root. The unpacked copy is removed when Collect returns.
	Snapshot string
	// NoSoftware leaves the installed software out (it is the largest part).
	NoSoftware bool
	// CollectorVersion is written into the report (Steward's version).
	CollectorVersion string
	// Now gives the collection time; nil means time.Now.
	Now func() time.Time
}

// Category names, as used in warnings and by the benchmarks.
const (
	catDMI      = "dmi"
	catCPU      = "cpu"
	catMemory   = "memory"
	catBlock    = "disks"
	catNet      = "network"
	catGPU      = "gpu"
	catHost     = "os"
	catSoftware = "software"
)

// collector holds one collection's settings.
type collector struct {
	root     string // "/" or the chroot
	chrooted bool
	w        *warnings
}

// Collect reads the computer's hardware, OS and installed software. It
// fails only when the root cannot be used at all; anything else that cannot
// be read is left out of the report and explained in Report.Warnings.
func Collect(ctx context.Context, opts Options) (*Report, error) {
	root := opts.Root
	if opts.Snapshot != "" {
		dir, err := os.MkdirTemp("", "steward-snapshot-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		if err := snapshot.UnpackInto(opts.Snapshot, dir); err != nil {
			return nil, fmt.Errorf("unpacking ghw snapshot %s: %w", opts.Snapshot, err)
		}
		root = dir
	}
	if root == "" {
		root = os.Getenv("GHW_CHROOT")
	}
	if root == "" {
		root = "/"
	}
	root = filepath.Clean(root)
	c := &collector{root: root, chrooted: root != "/" && root != filepath.VolumeName(root)+`\`, w: &warnings{}}
	if c.chrooted {
		fi, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("root %s: %w", root, err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("root %s is not a directory", root)
		}
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	rep := &Report{
		SchemaVersion:    SchemaVersion,
		CollectorVersion: opts.CollectorVersion,
		CollectedAt:      now().UTC().Truncate(time.Second),
	}

	// Each category reads different files (or WMI classes), so they run side
	// by side; each goroutine writes only its own fields of rep.
	jobs := []struct {
		name string
		run  func()
	}{
		{catDMI, func() { c.dmi(rep) }},
		{catCPU, func() { rep.CPU = c.cpu() }},
		{catMemory, func() { rep.Memory = c.memory() }},
		{catBlock, func() { rep.Disks = c.disks() }},
		{catNet, func() { rep.NICs = c.nics() }},
		{catGPU, func() { rep.GPUs = c.gpus() }},
		{catHost, func() {
			h := c.host()
			rep.Hostname, rep.Domain, rep.TimeZone, rep.OS = h.Hostname, h.Domain, h.TimeZone, h.OS
		}},
	}
	if !opts.NoSoftware {
		jobs = append(jobs, struct {
			name string
			run  func()
		}{catSoftware, func() { rep.Software = c.software(ctx) }})
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// ghw reads firmware-provided data; a crash in one category
			// must not lose the others.
			defer func() {
				if p := recover(); p != nil {
					c.w.add("%s: collector failed: %v", j.name, p)
				}
			}()
			j.run()
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}

	if rep.Chassis != nil && rep.Chassis.Type == "" && rep.Product != nil {
		rep.Chassis.Type = chassisFromModel(rep.Product.Model)
	}
	if rep.Chassis == nil && rep.Product != nil {
		if t := chassisFromModel(rep.Product.Model); t != "" {
			rep.Chassis = &Chassis{Type: t}
		}
	}
	sortSoftware(rep.Software)
	rep.Warnings = c.w.sorted()
	return rep, nil
}

// ghwArgs are the options every ghw call gets: our root, no external tools
// (ethtool, lsblk: a subprocess each is slow and not needed), and a logger
// that captures warnings instead of printing them.
func (c *collector) ghwArgs(category string) []any {
	return []any{
		ghw.WithChroot(c.root),
		ghw.WithDisableTools(),
		ghw.WithDisableTopology(),
		ghw.WithLogger(c.w.logger(category)),
	}
}

func (c *collector) dmi(rep *Report) {
	if runtime.GOOS == "linux" && !c.exists("sys/class/dmi/id") && !c.exists("sys/firmware/devicetree/base") && !c.exists("proc/device-tree") {
		// Without SMBIOS tables (many VMs, containers, some ARM boards)
		// every DMI read would fail one by one; say it once.
		c.w.add("dmi: no SMBIOS data (/sys/class/dmi/id is missing): product, chassis, baseboard and BIOS are unknown")
		return
	}
	var wg sync.WaitGroup
	wg.Add(4)
	go func() {
		defer wg.Done()
		if p, err := ghw.Product(c.ghwArgs("product")...); err != nil {
			c.w.add("product: %v", err)
		} else {
			rep.Product = fromProduct(p)
		}
	}()
	go func() {
		defer wg.Done()
		if ch, err := ghw.Chassis(c.ghwArgs("chassis")...); err != nil {
			c.w.add("chassis: %v", err)
		} else {
			rep.Chassis = fromChassis(ch)
			if rep.Chassis == nil || rep.Chassis.Type == "" {
				// ghw leaves the type out on some platforms (Windows).
				if t := c.platformChassisType(); t != "" {
					if rep.Chassis == nil {
						rep.Chassis = &Chassis{}
					}
					rep.Chassis.Type = t
				}
			}
		}
	}()
	go func() {
		defer wg.Done()
		if b, err := ghw.Baseboard(c.ghwArgs("baseboard")...); err != nil {
			c.w.add("baseboard: %v", err)
		} else {
			rep.Baseboard = fromBaseboard(b)
		}
	}()
	go func() {
		defer wg.Done()
		if b, err := ghw.BIOS(c.ghwArgs("bios")...); err != nil {
			c.w.add("bios: %v", err)
		} else {
			rep.BIOS = fromBIOS(b)
		}
	}()
	wg.Wait()
}

func fromProduct(p *ghw.ProductInfo) *Product {
	if p == nil {
		return nil
	}
	out := &Product{
		Vendor:  clean(p.Vendor),
		Model:   clean(p.Name),
		Family:  clean(p.Family),
		Version: clean(p.Version),
		Serial:  clean(p.SerialNumber),
		UUID:    cleanUUID(p.UUID),
		SKU:     clean(p.SKU),
	}
	// Lenovo puts the machine type ("21AH00BXGE") in product_name and the
	// name people know ("ThinkPad T14 Gen 3") in product_version.
	if strings.EqualFold(out.Vendor, "LENOVO") && out.Version != "" && isMachineType(out.Model) {
		out.SKU, out.Model, out.Version = out.Model, out.Version, ""
	}
	if *out == (Product{}) {
		return nil
	}
	return out
}

// isMachineType matches Lenovo machine-type-model codes: 4 to 10 upper-case
// letters and digits, at least one of each.
func isMachineType(s string) bool {
	if len(s) < 4 || len(s) > 10 {
		return false
	}
	var digit, letter bool
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r >= 'A' && r <= 'Z':
			letter = true
		default:
			return false
		}
	}
	return digit && letter
}

func fromChassis(ch *ghw.ChassisInfo) *Chassis {
	if ch == nil {
		return nil
	}
	out := &Chassis{
		Type:        NormalizeChassisType(ch.Type),
		Description: clean(ch.TypeDescription),
		Vendor:      clean(ch.Vendor),
		Serial:      clean(ch.SerialNumber),
		AssetTag:    clean(ch.AssetTag),
	}
	if *out == (Chassis{}) {
		return nil
	}
	return out
}

func fromBaseboard(b *ghw.BaseboardInfo) *Baseboard {
	if b == nil {
		return nil
	}
	out := &Baseboard{
		Vendor:   clean(b.Vendor),
		Product:  clean(b.Product),
		Version:  clean(b.Version),
		Serial:   clean(b.SerialNumber),
		AssetTag: clean(b.AssetTag),
	}
	if *out == (Baseboard{}) {
		return nil
	}
	return out
}

func fromBIOS(b *ghw.BIOSInfo) *BIOS {
	if b == nil {
		return nil
	}
	out := &BIOS{Vendor: clean(b.Vendor), Version: clean(b.Version), Date: normalizeDate(b.Date)}
	if *out == (BIOS{}) {
		return nil
	}
	return out
}

func (c *collector) cpu() *CPU {
	info, err := ghw.CPU(c.ghwArgs(catCPU)...)
	if err != nil {
		c.w.add("cpu: %v", err)
		return nil
	}
	return fromCPU(info)
}

func fromCPU(info *ghw.CPUInfo) *CPU {
	if info == nil {
		return nil
	}
	out := &CPU{Sockets: len(info.Processors), Cores: int(info.TotalCores), Threads: int(info.TotalHardwareThreads)}
	for _, p := range info.Processors {
		if out.Model == "" {
			out.Model = clean(p.Model)
		}
		if out.Vendor == "" {
			out.Vendor = clean(p.Vendor)
		}
	}
	if out.Threads == 0 {
		out.Threads = int(info.TotalThreads)
	}
	if *out == (CPU{}) {
		return nil
	}
	return out
}

func (c *collector) memory() *Memory {
	info, err := ghw.Memory(c.ghwArgs(catMemory)...)
	if err != nil {
		c.w.add("memory: %v", err)
		return nil
	}
	return fromMemory(info)
}

func fromMemory(info *ghw.MemoryInfo) *Memory {
	if info == nil {
		return nil
	}
	out := &Memory{}
	// When ghw cannot find the physical size it copies the usable size
	// into it (and warns); a copy is not a fact, so leave it out.
	if info.TotalPhysicalBytes > 0 && info.TotalPhysicalBytes != info.TotalUsableBytes {
		out.TotalBytes = info.TotalPhysicalBytes
	}
	if info.TotalUsableBytes > 0 {
		out.UsableBytes = info.TotalUsableBytes
	}
	for _, m := range info.Modules {
		if m == nil {
			continue
		}
		mod := MemoryModule{Location: clean(m.Location), Vendor: clean(m.Vendor), Serial: clean(m.SerialNumber)}
		if m.SizeBytes > 0 {
			mod.SizeBytes = m.SizeBytes
		}
		if mod.Location == "" {
			mod.Location = clean(m.Label)
		}
		if mod != (MemoryModule{}) {
			out.Modules = append(out.Modules, mod)
		}
	}
	if out.TotalBytes == 0 && out.UsableBytes == 0 && len(out.Modules) == 0 {
		return nil
	}
	return out
}

func (c *collector) disks() []Disk {
	info, err := ghw.Block(c.ghwArgs(catBlock)...)
	if err != nil {
		c.w.add("disks: %v", err)
		return nil
	}
	return fromBlock(info)
}

// notDisks are block devices that are not drives: loop devices, RAM and
// compressed-RAM disks, device-mapper and software-RAID volumes, network
// block devices.
var notDisks = []string{"loop", "ram", "zram", "dm-", "md", "nbd"}

func fromBlock(info *ghw.BlockInfo) []Disk {
	if info == nil {
		return nil
	}
	var out []Disk
	for _, d := range info.Disks {
		if d == nil || d.StorageController == block.StorageControllerLoop || hasAnyPrefix(d.Name, notDisks) {
			continue
		}
		disk := Disk{
			Name:      d.Name,
			Vendor:    cleanVendor(d.Vendor),
			Model:     clean(d.Model),
			Serial:    clean(d.SerialNumber),
			WWN:       clean(d.WWN),
			SizeBytes: d.SizeBytes,
			Removable: d.IsRemovable,
		}
		switch {
		case d.StorageController == ghw.StorageControllerNVMe:
			disk.Type = DiskNVMe
		case d.DriveType == ghw.DriveTypeSSD:
			disk.Type = DiskSSD
		case d.DriveType == ghw.DriveTypeHDD:
			disk.Type = DiskHDD
		case d.DriveType == ghw.DriveTypeODD:
			disk.Type = DiskOptical
		case d.DriveType == ghw.DriveTypeFDD:
			disk.Type = DiskFloppy
		}
		// An empty card reader or optical drive reports size 0; keep it
		// only if it says what it is.
		if disk.SizeBytes == 0 && disk.Model == "" && disk.Serial == "" {
			continue
		}
		out = append(out, disk)
	}
	return out
}

func (c *collector) nics() []NIC {
	info, err := ghw.Network(c.ghwArgs(catNet)...)
	if err != nil {
		c.w.add("network: %v", err)
		return nil
	}
	return fromNetwork(info)
}

func fromNetwork(info *ghw.NetworkInfo) []NIC {
	if info == nil {
		return nil
	}
	var out []NIC
	for _, n := range info.NICs {
		if n == nil || n.Name == "lo" {
			continue
		}
		nic := NIC{Name: n.Name, MAC: normalizeMAC(n.MACAddress), Virtual: n.IsVirtual, SpeedMbps: parseSpeed(n.Speed)}
		if n.PCIAddress != nil {
			nic.PCIAddress = *n.PCIAddress
		}
		out = append(out, nic)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// normalizeMAC writes a MAC as lower-case colon-separated hex and drops the
// all-zero address that interfaces without one report.
func normalizeMAC(s string) string {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "-", ":"))
	if s == "" || strings.Trim(s, "0:") == "" {
		return ""
	}
	return s
}

// parseSpeed reads "1000", "1000Mb/s" or "10Gb/s" as Mbit/s; "-1",
// "Unknown!" and the like give 0 (absent).
func parseSpeed(s string) int {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil || n <= 0 {
		return 0
	}
	if strings.HasPrefix(strings.ToLower(s[i:]), "gb") {
		n *= 1000
	}
	return n
}

func (c *collector) gpus() []GPU {
	if runtime.GOOS == "linux" && !c.exists("sys/class/drm") {
		// ghw would load the whole PCI ID database before finding no
		// cards; skip that cost on headless machines.
		c.w.add("gpu: no graphics devices (/sys/class/drm is missing)")
		return nil
	}
	info, err := ghw.GPU(c.ghwArgs(catGPU)...)
	if err != nil {
		c.w.add("gpu: %v", err)
		return nil
	}
	return fromGPU(info)
}

func fromGPU(info *ghw.GPUInfo) []GPU {
	if info == nil {
		return nil
	}
	var out []GPU
	for _, card := range info.GraphicsCards {
		if card == nil {
			continue
		}
		g := GPU{PCIAddress: card.Address}
		if d := card.DeviceInfo; d != nil {
			if d.Vendor != nil {
				g.Vendor = clean(d.Vendor.Name)
			}
			if d.Product != nil {
				g.Model = clean(d.Product.Name)
			}
			g.Driver = clean(d.Driver)
		}
		out = append(out, g)
	}
	return out
}

func (c *collector) exists(rel string) bool {
	_, err := os.Stat(filepath.Join(c.root, filepath.FromSlash(rel)))
	return err == nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func sortSoftware(s []Software) {
	sort.SliceStable(s, func(i, j int) bool {
		a, b := strings.ToLower(s[i].Name), strings.ToLower(s[j].Name)
		if a != b {
			return a < b
		}
		if s[i].Arch != s[j].Arch {
			return s[i].Arch < s[j].Arch
		}
		return s[i].Version < s[j].Version
	})
}
