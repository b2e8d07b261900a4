// Package inventory reads a computer's hardware, operating system and
// installed software into a Report: a versioned, JSON-serialisable value that
// can be written to a file, carried on a USB stick, served by the Steward agent
// and imported into the register later.
//
// The package is a leaf: it knows ghw, the host's files and registries, and
// nothing of Steward's register or window.
//
// A fact that could not be read is absent from the report (the zero value,
// omitted from JSON), never a placeholder such as "unknown" or
// "To Be Filled By O.E.M.".
package inventory

import "time"

// SchemaVersion is the version of the Report layout this package writes.
// ParseReport accepts reports up to this version and refuses newer ones, so an
// old Steward never misreads a report from a newer collector.
const SchemaVersion = 1

// Report is everything the collector learned about one computer.
type Report struct {
	SchemaVersion    int       `json:"schema_version"`
	CollectorVersion string    `json:"collector_version,omitempty"`
	CollectedAt      time.Time `json:"collected_at"`

	Hostname string `json:"hostname,omitempty"`
	Domain   string `json:"domain,omitempty"`
	TimeZone string `json:"time_zone,omitempty"`

	Product   *Product   `json:"product,omitempty"`
	Chassis   *Chassis   `json:"chassis,omitempty"`
	Baseboard *Baseboard `json:"baseboard,omitempty"`
	BIOS      *BIOS      `json:"bios,omitempty"`
	CPU       *CPU       `json:"cpu,omitempty"`
	Memory    *Memory    `json:"memory,omitempty"`
	Disks     []Disk     `json:"disks,omitempty"`
	NICs      []NIC      `json:"nics,omitempty"`
	GPUs      []GPU      `json:"gpus,omitempty"`
	OS        *OS        `json:"os,omitempty"`
	Software  []Software `json:"software,omitempty"`

	// Warnings says what could not be read and why, in plain words.
	Warnings []string `json:"warnings,omitempty"`
}

// Product identifies the computer as its maker sold it (SMBIOS type 1).
type Product struct {
	Vendor  string `json:"vendor,omitempty"`
	Model   string `json:"model,omitempty"`
	Family  string `json:"family,omitempty"`
	Version string `json:"version,omitempty"`
	Serial  string `json:"serial,omitempty"`
	UUID    string `json:"uuid,omitempty"`
	SKU     string `json:"sku,omitempty"`
}

// Chassis type names, normalised from the SMBIOS chassis type codes.
const (
	ChassisLaptop    = "laptop"
	ChassisDesktop   = "desktop"
	ChassisServer    = "server"
	ChassisTablet    = "tablet"
	ChassisAllInOne  = "all-in-one"
	ChassisMini      = "mini"
	ChassisOther     = "other"
	ChassisUndefined = ""
)

// Chassis is the enclosure (SMBIOS type 3).
type Chassis struct {
	// Type is one of the Chassis* constants.
	Type string `json:"type,omitempty"`
	// Description is the firmware's own wording, e.g. "Notebook".
	Description string `json:"description,omitempty"`
	Vendor      string `json:"vendor,omitempty"`
	Serial      string `json:"serial,omitempty"`
	AssetTag    string `json:"asset_tag,omitempty"`
}

// Baseboard is the main board (SMBIOS type 2).
type Baseboard struct {
	Vendor   string `json:"vendor,omitempty"`
	Product  string `json:"product,omitempty"`
	Version  string `json:"version,omitempty"`
	Serial   string `json:"serial,omitempty"`
	AssetTag string `json:"asset_tag,omitempty"`
}

// BIOS is the system firmware.
type BIOS struct {
	Vendor  string `json:"vendor,omitempty"`
	Version string `json:"version,omitempty"`
	// Date is YYYY-MM-DD when the firmware's date could be read as a date,
	// otherwise the firmware's own text.
	Date string `json:"date,omitempty"`
}

// CPU summarises the processors.
type CPU struct {
	Vendor  string `json:"vendor,omitempty"`
	Model   string `json:"model,omitempty"`
	Sockets int    `json:"sockets,omitempty"`
	Cores   int    `json:"cores,omitempty"`
	Threads int    `json:"threads,omitempty"`
}

// Memory is the installed RAM.
type Memory struct {
	// TotalBytes is the physical memory; UsableBytes what the OS can use.
	TotalBytes  int64          `json:"total_bytes,omitempty"`
	UsableBytes int64          `json:"usable_bytes,omitempty"`
	Modules     []MemoryModule `json:"modules,omitempty"`
}

// MemoryModule is one DIMM or soldered bank, where the platform reports them.
type MemoryModule struct {
	Location  string `json:"location,omitempty"`
	Vendor    string `json:"vendor,omitempty"`
	Serial    string `json:"serial,omitempty"`
	SizeBytes int64  `json:"size_bytes,omitempty"`
}

// Disk types.
const (
	DiskHDD     = "HDD"
	DiskSSD     = "SSD"
	DiskNVMe    = "NVMe"
	DiskOptical = "optical"
	DiskFloppy  = "floppy"
)

// Disk is one physical (or virtual machine) drive; partitions, loop devices
// and RAM disks are left out.
type Disk struct {
	Name      string `json:"name,omitempty"`
	Vendor    string `json:"vendor,omitempty"`
	Model     string `json:"model,omitempty"`
	Serial    string `json:"serial,omitempty"`
	WWN       string `json:"wwn,omitempty"`
	SizeBytes uint64 `json:"size_bytes,omitempty"`
	// Type is one of the Disk* constants.
	Type      string `json:"type,omitempty"`
	Removable bool   `json:"removable,omitempty"`
}

// NIC is one network interface (loopback left out).
type NIC struct {
	Name string `json:"name,omitempty"`
	MAC  string `json:"mac,omitempty"`
	// SpeedMbps is the current link speed, absent when unknown or down.
	SpeedMbps  int    `json:"speed_mbps,omitempty"`
	Virtual    bool   `json:"virtual,omitempty"`
	PCIAddress string `json:"pci_address,omitempty"`
}

// GPU is one graphics adapter.
type GPU struct {
	Vendor     string `json:"vendor,omitempty"`
	Model      string `json:"model,omitempty"`
	Driver     string `json:"driver,omitempty"`
	PCIAddress string `json:"pci_address,omitempty"`
}

// OS is the installed operating system.
type OS struct {
	// Family is the Go GOOS-style name: linux, windows, darwin.
	Family string `json:"family,omitempty"`
	// Name is the product name, e.g. "Ubuntu", "Windows 11 Pro", "macOS".
	Name string `json:"name,omitempty"`
	// Version is the release, e.g. "24.04", "23H2", "14.5".
	Version string `json:"version,omitempty"`
	// Build is the build number where the OS has one, e.g. "22631.3007".
	Build        string `json:"build,omitempty"`
	Codename     string `json:"codename,omitempty"`
	PrettyName   string `json:"pretty_name,omitempty"`
	Kernel       string `json:"kernel,omitempty"`
	Architecture string `json:"architecture,omitempty"`
}

// Software is one installed package or application.
type Software struct {
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	// Source says where it was found: dpkg, rpm, registry, applications.
	Source string `json:"source,omitempty"`
	Arch   string `json:"arch,omitempty"`
}
