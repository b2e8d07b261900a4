package assets

import (
	"strings"
	"testing"
)

func TestSettingsFromStoredValues(t *testing.T) {
	stored := map[string]string{
		SettingOrgName: "  Acme Ltd ", SettingCurrency: "gbp",
		SettingDateFormat: "DD.MM.YYYY", SettingWarnDays: "30",
	}
	got := SettingsFrom(func(k string) string { return stored[k] })
	want := Settings{OrgName: "Acme Ltd", Currency: "GBP", DateFormat: "DD.MM.YYYY", WarnDays: 30}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	// Unset or hand-mangled values fall back to the defaults.
	bad := map[string]string{SettingCurrency: "euro", SettingDateFormat: "%d", SettingWarnDays: "-4"}
	if got := SettingsFrom(func(k string) string { return bad[k] }); got != DefaultSettings() {
		t.Fatalf("bad values: got %+v, want defaults %+v", got, DefaultSettings())
	}
	// What Values writes, SettingsFrom reads back.
	vals := want.Values()
	if got := SettingsFrom(func(k string) string { return vals[k] }); got != want {
		t.Fatalf("round trip: got %+v, want %+v", got, want)
	}
}

func TestSettingsValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		s      Settings
		fields []string
	}{
		{"defaults", DefaultSettings(), nil},
		{"lower-case currency is fine", Settings{Currency: "usd", DateFormat: "MM/DD/YYYY", WarnDays: 1}, nil},
		{"everything wrong", Settings{OrgName: strings.Repeat("x", 101), Currency: "E", DateFormat: "D/M/Y", WarnDays: 0},
			[]string{"org_name", "currency", "date_format", "warn_days"}},
		{"window too long", Settings{Currency: "EUR", DateFormat: "YYYY-MM-DD", WarnDays: 731}, []string{"warn_days"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s.Validate()
			var fields []string
			if ve, ok := err.(ValidationErrors); ok {
				for _, e := range ve {
					fields = append(fields, e.(*Error).Field)
				}
			} else if err != nil {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			if strings.Join(fields, ",") != strings.Join(tc.fields, ",") {
				t.Fatalf("fields in error = %v, want %v (%v)", fields, tc.fields, err)
			}
		})
	}
}

func TestDateFormat(t *testing.T) {
	d := MustDate("2026-03-07")
	for f, want := range map[string]string{
		"YYYY-MM-DD": "2026-03-07", "DD/MM/YYYY": "07/03/2026", "MM/DD/YYYY": "03/07/2026",
		"DD.MM.YYYY": "07.03.2026", "nonsense": "2026-03-07",
	} {
		if got := d.Format(f); got != want {
			t.Errorf("Format(%q) = %q, want %q", f, got, want)
		}
	}
	if got := (Date{}).Format("DD/MM/YYYY"); got != "" {
		t.Errorf("zero date = %q, want empty", got)
	}
}

func TestBackupKeep(t *testing.T) {
	for stored, want := range map[string]int{"": DefaultBackupKeep, "3": 3, " 12 ": 12, "0": DefaultBackupKeep, "-2": DefaultBackupKeep, "many": DefaultBackupKeep} {
		if got := BackupKeep(stored); got != want {
			t.Errorf("BackupKeep(%q) = %d, want %d", stored, got, want)
		}
	}
}

func TestWarnDaysFrom(t *testing.T) {
	for stored, want := range map[string]int{"": 0, "30": 30, " 45 ": 45, "0": 0, "730": 730} {
		if got, err := WarnDaysFrom(stored); err != nil || got != want {
			t.Errorf("WarnDaysFrom(%q) = %d, %v; want %d", stored, got, err, want)
		}
	}
	for _, bad := range []string{"1.5x", "-3", "731", "soon", "30 days"} {
		if _, err := WarnDaysFrom(bad); err == nil {
			t.Errorf("WarnDaysFrom(%q) accepted", bad)
		}
	}
}
