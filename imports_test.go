package main

import (
	"path"
	"strconv"
	"strings"
	"testing"
)

// nonTestImports maps each package directory of the module (slash
// separated, "." for the root) to what its non-test files import.
func nonTestImports(t *testing.T) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	for _, sf := range nonTestFiles(t) {
		dir := path.Dir(sf.path)
		if out[dir] == nil {
			out[dir] = map[string]bool{}
		}
		for _, im := range sf.file.Imports {
			ip, err := strconv.Unquote(im.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			out[dir][ip] = true
		}
	}
	if len(out) < 10 || out["assets"] == nil || out["app"] == nil {
		t.Fatalf("found only %d packages: run from the module's root", len(out))
	}
	return out
}

// Only the wiring opens a concrete store: besides package main (and each
// store's own packages), no package's non-test code imports assets/sqlite
// or assets/postgres. Screens, reports, imports, exports and the inventory
// intake hold the store through interfaces declared where they are used
// (ARCHITECTURE.md, "Two engines, one contract").
func TestOnlyTheWiringImportsAStore(t *testing.T) {
	for _, store := range []string{"assets/sqlite", "assets/postgres"} {
		for dir, imports := range nonTestImports(t) {
			if dir == "." || dir == store || strings.HasPrefix(dir, store+"/") || storeBridges[dir] {
				continue
			}
			for ip := range imports {
				if ip == "steward/"+store || strings.HasPrefix(ip, "steward/"+store+"/") {
					t.Errorf("%s imports %s: declare an interface there and let package main pass the store", dir, ip)
				}
			}
		}
	}
}

// storeBridges are the packages whose one job is to join the two engines
// (copying a register from one to the other): they may import both.
var storeBridges = map[string]bool{"assets/move": true}

// The domain imports nothing of Steward's: every other package depends on
// it, it depends on none of them.
func TestDomainImportsNothingOfSteward(t *testing.T) {
	for ip := range nonTestImports(t)["assets"] {
		if ip == "steward" || strings.HasPrefix(ip, "steward/") {
			t.Errorf("assets imports %s: the domain takes plain values, it knows no other package of Steward's", ip)
		}
	}
}
