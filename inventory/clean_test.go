package inventory

import (
	"sort"
	"testing"
)

func TestClean(t *testing.T) {
	tests := map[string]string{
		"To Be Filled By O.E.M.":  "",
		"to be filled by o.e.m.":  "",
		"  Default string ":       "",
		"System Product Name":     "",
		"System manufacturer":     "",
		"Not Specified":           "",
		"None":                    "",
		"unknown":                 "",
		"N/A":                     "",
		"0000000000":              "",
		"..........":              "",
		"XXXXXXXX":                "",
		"          ":              "",
		"\x00\x00":                "",
		"Chassis Serial Number":   "",
		"0123456789":              "",
		"Dell Inc.":               "Dell Inc.",
		"  LENOVO\n":              "LENOVO",
		"CPU    L5640  @ 2.27GHz": "CPU L5640 @ 2.27GHz",
		"0":                       "0",
		"A0":                      "A0",
	}
	for in, want := range tests {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanUUIDAndVendor(t *testing.T) {
	for in, want := range map[string]string{
		"03000200-0400-0500-0006-000700080009": "",
		"00000000-0000-0000-0000-000000000000": "",
		"FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF": "",
		"4C4C4544-0042-3510-8052-B4C04F564433": "4c4c4544-0042-3510-8052-b4c04f564433",
	} {
		if got := cleanUUID(in); got != want {
			t.Errorf("cleanUUID(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"0x1af4": "", "ATA": "ATA", "0xZZ": "0xZZ", "Samsung": "Samsung"} {
		if got := cleanVendor(in); got != want {
			t.Errorf("cleanVendor(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeChassisType(t *testing.T) {
	tests := map[string]string{
		"3": ChassisDesktop, "7": ChassisDesktop, "9": ChassisLaptop, "10": ChassisLaptop, "31": ChassisLaptop,
		"17": ChassisServer, "23": ChassisServer, "30": ChassisTablet, "13": ChassisAllInOne, "35": ChassisMini,
		"1": ChassisOther, "2": "", "": "", "99": "", "unknown": "",
		"0x0A": ChassisLaptop, "0x8a": ChassisLaptop, // bit 7 is the lock flag
		"0xZZ": "",
	}
	for in, want := range tests {
		if got := NormalizeChassisType(in); got != want {
			t.Errorf("NormalizeChassisType(%q) = %q, want %q", in, got, want)
		}
	}
	for model, want := range map[string]string{"MacBookPro18,3": ChassisLaptop, "iMac21,1": ChassisAllInOne, "Macmini9,1": ChassisMini, "MacPro7,1": ChassisDesktop, "OptiPlex 7010": ""} {
		if got := chassisFromModel(model); got != want {
			t.Errorf("chassisFromModel(%q) = %q, want %q", model, got, want)
		}
	}
}

func TestNormalizeDate(t *testing.T) {
	for in, want := range map[string]string{
		"09/14/2023":                "2023-09-14",
		"1/5/2021":                  "2021-01-05",
		"2024-02-01":                "2024-02-01",
		"20230515000000.000000+000": "2023-05-15",
		"Not Specified":             "",
		"sometime in 2020":          "sometime in 2020",
	} {
		if got := normalizeDate(in); got != want {
			t.Errorf("normalizeDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseSpeedAndMAC(t *testing.T) {
	for in, want := range map[string]int{"1000": 1000, "1000Mb/s": 1000, "10Gb/s": 10000, "-1": 0, "": 0, "Unknown!": 0} {
		if got := parseSpeed(in); got != want {
			t.Errorf("parseSpeed(%q) = %d, want %d", in, got, want)
		}
	}
	for in, want := range map[string]string{"8C-8C-AA-12-34-56": "8c:8c:aa:12:34:56", "00:00:00:00:00:00": "", "": ""} {
		if got := normalizeMAC(in); got != want {
			t.Errorf("normalizeMAC(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVersionLess(t *testing.T) {
	in := []string{"6.10.3-200.fc40", "6.9.12-200.fc40", "6.8.9-300.fc40", "6.10.3-100.fc40", "6.10"}
	sort.Slice(in, func(i, j int) bool { return versionLess(in[i], in[j]) })
	want := []string{"6.8.9-300.fc40", "6.9.12-200.fc40", "6.10", "6.10.3-100.fc40", "6.10.3-200.fc40"}
	for i := range want {
		if in[i] != want[i] {
			t.Fatalf("sorted %v, want %v", in, want)
		}
	}
}

func TestPublisherFromCopyright(t *testing.T) {
	for in, want := range map[string]string{
		"Copyright © 2012-2024 Google LLC. All rights reserved.": "Google LLC",
		"© 2023 Apple Inc.":            "Apple Inc",
		"Copyright (c) 2020, Mozilla":  "Mozilla",
		"3M Company":                   "3M Company",
		"":                             "",
		"Copyright 2019-present Slack": "Slack",
	} {
		if got := publisherFromCopyright(in); got != want {
			t.Errorf("publisherFromCopyright(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPairingCode(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		c, err := NewPairingCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != CodeLength+1 || c[4] != '-' {
			t.Fatalf("code %q has the wrong shape", c)
		}
		for _, r := range NormalizeCode(c) {
			if !containsRune(codeAlphabet, r) {
				t.Fatalf("code %q uses %q, not in the alphabet", c, r)
			}
		}
		if seen[c] {
			t.Fatalf("code %q repeated within 200 draws", c)
		}
		seen[c] = true
	}
	if !codesEqual("k7pm 4xqd", "K7PM-4XQD") || codesEqual("K7PM-4XQE", "K7PM-4XQD") || codesEqual("", "K7PM-4XQD") {
		t.Error("codesEqual normalisation is wrong")
	}
	// Bounds: at least MinCodeLength symbols (TestValidateCode has the rest).
	if validateCode("ab-c") == nil || validateCode("ABCDEF") == nil || validateCode("ABCDEFGH") != nil {
		t.Error("validateCode bounds are wrong")
	}
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}
