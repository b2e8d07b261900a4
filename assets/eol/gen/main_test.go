package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// endoflifeSource finds endoflife.date's product files: $ENDOFLIFE_SRC, or
// shared/data/endoflife/products in a parent folder (the project's layout).
func endoflifeSource(t *testing.T) string {
	if s := os.Getenv("ENDOFLIFE_SRC"); s != "" {
		return s
	}
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "shared", "data", "endoflife", "products")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("endoflife.date product files not found (set ENDOFLIFE_SRC)")
		}
		dir = parent
	}
}

// The committed catalog is exactly what the generator makes from the data.
func TestCatalogUpToDate(t *testing.T) {
	src := endoflifeSource(t)
	out := filepath.Join(t.TempDir(), "catalog.json")
	if err := run(src, out, "endoflife.date commit a70eca3 (2026-08-22)", "2026-08-22"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "catalog.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("assets/eol/catalog.json is not what the generator makes from %s: run make catalog", src)
	}
}

func TestReadProductFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("debian.md", `---
title: Debian
category: os
permalink: /debian
releaseLabel: "__RELEASE_CYCLE__ (__CODENAME__)"
releases:
  - releaseCycle: "12"
    codename: "Bookworm"
    releaseDate: 2023-06-10
    eol: 2026-07-11
    eoes: 2028-06-30
    latest: "12.15" # a comment
  - releaseCycle: "1.1"
    releaseDate: 1996-06-17
    eol: true
    eoes: false
---
> Debian is a free operating system.
`)
	p, ok, err := readProduct(good)
	if err != nil || !ok {
		t.Fatalf("readProduct: %v %v", ok, err)
	}
	if p.Short != "Debian" || len(p.Aliases) == 0 || p.Link != "https://endoflife.date/debian" {
		t.Errorf("overlay not applied: %+v", p)
	}
	r := p.Releases[0]
	if r.Label != "12 (Bookworm)" || r.EOL != "2026-07-11" || r.EOES != "2028-06-30" || r.Latest != "12.15" || r.Released != "2023-06-10" {
		t.Errorf("release 12: %+v", r)
	}
	if r := p.Releases[1]; r.EOL != true || r.EOES != nil || r.Label != "" {
		t.Errorf("release 1.1: %+v", r)
	}

	app := write("office.md", "---\ntitle: Office\ncategory: app\nreleases: []\n---\n")
	if _, ok, err := readProduct(app); ok || err != nil {
		t.Errorf("an app product was kept: %v %v", ok, err)
	}
	for name, body := range map[string]string{
		"nofront.md":  "title: x\n",
		"open.md":     "---\ntitle: x\ncategory: os\n",
		"baddate.md":  "---\ntitle: x\ncategory: os\nreleases:\n  - releaseCycle: \"1\"\n    eol: soon\n---\n",
		"nocycle.md":  "---\ntitle: x\ncategory: os\nreleases:\n  - eol: false\n---\n",
		"badyaml.md":  "---\ntitle: [x\ncategory: os\n---\n",
		"iphone.md":   "---\ntitle: iPhone\ncategory: device\nreleases:\n  - releaseCycle: \"11\"\n    eol: false\n---\n", // overlay names cycles this file lacks
		"feb30.md":    "---\ntitle: x\ncategory: os\nreleases:\n  - releaseCycle: \"1\"\n    eol: 2023-02-30\n---\n",
		"released.md": "---\ntitle: x\ncategory: os\nreleases:\n  - releaseCycle: \"1\"\n    releaseDate: 2023\n    eol: false\n---\n",
	} {
		if _, _, err := readProduct(write(name, body)); err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error does not name the file: %v", name, err)
		}
	}
}

func TestRenderLabel(t *testing.T) {
	for _, tc := range []struct{ tmpl, cycle, codename, want string }{
		{"", "22.04", "Jammy Jellyfish", "22.04"},
		{"__RELEASE_CYCLE__ '__CODENAME__'", "22.04", "Jammy Jellyfish", "22.04 'Jammy Jellyfish'"},
		{"__RELEASE_CYCLE__ '__CODENAME__'", "22.04", "", "22.04"},
		{"macOS __RELEASE_CYCLE__ (__CODENAME__)", "14", "Sonoma", "macOS 14 (Sonoma)"},
		{"<abbr title='x'>LTSC</abbr> __RELEASE_CYCLE__", "2019", "", "LTSC 2019"},
	} {
		if got := renderLabel(tc.tmpl, tc.cycle, tc.codename); got != tc.want {
			t.Errorf("renderLabel(%q, %q, %q) = %q, want %q", tc.tmpl, tc.cycle, tc.codename, got, tc.want)
		}
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("null"), &n); err != nil {
		t.Fatal(err)
	}
	if v, err := dateOrBool(*n.Content[0]); v != nil || err != nil {
		t.Errorf("null: %v %v", v, err)
	}
}
