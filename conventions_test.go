package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCommandLineConventions: --help prints the help and exits 0, flags
// show as --flag, a mistake is said once, without the usage around it,
// under the command's own name, and counts read as English.
func TestCommandLineConventions(t *testing.T) {
	db := reportDB(t)
	singleDashFlag := regexp.MustCompile(`(?m)^\s+-[a-z]`)
	for name := range commands {
		if name == "eol" || name == "version" {
			continue // subcommands of their own: below
		}
		code, out := captureAll(t, name, "--help")
		if code != 0 || strings.Contains(out, "help requested") || singleDashFlag.MatchString(out) || !strings.Contains(out, "--") {
			t.Errorf("steward %s --help: exit %d:\n%s", name, code, out)
		}
	}
	for _, args := range [][]string{{"--help"}, {"eol", "check", "--help"}, {"eol", "update", "-h"}} {
		if code, out := captureAll(t, args...); code != 0 || strings.Contains(out, "help requested") || singleDashFlag.MatchString(out) {
			t.Errorf("steward %v: exit %d:\n%s", args, code, out)
		}
	}

	code, out := captureAll(t, "export", "--bogus")
	if code != 2 || strings.Count(out, "not defined") != 1 || !strings.Contains(out, "--bogus") || strings.Contains(out, "Usage") {
		t.Errorf("a bad flag: exit %d:\n%s", code, out)
	}
	code, out = captureAll(t, "--bogus")
	if code != 2 || strings.Contains(out, "steward gui") || !strings.Contains(out, "steward: flag provided but not defined: --bogus") {
		t.Errorf("a bad flag with no command: exit %d:\n%s", code, out)
	}
	code, out = captureAll(t, "export", "--db", db)
	if code != 2 || !strings.Contains(out, "--kind is required") || !strings.Contains(out, "assets, categories, contracts") {
		t.Errorf("export without --kind: exit %d:\n%s", code, out)
	}

	csv := filepath.Join(t.TempDir(), "one.csv")
	os.WriteFile(csv, []byte("name,category\nOne laptop,laptop\n"), 0o600)
	if code, out := captureAll(t, "import", "--db", db, "--kind", "assets", "--dry-run", csv); code != 0 || !strings.Contains(out, "would import (dry run, nothing written) 1 row:") {
		t.Errorf("import of one row: exit %d:\n%s", code, out)
	}
	if code, out := captureAll(t, "import", "--db", db, "--kind", "assets", filepath.Join(t.TempDir(), "none.csv")); code != 1 || !strings.Contains(out, "the file had problems and was not imported") {
		t.Errorf("import of a missing file: exit %d:\n%s", code, out)
	}
}
