package eol

import (
	"strings"
	"testing"

	"steward/assets"
)

func bundledT(t testing.TB) *Catalog {
	t.Helper()
	c, err := Bundled()
	if err != nil {
		t.Fatalf("bundled catalog: %v", err)
	}
	return c
}

// osCase is one OS string as inventory reports it on Windows (WMI Caption
// + version, registry), macOS (sw_vers), Linux (/etc/os-release
// PRETTY_NAME, /etc/redhat-release), Android and iOS (MDM), with what the
// catalog must say about it. eol is the end of support in the catalog's
// data: a date, "none" (not announced), "ended" (no day) or "" (no match).
type osCase struct {
	in      string
	product string
	cycle   string
	eol     string
	problem Problem
}

var osCorpus = []osCase{
	// Windows client: editions, versions, builds.
	{"Windows 10 Pro 22H2", "windows", "10-22h2", "2025-10-14", Matched},
	{"Microsoft Windows 10 Pro 10.0.19045", "windows", "10-22h2", "2025-10-14", Matched},
	{"Microsoft Windows 10 Enterprise 22H2", "windows", "10-22h2", "2025-10-14", Matched},
	{"Microsoft Windows 11 Enterprise 23H2 10.0.22631", "windows", "11-23h2-e", "2026-11-10", Matched},
	{"Microsoft Windows 11 Pro 10.0.22631", "windows", "11-23h2-w", "2025-11-11", Matched},
	{"Windows 11 Home 24H2", "windows", "11-24h2-w", "2026-10-13", Matched},
	{"Windows 11 Education 23H2", "windows", "11-23h2-e", "2026-11-10", Matched},
	{"Windows 11 Pro Education 23H2", "windows", "11-23h2-w", "2025-11-11", Matched},
	{"Windows 10 Enterprise 1909", "windows", "10-1909-e", "2022-05-10", Matched},
	{"Windows 10 Home, version 1909 (OS Build 18363.1556)", "windows", "10-1909-w", "2021-05-11", Matched},
	{"Windows 10 Pro for Workstations 21H2", "windows", "10-21h2-w", "2023-06-13", Matched},
	{"Windows 10 Enterprise LTSC 2019", "windows", "10-1809-e-lts", "2029-01-09", Matched},
	{"Windows 10 Enterprise LTSC 2021", "windows", "10-21h2-e-lts", "2027-01-12", Matched},
	{"Windows 10 Enterprise 2016 LTSB", "windows", "10-1607-e-lts", "2026-10-13", Matched},
	{"Windows 11 IoT Enterprise LTSC 2024", "windows", "11-24h2-iot-lts", "2034-10-10", Matched},
	{"Windows 11 Enterprise LTSC 2024", "windows", "11-24h2-e-lts", "2029-10-09", Matched},
	// Windows 11 calls itself "Windows 10" in the registry's ProductName: the build decides.
	{"Windows 10 Pro (build 22631)", "windows", "11-23h2-w", "2025-11-11", Matched},
	{"Windows 8.1 Pro", "windows", "8.1", "2023-01-10", Matched},
	{"Windows 10 Pro 2009", "windows", "10-20h2-w", "2022-05-10", Matched},
	{"Windows 11 Pro 23H2 22631.2861", "windows", "11-23h2-w", "2025-11-11", Matched},
	{"Microsoft Windows 6.1.7601", "windows", "7-sp1", "2020-01-14", Matched},
	{"Win10 Enterprise 21H2", "windows", "10-21h2-e", "2024-06-11", Matched},
	{"Microsoft Windows 7 Professional Service Pack 1", "windows", "7-sp1", "2020-01-14", Matched},
	{"Microsoft® Windows Vista™ Business", "windows", "6-sp2", "2017-04-11", Matched},
	{"Windows 10 Pro", "windows", "", "", Ambiguous},
	{"Windows 11 23H2", "windows", "", "", Ambiguous},
	{"Windows", "windows", "", "", UnknownVersion},
	// Windows Server.
	{"Windows Server 2012 R2 Datacenter", "windows-server", "2012-r2", "2023-10-10", Matched},
	{"Microsoft Windows Server 2012 Standard", "windows-server", "2012", "2023-10-10", Matched},
	{"Windows Server 2016 Standard", "windows-server", "2016", "2027-01-12", Matched},
	{"Windows Server 2019 Standard", "windows-server", "2019", "2029-01-09", Matched},
	{"Microsoft Windows Server 2019 Datacenter 10.0.17763", "windows-server", "2019", "2029-01-09", Matched},
	{"Microsoft Windows Server 2022 Datacenter 10.0.20348", "windows-server", "2022", "2031-10-14", Matched},
	{"Windows Server 2025 Standard Evaluation", "windows-server", "2025", "2034-11-14", Matched},
	{"Windows Server 2008 Standard SP2", "windows-server", "2008-sp2", "2020-01-14", Matched},
	{"Windows Server, version 1809", "windows-server", "1809-sac", "2020-11-10", Matched},
	{"Microsoft Windows Server 10.0.17763", "windows-server", "2019", "2029-01-09", Matched},
	// macOS (sw_vers and System Information spellings).
	{"macOS 10.13.6", "macos", "10.13", "2020-12-01", Matched},
	{"Mac OS X 10.14.6", "macos", "10.14", "2021-10-25", Matched},
	{"Mac OS X 10.15.7", "macos", "10.15", "2026-02-02", Matched},
	{"macOS Big Sur 11.7.10", "macos", "11", "2026-02-02", Matched},
	{"macOS 12.7.6", "macos", "12", "2024-09-16", Matched},
	{"macOS 13.6.1", "macos", "13", "2025-09-15", Matched},
	{"macOS Sonoma 14.5", "macos", "14", "none", Matched},
	{"macOS 15.1 (24B83)", "macos", "15", "none", Matched},
	{"macOS Sequoia", "macos", "15", "none", Matched},
	{"macOS Tahoe 26.0.1", "macos", "26", "none", Matched},
	// Linux: /etc/os-release PRETTY_NAME and release files.
	{"Ubuntu 16.04.7 LTS", "ubuntu", "16.04", "2021-04-02", Matched},
	{"Ubuntu 18.04.6 LTS", "ubuntu", "18.04", "2023-05-31", Matched},
	{"Ubuntu 20.04.6 LTS", "ubuntu", "20.04", "2025-05-31", Matched},
	{"Ubuntu 22.04.4 LTS", "ubuntu", "22.04", "2027-04-01", Matched},
	{"Ubuntu 23.10", "ubuntu", "23.10", "2024-07-12", Matched},
	{"Ubuntu 24.04.1 LTS", "ubuntu", "24.04", "2029-05-31", Matched},
	{"Ubuntu 24.10", "ubuntu", "24.10", "2025-07-10", Matched},
	{"Debian GNU/Linux 9 (stretch)", "debian", "9", "2020-07-18", Matched},
	{"Debian GNU/Linux 10 (buster)", "debian", "10", "2022-09-10", Matched},
	{"Debian GNU/Linux 11 (bullseye)", "debian", "11", "2024-08-14", Matched},
	{"Debian 11", "debian", "11", "2024-08-14", Matched},
	{"Debian GNU/Linux 12 (bookworm)", "debian", "12", "2026-07-11", Matched},
	{"Debian GNU/Linux 13 (trixie)", "debian", "13", "2028-08-09", Matched},
	{"Raspbian GNU/Linux 11 (bullseye)", "debian", "11", "2024-08-14", Matched},
	{"Raspberry Pi OS (64-bit) 12 (bookworm)", "debian", "12", "2026-07-11", Matched},
	{"Red Hat Enterprise Linux Server release 7.9 (Maipo)", "rhel", "7", "2024-06-30", Matched},
	{"Red Hat Enterprise Linux 8.9 (Ootpa)", "rhel", "8", "2029-05-31", Matched},
	{"Red Hat Enterprise Linux 9.3 (Plow)", "rhel", "9", "2032-05-31", Matched},
	{"Rocky Linux 8.9 (Green Obsidian)", "rocky-linux", "8", "2029-05-31", Matched},
	{"Rocky Linux 9.3 (Blue Onyx)", "rocky-linux", "9", "2032-05-31", Matched},
	{"AlmaLinux 8.10 (Cerulean Leopard)", "almalinux", "8", "2029-05-31", Matched},
	{"AlmaLinux 9.4 (Seafoam Ocelot)", "almalinux", "9", "2032-05-31", Matched},
	{"CentOS Linux 7 (Core)", "centos", "7", "2024-06-30", Matched},
	{"CentOS Linux release 7.9.2009 (Core)", "centos", "7", "2024-06-30", Matched},
	{"CentOS Linux 8", "centos", "8", "2021-12-31", Matched},
	{"Fedora Linux 39 (Workstation Edition)", "fedora", "39", "2024-11-26", Matched},
	{"Fedora release 40 (Forty)", "fedora", "40", "2025-05-13", Matched},
	{"Fedora Linux 41 (Server Edition)", "fedora", "41", "2025-12-15", Matched},
	{"SUSE Linux Enterprise Server 12 SP5", "sles", "12.5", "2024-10-31", Matched},
	{"SUSE Linux Enterprise Server 15 SP6", "sles", "15.6", "2025-12-31", Matched},
	{"SLES 15-SP5", "sles", "15.5", "2024-12-31", Matched},
	{"openSUSE Leap 15.6", "opensuse", "15.6", "2026-04-30", Matched},
	{"Alpine Linux v3.20", "alpine-linux", "3.20", "2026-04-01", Matched},
	{"Alpine Linux 3.21.2", "alpine-linux", "3.21", "2026-11-01", Matched},
	{"Alpine Linux x86_64 3.20.3", "alpine-linux", "3.20", "2026-04-01", Matched},
	{"Linux Mint 20.3", "linuxmint", "20.3", "2025-04-30", Matched},
	{"Linux Mint 21.3 Virginia", "linuxmint", "21.3", "2027-04-30", Matched},
	{"Linux Mint 22", "linuxmint", "22", "2029-04-30", Matched},
	{"LMDE 6 (faye)", "linuxmint", "lmde6", "2026-01-01", Matched},
	{"Oracle Linux Server 8.9", "oracle-linux", "8", "2029-07-31", Matched},
	{"Amazon Linux 2", "amazon-linux", "2", "2026-06-30", Matched},
	{"Amazon Linux 2023.5.20240805", "amazon-linux", "2023", "2029-06-30", Matched},
	{"FreeBSD 13.2-RELEASE-p11", "freebsd", "13.2", "2024-06-30", Matched},
	// Mobile.
	{"Android 11", "android", "11", "2024-02-05", Matched},
	{"Android 12", "android", "12", "2025-03-03", Matched},
	{"Android 13", "android", "13", "2026-03-02", Matched},
	{"Android 14 (API 34)", "android", "14", "none", Matched},
	{"Android 8", "android", "", "", Ambiguous},
	{"iOS 15.8", "ios", "15", "none", Matched},
	{"iOS 16.7.2", "ios", "16", "none", Matched},
	{"iOS 17.5.1", "ios", "17", "2025-05-13", Matched},
	{"iPhone OS 18.1", "ios", "18", "none", Matched},
	{"iPadOS 16.7.8", "ipados", "16", "none", Matched},
	{"iPadOS 17.5", "ipados", "17", "none", Matched},
	// What the catalog cannot answer, and says why.
	{"ChromeOS 120.0.6099.235", "", "", "", UnknownProduct},
	{"Chrome OS Flex", "", "", "", UnknownProduct},
	{"Arch Linux", "", "", "", UnknownProduct},
	{"openSUSE Tumbleweed", "opensuse", "", "", UnknownVersion},
	{"Ubuntu 21.11", "ubuntu", "", "", UnknownVersion},
	{"Ubuntu", "ubuntu", "", "", UnknownVersion},
	{"", "", "", "", NoInput},
	{"   ", "", "", "", NoInput},
}

func TestMatchOSCorpus(t *testing.T) {
	c := bundledT(t)
	if len(osCorpus) < 40 {
		t.Fatalf("corpus has %d strings, want at least 40", len(osCorpus))
	}
	for _, tc := range osCorpus {
		m := c.Match(tc.in)
		if m.Problem != tc.problem {
			t.Errorf("Match(%q): problem %v, want %v (reason: %s)", tc.in, m.Problem, tc.problem, m.Reason)
			continue
		}
		if m.Reason == "" {
			t.Errorf("Match(%q): no reason", tc.in)
		}
		gotProduct := ""
		if m.Product != nil {
			gotProduct = m.Product.ID
		}
		if gotProduct != tc.product {
			t.Errorf("Match(%q): product %q, want %q", tc.in, gotProduct, tc.product)
		}
		if tc.problem != Matched {
			if m.Release != nil {
				t.Errorf("Match(%q): %v but Release is set (%s)", tc.in, m.Problem, m.Release.Cycle)
			}
			if tc.problem == Ambiguous && len(m.Candidates) < 2 {
				t.Errorf("Match(%q): ambiguous with %d candidates", tc.in, len(m.Candidates))
			}
			continue
		}
		if m.Release.Cycle != tc.cycle {
			t.Errorf("Match(%q): cycle %q, want %q (%s)", tc.in, m.Release.Cycle, tc.cycle, m.Reason)
			continue
		}
		got := m.Release.EOL.String()
		if m.Release.EOL.IsZero() {
			got = "none"
		}
		if got != tc.eol {
			t.Errorf("Match(%q) = %s: end of support %q, want %q", tc.in, m.Release.Name(), got, tc.eol)
		}
	}
}

// Every platform is in the corpus, and every product the brief names.
func TestCorpusCoversPlatforms(t *testing.T) {
	seen := map[string]int{}
	for _, tc := range osCorpus {
		seen[tc.product]++
	}
	for _, id := range []string{"windows", "windows-server", "macos", "ubuntu", "debian", "rhel", "rocky-linux", "almalinux",
		"centos", "fedora", "sles", "opensuse", "alpine-linux", "linuxmint", "android", "ios", "ipados", "freebsd"} {
		if seen[id] == 0 {
			t.Errorf("no corpus string for %s", id)
		}
	}
}

func TestMatchReasons(t *testing.T) {
	c := bundledT(t)
	for _, tc := range []struct{ in, want string }{
		{"Windows 10 Pro (build 22631)", "build 22631 is Windows 11"},
		{"Windows 10 Pro", "does not say which version"},
		{"Windows 11 23H2", "does not say the edition"},
		{"ChromeOS 120.0.6099.235", "no operating system matching"},
		{"Ubuntu 21.11", "no Ubuntu 21.11"},
		{"macOS Sequoia", "by its codename"},
	} {
		if got := c.Match(tc.in).Reason; !strings.Contains(got, tc.want) {
			t.Errorf("Match(%q).Reason = %q, want it to say %q", tc.in, got, tc.want)
		}
	}
}

// The cache must give the same answer as matching afresh.
func TestMatchCacheConsistent(t *testing.T) {
	c := bundledT(t)
	for _, tc := range osCorpus {
		a, b, fresh := c.Match(tc.in), c.Match(tc.in), c.matchOS(tc.in)
		if a.Release != b.Release || a.Release != fresh.Release || a.Problem != fresh.Problem || a.Reason != fresh.Reason {
			t.Errorf("Match(%q) not stable: %v/%v/%v", tc.in, a.Problem, b.Problem, fresh.Problem)
		}
	}
}

type deviceCase struct {
	manufacturer, model string
	product, cycle, eol string
	problem             Problem
}

var deviceCorpus = []deviceCase{
	{"Apple", "iPhone 11", "iphone", "11", "none", Matched},
	{"Apple Inc.", "iPhone XR", "iphone", "xr", "2026-04-22", Matched},
	{"Apple", "iPhone 8", "iphone", "8", "2025-03-31", Matched},
	{"Apple", "iPhone 11 Pro Max", "iphone", "11-pro-max", "none", Matched},
	{"Apple", "iPhone 13 mini", "iphone", "13-mini", "none", Matched},
	{"Apple", "iPhone SE (2nd generation)", "iphone", "se-2", "none", Matched},
	{"", "iPhone12,1", "iphone", "11", "none", Matched},
	{"Apple", "iPhone16,1", "iphone", "15-pro", "none", Matched},
	{"Apple Inc.", "iPad Pro (11-inch) 2nd generation", "ipad", "pro-2-11", "none", Matched},
	{"Apple", "iPad Pro 11-inch (2nd generation)", "ipad", "pro-2-11", "none", Matched},
	{"Apple", "iPad Air (4th generation)", "ipad", "air-4", "2027-09-15", Matched},
	{"Apple", "iPad mini (5th gen)", "ipad", "mini-5", "none", Matched},
	{"Apple", "iPad (7th generation)", "ipad", "7", "2026-05-11", Matched},
	{"Apple", "Apple Watch Series 4", "apple-watch", "series-4", "2024-09-16", Matched},
	{"Google", "Pixel 6", "pixel", "6", "2026-10-01", Matched},
	{"Google", "Pixel 6 Pro", "pixel", "6pro", "2026-10-01", Matched},
	{"Google", "Pixel 7a", "pixel", "7a", "2028-05-01", Matched},
	{"Google", "Pixel 8 Pro", "pixel", "8pro", "2030-10-01", Matched},
	{"Google", "Pixel 4a (5G)", "pixel", "4a-5g", "2023-11-05", Matched},
	{"LGE", "Nexus 5X", "google-nexus", "5x", "2018-11-01", Matched},
	{"Huawei", "Nexus 6P", "google-nexus", "6p", "2018-11-01", Matched},
	{"Microsoft Corporation", "Surface Pro 7", "surface", "pro-7", "2025-10-30", Matched},
	{"Microsoft Corporation", "Surface Laptop 3", "surface", "laptop-3", "2024-07-30", Matched},
	{"Microsoft", "Surface Book 3", "surface", "book-3", "2025-04-01", Matched},
	{"Microsoft", "Surface Go 2", "surface", "go-2", "2024-12-30", Matched},
	{"Microsoft", "Surface Pro X (SQ2)", "surface", "pro-x-sq2", "2025-08-10", Matched},
	{"Samsung", "Galaxy S21", "samsung-mobile", "galaxy-s21-5g", "2026-02-21", Matched},
	{"samsung", "SM-G991B", "samsung-mobile", "galaxy-s21-5g", "2026-02-21", Matched},
	{"Samsung", "SM-S908B/DS", "samsung-mobile", "galaxy-s22-ultra", "2027-02-25", Matched},
	{"Samsung", "Galaxy S22 Ultra", "samsung-mobile", "galaxy-s22-ultra", "2027-02-25", Matched},
	{"Samsung", "Galaxy A52", "samsung-mobile", "galaxy-a52", "ended", Matched},
	{"Samsung", "Galaxy A52 5G", "samsung-mobile", "galaxy-a52-5g", "2025-03-17", Matched},
	{"Samsung", "Galaxy S10", "samsung-mobile", "galaxy-s10", "2023-04-01", Matched},
	{"Samsung", "Galaxy Tab S8", "samsung-galaxy-tab", "galaxy-tab-s8", "2027-03-22", Matched},
	{"samsung", "SM-A525F", "samsung-mobile", "galaxy-a52", "ended", Matched},
	{"samsung", "SM-A526B", "samsung-mobile", "galaxy-a52-5g", "2025-03-17", Matched},
	{"Fairphone", "Fairphone 3+", "fairphone", "3+", "2026-09-30", Matched},
	{"Fairphone", "FP5", "fairphone", "5", "2031-09-14", Matched},
	{"Fairphone", "Fairphone 5", "fairphone", "5", "2031-09-14", Matched},
	{"Apple", "iPad Pro (12.9-inch) (5th generation) Wi-Fi + Cellular", "ipad", "pro-5-12", "none", Matched},
	{"Apple", "iPad Air 11-inch (M2)", "ipad", "air-6-11", "none", Matched},
	{"Microsoft", "Surface Laptop", "surface", "", "", Ambiguous},
	{"Apple", "iPhone", "iphone", "", "", UnknownVersion},
	{"Google", "Pixel 99 Ultra", "pixel", "", "", UnknownVersion},
	{"Dell Inc.", "Latitude 5440", "", "", "", UnknownProduct},
	{"Apple", "MacBookPro18,1", "", "", "", UnknownProduct},
	{"Apple", "", "", "", "", NoInput},
}

func TestMatchDeviceCorpus(t *testing.T) {
	c := bundledT(t)
	for _, tc := range deviceCorpus {
		m := c.MatchDevice(tc.manufacturer, tc.model)
		if m.Problem != tc.problem {
			t.Errorf("MatchDevice(%q, %q): problem %v, want %v (reason: %s)", tc.manufacturer, tc.model, m.Problem, tc.problem, m.Reason)
			continue
		}
		gotProduct := ""
		if m.Product != nil {
			gotProduct = m.Product.ID
		}
		if gotProduct != tc.product {
			t.Errorf("MatchDevice(%q, %q): product %q, want %q", tc.manufacturer, tc.model, gotProduct, tc.product)
		}
		if m.Reason == "" {
			t.Errorf("MatchDevice(%q, %q): no reason", tc.manufacturer, tc.model)
		}
		if tc.problem != Matched {
			continue
		}
		if m.Release.Cycle != tc.cycle {
			t.Errorf("MatchDevice(%q, %q): cycle %q, want %q (%s)", tc.manufacturer, tc.model, m.Release.Cycle, tc.cycle, m.Reason)
			continue
		}
		got := m.Release.EOL.String()
		if m.Release.EOL.IsZero() {
			got = "none"
		}
		if got != tc.eol {
			t.Errorf("MatchDevice(%q, %q) = %s: end of support %q, want %q", tc.manufacturer, tc.model, m.Release.Name(), got, tc.eol)
		}
	}
}

func TestBundledCatalogContents(t *testing.T) {
	c := bundledT(t)
	for _, id := range []string{"windows", "windows-server", "macos", "ubuntu", "debian", "rhel", "fedora", "centos", "almalinux",
		"rocky-linux", "sles", "opensuse", "alpine-linux", "linuxmint", "freebsd", "android", "ios", "ipados",
		"iphone", "ipad", "pixel", "google-nexus", "surface", "samsung-mobile", "fairphone", "apple-watch"} {
		p := c.Product(id)
		if p == nil {
			t.Errorf("bundled catalog has no %s", id)
			continue
		}
		if len(p.Releases) == 0 {
			t.Errorf("%s has no releases", id)
		}
		for _, r := range p.Releases {
			if r.Product != p {
				t.Fatalf("%s %s is not linked to its product", id, r.Cycle)
			}
		}
	}
	if !strings.Contains(c.Credit, "endoflife.date") || !strings.Contains(c.Credit, "MIT") || c.License != "MIT" {
		t.Errorf("catalog does not credit endoflife.date (MIT): credit %q license %q", c.Credit, c.License)
	}
	// A model identifier or code names one release only.
	owner := map[string]string{}
	for _, p := range c.Products() {
		for _, r := range p.Releases {
			for _, a := range r.Aliases {
				k := compact(a)
				if prev, ok := owner[k]; ok {
					t.Errorf("alias %s names both %s and %s %s", a, prev, p.ID, r.Cycle)
				}
				owner[k] = p.ID + " " + r.Cycle
			}
		}
	}
	if len(owner) < 250 {
		t.Errorf("only %d model aliases; the Samsung codes from endoflife.date's links are missing", len(owner))
	}
	if c.Product("chromeos") != nil {
		t.Errorf("chromeos is not in endoflife.date's data here; the corpus expects it unknown")
	}
}

func TestReleaseNames(t *testing.T) {
	c := bundledT(t)
	for _, tc := range []struct{ product, cycle, want string }{
		{"windows", "10-22h2", "Windows 10 22H2"},
		{"windows", "11-23h2-e", "Windows 11 23H2 Enterprise/Education"},
		{"windows", "11-23h2-w", "Windows 11 23H2 Home/Pro"},
		{"windows", "10-1809-e-lts", "Windows 10 1809 Enterprise/Education LTSC"},
		{"windows-server", "2019", "Windows Server 2019"},
		{"ubuntu", "22.04", "Ubuntu 22.04 'Jammy Jellyfish'"},
		{"macos", "14", "macOS 14 (Sonoma)"},
		{"macos", "10.11", "OS X 10.11 (El Capitan)"},
		{"iphone", "11-pro", "iPhone 11 Pro"},
		{"pixel", "6", "Pixel 6"},
		{"samsung-mobile", "galaxy-s21-5g", "Samsung Galaxy S21 5G"},
		{"apple-watch", "series-4", "Apple Watch Series 4"},
		{"freebsd", "13.2", "FreeBSD 13.2"},
	} {
		r := c.Release(tc.product, tc.cycle)
		if r == nil {
			t.Errorf("no %s %s", tc.product, tc.cycle)
			continue
		}
		if got := r.Name(); got != tc.want {
			t.Errorf("%s %s: Name() = %q, want %q", tc.product, tc.cycle, got, tc.want)
		}
	}
}

func TestTokens(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Microsoft® Windows® 10 Pro", "microsoft windows 10 pro"},
		{"Microsoft(R) Windows(R) Server 2003", "microsoft windows server 2003"},
		{"Win10 Pro", "windows 10 pro"},
		{"Debian GNU/Linux 11 (bullseye)", "debian gnu linux 11 bullseye"},
		{"Pop!_OS 22.04 LTS", "pop os 22.04 lts"},
		{"FreeBSD 14.0-RELEASE-p6", "freebsd 14.0-release-p6"},
		{"Surface Pro 7+", "surface pro 7+"},
		{"Ubuntu 22.04.", "ubuntu 22.04"},
	} {
		if got := strings.Join(tokens(tc.in), " "); got != tc.want {
			t.Errorf("tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	long := strings.Repeat("é", 1000)
	if got := tokens(long); len(got) != 1 || len(got[0]) > maxInput {
		t.Errorf("long input not bounded: %d tokens", len(got))
	}
}

// Many goroutines matching at once share one cache (run with -race).
func TestMatchConcurrent(t *testing.T) {
	c, err := parseCatalog(bundledJSON, "bundled")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 200; i++ {
				tc := osCorpus[(i*7+g)%len(osCorpus)]
				if m := c.Match(tc.in); m.Problem != tc.problem {
					t.Errorf("concurrent Match(%q): %v", tc.in, m.Problem)
					return
				}
				dc := deviceCorpus[(i*5+g)%len(deviceCorpus)]
				c.StatusDevice(dc.manufacturer, dc.model, assets.MustDate("2026-01-01"), 90)
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}
