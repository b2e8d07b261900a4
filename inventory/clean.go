package inventory

import (
	"strconv"
	"strings"
	"time"
)

// placeholders are the values firmware, drivers and ghw put where a fact is
// missing. Compared case-insensitively after trimming.
var placeholders = map[string]bool{
	"":                         true,
	"unknown":                  true,
	"none":                     true,
	"n/a":                      true,
	"na":                       true,
	"null":                     true,
	"undefined":                true,
	"default":                  true,
	"default string":           true,
	"not specified":            true,
	"not applicable":           true,
	"not available":            true,
	"not present":              true,
	"not defined":              true,
	"unspecified":              true,
	"invalid":                  true,
	"empty":                    true,
	"oem":                      true,
	"o.e.m.":                   true,
	"to be filled by o.e.m.":   true,
	"to be filled by oem":      true,
	"to be filled by o.e.m":    true,
	"system manufacturer":      true,
	"system product name":      true,
	"system version":           true,
	"system serial number":     true,
	"system sku":               true,
	"sku":                      true,
	"type1productconfigid":     true,
	"type1family":              true,
	"chassis manufacture":      true,
	"chassis manufacturer":     true,
	"chassis version":          true,
	"chassis serial number":    true,
	"base board serial number": true,
	"base board version":       true,
	"baseboard serial number":  true,
	"asset tag":                true,
	"asset-1234567890":         true,
	"no asset tag":             true,
	"no asset information":     true,
	"0123456789":               true,
	"1234567890":               true,
	"123456789":                true,
	"serial number":            true,
	"x.x":                      true,
	"xxxx":                     true,
	"$(default_string)":        true,
	"filled by o.e.m.":         true,
}

// placeholderUUIDs are SMBIOS UUIDs that many boards ship with, so they
// identify nothing.
var placeholderUUIDs = map[string]bool{
	"00000000-0000-0000-0000-000000000000": true,
	"ffffffff-ffff-ffff-ffff-ffffffffffff": true,
	"03000200-0400-0500-0006-000700080009": true,
	"00020003-0004-0005-0006-000700080009": true,
	"12345678-1234-5678-90ab-cddeefaabbcc": true,
}

// clean returns s trimmed, or "" when it is a placeholder rather than a fact.
func clean(s string) string {
	s = strings.Trim(s, "\x00")
	// Firmware pads fields with runs of spaces ("CPU           L5640").
	if strings.Contains(s, "  ") || strings.ContainsAny(s, "\t\n\r") {
		s = strings.Join(strings.Fields(s), " ")
	} else {
		s = strings.TrimSpace(s)
	}
	if placeholders[strings.ToLower(s)] {
		return ""
	}
	// A run of one repeated filler character ("0000000", "........",
	// "XXXXXXXX", "        ") is not a value either.
	if len(s) >= 2 && strings.Count(s, s[:1]) == len(s) && strings.ContainsAny(s[:1], "0.Xx-_ *F#") {
		return ""
	}
	return s
}

// cleanVendor is clean for vendor names: a bare PCI vendor ID ("0x1af4")
// names nobody a person would recognise.
func cleanVendor(s string) string {
	s = clean(s)
	if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") && strings.Trim(s[2:], "0123456789abcdefABCDEF") == "" {
		return ""
	}
	return s
}

// cleanUUID is clean for UUIDs: also drops the well-known filler UUIDs and
// writes the rest in lower case.
func cleanUUID(s string) string {
	s = strings.ToLower(clean(s))
	if placeholderUUIDs[s] {
		return ""
	}
	return s
}

// chassisTypes maps SMBIOS chassis type codes (DMTF DSP0134, 7.4.1) to the
// kinds Steward's register cares about. Code 2 ("Unknown") maps to nothing.
var chassisTypes = map[string]string{
	"1":  ChassisOther,    // Other
	"3":  ChassisDesktop,  // Desktop
	"4":  ChassisDesktop,  // Low Profile Desktop
	"5":  ChassisDesktop,  // Pizza Box
	"6":  ChassisDesktop,  // Mini Tower
	"7":  ChassisDesktop,  // Tower
	"8":  ChassisLaptop,   // Portable
	"9":  ChassisLaptop,   // Laptop
	"10": ChassisLaptop,   // Notebook
	"11": ChassisTablet,   // Hand Held
	"12": ChassisOther,    // Docking Station
	"13": ChassisAllInOne, // All in One
	"14": ChassisLaptop,   // Sub Notebook
	"15": ChassisDesktop,  // Space-saving
	"16": ChassisMini,     // Lunch Box
	"17": ChassisServer,   // Main Server Chassis
	"18": ChassisOther,    // Expansion Chassis
	"19": ChassisOther,    // SubChassis
	"20": ChassisOther,    // Bus Expansion Chassis
	"21": ChassisOther,    // Peripheral Chassis
	"22": ChassisServer,   // RAID Chassis
	"23": ChassisServer,   // Rack Mount Chassis
	"24": ChassisDesktop,  // Sealed-case PC
	"25": ChassisServer,   // Multi-system chassis
	"26": ChassisOther,    // Compact PCI
	"27": ChassisOther,    // Advanced TCA
	"28": ChassisServer,   // Blade
	"29": ChassisServer,   // Blade Enclosure
	"30": ChassisTablet,   // Tablet
	"31": ChassisLaptop,   // Convertible
	"32": ChassisTablet,   // Detachable
	"33": ChassisOther,    // IoT Gateway
	"34": ChassisMini,     // Embedded PC
	"35": ChassisMini,     // Mini PC
	"36": ChassisMini,     // Stick PC
}

// NormalizeChassisType maps an SMBIOS chassis type code ("10", or "0x0a")
// to a Chassis* kind, or "" when the code says nothing.
func NormalizeChassisType(code string) string {
	code = strings.TrimSpace(code)
	if strings.HasPrefix(code, "0x") || strings.HasPrefix(code, "0X") {
		var n int
		for _, c := range strings.ToLower(code[2:]) {
			switch {
			case c >= '0' && c <= '9':
				n = n*16 + int(c-'0')
			case c >= 'a' && c <= 'f':
				n = n*16 + int(c-'a'+10)
			default:
				return ""
			}
			if n > 255 {
				return ""
			}
		}
		// Bit 7 is the "chassis lock present" flag, not part of the type.
		code = strconv.Itoa(n & 0x7f)
	}
	return chassisTypes[code]
}

// chassisFromModel infers the kind from a product name where the firmware
// has no chassis type (Apple's machines say what they are in their name).
func chassisFromModel(model string) string {
	m := strings.ToLower(model)
	switch {
	case strings.Contains(m, "macbook"):
		return ChassisLaptop
	case strings.HasPrefix(m, "imac"):
		return ChassisAllInOne
	case strings.Contains(m, "mac mini"), strings.HasPrefix(m, "macmini"):
		return ChassisMini
	case strings.HasPrefix(m, "macpro"), strings.Contains(m, "mac pro"), strings.Contains(m, "mac studio"):
		return ChassisDesktop
	}
	return ""
}

// normalizeDate turns the firmware date forms into YYYY-MM-DD: SMBIOS's
// MM/DD/YYYY, WMI's CIM_DATETIME (YYYYMMDDhhmmss.ffffff+zzz) and ISO dates.
// Anything else is kept as the firmware wrote it.
func normalizeDate(s string) string {
	s = clean(s)
	if s == "" {
		return ""
	}
	for _, layout := range []string{"01/02/2006", "1/2/2006", "01/02/06", "2006-01-02", "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if len(s) >= 8 {
		if t, err := time.Parse("20060102", s[:8]); err == nil && strings.IndexFunc(s[:8], func(r rune) bool { return r < '0' || r > '9' }) < 0 {
			return t.Format("2006-01-02")
		}
	}
	return s
}
