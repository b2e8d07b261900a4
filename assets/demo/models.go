package demo

import (
	"math/rand/v2"
	"sort"

	"steward/assets"
)

// model is one make and model, when it came out and what goes with it.
// Models of one line (a Latitude 54x0, an iPhone) succeed each other: a
// model is sold from its release until half a year after its successor's,
// so an office never buys a phone before it existed, nor a new one that was
// discontinued years earlier.
type model struct {
	category     string
	manufacturer string
	name         string
	line         string // models of one line replace each other, in release order
	released     string // YYYY-MM-DD, the day it went on sale
	price        int64  // typical cost in whole currency units
	os           []string
	network      bool // has a MAC and a hostname
	serial       func(r *rand.Rand) string
}

// Operating system and firmware families (see osReleases).
const (
	osWindows = "windows"
	osMac     = "macos"
	osLinux   = "ubuntu"
	osIOS     = "ios"
	osIPadOS  = "ipados"
	osAndroid = "android"
	osWinSrv  = "winserver"
	osESXi    = "esxi"
	osDSM     = "dsm"
	osFortiOS = "fortios"
	osIOSXE   = "iosxe"
)

var (
	winOS   = []string{osWindows}
	macOS   = []string{osMac}
	iOS     = []string{osIOS}
	android = []string{osAndroid}
	srvOS   = []string{osWinSrv, osLinux, osESXi}
)

func serialDell(r *rand.Rand) string { return randChars(r, "0123456789BCDFGHJKLMNPQRSTVWXYZ", 7) }
func serialHP(r *rand.Rand) string {
	return "5CG" + randChars(r, "0123456789", 3) + randChars(r, "0123456789ABCDEFGHJKLMNPQRSTVWXYZ", 4)
}
func serialLenovo(r *rand.Rand) string {
	return "PF" + randChars(r, "0123456789ABCDEFGHJKLMNPQRSTVWXYZ", 6)
}
func serialApple(r *rand.Rand) string { return randChars(r, "0123456789CDFGHJKLMNPQRTVWXY", 10) }
func serialGeneric(prefix string, n int) func(r *rand.Rand) string {
	return func(r *rand.Rand) string { return prefix + randChars(r, "0123456789ABCDEF", n) }
}

// models are the sample office's makes and models, by line in release
// order. Release dates of phones and tablets agree with the bundled
// end-of-life catalog (TestModelsNotBeforeCatalogRelease).
var models = []model{
	// Laptops.
	{"laptop", "Dell", "Latitude 5490", "lat5", "2018-03-01", 1050, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 5400", "lat5", "2019-04-02", 1080, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 5410", "lat5", "2020-05-12", 1100, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 5420", "lat5", "2021-04-13", 1120, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 5430", "lat5", "2022-04-20", 1130, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 5440", "lat5", "2023-05-16", 1150, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 5450", "lat5", "2024-04-09", 1190, winOS, true, serialDell},
	{"laptop", "Dell", "Pro 14", "lat5", "2025-05-13", 1220, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 7490", "lat7", "2018-03-01", 1550, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 7400", "lat7", "2019-04-02", 1580, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 7410", "lat7", "2020-05-12", 1600, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 7420", "lat7", "2021-03-16", 1620, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 7430", "lat7", "2022-04-20", 1640, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 7440", "lat7", "2023-05-16", 1650, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 7450", "lat7", "2024-04-09", 1690, winOS, true, serialDell},
	{"laptop", "HP", "EliteBook 840 G5", "eb840", "2018-04-10", 1290, winOS, true, serialHP},
	{"laptop", "HP", "EliteBook 840 G6", "eb840", "2019-05-07", 1310, winOS, true, serialHP},
	{"laptop", "HP", "EliteBook 840 G7", "eb840", "2020-04-14", 1320, winOS, true, serialHP},
	{"laptop", "HP", "EliteBook 840 G8", "eb840", "2021-03-09", 1330, winOS, true, serialHP},
	{"laptop", "HP", "EliteBook 840 G9", "eb840", "2022-03-22", 1350, winOS, true, serialHP},
	{"laptop", "HP", "EliteBook 840 G10", "eb840", "2023-04-18", 1370, winOS, true, serialHP},
	{"laptop", "HP", "EliteBook 840 G11", "eb840", "2024-04-16", 1390, winOS, true, serialHP},
	{"laptop", "HP", "ProBook 450 G6", "pb450", "2019-01-15", 820, winOS, true, serialHP},
	{"laptop", "HP", "ProBook 450 G7", "pb450", "2020-01-14", 840, winOS, true, serialHP},
	{"laptop", "HP", "ProBook 450 G8", "pb450", "2021-01-12", 860, winOS, true, serialHP},
	{"laptop", "HP", "ProBook 450 G9", "pb450", "2022-04-12", 880, winOS, true, serialHP},
	{"laptop", "HP", "ProBook 450 G10", "pb450", "2023-04-18", 899, winOS, true, serialHP},
	{"laptop", "Lenovo", "ThinkPad T480", "t14", "2018-02-20", 1190, append(winOS, osLinux), true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad T490", "t14", "2019-04-16", 1220, append(winOS, osLinux), true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad T14 Gen 1", "t14", "2020-04-21", 1240, append(winOS, osLinux), true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad T14 Gen 2", "t14", "2021-03-23", 1260, append(winOS, osLinux), true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad T14 Gen 3", "t14", "2022-05-10", 1290, append(winOS, osLinux), true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad T14 Gen 4", "t14", "2023-05-23", 1310, append(winOS, osLinux), true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad T14 Gen 5", "t14", "2024-04-23", 1330, append(winOS, osLinux), true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad T14 Gen 6", "t14", "2025-05-20", 1350, append(winOS, osLinux), true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad X1 Carbon Gen 6", "x1", "2018-01-30", 1790, winOS, true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad X1 Carbon Gen 7", "x1", "2019-06-11", 1820, winOS, true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad X1 Carbon Gen 8", "x1", "2020-06-09", 1840, winOS, true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad X1 Carbon Gen 9", "x1", "2021-05-18", 1860, winOS, true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad X1 Carbon Gen 10", "x1", "2022-04-26", 1870, winOS, true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad X1 Carbon Gen 11", "x1", "2023-03-21", 1890, winOS, true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad X1 Carbon Gen 12", "x1", "2024-03-19", 1950, winOS, true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad X1 Carbon Gen 13", "x1", "2024-11-26", 1990, winOS, true, serialLenovo},
	{"laptop", "Apple", "MacBook Pro 13 (2018)", "mbp", "2018-07-12", 2099, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Pro 13 (2020)", "mbp", "2020-05-04", 2099, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Pro 13 (M1)", "mbp", "2020-11-17", 1999, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Pro 14 (M1 Pro)", "mbp", "2021-10-26", 2249, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Pro 14 (M2 Pro)", "mbp", "2023-01-24", 2249, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Pro 14 (M3)", "mbp", "2023-11-07", 2199, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Pro 14 (M4)", "mbp", "2024-11-08", 2199, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Pro 14 (M5)", "mbp", "2025-10-22", 2199, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Air 13 (2018)", "mba", "2018-11-07", 1349, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Air 13 (2020)", "mba", "2020-03-18", 1199, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Air 13 (M1)", "mba", "2020-11-17", 1129, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Air 13 (M2)", "mba", "2022-07-15", 1299, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Air 13 (M3)", "mba", "2024-03-08", 1299, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Air 13 (M4)", "mba", "2025-03-12", 1199, macOS, true, serialApple},
	// Desktops.
	{"desktop", "Dell", "OptiPlex 7060", "opti", "2018-05-01", 820, winOS, true, serialDell},
	{"desktop", "Dell", "OptiPlex 7070", "opti", "2019-05-07", 830, winOS, true, serialDell},
	{"desktop", "Dell", "OptiPlex 7080", "opti", "2020-05-12", 840, winOS, true, serialDell},
	{"desktop", "Dell", "OptiPlex 7090", "opti", "2021-05-11", 845, winOS, true, serialDell},
	{"desktop", "Dell", "OptiPlex 7000", "opti", "2022-05-10", 849, winOS, true, serialDell},
	{"desktop", "Dell", "OptiPlex 7010", "opti", "2023-03-14", 849, winOS, true, serialDell},
	{"desktop", "HP", "EliteDesk 800 G4", "ed800", "2018-05-15", 880, winOS, true, serialHP},
	{"desktop", "HP", "EliteDesk 800 G5", "ed800", "2019-05-14", 890, winOS, true, serialHP},
	{"desktop", "HP", "EliteDesk 800 G6", "ed800", "2020-05-19", 900, winOS, true, serialHP},
	{"desktop", "HP", "EliteDesk 800 G8", "ed800", "2021-05-18", 920, winOS, true, serialHP},
	{"desktop", "HP", "EliteDesk 800 G9", "ed800", "2022-06-14", 940, winOS, true, serialHP},
	{"desktop", "Lenovo", "ThinkCentre M720q", "m70q", "2018-06-12", 700, winOS, true, serialLenovo},
	{"desktop", "Lenovo", "ThinkCentre M70q", "m70q", "2020-03-10", 730, winOS, true, serialLenovo},
	{"desktop", "Lenovo", "ThinkCentre M70q Gen 2", "m70q", "2021-05-11", 750, winOS, true, serialLenovo},
	{"desktop", "Lenovo", "ThinkCentre M70q Gen 3", "m70q", "2022-04-12", 760, winOS, true, serialLenovo},
	{"desktop", "Lenovo", "ThinkCentre M70q Gen 4", "m70q", "2023-05-16", 780, winOS, true, serialLenovo},
	{"desktop", "Lenovo", "ThinkCentre M70q Gen 5", "m70q", "2024-05-14", 800, winOS, true, serialLenovo},
	{"desktop", "Apple", "Mac mini (2018)", "mini", "2018-11-07", 899, macOS, true, serialApple},
	{"desktop", "Apple", "Mac mini (M1)", "mini", "2020-11-17", 799, macOS, true, serialApple},
	{"desktop", "Apple", "Mac mini (M2)", "mini", "2023-01-24", 749, macOS, true, serialApple},
	{"desktop", "Apple", "Mac mini (M4)", "mini", "2024-11-08", 699, macOS, true, serialApple},
	// Servers and storage.
	{"server", "Dell", "PowerEdge R740", "r7x0", "2017-07-11", 7100, srvOS, true, serialDell},
	{"server", "Dell", "PowerEdge R750", "r7x0", "2021-04-06", 7400, srvOS, true, serialDell},
	{"server", "Dell", "PowerEdge R760", "r7x0", "2023-02-14", 7900, srvOS, true, serialDell},
	{"server", "HPE", "ProLiant DL380 Gen10", "dl380", "2017-07-11", 7800, srvOS, true, serialGeneric("CZ", 8)},
	{"server", "HPE", "ProLiant DL380 Gen10 Plus", "dl380", "2021-04-06", 8200, srvOS, true, serialGeneric("CZ", 8)},
	{"server", "HPE", "ProLiant DL380 Gen11", "dl380", "2023-02-14", 8900, srvOS, true, serialGeneric("CZ", 8)},
	{"server", "Synology", "DS918+", "nas", "2017-10-03", 560, []string{osDSM}, true, serialGeneric("1780", 6)},
	{"server", "Synology", "DS920+", "nas", "2020-06-16", 610, []string{osDSM}, true, serialGeneric("20C0", 6)},
	{"server", "Synology", "DS923+", "nas", "2023-01-11", 650, []string{osDSM}, true, serialGeneric("22B0", 6)},
	// Printers.
	{"printer", "Brother", "HL-L8360CDW", "hl", "2017-03-01", 480, nil, true, serialGeneric("E7", 8)},
	{"printer", "HP", "LaserJet Pro M402dn", "lj", "2016-05-01", 300, nil, true, serialGeneric("PHB", 7)},
	{"printer", "HP", "LaserJet Pro M404dn", "lj", "2019-04-01", 320, nil, true, serialGeneric("PHB", 7)},
	{"printer", "HP", "LaserJet Pro 4002dn", "lj", "2022-03-01", 340, nil, true, serialGeneric("PHB", 7)},
	{"printer", "Canon", "imageRUNNER ADVANCE C3525i III", "ir", "2018-02-01", 4100, nil, true, serialGeneric("XMK", 6)},
	{"printer", "Canon", "imageRUNNER ADVANCE DX C3826i", "ir", "2020-05-01", 4300, nil, true, serialGeneric("XMK", 6)},
	// Network.
	{"network", "Cisco", "Catalyst 2960-X-48FPD-L", "cat", "2014-01-01", 4800, []string{osIOSXE}, true, serialGeneric("FOC", 8)},
	{"network", "Cisco", "Catalyst 9200-48P", "cat", "2019-03-01", 5200, []string{osIOSXE}, true, serialGeneric("JAE", 8)},
	{"network", "Ubiquiti", "UniFi AP AC Pro", "uap", "2016-01-01", 140, nil, true, serialGeneric("", 12)},
	{"network", "Ubiquiti", "UniFi U6 Pro", "uap", "2021-03-01", 160, nil, true, serialGeneric("", 12)},
	{"network", "Ubiquiti", "UniFi U7 Pro", "uap", "2023-11-01", 190, nil, true, serialGeneric("", 12)},
	{"network", "Fortinet", "FortiGate 60E", "fgt", "2016-06-01", 650, []string{osFortiOS}, true, serialGeneric("FGT60E", 8)},
	{"network", "Fortinet", "FortiGate 60F", "fgt", "2019-06-01", 720, []string{osFortiOS}, true, serialGeneric("FGT60F", 8)},
	{"network", "Fortinet", "FortiGate 70G", "fgt", "2024-06-01", 780, []string{osFortiOS}, true, serialGeneric("FGT70G", 8)},
	{"network", "Cisco", "Meraki MR42", "mr", "2016-03-01", 900, nil, true, serialGeneric("Q2KD", 8)},
	{"network", "Cisco", "Meraki MR46", "mr", "2020-02-01", 980, nil, true, serialGeneric("Q3AB", 8)},
	// Phones.
	{"phone", "Apple", "iPhone 8", "iphone", "2017-09-22", 699, iOS, true, serialApple},
	{"phone", "Apple", "iPhone XR", "iphone", "2018-10-26", 749, iOS, true, serialApple},
	{"phone", "Apple", "iPhone 11", "iphone", "2019-09-20", 699, iOS, true, serialApple},
	{"phone", "Apple", "iPhone 12", "iphone", "2020-10-23", 799, iOS, true, serialApple},
	{"phone", "Apple", "iPhone 13", "iphone", "2021-09-24", 729, iOS, true, serialApple},
	{"phone", "Apple", "iPhone 14", "iphone", "2022-09-16", 829, iOS, true, serialApple},
	{"phone", "Apple", "iPhone 15", "iphone", "2023-09-22", 969, iOS, true, serialApple},
	{"phone", "Apple", "iPhone 16", "iphone", "2024-09-20", 969, iOS, true, serialApple},
	{"phone", "Apple", "iPhone 17", "iphone", "2025-09-19", 949, iOS, true, serialApple},
	{"phone", "Apple", "iPhone SE (2nd generation)", "iphonese", "2020-04-24", 479, iOS, true, serialApple},
	{"phone", "Apple", "iPhone SE (3rd generation)", "iphonese", "2022-03-18", 529, iOS, true, serialApple},
	{"phone", "Apple", "iPhone 16e", "iphonese", "2025-02-28", 699, iOS, true, serialApple},
	{"phone", "Samsung", "Galaxy S9", "gs", "2018-03-16", 849, android, true, serialGeneric("R58", 8)},
	{"phone", "Samsung", "Galaxy S10", "gs", "2019-03-08", 899, android, true, serialGeneric("R58", 8)},
	{"phone", "Samsung", "Galaxy S20", "gs", "2020-03-06", 899, android, true, serialGeneric("R5C", 8)},
	{"phone", "Samsung", "Galaxy S21", "gs", "2021-01-29", 849, android, true, serialGeneric("R5C", 8)},
	{"phone", "Samsung", "Galaxy S22", "gs", "2022-02-25", 849, android, true, serialGeneric("R5C", 8)},
	{"phone", "Samsung", "Galaxy S23", "gs", "2023-02-17", 899, android, true, serialGeneric("R5C", 8)},
	{"phone", "Samsung", "Galaxy S24", "gs", "2024-01-31", 899, android, true, serialGeneric("R5C", 8)},
	{"phone", "Samsung", "Galaxy S25", "gs", "2025-02-07", 899, android, true, serialGeneric("R5C", 8)},
	// Tablets.
	{"tablet", "Apple", "iPad (6th generation)", "ipad", "2018-03-27", 349, []string{osIPadOS}, true, serialApple},
	{"tablet", "Apple", "iPad Air (3rd generation)", "ipad", "2019-03-18", 549, []string{osIPadOS}, true, serialApple},
	{"tablet", "Apple", "iPad Air (4th generation)", "ipad", "2020-10-23", 649, []string{osIPadOS}, true, serialApple},
	{"tablet", "Apple", "iPad Air (5th generation)", "ipad", "2022-03-18", 699, []string{osIPadOS}, true, serialApple},
	{"tablet", "Apple", "iPad Air 11-inch (M2)", "ipad", "2024-05-15", 699, []string{osIPadOS}, true, serialApple},
	{"tablet", "Apple", "iPad Air 11-inch (M3)", "ipad", "2025-03-12", 699, []string{osIPadOS}, true, serialApple},
	{"tablet", "Samsung", "Galaxy Tab S4", "tabs", "2018-08-10", 699, android, true, serialGeneric("R52", 8)},
	{"tablet", "Samsung", "Galaxy Tab S6", "tabs", "2019-07-31", 699, android, true, serialGeneric("R52", 8)},
	{"tablet", "Samsung", "Galaxy Tab S7", "tabs", "2020-08-05", 699, android, true, serialGeneric("R52", 8)},
	{"tablet", "Samsung", "Galaxy Tab S8", "tabs", "2022-03-22", 749, android, true, serialGeneric("R52", 8)},
	{"tablet", "Samsung", "Galaxy Tab S9", "tabs", "2023-08-11", 849, android, true, serialGeneric("R52", 8)},
	{"tablet", "Samsung", "Galaxy Tab S11", "tabs", "2025-09-04", 899, android, true, serialGeneric("R52", 8)},
	// Monitors.
	{"monitor", "Dell", "U2719D", "u27", "2018-03-01", 499, nil, false, serialGeneric("CN0", 9)},
	{"monitor", "Dell", "U2720Q", "u27", "2019-12-01", 579, nil, false, serialGeneric("CN0", 9)},
	{"monitor", "Dell", "U2723QE", "u27", "2022-03-01", 589, nil, false, serialGeneric("CN0", 9)},
	{"monitor", "Dell", "P2419H", "p24", "2018-05-01", 199, nil, false, serialGeneric("CN0", 9)},
	{"monitor", "Dell", "P2422H", "p24", "2021-03-01", 219, nil, false, serialGeneric("CN0", 9)},
	{"monitor", "Dell", "P2425H", "p24", "2024-05-01", 229, nil, false, serialGeneric("CN0", 9)},
	{"monitor", "LG", "27UL850-W", "lg27", "2019-03-01", 429, nil, false, serialGeneric("9", 9)},
	{"monitor", "LG", "27UP850N-W", "lg27", "2021-06-01", 449, nil, false, serialGeneric("2", 9)},
	{"monitor", "HP", "E24 G4", "e24", "2019-06-01", 189, nil, false, serialHP},
	{"monitor", "HP", "E24 G5", "e24", "2021-09-01", 199, nil, false, serialHP},
	// Peripherals.
	{"peripheral", "Logitech", "MX Keys", "mxk", "2019-09-01", 109, nil, false, serialGeneric("2", 10)},
	{"peripheral", "Logitech", "MX Keys S", "mxk", "2023-06-01", 119, nil, false, serialGeneric("2", 10)},
	{"peripheral", "Logitech", "MX Master 2S", "mxm", "2017-06-01", 89, nil, false, serialGeneric("2", 10)},
	{"peripheral", "Logitech", "MX Master 3", "mxm", "2019-09-01", 99, nil, false, serialGeneric("2", 10)},
	{"peripheral", "Logitech", "MX Master 3S", "mxm", "2022-05-01", 99, nil, false, serialGeneric("2", 10)},
	{"peripheral", "Jabra", "Evolve 65", "jabra", "2016-01-01", 199, nil, false, serialGeneric("", 11)},
	{"peripheral", "Jabra", "Evolve2 65", "jabra", "2020-03-01", 229, nil, false, serialGeneric("", 11)},
	{"peripheral", "Dell", "WD19 Dock", "dock", "2019-05-01", 189, nil, false, serialDell},
	{"peripheral", "Dell", "WD19S Dock", "dock", "2021-03-01", 199, nil, false, serialDell},
	{"peripheral", "Dell", "WD22TB4 Dock", "dock", "2022-06-01", 299, nil, false, serialDell},
	// Other.
	{"other", "APC", "Smart-UPS 1500", "ups", "2012-01-01", 690, nil, false, serialGeneric("AS", 10)},
	{"other", "Logitech", "MeetUp", "conf", "2017-09-01", 899, nil, true, serialGeneric("2", 10)},
	{"other", "Logitech", "Rally Bar", "conf", "2020-08-01", 3499, nil, true, serialGeneric("2", 10)},
}

// osRelease is one release of an operating system or firmware, as a device
// reports it.
type osRelease struct {
	name     string
	released string // YYYY-MM-DD
}

// osReleases are the releases of each family, oldest first.
var osReleases = map[string][]osRelease{
	osWindows: {{"Windows 10 Pro 1809", "2018-11-13"}, {"Windows 10 Pro 1909", "2019-11-12"}, {"Windows 10 Pro 20H2", "2020-10-20"},
		{"Windows 11 Pro 21H2", "2021-10-04"}, {"Windows 11 Pro 22H2", "2022-09-20"}, {"Windows 11 Pro 23H2", "2023-10-31"},
		{"Windows 11 Pro 24H2", "2024-10-01"}, {"Windows 11 Pro 25H2", "2025-09-30"}},
	osMac: {{"macOS 10.14.6", "2018-09-24"}, {"macOS 10.15.7", "2019-10-07"}, {"macOS 11.7.10", "2020-11-12"}, {"macOS 12.7.6", "2021-10-25"},
		{"macOS 13.7.8", "2022-10-24"}, {"macOS 14.7.8", "2023-09-26"}, {"macOS 15.7.2", "2024-09-16"}, {"macOS 26.1", "2025-09-15"}},
	osLinux: {{"Ubuntu 18.04.6 LTS", "2018-04-26"}, {"Ubuntu 20.04.6 LTS", "2020-04-23"}, {"Ubuntu 22.04.5 LTS", "2022-04-21"},
		{"Ubuntu 24.04.3 LTS", "2024-04-25"}, {"Ubuntu 26.04 LTS", "2026-04-23"}},
	osIOS: {{"iOS 12.5.7", "2018-09-17"}, {"iOS 13.7", "2019-09-19"}, {"iOS 14.8.1", "2020-09-16"}, {"iOS 15.8.4", "2021-09-20"},
		{"iOS 16.7.11", "2022-09-12"}, {"iOS 17.7.10", "2023-09-18"}, {"iOS 18.7.2", "2024-09-16"}, {"iOS 26.1", "2025-09-15"}},
	osIPadOS: {{"iPadOS 13.7", "2019-09-24"}, {"iPadOS 14.8.1", "2020-09-16"}, {"iPadOS 15.8.4", "2021-09-20"}, {"iPadOS 16.7.11", "2022-10-24"},
		{"iPadOS 17.7.10", "2023-09-18"}, {"iPadOS 18.7.2", "2024-09-16"}, {"iPadOS 26.1", "2025-09-15"}},
	osAndroid: {{"Android 9", "2018-08-06"}, {"Android 10", "2019-09-03"}, {"Android 11", "2020-09-08"}, {"Android 12", "2021-10-04"},
		{"Android 13", "2022-08-15"}, {"Android 14", "2023-10-04"}, {"Android 15", "2024-10-15"}, {"Android 16", "2025-06-10"}},
	osWinSrv: {{"Windows Server 2016", "2016-10-12"}, {"Windows Server 2019", "2018-10-02"}, {"Windows Server 2022", "2021-08-18"},
		{"Windows Server 2025", "2024-11-01"}},
	osESXi: {{"VMware ESXi 6.7", "2018-04-17"}, {"VMware ESXi 7.0", "2020-04-02"}, {"VMware ESXi 8.0", "2022-10-11"}},
	osDSM:  {{"DSM 6.2", "2018-05-22"}, {"DSM 7.0", "2021-06-29"}, {"DSM 7.1", "2022-04-19"}, {"DSM 7.2", "2023-06-13"}},
	osFortiOS: {{"FortiOS 6.0", "2018-03-29"}, {"FortiOS 6.2", "2019-03-28"}, {"FortiOS 6.4", "2020-03-31"}, {"FortiOS 7.0", "2021-03-30"},
		{"FortiOS 7.2", "2022-03-31"}, {"FortiOS 7.4", "2023-05-11"}, {"FortiOS 7.6", "2024-07-25"}},
	osIOSXE: {{"IOS XE 16.9", "2018-07-20"}, {"IOS XE 16.12", "2019-07-31"}, {"IOS XE 17.3", "2020-08-14"}, {"IOS XE 17.6", "2021-08-02"},
		{"IOS XE 17.9", "2022-07-29"}, {"IOS XE 17.12", "2023-08-04"}, {"IOS XE 17.15", "2024-08-09"}},
}

// majorUpgrades is how many releases after the one it shipped with a device
// of a family can take (phones stop getting new Android; Windows and
// firmware carry on).
var majorUpgrades = map[string]int{osAndroid: 4, osIOS: 6, osIPadOS: 6, osMac: 6}

// catalog is the models ready to pick by category and date.
type catalog struct {
	byCat map[string][]saleModel
}

// saleModel is a model with the days it was on sale.
type saleModel struct {
	model
	from, until assets.Date // until is zero while it is still sold
}

func newCatalog() catalog {
	byLine := map[string][]model{}
	var lines []string
	for _, m := range models {
		if _, ok := byLine[m.line]; !ok {
			lines = append(lines, m.line)
		}
		byLine[m.line] = append(byLine[m.line], m)
	}
	c := catalog{byCat: map[string][]saleModel{}}
	for _, line := range lines {
		ms := byLine[line]
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].released < ms[j].released })
		for i, m := range ms {
			s := saleModel{model: m, from: assets.MustDate(m.released)}
			if i+1 < len(ms) {
				s.until = assets.MustDate(ms[i+1].released).AddDays(183) // sold off for half a year
			}
			c.byCat[m.category] = append(c.byCat[m.category], s)
		}
	}
	return c
}

// onSale picks a model of category cat sold on day d; ok is false when none
// of the category had come out by then.
func (c catalog) onSale(r *rand.Rand, cat string, d assets.Date) (saleModel, bool) {
	var buf [16]int
	ok := buf[:0]
	for i, m := range c.byCat[cat] {
		if !d.Before(m.from) && (m.until.IsZero() || d.Before(m.until)) {
			ok = append(ok, i)
		}
	}
	if len(ok) == 0 {
		return saleModel{}, false
	}
	return c.byCat[cat][ok[r.IntN(len(ok))]], true
}

// firstSale is the day the first model of cat came out.
func (c catalog) firstSale(cat string) assets.Date {
	var first assets.Date
	for _, m := range c.byCat[cat] {
		if first.IsZero() || m.from.Before(first) {
			first = m.from
		}
	}
	return first
}

// pickOS picks the release a device bought on purchased runs on today: the
// one it shipped with or a later one it can take, most often the newest
// that has been out for two months (offices update on their own schedule),
// now and then one or two behind.
func pickOS(r *rand.Rand, family string, purchased, today assets.Date) string {
	rel := osReleases[family]
	if len(rel) == 0 {
		return ""
	}
	shipped := 0
	for i, o := range rel {
		if !assets.MustDate(o.released).After(purchased) {
			shipped = i
		}
	}
	newest := shipped
	for i := shipped; i < len(rel); i++ {
		if max := majorUpgrades[family]; max > 0 && i > shipped+max {
			break
		}
		if assets.MustDate(rel[i].released).AddDays(60).Before(today) {
			newest = i
		}
	}
	v := newest
	switch n := r.IntN(100); {
	case n < 12 && newest > shipped:
		v = newest - 1
	case n < 15 && newest > shipped+1:
		v = newest - 2
	}
	return rel[v].name
}
