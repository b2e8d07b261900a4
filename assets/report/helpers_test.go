package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"steward/assets"
)

func eur(s string) assets.Money {
	m, err := assets.ParseMoney(s, "EUR")
	if err != nil {
		panic(err)
	}
	return m
}

// writePDF renders doc to a file in t's temp dir and returns its path.
func writePDF(t testing.TB, doc *Document, paper Paper) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePDF(&buf, doc, paper); err != nil {
		t.Fatalf("WritePDF: %v", err)
	}
	path := filepath.Join(t.TempDir(), doc.Kind+".pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s not found: install poppler-utils (make deps does)", name)
	}
}

// pdfText is the PDF's text as poppler's pdftotext reads it, pages separated
// by form feeds.
func pdfText(t testing.TB, path string, extra ...string) string {
	t.Helper()
	needTool(t, "pdftotext")
	args := append(append([]string{}, extra...), path, "-")
	out, err := exec.Command("pdftotext", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", path, err, out)
	}
	return string(out)
}

// pdfInfo returns pdfinfo's fields (Pages, Page size, Title, ...).
func pdfInfo(t testing.TB, path string) map[string]string {
	t.Helper()
	needTool(t, "pdfinfo")
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v\n%s", path, err, out)
	}
	info := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok {
			info[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return info
}

func pdfPages(t testing.TB, path string) int {
	t.Helper()
	n, err := strconv.Atoi(pdfInfo(t, path)["Pages"])
	if err != nil {
		t.Fatalf("pdfinfo gave no page count for %s", path)
	}
	return n
}

// checkEveryPage checks the running header and footer on every page: the
// organisation, the as-of date and "Page i of n".
func checkEveryPage(t *testing.T, path, org, asOf string) int {
	t.Helper()
	n := pdfPages(t, path)
	pages := strings.Split(pdfText(t, path), "\f")
	for i := 0; i < n; i++ {
		p := pages[i]
		for _, want := range []string{org, asOf, "Page " + strconv.Itoa(i+1) + " of " + strconv.Itoa(n)} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d of %s lacks %q:\n%s", i+1, filepath.Base(path), want, p)
			}
		}
	}
	return n
}

var spaces = regexp.MustCompile(`[ \t]+`)

// squeeze collapses runs of spaces so layout text compares simply.
func squeeze(s string) string { return spaces.ReplaceAllString(s, " ") }
