package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// nonTestImports maps each package directory of the module (slash
// separated, "." for the root) to what its non-test files import.
func nonTestImports(t *testing.T) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != "." && (strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") || n == "testdata" || n == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(p))
		if out[dir] == nil {
			out[dir] = map[string]bool{}
		}
		for _, im := range f.Imports {
			ip, err := strconv.Unquote(im.Path.Value)
			if err != nil {
				return err
			}
			out[dir][ip] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
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
