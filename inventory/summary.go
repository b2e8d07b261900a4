package inventory

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteSummary writes the report for a person: one line per fact, the
// software as a count (the JSON has the list).
func WriteSummary(w io.Writer, r *Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	line := func(label, value string) {
		if value = strings.TrimSpace(value); value != "" {
			fmt.Fprintf(tw, "%s\t%s\n", label, value)
		}
	}
	host := r.Hostname
	if r.Domain != "" && host != "" {
		host += "." + r.Domain
	}
	line("Host", host)
	if p := r.Product; p != nil {
		line("Computer", join(" ", p.Vendor, p.Model))
		line("Serial", p.Serial)
		line("UUID", p.UUID)
		line("SKU", p.SKU)
	}
	if c := r.Chassis; c != nil {
		kind := c.Type
		if c.Description != "" && !strings.EqualFold(c.Description, c.Type) {
			kind = join(" ", kind, "("+c.Description+")")
		}
		line("Chassis", kind)
	}
	if b := r.Baseboard; b != nil {
		line("Baseboard", join(" ", b.Vendor, b.Product, b.Version))
	}
	if b := r.BIOS; b != nil {
		line("BIOS", join(" ", b.Vendor, b.Version, b.Date))
	}
	if c := r.CPU; c != nil {
		var counts []string
		if c.Sockets > 1 {
			counts = append(counts, fmt.Sprintf("%d sockets", c.Sockets))
		}
		if c.Cores > 0 {
			counts = append(counts, countOf(c.Cores, "core", "cores"))
		}
		if c.Threads > 0 {
			counts = append(counts, countOf(c.Threads, "thread", "threads"))
		}
		v := c.Model
		if len(counts) > 0 {
			v = join(" ", v, "("+strings.Join(counts, ", ")+")")
		}
		line("CPU", v)
	}
	if m := r.Memory; m != nil {
		total := m.TotalBytes
		if total == 0 {
			total = m.UsableBytes
		}
		v := ""
		if total > 0 {
			v = formatGiB(total)
		}
		if len(m.Modules) > 0 {
			v = join(" ", v, "in "+countOf(len(m.Modules), "module", "modules"))
		}
		line("Memory", v)
	}
	for _, d := range r.Disks {
		size := ""
		if d.SizeBytes > 0 {
			size = formatDiskSize(d.SizeBytes)
		}
		v := join(" ", d.Type, size, d.Model)
		if d.Serial != "" {
			v += " SN " + d.Serial
		}
		if d.Removable {
			v += " (removable)"
		}
		line("Disk "+d.Name, v)
	}
	for _, n := range r.NICs {
		v := n.MAC
		if n.SpeedMbps > 0 {
			v = join(" ", v, fmt.Sprintf("%d Mbit/s", n.SpeedMbps))
		}
		if n.Virtual {
			v = join(" ", v, "(virtual)")
		}
		if v == "" {
			v = "-"
		}
		line("NIC "+n.Name, v)
	}
	for _, g := range r.GPUs {
		line("GPU", join(" ", g.Vendor, g.Model))
	}
	if o := r.OS; o != nil {
		name := o.PrettyName
		if name == "" {
			name = join(" ", o.Name, o.Version)
		}
		if o.Build != "" {
			name = join(" ", name, "build "+o.Build)
		}
		line("OS", name)
		line("Kernel", join(" ", o.Kernel, o.Architecture))
	}
	line("Time zone", r.TimeZone)
	if len(r.Software) > 0 {
		bySource := map[string]int{}
		var order []string
		for _, s := range r.Software {
			if bySource[s.Source] == 0 {
				order = append(order, s.Source)
			}
			bySource[s.Source]++
		}
		var parts []string
		for _, s := range order {
			parts = append(parts, fmt.Sprintf("%d from %s", bySource[s], s))
		}
		line("Software", fmt.Sprintf("%s (%s)", countOf(len(r.Software), "package", "packages"), strings.Join(parts, ", ")))
	}
	line("Collected", r.CollectedAt.Format("2006-01-02 15:04:05 MST"))
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintf(w, "\nNot collected (%d):\n", len(r.Warnings))
		for _, wn := range r.Warnings {
			fmt.Fprintf(w, "  - %s\n", wn)
		}
	}
	return nil
}

func join(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// countOf is a count with its word: "1 module", "2 modules".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
