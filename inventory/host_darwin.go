//go:build darwin

package inventory

import (
	"context"
	"os"
	"path/filepath"
	"syscall"

	"howett.net/plist"
)

type hostFacts struct {
	Hostname, Domain, TimeZone string
	OS                         *OS
}

// host reads macOS's version from SystemVersion.plist (what sw_vers prints,
// without running it) and the kernel from sysctl.
func (c *collector) host() hostFacts {
	var h hostFacts
	h.Hostname, h.Domain = c.hostNames()
	h.TimeZone = c.timeZone()
	o := &OS{Family: "darwin", Name: "macOS"}
	var sv struct {
		ProductName         string `plist:"ProductName"`
		ProductVersion      string `plist:"ProductVersion"`
		ProductBuildVersion string `plist:"ProductBuildVersion"`
	}
	if data, err := os.ReadFile(c.path("System/Library/CoreServices/SystemVersion.plist")); err != nil {
		c.w.add("os: %v", err)
	} else if _, err := plist.Unmarshal(data, &sv); err != nil {
		c.w.add("os: SystemVersion.plist: %v", err)
	} else {
		if n := clean(sv.ProductName); n != "" && n != "Mac OS X" {
			o.Name = n
		}
		o.Version = clean(sv.ProductVersion)
		o.Build = clean(sv.ProductBuildVersion)
		o.PrettyName = o.Name + " " + o.Version
	}
	if !c.chrooted {
		if r, err := syscall.Sysctl("kern.osrelease"); err == nil {
			o.Kernel = "Darwin " + r
		}
		if m, err := syscall.Sysctl("hw.machine"); err == nil {
			o.Architecture = m
		}
	}
	h.OS = o
	return h
}

// software lists the application bundles in /Applications (and its
// Utilities folder) from each bundle's Info.plist.
func (c *collector) software(ctx context.Context) []Software {
	var out []Software
	for _, dir := range []string{"Applications", "Applications/Utilities"} {
		matches, _ := filepath.Glob(filepath.Join(c.path(dir), "*.app"))
		for _, app := range matches {
			if ctx.Err() != nil {
				return out
			}
			if s, ok := readAppBundle(app); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func readAppBundle(app string) (Software, bool) {
	data, err := os.ReadFile(filepath.Join(app, "Contents", "Info.plist"))
	if err != nil {
		return Software{}, false
	}
	var info struct {
		Name        string `plist:"CFBundleName"`
		DisplayName string `plist:"CFBundleDisplayName"`
		Short       string `plist:"CFBundleShortVersionString"`
		Version     string `plist:"CFBundleVersion"`
		Copyright   string `plist:"NSHumanReadableCopyright"`
	}
	if _, err := plist.Unmarshal(data, &info); err != nil {
		return Software{}, false
	}
	s := Software{Name: clean(info.DisplayName), Version: clean(info.Short), Publisher: publisherFromCopyright(info.Copyright), Source: "applications"}
	if s.Name == "" {
		s.Name = clean(info.Name)
	}
	if s.Name == "" {
		s.Name = filepath.Base(app[:len(app)-len(".app")])
	}
	if s.Version == "" {
		s.Version = clean(info.Version)
	}
	return s, true
}

// platformChassisType: Macs have no SMBIOS chassis type; Collect infers the
// kind from the model name instead.
func (c *collector) platformChassisType() string { return "" }

// RootHints: on macOS the collector reads nothing that needs root.
func RootHints(string) []string { return nil }
