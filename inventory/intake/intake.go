// Package intake turns inventory reports into what the register stores and
// says in plain words what storing one did. The command line
// (steward import --kind inventory) and the window both use it, so a report
// file, this computer and an agent's report all take the same path.
package intake

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"steward/assets"
	"steward/inventory"
)

// ReadFile reads and checks one report file; the source recorded in the
// asset's history is the file's base name.
func ReadFile(path string) (assets.InventoryImport, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return assets.InventoryImport{}, err
	}
	rep, err := inventory.ParseReportBytes(data)
	if err != nil {
		return assets.InventoryImport{}, err
	}
	return Import(rep, data, filepath.Base(path)), nil
}

// ReadFiles reads and checks files on every core: ins[i] or errs[i] for
// files[i].
func ReadFiles(files []string) (ins []assets.InventoryImport, errs []error) {
	ins, errs = make([]assets.InventoryImport, len(files)), make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.NumCPU(), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ins[i], errs[i] = ReadFile(files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return ins, errs
}

// FromReport is Import for a report held in memory (this computer, or one
// fetched from an agent): the JSON kept is the report's own encoding.
func FromReport(rep *inventory.Report, source string) (assets.InventoryImport, error) {
	raw, err := json.Marshal(rep)
	if err != nil {
		return assets.InventoryImport{}, err
	}
	return Import(rep, raw, source), nil
}

// Import maps a report onto the plain values the register keeps. raw is the
// report's JSON, kept whole.
func Import(rep *inventory.Report, raw []byte, source string) assets.InventoryImport {
	in := assets.InventoryImport{
		Facts:         Facts(rep),
		CollectedAt:   rep.CollectedAt,
		SchemaVersion: rep.SchemaVersion,
		Source:        source,
		Report:        raw,
		Changes: func(previous []byte) []assets.InventoryChange {
			old, err := inventory.ParseReportBytes(previous)
			if err != nil {
				return nil
			}
			return Changes(old, rep)
		},
	}
	for _, s := range rep.Software {
		in.Software = append(in.Software, assets.InstalledSoftware{Name: s.Name, Version: s.Version, Publisher: s.Publisher})
	}
	return in
}

// Changes is inventory.Diff in the register's terms.
func Changes(old, new *inventory.Report) []assets.InventoryChange {
	var out []assets.InventoryChange
	for _, c := range inventory.Diff(old, new) {
		out = append(out, assets.InventoryChange{Area: c.Area, Text: c.Text, HardwareRemoved: c.HardwareRemoved})
	}
	return out
}

// Facts is what matching and a new asset need from a report.
func Facts(rep *inventory.Report) assets.MachineFacts {
	f := assets.MachineFacts{HostName: rep.Hostname}
	if p := rep.Product; p != nil {
		f.Serial, f.UUID, f.Manufacturer, f.Model = p.Serial, p.UUID, p.Vendor, p.Model
	}
	if c := rep.Chassis; c != nil {
		f.Chassis = c.Type
		if f.Serial == "" {
			f.Serial = c.Serial
		}
	}
	for _, n := range rep.NICs {
		if !n.Virtual && n.MAC != "" {
			f.MACs = append(f.MACs, n.MAC)
		}
	}
	if o := rep.OS; o != nil {
		f.OS = o.PrettyName
		if f.OS == "" {
			f.OS = strings.TrimSpace(o.Name + " " + o.Version)
		}
	}
	return f
}

// Outcome is the first line of what storing a report did, without a prefix:
// "created LAP-0042 ThinkPad", "attached to ... (matched by serial)".
func Outcome(res assets.InventoryResult) string {
	switch {
	case res.Duplicate:
		return fmt.Sprintf("already imported for %s %s", res.Tag, res.Name)
	case res.Created:
		return fmt.Sprintf("created %s %s", res.Tag, res.Name)
	case res.Older:
		return fmt.Sprintf("added to the history of %s %s (matched by %s; it has a newer report)", res.Tag, res.Name, res.MatchedBy)
	default:
		return fmt.Sprintf("attached to %s %s (matched by %s)", res.Tag, res.Name, res.MatchedBy)
	}
}

// Details are the lines under the outcome: asset fields taken from the
// report and the changes since the previous report.
func Details(res assets.InventoryResult) []string {
	if res.Duplicate {
		return nil
	}
	var out []string
	for _, u := range res.Updated {
		out = append(out, fmt.Sprintf("%s: %q -> %q", u.Field, u.Old, u.New))
	}
	for _, c := range res.Changes {
		line := c.Text
		if c.HardwareRemoved {
			line += "  [hardware removed]"
		}
		out = append(out, line)
	}
	return out
}

// WriteResult writes the outcome after prefix, then the details indented.
func WriteResult(w io.Writer, prefix string, res assets.InventoryResult) {
	fmt.Fprintf(w, "%s%s\n", prefix, Outcome(res))
	for _, d := range Details(res) {
		fmt.Fprintf(w, "  %s\n", d)
	}
}
