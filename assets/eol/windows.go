package eol

import (
	"fmt"
	"strings"
)

// Windows editions as endoflife.date splits them: (E) Enterprise,
// Education and IoT Enterprise; (W) Home, Pro, Pro Education and Pro for
// Workstations; LTSC/LTSB; IoT Enterprise LTSC.
type winEdition int

const (
	edUnknown winEdition = iota
	edW
	edE
	edLTS
	edIoTLTS
)

func (e winEdition) String() string {
	switch e {
	case edW:
		return "Home/Pro"
	case edE:
		return "Enterprise/Education"
	case edLTS:
		return "Enterprise LTSC"
	case edIoTLTS:
		return "IoT Enterprise LTSC"
	}
	return ""
}

// ltscVersion maps the LTSC/LTSB year people write to the version it is.
var ltscVersion = map[string]struct{ major, version string }{
	"2015": {"10", "1507"}, "2016": {"10", "1607"}, "2019": {"10", "1809"},
	"2021": {"10", "21h2"}, "2024": {"11", "24h2"},
}

// windowsFacts is what an OS string says about a Windows release.
type windowsFacts struct {
	major    string // "11", "10", "8.1", "8", "7", "vista", "xp"
	version  string // "22h2", "1809"
	build    string // "22631"
	edition  winEdition
	iot      bool
	ltscYear string
}

func readWindows(ws []string) windowsFacts {
	var f windowsFacts
	var pro, home, ent, edu, lts bool
	year := ""
	for i, w := range ws {
		if _, ok := ltscVersion[w]; ok && year == "" {
			year = w // "Windows 10 Enterprise 2016 LTSB"
		}
		switch {
		case w == "11" || w == "10" || w == "8.1" || w == "8" || w == "7" || w == "vista" || w == "xp":
			if f.major == "" {
				f.major = w
			}
		case len(w) == 4 && w[2] == 'h' && isDigits(w[:2]) && isDigits(w[3:]): // 22h2
			f.version = w
		case len(w) == 4 && isDigits(w) && (w[:2] == "15" || w[:2] == "16" || w[:2] == "17" || w[:2] == "18" || w[:2] == "19" || w == "2004"):
			f.version = w // 1507 ... 1909, 2004
		case w == "2009":
			f.version = "20h2" // the registry's ReleaseId for 20H2
		case buildKey(w) != "" && !strings.HasPrefix(w, "10.0."): // "6.1.7601"
			f.build = buildKey(w)
		case strings.HasPrefix(w, "10.0."):
			if b := strings.SplitN(strings.TrimPrefix(w, "10.0."), ".", 2)[0]; len(b) == 5 && isDigits(b) {
				f.build = b
			}
		case len(w) >= 5 && isDigits(w[:5]) && (len(w) == 5 || w[5] == '.'): // "19045" or "19045.3693"
			if f.build == "" {
				f.build = w[:5]
			}
		case w == "ltsc" || w == "ltsb":
			lts = true
			if i+1 < len(ws) && len(ws[i+1]) == 4 && isDigits(ws[i+1]) {
				f.ltscYear = ws[i+1]
			}
		case w == "iot":
			f.iot = true
		case w == "enterprise":
			ent = true
		case w == "education":
			edu = true
		case w == "pro" || w == "professional" || w == "workstations" || w == "workstation":
			pro = true
		case w == "home" || w == "core" || w == "s":
			home = true
		}
	}
	if lts && f.ltscYear == "" {
		f.ltscYear = year
	}
	switch {
	case lts && f.iot:
		f.edition = edIoTLTS
	case lts:
		f.edition = edLTS
	case ent || (edu && !pro):
		f.edition = edE
	case pro || home:
		f.edition = edW
	}
	return f
}

func (c *Catalog) matchWindows(m Match, ws []string) Match {
	p := m.Product
	ix := c.idx()
	cycles := ix.cycles[p]
	f := readWindows(ws)
	note := ""
	if f.ltscYear != "" && f.version == "" {
		if v, ok := ltscVersion[f.ltscYear]; ok {
			f.version = v.version
			if f.major == "" {
				f.major = v.major
			}
		}
	}
	if f.build != "" {
		rs := ix.builds[p][f.build]
		if len(rs) > 0 {
			major, version := splitWindowsCycle(rs[0].Cycle)
			switch major { // the cycles of Vista and XP are "6-sp2" and "5-sp3"
			case "6":
				major, version = "vista", ""
			case "5":
				major, version = "xp", ""
			case "7", "8", "8.1":
				version = ""
			}
			if f.major != "" && f.major != major {
				note = fmt.Sprintf(" (build %s is Windows %s, whatever the name says)", f.build, major)
			}
			f.major = major
			if f.version == "" || note != "" {
				f.version = version
			}
		}
	}
	switch f.major {
	case "8.1", "8":
		return matched(m, cycles[f.major], note)
	case "7":
		return matched(m, cycles["7-sp1"], note)
	case "vista":
		return matched(m, cycles["6-sp2"], note)
	case "xp":
		return matched(m, cycles["5-sp3"], note)
	case "":
		m.Problem = UnknownVersion
		m.Reason = fmt.Sprintf("%q names Windows but not which (10, 11, ...) nor a build number", clip(m.Input))
		return m
	}
	if f.version == "" {
		family := windowsFamily(p, f.major+"-", f.edition)
		what := "Windows " + f.major
		if f.edition != edUnknown {
			what += " " + f.edition.String()
		}
		if len(family) == 0 {
			m.Problem = UnknownVersion
			m.Reason = fmt.Sprintf("the catalog has no %s releases", what)
			return m
		}
		return ambiguous(m, family, fmt.Sprintf("%q does not say which version of %s (e.g. 22H2) or its build%s", clip(m.Input), what, note))
	}
	base := f.major + "-" + f.version
	var pick []string
	switch f.edition {
	case edIoTLTS:
		pick = []string{base + "-iot-lts", base + "-e-lts"}
	case edLTS:
		pick = []string{base + "-e-lts"}
	case edE:
		pick = []string{base + "-e", base}
	case edW:
		pick = []string{base + "-w", base}
	default:
		pick = []string{base}
	}
	for _, k := range pick {
		if r := cycles[k]; r != nil {
			return matched(m, r, note)
		}
	}
	if f.edition == edUnknown {
		var both []*Release
		for _, k := range []string{base + "-e", base + "-w"} {
			if r := cycles[k]; r != nil {
				both = append(both, r)
			}
		}
		if len(both) > 0 {
			return ambiguous(m, both, fmt.Sprintf("%q does not say the edition, and Windows %s %s ends on different days for Home/Pro and Enterprise/Education%s",
				clip(m.Input), f.major, strings.ToUpper(f.version), note))
		}
	}
	m.Problem = UnknownVersion
	what := "Windows " + f.major + " " + strings.ToUpper(f.version)
	if f.edition != edUnknown {
		what += " " + f.edition.String()
	}
	m.Reason = fmt.Sprintf("the catalog has no %s%s", what, note)
	return m
}

func matched(m Match, r *Release, note string) Match {
	if r == nil {
		m.Problem = UnknownVersion
		m.Reason = fmt.Sprintf("the catalog has no release for %q", clip(m.Input))
		return m
	}
	m.Release, m.Problem = r, Matched
	m.Reason = fmt.Sprintf("%q is %s%s", clip(m.Input), r.Name(), note)
	return m
}

// splitWindowsCycle: "11-23h2-e" -> "11", "23h2".
func splitWindowsCycle(cycle string) (string, string) {
	parts := strings.Split(cycle, "-")
	if len(parts) < 2 {
		return parts[0], ""
	}
	return parts[0], parts[1]
}

// windowsFamily is every release of a Windows major version that fits the
// edition (unknown edition: every non-LTSC release).
func windowsFamily(p *Product, prefix string, ed winEdition) []*Release {
	var out []*Release
	for _, r := range p.Releases {
		c := strings.ToLower(r.Cycle)
		if !strings.HasPrefix(c, prefix) {
			continue
		}
		isLTS := strings.HasSuffix(c, "-lts")
		isIoT := strings.Contains(c, "-iot")
		isE := strings.HasSuffix(c, "-e")
		isW := strings.HasSuffix(c, "-w")
		ok := false
		switch ed {
		case edIoTLTS:
			ok = isLTS && isIoT
		case edLTS:
			ok = isLTS && !isIoT
		case edE:
			ok = !isLTS && !isIoT && !isW
		case edW:
			ok = !isLTS && !isIoT && !isE
		default:
			ok = !isLTS && !isIoT
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// matchWindowsServer: "Windows Server 2019 Standard", "Windows Server 2012
// R2 Datacenter", "Windows Server 2008 R2 Enterprise SP1", "Windows Server,
// version 1809", "Windows Server 2022 Datacenter 10.0.20348".
func (c *Catalog) matchWindowsServer(m Match, ws []string) Match {
	p := m.Product
	ix := c.idx()
	cycles := ix.cycles[p]
	var year, version, build, sp string
	r2 := false
	for i, w := range ws {
		switch {
		case len(w) == 4 && isDigits(w) && (w[:2] == "20") && year == "" && w != "2004":
			year = w
		case w == "r2":
			r2 = true
		case len(w) == 4 && w[2] == 'h' && isDigits(w[:2]) && isDigits(w[3:]),
			len(w) == 4 && isDigits(w) && (w[:2] == "17" || w[:2] == "18" || w[:2] == "19" || w == "2004"):
			version = w
		case strings.HasPrefix(w, "sp") && isDigits(w[2:]):
			sp = w[2:]
		case w == "sp" && i+1 < len(ws) && isDigits(ws[i+1]):
			sp = ws[i+1]
		default:
			if k := buildKey(w); k != "" {
				build = k
			} else if i > 0 && ws[i-1] == "build" && len(w) >= 4 {
				build = w
			}
		}
	}
	switch {
	case year == "2012" && r2:
		return matched(m, cycles["2012-r2"], "")
	case year == "2008" && r2:
		return matched(m, cycles["2008-r2-sp1"], "")
	case year == "2008":
		return matched(m, cycles["2008-sp2"], "")
	case year == "2003":
		if sp != "" {
			return matched(m, cycles["2003-sp"+sp], "")
		}
		var fam []*Release
		for _, k := range []string{"2003-sp2", "2003-sp1", "2003"} {
			if r := cycles[k]; r != nil {
				fam = append(fam, r)
			}
		}
		return ambiguous(m, fam, fmt.Sprintf("%q does not say which service pack of Windows Server 2003", clip(m.Input)))
	case year != "":
		return matched(m, cycles[year], "")
	case version != "":
		for _, k := range []string{version + "-sac", version + "-ac", version} {
			if r := cycles[k]; r != nil {
				return matched(m, r, "")
			}
		}
	case build != "":
		rs := ix.builds[p][build]
		for _, r := range rs { // one build can be a LTSC and a semi-annual release: LTSC is far more common
			if r.LTS {
				return matched(m, r, fmt.Sprintf(" (by its build %s)", build))
			}
		}
		if len(rs) > 0 {
			return matched(m, rs[0], fmt.Sprintf(" (by its build %s)", build))
		}
	}
	m.Problem = UnknownVersion
	m.Reason = fmt.Sprintf("%q names Windows Server but no release the catalog knows (2003 to 2025, or a version such as 1809)", clip(m.Input))
	return m
}
