package assets

import (
	"regexp"
	"testing"
)

// validTag is a hand-written form of this expression; they must agree.
var tagExpr = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`)

func FuzzValidTagMatchesExpression(f *testing.F) {
	for _, s := range []string{"", "ST-000123", "a", "-a", ".", "A/B_c.d-9", "é", "ST 1", "x\x00", "Z9/", "_x", "9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validTag(s), tagExpr.MatchString(s); got != want {
			t.Errorf("validTag(%q) = %v, expression says %v", s, got, want)
		}
	})
}
