//go:build !windows

package inventory

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
)

// hostNames returns the host name and DNS domain: from the kernel on the
// live system, from etc/hostname under a root; the domain from a dotted host
// name, else resolv.conf's "domain", else its first "search" entry.
func (c *collector) hostNames() (host, domain string) {
	if c.chrooted {
		host = firstLine(c.path("etc/hostname"))
		if host == "" {
			host = firstLine(c.path("proc/sys/kernel/hostname"))
		}
	} else if h, err := os.Hostname(); err == nil {
		host = h
	}
	host = clean(host)
	if i := strings.IndexByte(host, '.'); i > 0 {
		host, domain = host[:i], host[i+1:]
	}
	if domain == "" {
		domain = resolvDomain(c.path("etc/resolv.conf"))
	}
	return host, domain
}

func resolvDomain(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var search string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || strings.HasPrefix(f[0], "#") || strings.HasPrefix(f[0], ";") {
			continue
		}
		switch f[0] {
		case "domain":
			return strings.TrimSuffix(f[1], ".")
		case "search":
			if search == "" && f[1] != "." {
				search = strings.TrimSuffix(f[1], ".")
			}
		}
	}
	return search
}

// timeZone reads the system's zone: etc/timezone (Debian), else the target
// of the etc/localtime link (".../zoneinfo/Europe/Berlin").
func (c *collector) timeZone() string {
	if tz := firstLine(c.path("etc/timezone")); tz != "" {
		return tz
	}
	if target, err := os.Readlink(c.path("etc/localtime")); err == nil {
		target = filepath.ToSlash(target)
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			return target[i+len("zoneinfo/"):]
		}
	}
	return ""
}

// firstLine returns the first non-empty, non-comment line of a file.
func firstLine(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return ""
}

// path returns rel (slash-separated, relative to /) under the root.
func (c *collector) path(rel string) string {
	return filepath.Join(c.root, filepath.FromSlash(rel))
}
