package main

// overlay is what Steward adds to a product from endoflife.date: a short
// display name and the aliases its matcher looks for. Aliases are lower-case
// words as they appear in inventory OS strings or in manufacturer + model
// text; the matcher normalises punctuation the same way (see eol/normalize.go).
type overlay struct {
	short          string
	aliases        []string
	releaseAliases map[string][]string // cycle -> extra names (model identifiers, codes)
}

var overlays = map[string]overlay{
	// Operating systems.
	"windows":        {short: "Windows", aliases: []string{"windows", "microsoft windows"}},
	"windows-server": {short: "Windows Server", aliases: []string{"windows server", "microsoft windows server"}},
	"macos":          {short: "macOS", aliases: []string{"macos", "mac os x", "mac os", "os x", "osx", "macosx"}},
	"ubuntu":         {short: "Ubuntu", aliases: []string{"ubuntu", "ubuntu server", "ubuntu linux"}},
	"debian":         {short: "Debian", aliases: []string{"debian", "debian gnu linux", "raspbian", "raspberry pi os"}}, // Raspberry Pi OS is Debian with the Pi's packages: Debian's security support
	"rhel": {short: "Red Hat Enterprise Linux", aliases: []string{"red hat enterprise linux", "redhat enterprise linux",
		"rhel", "red hat enterprise linux server", "red hat enterprise linux workstation"}},
	"fedora":        {short: "Fedora", aliases: []string{"fedora", "fedora linux"}},
	"centos":        {short: "CentOS", aliases: []string{"centos", "centos linux"}},
	"centos-stream": {short: "CentOS Stream", aliases: []string{"centos stream"}},
	"almalinux":     {short: "AlmaLinux", aliases: []string{"almalinux", "alma linux", "almalinux os"}},
	"rocky-linux":   {short: "Rocky Linux", aliases: []string{"rocky linux", "rocky"}},
	"oracle-linux":  {short: "Oracle Linux", aliases: []string{"oracle linux", "oracle linux server"}},
	"amazon-linux":  {short: "Amazon Linux", aliases: []string{"amazon linux", "amazon linux ami"}},
	"sles":          {short: "SUSE Linux Enterprise Server", aliases: []string{"suse linux enterprise server", "sles", "sles sap"}},
	"opensuse":      {short: "openSUSE", aliases: []string{"opensuse", "opensuse leap"}},
	"alpine-linux":  {short: "Alpine Linux", aliases: []string{"alpine linux", "alpine"}},
	"linuxmint":     {short: "Linux Mint", aliases: []string{"linux mint", "linuxmint", "lmde"}},
	"pop-os":        {short: "Pop!_OS", aliases: []string{"pop os"}},
	"freebsd":       {short: "FreeBSD", aliases: []string{"freebsd"}},
	"openbsd":       {short: "OpenBSD", aliases: []string{"openbsd"}},
	"netbsd":        {short: "NetBSD", aliases: []string{"netbsd"}},
	"android":       {short: "Android", aliases: []string{"android", "android os"}},
	"ios":           {short: "iOS", aliases: []string{"ios", "iphone os", "apple ios"}},
	"ipados":        {short: "iPadOS", aliases: []string{"ipados", "apple ipados"}},
	"watchos":       {short: "watchOS", aliases: []string{"watchos"}},
	"apple-tvos":    {short: "tvOS", aliases: []string{"tvos", "apple tvos"}},
	"visionos":      {short: "visionOS", aliases: []string{"visionos"}},
	"vmware-esxi":   {short: "VMware ESXi", aliases: []string{"vmware esxi", "esxi"}},
	"proxmox-ve":    {short: "Proxmox VE", aliases: []string{"proxmox ve", "proxmox virtual environment"}},
	"cisco-ios-xe":  {short: "Cisco IOS XE", aliases: []string{"cisco ios xe", "ios xe"}},
	"fortios":       {short: "FortiOS", aliases: []string{"fortios"}},
	"pan-os":        {short: "PAN-OS", aliases: []string{"pan os"}},
	"routeros":      {short: "RouterOS", aliases: []string{"routeros", "mikrotik routeros"}},
	"openwrt":       {short: "OpenWrt", aliases: []string{"openwrt"}},

	// Devices: the aliases are brand or family words in manufacturer + model.
	"iphone": {short: "iPhone", aliases: []string{"iphone"}, releaseAliases: map[string][]string{
		// Apple's model identifiers (what MDM and inventory tools report).
		"6": {"iPhone7,2"}, "6-plus": {"iPhone7,1"}, "6s": {"iPhone8,1"}, "6s-plus": {"iPhone8,2"},
		"se-1": {"iPhone8,4"}, "7": {"iPhone9,1", "iPhone9,3"}, "7-plus": {"iPhone9,2", "iPhone9,4"},
		"8": {"iPhone10,1", "iPhone10,4"}, "8-plus": {"iPhone10,2", "iPhone10,5"}, "x": {"iPhone10,3", "iPhone10,6"},
		"xs": {"iPhone11,2"}, "xs-max": {"iPhone11,4", "iPhone11,6"}, "xr": {"iPhone11,8"},
		"11": {"iPhone12,1"}, "11-pro": {"iPhone12,3"}, "11-pro-max": {"iPhone12,5"}, "se-2": {"iPhone12,8"},
		"12-mini": {"iPhone13,1"}, "12": {"iPhone13,2"}, "12-pro": {"iPhone13,3"}, "12-pro-max": {"iPhone13,4"},
		"13-pro": {"iPhone14,2"}, "13-pro-max": {"iPhone14,3"}, "13-mini": {"iPhone14,4"}, "13": {"iPhone14,5"},
		"se-3": {"iPhone14,6"}, "14": {"iPhone14,7"}, "14-plus": {"iPhone14,8"}, "14-pro": {"iPhone15,2"},
		"14-pro-max": {"iPhone15,3"}, "15": {"iPhone15,4"}, "15-plus": {"iPhone15,5"}, "15-pro": {"iPhone16,1"},
		"15-pro-max": {"iPhone16,2"}, "16-pro": {"iPhone17,1"}, "16-pro-max": {"iPhone17,2"}, "16": {"iPhone17,3"},
		"16-plus": {"iPhone17,4"}, "16e": {"iPhone17,5"},
	}},
	"ipad":         {short: "iPad", aliases: []string{"ipad"}},
	"apple-watch":  {short: "Apple Watch", aliases: []string{"apple watch"}},
	"pixel":        {short: "Google Pixel", aliases: []string{"pixel", "google pixel"}},
	"pixel-watch":  {short: "Google Pixel Watch", aliases: []string{"pixel watch"}},
	"google-nexus": {short: "Google Nexus", aliases: []string{"nexus", "google nexus"}},
	"surface":      {short: "Microsoft Surface", aliases: []string{"surface", "microsoft surface"}},
	"samsung-mobile": {short: "Samsung", aliases: []string{"galaxy", "samsung galaxy"}, releaseAliases: map[string][]string{
		// Samsung model codes without the region letter (SM-G991B -> SM-G991).
		"galaxy-s20-5g": {"SM-G981"}, "galaxy-s20+-5g": {"SM-G986"}, "galaxy-s20-ultra-5g": {"SM-G988"},
		"galaxy-s21-5g": {"SM-G991"}, "galaxy-s21+-5g": {"SM-G996"}, "galaxy-s21-ultra-5g": {"SM-G998"},
		"galaxy-s22": {"SM-S901"}, "galaxy-s22+": {"SM-S906"}, "galaxy-s22-ultra": {"SM-S908"},
		"galaxy-s23": {"SM-S911"}, "galaxy-s23+": {"SM-S916"}, "galaxy-s23-ultra": {"SM-S918"},
		"galaxy-s24": {"SM-S921"}, "galaxy-s24+": {"SM-S926"}, "galaxy-s24-ultra": {"SM-S928"},
		"galaxy-s25": {"SM-S931"}, "galaxy-s25+": {"SM-S936"}, "galaxy-s25-ultra": {"SM-S938"},
	}},
	"samsung-galaxy-tab":   {short: "Samsung", aliases: []string{"galaxy tab", "samsung galaxy tab"}},
	"samsung-galaxy-watch": {short: "Samsung", aliases: []string{"galaxy watch", "samsung galaxy watch"}},
	"fairphone": {short: "Fairphone", aliases: []string{"fairphone"}, releaseAliases: map[string][]string{
		"1": {"FP1"}, "2": {"FP2"}, "3": {"FP3"}, "3+": {"FP3+"}, "4": {"FP4"}, "5": {"FP5"}, "6": {"FP6"},
	}},
	"oneplus":           {short: "OnePlus", aliases: []string{"oneplus"}},
	"motorola-mobility": {short: "Motorola", aliases: []string{"motorola", "moto"}},
	"nokia":             {short: "Nokia", aliases: []string{"nokia"}},
	"sony-xperia":       {short: "Sony", aliases: []string{"xperia", "sony xperia"}},
	"kindle":            {short: "Amazon", aliases: []string{"kindle", "amazon kindle"}},
	"raspberry-pi":      {short: "Raspberry Pi", aliases: []string{"raspberry pi"}},
}
