//go:build !linux && !windows && !darwin

package inventory

import (
	"context"
	"runtime"
)

type hostFacts struct {
	Hostname, Domain, TimeZone string
	OS                         *OS
}

// host on other systems (the BSDs) knows the host name and little else.
func (c *collector) host() hostFacts {
	var h hostFacts
	h.Hostname, h.Domain = c.hostNames()
	h.TimeZone = c.timeZone()
	h.OS = &OS{Family: runtime.GOOS, Architecture: runtime.GOARCH}
	c.w.add("os: version and installed software are not read on %s", runtime.GOOS)
	return h
}

func (c *collector) software(context.Context) []Software { return nil }

func (c *collector) platformChassisType() string { return "" }

// RootHints: nothing known on this platform.
func RootHints(string) []string { return nil }
