package assets

import (
	"regexp"
	"strings"
	"testing"
)

// validCategoryName is a hand-written form of this expression; they must agree.
var categoryExpr = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$`)

func FuzzValidCategoryNameMatchesExpression(f *testing.F) {
	for _, s := range []string{"", "laptop", "Laptop", "3d printer", " x", "-x", "x-", "a_b c-d", "é", "ÉCRAN", "٣d",
		"\xff", "a\xffb", "x\n", strings.Repeat("a", 40), strings.Repeat("a", 41), strings.Repeat("é", 40), strings.Repeat("é", 41),
		"x\u00a0y", "Ⅻ", "½", "a.b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validCategoryName(s), categoryExpr.MatchString(s); got != want {
			t.Errorf("validCategoryName(%q) = %v, expression says %v", s, got, want)
		}
	})
}

// NormalizeMAC returns a MAC already in its form unchanged without working
// it out; working it out must give the same.
func FuzzNormalizeMACShortcut(f *testing.F) {
	for _, s := range []string{"3c:22:fb:12:34:56", "3C:22:FB:12:34:56", "3c-22-fb-12-34-56", "3c22.fb12.3456", "3c:22:fb:12:34:5g",
		"3c:22:fb:12:34:567", "", "3c:22:fb:12:34", " 3c:22:fb:12:34:56 ", "3c:22:fb:12:34-56"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizeMAC(s)
		if canonicalMAC(s) {
			if err != nil || got != s {
				t.Fatalf("NormalizeMAC(%q) = %q, %v for a canonical MAC", s, got, err)
			}
			// The long way gives the same: strip the colons and normalise.
			if again, err := NormalizeMAC(strings.ReplaceAll(s, ":", "")); err != nil || again != s {
				t.Fatalf("NormalizeMAC of %q without colons = %q, %v", s, again, err)
			}
		}
		if err == nil && !canonicalMAC(got) {
			t.Fatalf("NormalizeMAC(%q) = %q, not canonical", s, got)
		}
	})
}
