package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeNamesEveryCommand: the README lists every command, every flag
// of demo, and the Go version go.mod asks for.
func TestReadmeNamesEveryCommand(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for name := range commands {
		if name == "gui" {
			continue // plain `steward`
		}
		if !strings.Contains(readme, "`steward "+name) {
			t.Errorf("README.md does not list `steward %s`", name)
		}
	}
	_, help := captureAll(t, "demo", "--help")
	flags := regexp.MustCompile(`(?m)^\s+(--[a-z-]+)`).FindAllStringSubmatch(help, -1)
	if len(flags) < 5 {
		t.Fatalf("demo --help lists %d flags:\n%s", len(flags), help)
	}
	row := regexp.MustCompile("(?m)^\\| `steward demo.*$").FindString(readme)
	for _, f := range flags {
		if f[1] == "--db" || f[1] == "--portable" {
			continue // every command's, described once above the table
		}
		if !strings.Contains(row, "`"+f[1]) && !strings.Contains(row, f[1]+" ") {
			t.Errorf("README.md's demo row does not give %s", f[1])
		}
	}
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(mod)
	if goVersion == nil || !strings.Contains(readme, "Go "+string(goVersion[1])) {
		t.Errorf("README.md does not name the Go version go.mod needs (%s)", goVersion)
	}
}
