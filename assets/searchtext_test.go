package assets

import (
	"reflect"
	"strings"
	"testing"
)

func TestSearchWords(t *testing.T) {
	for text, want := range map[string][]string{
		"":                       nil,
		"  ,- ":                  nil,
		"dell lat":               {"dell", "lat"},
		"ST-000123":              {"000123"},
		"st 42":                  {"42"},
		"ST-X1":                  {"ST", "X1"},
		"ST":                     {"ST"},
		"Écran, Åsa!":            {"Écran", "Åsa"},
		"ЖК-42":                  {"ЖК", "42"},
		strings.Repeat("a ", 20): {"a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a"},
	} {
		if got := SearchWords(text); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
			t.Errorf("SearchWords(%q) = %q, want %q", text, got, want)
		}
	}
}

// The full check is against SQLite itself (TestSearchTokensMatchFTS5 in
// assets/sqlite); these name the cases a reader cares about.
func TestSearchTokens(t *testing.T) {
	for text, want := range map[string][]string{
		"":                       nil,
		"ST-000123":              {"st", "000123"},
		"Écran Åsa Müller":       {"ecran", "asa", "muller"},
		"naïve café, straße":     {"naive", "cafe", "straße"},
		"Ноутбук ЖК-42":          {"ноутбук", "жк", "42"},
		"東京オフィス プリンター":           {"東京オフィス", "プリンター"},
		"ＭＦ７４５":                  {"ｍｆ７４５"},
		"e\u0301\u0308x":         {"ex"},                     // combining marks stay in the token, folded away
		"\u0301a":                {"a"},                      // but do not start one
		"a\uFFFEb a\U000F0000b":  {"a", "b", "a\U000F0000b"}, // U+FFFE reads as U+FFFD (a separator); private use is a token character
		"O'Brien e-mail x@y.com": {"o", "brien", "e", "mail", "x", "y", "com"},
	} {
		if got := SearchTokens(text); !reflect.DeepEqual(got, want) {
			t.Errorf("SearchTokens(%q) = %q, want %q", text, got, want)
		}
	}
}

func BenchmarkSearchTokens(b *testing.B) {
	text := "ST-000123 Latitude 7440 Dell Inc. 5CG1234XYZ Åsa Müller spare charger in the drawer"
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		SearchTokensFunc(text, func([]byte) {})
	}
}
