package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Source rules of ARCHITECTURE.md that no compiler checks: each test reads
// the module's non-test Go files (imports_test.go keeps the import rules).

type sourceFile struct {
	path string // slash separated, from the module's root
	file *ast.File
}

// nonTestFiles is every non-test Go file of the module, parsed once
// (comments dropped), skipping the folders go build skips.
func nonTestFiles(t *testing.T) []sourceFile {
	t.Helper()
	parsed.once.Do(func() { parsed.files, parsed.err = parseNonTestFiles() })
	if parsed.err != nil {
		t.Fatal(parsed.err)
	}
	if len(parsed.files) < 100 {
		t.Fatalf("found only %d files: run from the module's root", len(parsed.files))
	}
	return parsed.files
}

var parsed struct {
	once  sync.Once
	files []sourceFile
	err   error
}

func parseNonTestFiles() ([]sourceFile, error) {
	var out []sourceFile
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
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		out = append(out, sourceFile{filepath.ToSlash(p), f})
		return nil
	})
	return out, err
}

// settingsFile is the one place the register's setting keys are declared.
const settingsFile = "assets/settings.go"

// TestSettingKeysInOnePlace: every key of the register's settings table is
// a Setting* constant in assets/settings.go. No other file declares one,
// and none names a key by its text: not as the key argument of a
// Setting/SetSetting/putSetting call, not as an SQL literal ('tag_counter').
func TestSettingKeysInOnePlace(t *testing.T) {
	files := nonTestFiles(t)
	keys := map[string]bool{}
	for _, sf := range files {
		for _, d := range sf.file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					n := name.Name
					if !strings.HasPrefix(n, "Setting") && !strings.HasSuffix(n, "Setting") {
						continue
					}
					if sf.path != settingsFile {
						t.Errorf("%s: setting key %s is declared outside %s", sf.path, n, settingsFile)
						continue
					}
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							k, _ := strconv.Unquote(lit.Value)
							keys[k] = true
						}
					}
				}
			}
		}
	}
	if len(keys) < 10 || !keys["alerts.warn_days"] || !keys["tag_counter"] {
		t.Fatalf("found only these keys in %s: %v", settingsFile, keys)
	}
	for _, sf := range files {
		if sf.path == settingsFile {
			continue
		}
		ast.Inspect(sf.file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if !strings.Contains(strings.ToLower(calleeName(n.Fun)), "setting") {
					return true
				}
				for _, a := range n.Args {
					if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if s, _ := strconv.Unquote(lit.Value); keys[s] {
							t.Errorf("%s: %s(…, %s): use the assets.Setting… constant", sf.path, calleeName(n.Fun), lit.Value)
						}
					}
				}
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				s, _ := strconv.Unquote(n.Value)
				for k := range keys {
					if strings.Contains(s, "'"+k+"'") {
						t.Errorf("%s: SQL names the setting '%s': pass the assets.Setting… constant as an argument", sf.path, k)
					}
				}
			}
			return true
		})
	}
}

// calleeName is the name of the function a call calls ("Setting" for
// s.store.Setting), or "".
func calleeName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.IndexExpr:
		return calleeName(f.X)
	}
	return ""
}

// TestUnsafeInOnePackage: the speed-ups that need package unsafe live in
// assets/sqlite/internal/fastread, where its package comment states the
// invariant they rely on; no other package imports unsafe.
func TestUnsafeInOnePackage(t *testing.T) {
	for _, sf := range nonTestFiles(t) {
		for _, im := range sf.file.Imports {
			if im.Path.Value == `"unsafe"` && filepath.ToSlash(filepath.Dir(sf.path)) != "assets/sqlite/internal/fastread" {
				t.Errorf("%s imports unsafe: speed-ups belong in assets/sqlite/internal/fastread", sf.path)
			}
		}
	}
}

// TestOneAtomicWriteHelper: a file is replaced (temporary file, sync,
// rename) only by assets/safefile; nothing else calls os.Rename.
func TestOneAtomicWriteHelper(t *testing.T) {
	for _, sf := range nonTestFiles(t) {
		if filepath.ToSlash(filepath.Dir(sf.path)) == "assets/safefile" {
			continue
		}
		ast.Inspect(sf.file, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Rename" {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "os" {
					t.Errorf("%s calls os.Rename: write through assets/safefile (Create, WriteFile, Replace)", sf.path)
				}
			}
			return true
		})
	}
}

// goAllowed are the app/ files that may start goroutines: the background
// helper and the quit watcher (app.go), the live-update listener (live.go).
// Anything that reads faster by running work side by side belongs below
// the window (the store, assets/report), not in a screen.
var goAllowed = map[string]bool{"app/app.go": true, "app/live.go": true}

// TestAppHoldsNoPerformanceLogic: the window starts no goroutines of its
// own beyond goAllowed, and keeps no pools or runtime tuning: caches,
// counting and concurrent loading live behind store or report calls
// (Store.Overview, report.LoadCharts).
func TestAppHoldsNoPerformanceLogic(t *testing.T) {
	n := 0
	for _, sf := range nonTestFiles(t) {
		if !strings.HasPrefix(sf.path, "app/") {
			continue
		}
		n++
		for _, im := range sf.file.Imports {
			if p, _ := strconv.Unquote(im.Path.Value); p == "runtime" || p == "runtime/debug" || p == "unsafe" {
				t.Errorf("%s imports %s", sf.path, p)
			}
		}
		ast.Inspect(sf.file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				if !goAllowed[sf.path] {
					t.Errorf("%s starts a goroutine: run work through background/latest (app.go, query.go), or move it below the window", sf.path)
				}
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "sync" && n.Sel.Name == "Pool" {
					t.Errorf("%s keeps a sync.Pool: pools belong in assets/sqlite/internal/fastread", sf.path)
				}
			}
			return true
		})
	}
	if n < 20 {
		t.Fatalf("found only %d files in app/", n)
	}
}
