//go:build windows

package inventory

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/yusufpapurcu/wmi"
	"golang.org/x/sys/windows/registry"
)

type hostFacts struct {
	Hostname, Domain, TimeZone string
	OS                         *OS
}

const (
	currentVersionKey = `SOFTWARE\Microsoft\Windows NT\CurrentVersion`
	tcpipParamsKey    = `SYSTEM\CurrentControlSet\Services\Tcpip\Parameters`
	timeZoneKey       = `SYSTEM\CurrentControlSet\Control\TimeZoneInformation`
	uninstallKey      = `SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall`
)

// host reads the Windows version the way winver does: from
// HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion.
func (c *collector) host() hostFacts {
	var h hostFacts
	if c.chrooted {
		c.w.add("os: GHW_CHROOT is not supported on Windows; reading the running system")
	}
	if name, err := os.Hostname(); err == nil {
		h.Hostname = clean(name)
	}
	if k, err := registry.OpenKey(registry.LOCAL_MACHINE, tcpipParamsKey, registry.QUERY_VALUE); err == nil {
		h.Domain = regString(k, "Domain")
		if h.Domain == "" {
			h.Domain = regString(k, "NV Domain")
		}
		k.Close()
	}
	if k, err := registry.OpenKey(registry.LOCAL_MACHINE, timeZoneKey, registry.QUERY_VALUE); err == nil {
		h.TimeZone = regString(k, "TimeZoneKeyName")
		k.Close()
	}

	o := &OS{Family: "windows", Architecture: windowsArch()}
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, currentVersionKey, registry.QUERY_VALUE|registry.WOW64_64KEY)
	if err != nil {
		c.w.add("os: reading HKLM\\%s: %v", currentVersionKey, err)
		h.OS = o
		return h
	}
	defer k.Close()
	o.Name = regString(k, "ProductName")
	o.Version = regString(k, "DisplayVersion")
	if o.Version == "" {
		o.Version = regString(k, "ReleaseId")
	}
	build := regString(k, "CurrentBuild")
	if build == "" {
		build = regString(k, "CurrentBuildNumber")
	}
	if ubr, _, err := k.GetIntegerValue("UBR"); err == nil && build != "" {
		build += "." + strconv.FormatUint(ubr, 10)
	}
	o.Build = build
	// Windows 11 still says "Windows 10" in ProductName; its builds start at
	// 22000 (Microsoft's documented way to tell them apart).
	if n, _ := strconv.Atoi(strings.SplitN(build, ".", 2)[0]); n >= 22000 && strings.HasPrefix(o.Name, "Windows 10") {
		o.Name = "Windows 11" + strings.TrimPrefix(o.Name, "Windows 10")
	}
	major, _, errMaj := k.GetIntegerValue("CurrentMajorVersionNumber")
	minor, _, errMin := k.GetIntegerValue("CurrentMinorVersionNumber")
	if errMaj == nil && errMin == nil {
		o.Kernel = "NT " + strconv.FormatUint(major, 10) + "." + strconv.FormatUint(minor, 10)
	} else if v := regString(k, "CurrentVersion"); v != "" {
		o.Kernel = "NT " + v
	}
	if build != "" && o.Kernel != "" {
		o.Kernel += "." + strings.SplitN(build, ".", 2)[0]
	}
	o.PrettyName = strings.TrimSpace(o.Name + " " + o.Version)
	h.OS = o
	return h
}

func windowsArch() string {
	if a := os.Getenv("PROCESSOR_ARCHITEW6432"); a != "" {
		return a
	}
	if a := os.Getenv("PROCESSOR_ARCHITECTURE"); a != "" {
		return a
	}
	return runtime.GOARCH
}

func regString(k registry.Key, name string) string {
	s, _, err := k.GetStringValue(name)
	if err != nil {
		return ""
	}
	return clean(s)
}

// software lists what "Apps & features" lists: the Uninstall keys of
// HKLM in both registry views (64- and 32-bit programs) and of HKCU,
// leaving out system components and updates that belong to a parent.
func (c *collector) software(ctx context.Context) []Software {
	type view struct {
		root   registry.Key
		access uint32
		name   string
	}
	views := []view{
		{registry.LOCAL_MACHINE, registry.WOW64_64KEY, `HKLM (64-bit)`},
		{registry.LOCAL_MACHINE, registry.WOW64_32KEY, `HKLM (32-bit)`},
		{registry.CURRENT_USER, 0, `HKCU`},
	}
	seen := map[string]bool{}
	var out []Software
	for _, v := range views {
		if ctx.Err() != nil {
			break
		}
		k, err := registry.OpenKey(v.root, uninstallKey, registry.ENUMERATE_SUB_KEYS|registry.QUERY_VALUE|v.access)
		if err != nil {
			if !errors.Is(err, registry.ErrNotExist) {
				c.w.add("software: %s\\%s: %v", v.name, uninstallKey, err)
			}
			continue
		}
		names, err := k.ReadSubKeyNames(-1)
		if err != nil {
			c.w.add("software: %s\\%s: %v", v.name, uninstallKey, err)
		}
		for _, sub := range names {
			sk, err := registry.OpenKey(k, sub, registry.QUERY_VALUE|v.access)
			if err != nil {
				continue
			}
			s, ok := uninstallEntry(sk)
			sk.Close()
			if !ok {
				continue
			}
			// The 64- and 32-bit views overlap for some entries.
			key := s.Name + "\x00" + s.Version
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, s)
		}
		k.Close()
	}
	return out
}

func uninstallEntry(k registry.Key) (Software, bool) {
	name := regString(k, "DisplayName")
	if name == "" {
		return Software{}, false
	}
	if v, _, err := k.GetIntegerValue("SystemComponent"); err == nil && v == 1 {
		return Software{}, false
	}
	if regString(k, "ParentKeyName") != "" || regString(k, "ReleaseType") == "Update" || regString(k, "ReleaseType") == "Security Update" {
		return Software{}, false
	}
	return Software{
		Name:      name,
		Version:   regString(k, "DisplayVersion"),
		Publisher: regString(k, "Publisher"),
		Source:    "registry",
	}, true
}

// platformChassisType asks WMI for Win32_SystemEnclosure.ChassisTypes,
// which ghw does not read on Windows.
func (c *collector) platformChassisType() string {
	var enclosures []struct{ ChassisTypes []uint16 }
	if err := wmi.Query("SELECT ChassisTypes FROM Win32_SystemEnclosure", &enclosures); err != nil {
		c.w.add("chassis: WMI Win32_SystemEnclosure: %v", err)
		return ""
	}
	for _, e := range enclosures {
		for _, t := range e.ChassisTypes {
			if kind := NormalizeChassisType(strconv.Itoa(int(t))); kind != "" {
				return kind
			}
		}
	}
	return ""
}

// RootHints: on Windows the collector needs no administrator rights.
func RootHints(string) []string { return nil }
