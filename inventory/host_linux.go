//go:build linux

package inventory

import (
	"bufio"
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
)

type hostFacts struct {
	Hostname, Domain, TimeZone string
	OS                         *OS
}

func (c *collector) host() hostFacts {
	var h hostFacts
	h.Hostname, h.Domain = c.hostNames()
	h.TimeZone = c.timeZone()
	o := &OS{Family: "linux"}
	osr, err := readOSRelease(c.path("etc/os-release"))
	if err != nil {
		osr, err = readOSRelease(c.path("usr/lib/os-release"))
	}
	if err != nil {
		c.w.add("os: no os-release file (etc/os-release, usr/lib/os-release): distribution unknown")
	}
	o.Name = clean(osr["NAME"])
	o.Version = clean(osr["VERSION_ID"])
	o.Codename = clean(osr["VERSION_CODENAME"])
	o.PrettyName = clean(osr["PRETTY_NAME"])
	o.Build = clean(osr["BUILD_ID"])
	if c.chrooted {
		o.Kernel = firstLine(c.path("proc/sys/kernel/osrelease"))
		if o.Kernel == "" {
			o.Kernel = c.newestModulesDir()
		}
		o.Architecture = c.rootArchitecture()
	} else {
		var u syscall.Utsname
		if err := syscall.Uname(&u); err == nil {
			o.Kernel = utsString(u.Release[:])
			o.Architecture = utsString(u.Machine[:])
		}
	}
	if *o != (OS{Family: "linux"}) {
		h.OS = o
	}
	return h
}

// utsString reads a NUL-terminated utsname field (int8 or uint8 by arch).
func utsString[T int8 | uint8](a []T) string {
	b := make([]byte, 0, len(a))
	for _, c := range a {
		if c == 0 {
			break
		}
		b = append(b, byte(c))
	}
	return string(b)
}

// readOSRelease parses os-release(5): KEY=value lines, values optionally
// quoted with shell quoting.
func readOSRelease(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return map[string]string{}, err
	}
	return parseOSRelease(data), nil
}

func parseOSRelease(data []byte) map[string]string {
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			v = v[1 : len(v)-1]
			if v != "" {
				r := strings.NewReplacer(`\"`, `"`, `\\`, `\`, `\$`, `$`, "\\`", "`")
				v = r.Replace(v)
			}
		}
		m[strings.TrimSpace(k)] = v
	}
	return m
}

// newestModulesDir guesses the installed kernel of a mounted system from the
// module directories (lib/modules/<release>), taking the highest release.
func (c *collector) newestModulesDir() string {
	var names []string
	for _, dir := range []string{"lib/modules", "usr/lib/modules"} {
		entries, err := os.ReadDir(c.path(dir))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() {
				names = append(names, e.Name())
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Slice(names, func(i, j int) bool { return versionLess(names[i], names[j]) })
	return names[len(names)-1]
}

// rootArchitecture says what machine a mounted system was installed for:
// dpkg's native architecture, else the ELF machine of its shell.
func (c *collector) rootArchitecture() string {
	if a := firstLine(c.path("var/lib/dpkg/arch")); a != "" {
		return a
	}
	for _, p := range []string{"bin/sh", "usr/bin/sh", "bin/bash", "usr/bin/bash"} {
		f, err := elf.Open(c.path(p))
		if err != nil {
			continue
		}
		m := f.Machine
		f.Close()
		switch m {
		case elf.EM_X86_64:
			return "x86_64"
		case elf.EM_386:
			return "i686"
		case elf.EM_AARCH64:
			return "aarch64"
		case elf.EM_ARM:
			return "armv7l"
		case elf.EM_RISCV:
			return "riscv64"
		case elf.EM_S390:
			return "s390x"
		case elf.EM_PPC64:
			return "ppc64le"
		}
	}
	return ""
}

// software reads dpkg's status file directly and, on the live system only,
// asks rpm (whose database format is not ours to parse).
func (c *collector) software(ctx context.Context) []Software {
	var out []Software
	f, err := os.Open(c.path("var/lib/dpkg/status"))
	switch {
	case err == nil:
		pkgs, perr := ParseDpkgStatus(f)
		f.Close()
		if perr != nil {
			c.w.add("software: %s: %v", c.path("var/lib/dpkg/status"), perr)
		}
		out = append(out, pkgs...)
	case !errors.Is(err, fs.ErrNotExist):
		c.w.add("software: %v", err)
	}
	if c.hasRPMDB() {
		if c.chrooted {
			c.w.add("software: an rpm database is present under %s but rpm packages are only listed on the running system", c.root)
		} else {
			pkgs, err := rpmPackages(ctx)
			if err != nil {
				c.w.add("software: rpm: %v", err)
			}
			out = append(out, pkgs...)
		}
	}
	return out
}

func (c *collector) hasRPMDB() bool {
	for _, p := range []string{"var/lib/rpm", "usr/lib/sysimage/rpm"} {
		entries, err := os.ReadDir(c.path(p))
		if err == nil && len(entries) > 0 {
			return true
		}
	}
	return false
}

func rpmPackages(ctx context.Context) ([]Software, error) {
	bin, err := exec.LookPath("rpm")
	if err != nil {
		return nil, errors.New("rpm database present but the rpm command is not installed")
	}
	out, err := exec.CommandContext(ctx, bin, "-qa", "--qf", `%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\t%{ARCH}\n`).Output()
	if err != nil {
		return nil, err
	}
	return parseRPMQuery(out), nil
}

// parseRPMQuery reads the tab-separated lines rpmPackages asks rpm for.
func parseRPMQuery(out []byte) []Software {
	var pkgs []Software
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 4 || f[0] == "" || f[0] == "gpg-pubkey" {
			continue
		}
		s := Software{Name: f[0], Version: f[1], Publisher: clean(strings.TrimPrefix(f[2], "(none)")), Arch: strings.TrimPrefix(f[3], "(none)"), Source: "rpm"}
		if s.Arch == "noarch" {
			s.Arch = ""
		}
		pkgs = append(pkgs, s)
	}
	return pkgs
}

// platformChassisType: on Linux ghw reads the chassis type from DMI.
func (c *collector) platformChassisType() string { return "" }

// RootHints lists what the collection could not read without root on this
// system and would with it; empty when running as root or nothing is hidden.
func RootHints(root string) []string {
	if os.Geteuid() == 0 {
		return nil
	}
	if root == "" {
		root = os.Getenv("GHW_CHROOT")
	}
	if root == "" {
		root = "/"
	}
	c := &collector{root: root}
	var hidden []string
	for _, f := range []struct{ file, what string }{
		{"product_serial", "the computer's serial number"},
		{"product_uuid", "the system UUID"},
		{"board_serial", "the baseboard serial number"},
		{"chassis_serial", "the chassis serial number"},
	} {
		p := c.path("sys/class/dmi/id/" + f.file)
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if fh, err := os.Open(p); err != nil {
			hidden = append(hidden, f.what)
		} else {
			fh.Close()
		}
	}
	if len(hidden) == 0 {
		return nil
	}
	return []string{"running as root would add " + strings.Join(hidden, ", ") + " (DMI files readable only by root)"}
}
