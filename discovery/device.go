package discovery

import (
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// Class is what kind of device something is.
type Class string

// Device classes.
const (
	ClassPrinter  Class = "printer" // printer, MFP, scanner
	ClassComputer Class = "computer"
	ClassNAS      Class = "nas" // NAS or file server
	ClassMedia    Class = "media"
	ClassPhone    Class = "phone" // phone or tablet
	ClassIoT      Class = "iot"   // camera, smart home
	ClassNetwork  Class = "network"
	ClassAgent    Class = "agent" // runs the Steward agent
	ClassUnknown  Class = "unknown"
)

// Device is one box on the network: every service heard from one host,
// with what the network says about it.
type Device struct {
	ID        string // stable: mac:…, uuid:…, serial:…, host:… or addr:…
	Name      string // friendly name (cast fn, printer instance name, …)
	HostName  string // "drucker.local"
	IPv4      []netip.Addr
	IPv6      []netip.Addr
	Services  []Instance
	Class     Class
	OS        string // for computers: mac, windows, linux (or "")
	Vendor    string
	Model     string
	Serial    string
	UUID      string
	MAC       string // aa:bb:cc:dd:ee:ff
	Interface string
	Subnet    string        // the local prefix the device's address lies in
	FirstSeen time.Duration // since scan start
}

// Env is what grouping may know beyond the packets: the IPv4 neighbour
// table (address to MAC) and the prefixes of the local interfaces.
type Env struct {
	Neighbours map[netip.Addr]string
	Prefixes   map[string][]netip.Prefix // interface name -> its prefixes
}

// Group turns instances into devices: one per host name (instances that
// were never resolved are grouped by the address they came from), then
// merges devices that share a MAC. It is a pure function.
func Group(instances []Instance, env Env) []Device {
	byKey := map[string]*Device{}
	var order []string
	for _, in := range instances {
		k := groupKey(in)
		d := byKey[k]
		if d == nil {
			d = &Device{HostName: in.Host, FirstSeen: in.At}
			byKey[k] = d
			order = append(order, k)
		}
		d.Services = append(d.Services, in)
		d.IPv4 = mergeAddrs(d.IPv4, in.IPv4)
		d.IPv6 = mergeAddrs(d.IPv6, in.IPv6)
		if in.At < d.FirstSeen {
			d.FirstSeen = in.At
		}
	}
	var devs []*Device
	for _, k := range order {
		d := byKey[k]
		identify(d, env)
		devs = append(devs, d)
	}
	devs = mergeByMAC(devs, env)
	out := make([]Device, 0, len(devs))
	for _, d := range devs {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].HostName != out[j].HostName {
			return out[i].HostName < out[j].HostName
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func groupKey(in Instance) string {
	switch {
	case in.Host != "":
		return "host:" + strings.ToLower(in.Host)
	case in.From.IsValid():
		return "from:" + in.From.WithZone("").String()
	default:
		return "inst:" + strings.ToLower(in.Name+"."+in.Type)
	}
}

func mergeAddrs(a, b []netip.Addr) []netip.Addr {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	slices.SortFunc(a, netip.Addr.Compare)
	return a
}

// mergeByMAC joins devices that turned out to be the same box (two host
// names, one MAC).
func mergeByMAC(devs []*Device, env Env) []*Device {
	byMAC := map[string]*Device{}
	var out []*Device
	for _, d := range devs {
		if d.MAC == "" {
			out = append(out, d)
			continue
		}
		if first := byMAC[d.MAC]; first != nil {
			first.Services = append(first.Services, d.Services...)
			first.IPv4 = mergeAddrs(first.IPv4, d.IPv4)
			first.IPv6 = mergeAddrs(first.IPv6, d.IPv6)
			first.FirstSeen = min(first.FirstSeen, d.FirstSeen)
			identify(first, env)
			continue
		}
		byMAC[d.MAC] = d
		out = append(out, d)
	}
	return out
}

// identify fills class, OS, vendor, model, identifiers and the ID from
// the device's services and addresses.
func identify(d *Device, env Env) {
	sort.SliceStable(d.Services, func(i, j int) bool {
		if d.Services[i].Type != d.Services[j].Type {
			return d.Services[i].Type < d.Services[j].Type
		}
		return d.Services[i].Name < d.Services[j].Name
	})
	f := facts{types: map[string]bool{}}
	for _, s := range d.Services {
		f.add(s)
	}
	d.Vendor, d.Model, d.Serial, d.UUID = f.vendor, f.model, f.serial, f.uuid
	// NAS boxes claim to be an Apple "Xserve" so that Finder shows a
	// server icon; their web service's TXT usually names the real model.
	if d.Model == "" || (isPlaceholderModel(d.Model) && f.gmodel != "") {
		d.Model = f.gmodel
	}
	if d.Vendor == "" {
		d.Vendor = f.gvendor
	}
	if d.Serial == "" {
		d.Serial = f.gserial
	}
	d.MAC = f.mac
	if d.MAC == "" {
		for _, a := range d.IPv4 {
			if m := normMAC(env.Neighbours[a]); m != "" {
				d.MAC = m
				break
			}
		}
	}
	if d.MAC == "" {
		for _, a := range d.IPv6 {
			if m := macFromEUI64(a); m != "" {
				d.MAC = m
				break
			}
		}
	}
	if d.Vendor == "" && isAppleModel(d.Model) && !isPlaceholderModel(d.Model) {
		d.Vendor = "Apple"
	}
	d.Class, d.OS = classify(f, d)
	d.Name = firstNonEmpty(f.castName, f.printerName, f.infoName, f.wsName)
	for _, s := range d.Services {
		if d.Name == "" && s.Type != "_device-info._tcp" && s.Type != "_sleep-proxy._udp" {
			d.Name = strings.TrimSpace(bracketMAC.ReplaceAllString(s.Name, ""))
		}
	}
	if len(d.Services) > 0 {
		d.Interface = d.Services[0].Interface
	}
	d.Subnet = subnet(d, env)
	switch {
	case d.MAC != "":
		d.ID = "mac:" + d.MAC
	case d.UUID != "":
		d.ID = "uuid:" + strings.ToLower(d.UUID)
	case d.Serial != "":
		d.ID = "serial:" + d.Serial
	case d.HostName != "":
		d.ID = "host:" + strings.ToLower(d.HostName)
	case len(d.IPv4) > 0:
		d.ID = "addr:" + d.IPv4[0].String()
	case len(d.IPv6) > 0:
		d.ID = "addr:" + d.IPv6[0].WithZone("").String()
	case len(d.Services) > 0 && d.Services[0].From.IsValid():
		d.ID = "addr:" + d.Services[0].From.WithZone("").String()
	default:
		d.ID = "name:" + strings.ToLower(d.Name)
	}
}

// facts collects what the services of one device say.
type facts struct {
	types                            map[string]bool
	vendor, model, serial, uuid, mac string
	castName, printerName, os        string
	infoName, wsName                 string // _device-info and _workstation instance names
	gvendor, gmodel, gserial         string // from generic TXT keys of any service
	osxvers                          bool
}

var (
	bracketMAC = regexp.MustCompile(`\[([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})\]\s*$`)
	raopMAC    = regexp.MustCompile(`^([0-9A-Fa-f]{12})@`)
	waMa       = regexp.MustCompile(`(?i)waMa=([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})`)
)

func set(dst *string, v string) {
	v = strings.TrimSpace(v)
	if *dst == "" && v != "" {
		*dst = v
	}
}

func (f *facts) add(s Instance) {
	f.types[s.Type] = true
	get := func(k string) string { v, _ := TXTValue(s.TXT, k); return strings.TrimSpace(v) }
	if s.Type != "_device-info._tcp" {
		set(&f.gvendor, firstNonEmpty(get("vendor"), get("manufacturer")))
		set(&f.gmodel, get("model"))
		set(&f.gserial, firstNonEmpty(get("serial"), get("serialnumber")))
	}
	switch s.Type {
	case "_steward._tcp":
		set(&f.serial, get("serial"))
		set(&f.uuid, get("uuid"))
		set(&f.mac, normMAC(get("mac")))
		set(&f.vendor, get("vendor"))
		set(&f.model, get("model"))
		set(&f.os, strings.ToLower(get("os")))
	case "_ipp._tcp", "_ipps._tcp", "_printer._tcp", "_pdl-datastream._tcp", "_fax-ipp._tcp", "_uscan._tcp", "_uscans._tcp", "_scanner._tcp":
		mfg, mdl := get("usb_MFG"), get("usb_MDL")
		ty := get("ty")
		if ty == "" {
			ty = strings.Trim(get("product"), "()")
		}
		if mfg == "" {
			mfg = get("mfg")
		}
		if mdl == "" {
			mdl = get("mdl")
		}
		if mfg == "" && ty != "" {
			mfg, _, _ = strings.Cut(ty, " ")
		}
		if mdl == "" && ty != "" {
			mdl = strings.TrimSpace(strings.TrimPrefix(ty, mfg))
		}
		set(&f.vendor, mfg)
		set(&f.model, mdl)
		set(&f.uuid, strings.TrimPrefix(strings.ToLower(firstNonEmpty(get("UUID"), get("uuid"))), "urn:uuid:"))
		set(&f.serial, firstNonEmpty(get("serial"), get("serialnumber")))
		set(&f.printerName, s.Name)
	case "_device-info._tcp":
		set(&f.model, get("model"))
		set(&f.infoName, s.Name)
		if get("osxvers") != "" {
			f.osxvers = true
		}
	case "_googlecast._tcp":
		md := get("md")
		set(&f.model, md)
		set(&f.castName, get("fn"))
		if id := get("id"); len(id) == 32 && isHex(id) {
			set(&f.uuid, strings.ToLower(id[:8]+"-"+id[8:12]+"-"+id[12:16]+"-"+id[16:20]+"-"+id[20:]))
		}
		if l := strings.ToLower(md); strings.Contains(l, "chromecast") || strings.Contains(l, "google") || strings.Contains(l, "nest") {
			set(&f.vendor, "Google")
		}
	case "_airplay._tcp":
		set(&f.model, get("model"))
		set(&f.mac, normMAC(get("deviceid")))
		set(&f.vendor, get("manufacturer"))
	case "_raop._tcp":
		if m := raopMAC.FindStringSubmatch(s.Name); m != nil {
			set(&f.mac, normMAC(m[1]))
		}
		set(&f.model, get("am"))
	case "_companion-link._tcp":
		set(&f.model, get("rpMd"))
	case "_workstation._tcp":
		if m := bracketMAC.FindStringSubmatch(s.Name); m != nil {
			set(&f.mac, normMAC(m[1]))
		}
		set(&f.wsName, bracketMAC.ReplaceAllString(s.Name, ""))
	case "_adisk._tcp":
		for _, e := range s.TXT {
			if m := waMa.FindStringSubmatch(e); m != nil {
				set(&f.mac, normMAC(m[1]))
			}
		}
	case "_hap._tcp", "_hap._udp":
		set(&f.model, get("md"))
	case "_axis-video._tcp":
		set(&f.vendor, "Axis")
		set(&f.mac, normMAC(get("macaddress")))
	}
}

func (f *facts) has(types ...string) bool {
	for _, t := range types {
		if f.types[t] {
			return true
		}
	}
	return false
}

func classify(f facts, d *Device) (Class, string) {
	model := strings.ToLower(f.model)
	mac := isAppleComputer(f.model)
	os := ""
	switch {
	case f.os != "":
		os = f.os
	case mac || f.osxvers:
		os = "mac"
	case isWindowsName(d.HostName):
		os = "windows"
	case f.has("_workstation._tcp"):
		os = "linux"
	}
	var c Class
	switch {
	case f.has("_steward._tcp"):
		c = ClassAgent
	case strings.HasPrefix(model, "iphone") || strings.HasPrefix(model, "ipad") || strings.HasPrefix(model, "ipod") || f.has("_apple-mobdev2._tcp", "_touch-able._tcp"):
		c, os = ClassPhone, ""
	case mac || f.osxvers || f.has("_workstation._tcp", "_rfb._tcp", "_rdp._tcp"):
		c = ClassComputer
	case f.has("_ipp._tcp", "_ipps._tcp", "_printer._tcp", "_pdl-datastream._tcp", "_fax-ipp._tcp", "_uscan._tcp", "_uscans._tcp", "_scanner._tcp"):
		c, os = ClassPrinter, ""
	case isPlaceholderModel(model) || f.has("_adisk._tcp", "_nfs._tcp", "_smb._tcp", "_afpovertcp._tcp"):
		c, os = ClassNAS, ""
	case strings.HasPrefix(model, "appletv") || strings.HasPrefix(model, "audioaccessory") || f.has("_googlecast._tcp", "_airplay._tcp", "_raop._tcp", "_spotify-connect._tcp", "_daap._tcp", "_sonos._tcp", "_amzn-wplay._tcp", "_mediaremotetv._tcp"):
		c, os = ClassMedia, ""
	case f.has("_hap._tcp", "_hap._udp", "_homekit._tcp", "_matter._tcp", "_matterc._udp", "_hue._tcp", "_esphomelib._tcp", "_axis-video._tcp", "_rtsp._tcp"):
		c, os = ClassIoT, ""
	case strings.HasPrefix(model, "airport") || f.has("_airport._tcp", "_ubnt-disc._udp", "_sleep-proxy._udp"):
		c, os = ClassNetwork, ""
	case f.has("_ssh._tcp", "_sftp-ssh._tcp") || os != "":
		c = ClassComputer
	default:
		c = ClassUnknown
	}
	if c == ClassComputer && os == "" && f.has("_ssh._tcp", "_sftp-ssh._tcp") && !f.has("_smb._tcp") {
		os = "linux" // an ssh server that says nothing else is most often Linux
	}
	return c, os
}

var appleComputer = regexp.MustCompile(`^(MacBook(Pro|Air)?|iMac(Pro)?|Macmini|MacPro|Mac)\d+,\d+$`)

func isAppleComputer(model string) bool { return appleComputer.MatchString(strings.TrimSpace(model)) }

func isAppleModel(model string) bool {
	m := strings.ToLower(model)
	for _, p := range []string{"macbook", "imac", "macmini", "macpro", "mac1", "appletv", "audioaccessory", "iphone", "ipad", "ipod", "airport", "timecapsule", "xserve", "rackmac"} {
		if strings.HasPrefix(m, p) {
			return true
		}
	}
	return false
}

func isPlaceholderModel(m string) bool {
	m = strings.ToLower(m)
	return strings.HasPrefix(m, "xserve") || strings.HasPrefix(m, "rackmac")
}

func isWindowsName(host string) bool {
	h := strings.ToUpper(host)
	return strings.HasPrefix(h, "DESKTOP-") || strings.HasPrefix(h, "LAPTOP-") || strings.HasPrefix(h, "WIN-")
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
			return false
		}
	}
	return true
}

// normMAC returns a MAC as lower-case aa:bb:cc:dd:ee:ff, accepting ':' or
// '-' separators or 12 bare hex digits; "" if it is not a usable MAC.
func normMAC(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("-", "", ":", "", ".", "").Replace(s)
	if len(s) != 12 || !isHex(s) || s == "000000000000" || s == "ffffffffffff" {
		return ""
	}
	var b strings.Builder
	for i := 0; i < 12; i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(s[i : i+2])
	}
	return b.String()
}

// macFromEUI64 recovers the MAC inside an EUI-64 interface identifier
// (…xx:xxff:fexx:xxxx with the universal/local bit flipped).
func macFromEUI64(a netip.Addr) string {
	if !a.Is6() || a.Is4In6() {
		return ""
	}
	b := a.As16()
	if b[11] != 0xff || b[12] != 0xfe {
		return ""
	}
	return normMAC(hex2(b[8]^0x02) + hex2(b[9]) + hex2(b[10]) + hex2(b[13]) + hex2(b[14]) + hex2(b[15]))
}

func hex2(b byte) string {
	const h = "0123456789abcdef"
	return string([]byte{h[b>>4], h[b&15]})
}

func subnet(d *Device, env Env) string {
	prefixes := env.Prefixes[d.Interface]
	for _, a := range d.IPv4 {
		for _, p := range prefixes {
			if p.Contains(a) {
				return p.Masked().String()
			}
		}
	}
	for _, a := range d.IPv6 {
		a = a.WithZone("")
		for _, p := range prefixes {
			if !a.IsLinkLocalUnicast() && p.Contains(a) {
				return p.Masked().String()
			}
		}
	}
	return ""
}

// escapeLabel writes a label in presentation form (dots, backslashes and
// spaces escaped) so that FullName round-trips through splitLabels.
func escapeLabel(l string) string {
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case c == '.' || c == '\\' || c == ' ' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' || c == '$':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			b.WriteByte('\\')
			b.WriteByte('0' + c/100)
			b.WriteByte('0' + c/10%10)
			b.WriteByte('0' + c%10)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
