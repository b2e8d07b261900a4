package inventory

import (
	"reflect"
	"testing"
)

func TestDiff(t *testing.T) {
	base := func() *Report { return sampleReport() }
	tests := []struct {
		name   string
		change func(r *Report)
		want   []Change
	}{
		{name: "identical", change: func(*Report) {}, want: nil},
		{
			name:   "memory shrank",
			change: func(r *Report) { r.Memory.TotalBytes = 8 << 30; r.Memory.Modules = r.Memory.Modules[:1] },
			want: []Change{
				{Area: "memory", Text: "memory 16 GiB -> 8 GiB", HardwareRemoved: true},
				{Area: "memory", Text: "memory module DIMM2 8 GiB SN 1234ABCE removed", HardwareRemoved: true},
			},
		},
		{
			name:   "memory grew",
			change: func(r *Report) { r.Memory.TotalBytes = 32 << 30 },
			want:   []Change{{Area: "memory", Text: "memory 16 GiB -> 32 GiB"}},
		},
		{
			name:   "usable memory wobble is not a change",
			change: func(r *Report) { r.Memory.TotalBytes = 0; r.Memory.UsableBytes -= 2 << 20 },
			want:   nil,
		},
		{
			name: "disk replaced in the same slot",
			change: func(r *Report) {
				r.Disks[0].Serial, r.Disks[0].Model, r.Disks[0].SizeBytes = "S6XNEW999", "Samsung SSD 990 PRO 1TB", 1000204886016
			},
			want: []Change{{Area: "disk", Text: "disk SN SSB1N12345 (PC801 NVMe SK hynix 512GB, 512 GB, nvme0n1) replaced by SN S6XNEW999 (Samsung SSD 990 PRO 1TB, 1 TB, nvme0n1)", HardwareRemoved: true}},
		},
		{
			name:   "disk removed",
			change: func(r *Report) { r.Disks = nil },
			want:   []Change{{Area: "disk", Text: "disk SN SSB1N12345 (PC801 NVMe SK hynix 512GB, 512 GB, nvme0n1) removed", HardwareRemoved: true}},
		},
		{
			name: "disk added, device names shuffled",
			change: func(r *Report) {
				r.Disks = []Disk{{Name: "sda", Model: "WDC WD40EFRX", Serial: "WD-1", SizeBytes: 4e12, Type: DiskHDD}, r.Disks[0]}
				r.Disks[1].Name = "nvme1n1"
			},
			want: []Change{{Area: "disk", Text: "disk SN WD-1 (WDC WD40EFRX, 4 TB, sda) added"}},
		},
		{
			name:   "physical NIC removed, virtual one ignored",
			change: func(r *Report) { r.NICs = nil },
			want:   []Change{{Area: "nic", Text: "NIC eno1 (a4:bb:6d:01:02:03) removed", HardwareRemoved: true}},
		},
		{
			name: "NIC renamed and one added",
			change: func(r *Report) {
				r.NICs[0].Name = "enp0s31f6"
				r.NICs = append(r.NICs, NIC{Name: "wlan0", MAC: "00:11:22:33:44:55"}, NIC{Name: "veth1", Virtual: true})
			},
			want: []Change{
				{Area: "nic", Text: "NIC a4:bb:6d:01:02:03 renamed eno1 -> enp0s31f6"},
				{Area: "nic", Text: "NIC wlan0 (00:11:22:33:44:55) added"},
			},
		},
		{
			name: "GPU swapped",
			change: func(r *Report) {
				r.GPUs[0] = GPU{Vendor: "NVIDIA Corporation", Model: "AD107 [GeForce RTX 4060]", PCIAddress: "0000:01:00.0"}
			},
			want: []Change{
				{Area: "gpu", Text: "GPU Intel Corporation AlderLake-S GT1 removed", HardwareRemoved: true},
				{Area: "gpu", Text: "GPU NVIDIA Corporation AD107 [GeForce RTX 4060] added"},
			},
		},
		{
			name:   "OS upgrade",
			change: func(r *Report) { r.OS.Version, r.OS.Kernel = "24.10", "6.11.0-8-generic"; r.OS.Name = "Ubuntu" },
			want: []Change{
				{Area: "os", Text: "OS Ubuntu 24.04 -> 24.10"},
				{Area: "os", Text: "kernel 6.8.0-31-generic -> 6.11.0-8-generic"},
			},
		},
		{
			name:   "OS reinstalled as another",
			change: func(r *Report) { r.OS.Name, r.OS.Version = "Windows 11 Pro", "23H2"; r.OS.Kernel = "" },
			want:   []Change{{Area: "os", Text: "OS Ubuntu 24.04 -> Windows 11 Pro 23H2"}},
		},
		{
			name:   "Windows cumulative update",
			change: func(r *Report) { r.OS.Build = "22631.3447" },
			want:   nil, // old build empty: not a change in words
		},
		{
			name: "BIOS update and CPU swap",
			change: func(r *Report) {
				r.BIOS.Version, r.BIOS.Date = "1.22.0", "2024-06-01"
				r.CPU.Model = "13th Gen Intel(R) Core(TM) i7-13700"
			},
			want: []Change{
				{Area: "bios", Text: "BIOS 1.21.0 -> 1.22.0 (2024-06-01)"},
				{Area: "cpu", Text: "CPU 13th Gen Intel(R) Core(TM) i5-13500 -> 13th Gen Intel(R) Core(TM) i7-13700"},
			},
		},
		{
			name:   "serial became readable, host renamed",
			change: func(r *Report) { r.Hostname = "pc-043" },
			want:   []Change{{Area: "host", Text: "host name pc-042 -> pc-043"}},
		},
		{
			name: "software installed, removed, updated",
			change: func(r *Report) {
				r.Software = []Software{
					{Name: "firefox", Version: "126.0", Publisher: "Mozilla", Source: "dpkg", Arch: "amd64"},
					{Name: "htop", Version: "3.3.0-4", Source: "dpkg", Arch: "amd64"},
				}
			},
			want: []Change{
				{Area: "software", Text: "software firefox 125.0 -> 126.0"},
				{Area: "software", Text: "software htop 3.3.0-4 installed"},
				{Area: "software", Text: "software vim 2:9.1.0016-1ubuntu7 removed"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, new := base(), base()
			tt.change(new)
			got := Diff(old, new)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", changesText(got), changesText(tt.want))
			}
		})
	}
}

func TestDiffSerialAppears(t *testing.T) {
	old, new := sampleReport(), sampleReport()
	old.Product.Serial = "" // collected without root the first time
	got := Diff(old, new)
	want := []Change{{Area: "product", Text: "serial now known: ABC1234"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
}

func TestDiffNilReports(t *testing.T) {
	if got := Diff(nil, nil); len(got) != 0 {
		t.Errorf("Diff(nil, nil) = %v", got)
	}
	got := Diff(nil, &Report{Disks: []Disk{{Name: "sda", Serial: "X"}}})
	if len(got) != 1 || got[0].Text != "disk SN X (sda) added" {
		t.Errorf("got %v", got)
	}
}

func changesText(cs []Change) string {
	s := ""
	for _, c := range cs {
		flag := ""
		if c.HardwareRemoved {
			flag = " [removed]"
		}
		s += "  " + c.Area + ": " + c.Text + flag + "\n"
	}
	return s
}
