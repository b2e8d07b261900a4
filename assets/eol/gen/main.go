// Command gen builds Steward's end-of-life catalog (assets/eol/catalog.json)
// from endoflife.date's product files (Markdown with YAML front matter).
//
//	go run ./assets/eol/gen -src ../shared/data/endoflife/products -out assets/eol/catalog.json
//
// It keeps only the facts Steward needs (product, release, dates, matching
// aliases), adds the aliases Steward matches inventory strings with, and
// credits endoflife.date (MIT). The output is deterministic so that a
// regenerated catalog diffs cleanly.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"steward/assets/safefile"
)

// The front matter fields Steward reads; everything else is ignored.
type frontMatter struct {
	Title        string    `yaml:"title"`
	Category     string    `yaml:"category"`
	Permalink    string    `yaml:"permalink"`
	ReleaseLabel string    `yaml:"releaseLabel"`
	Releases     []release `yaml:"releases"`
}

type release struct {
	Cycle    yaml.Node `yaml:"releaseCycle"`
	Label    string    `yaml:"releaseLabel"`
	Codename string    `yaml:"codename"`
	Released yaml.Node `yaml:"releaseDate"`
	EOL      yaml.Node `yaml:"eol"`
	EOES     yaml.Node `yaml:"eoes"`
	LTS      yaml.Node `yaml:"lts"`
	Latest   yaml.Node `yaml:"latest"`
	Link     string    `yaml:"link"`
}

// Output format: see assets/eol/catalog.go (catalogFile). Kept as plain maps
// here so that the generator does not import the package it generates for.
type outCatalog struct {
	Format   string       `json:"format"`
	Source   string       `json:"source"`
	License  string       `json:"license"`
	Credit   string       `json:"credit"`
	Upstream string       `json:"upstream"`
	DataDate string       `json:"data_date"`
	Products []outProduct `json:"products"`
}

type outProduct struct {
	ID       string       `json:"id"`
	Name     string       `json:"name"`
	Short    string       `json:"short,omitempty"`
	Category string       `json:"category"`
	Link     string       `json:"link"`
	Aliases  []string     `json:"aliases,omitempty"`
	Releases []outRelease `json:"releases"`
}

type outRelease struct {
	Cycle    string   `json:"cycle"`
	Label    string   `json:"label,omitempty"`
	Codename string   `json:"codename,omitempty"`
	Released string   `json:"released,omitempty"`
	EOL      any      `json:"eol"`
	EOES     any      `json:"eoes,omitempty"`
	LTS      bool     `json:"lts,omitempty"`
	Latest   string   `json:"latest,omitempty"`
	Aliases  []string `json:"aliases,omitempty"`
	link     string
}

// skip lists os/device products that are components or tools rather than
// assets an IT register tracks.
var skip = map[string]bool{
	"intel-processors": true, "nvidia-gpu": true, "kde-plasma": true, "linux-kernel": true,
	"sns-firmware": true, "sns-hardware": true, "sns-smc": true,
}

func main() {
	src := flag.String("src", "../shared/data/endoflife/products", "folder of endoflife.date product files (*.md)")
	out := flag.String("out", "assets/eol/catalog.json", "catalog file to write")
	upstream := flag.String("upstream", "endoflife.date commit a70eca3 (2026-08-22)", "which endoflife.date data this was built from")
	dataDate := flag.String("date", "2026-08-22", "the `date` of that data (YYYY-MM-DD): user updates older than it are ignored")
	flag.Parse()
	if _, err := time.Parse("2006-01-02", *dataDate); err != nil {
		fmt.Fprintln(os.Stderr, "gen: -date must be YYYY-MM-DD")
		os.Exit(2)
	}
	if err := run(*src, *out, *upstream, *dataDate); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, out, upstream, dataDate string) error {
	files, err := filepath.Glob(filepath.Join(src, "*.md"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no product files (*.md) in %s", src)
	}
	sort.Strings(files)
	cat := outCatalog{
		Format:   "steward-eol-catalog/1",
		Source:   "https://endoflife.date",
		License:  "MIT",
		Credit:   "End-of-life dates from endoflife.date (https://endoflife.date), Copyright 2020 endoflife.date contributors, MIT License",
		Upstream: upstream,
		DataDate: dataDate,
	}
	for _, f := range files {
		p, ok, err := readProduct(f)
		if err != nil {
			return err
		}
		if ok {
			cat.Products = append(cat.Products, p)
		}
	}
	addSamsungCodes(cat.Products)
	buf, err := encode(cat)
	if err != nil {
		return err
	}
	if err := safefile.WriteFile(out, buf, 0o644); err != nil {
		return err
	}
	n := 0
	for _, p := range cat.Products {
		n += len(p.Releases)
	}
	fmt.Printf("wrote %s: %d products, %d releases\n", out, len(cat.Products), n)
	return nil
}

func readProduct(path string) (outProduct, bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return outProduct{}, false, err
	}
	fm, err := frontMatterOf(b)
	if err != nil {
		return outProduct{}, false, fmt.Errorf("%s: %w", path, err)
	}
	var meta frontMatter
	if err := yaml.Unmarshal(fm, &meta); err != nil {
		return outProduct{}, false, fmt.Errorf("%s: %w", path, err)
	}
	id := strings.TrimSuffix(filepath.Base(path), ".md")
	if (meta.Category != "os" && meta.Category != "device") || skip[id] {
		return outProduct{}, false, nil
	}
	ov := overlays[id]
	p := outProduct{
		ID:       id,
		Name:     meta.Title,
		Short:    ov.short,
		Category: meta.Category,
		Link:     "https://endoflife.date" + meta.Permalink,
		Aliases:  ov.aliases,
	}
	used := map[string]bool{}
	for i, r := range meta.Releases {
		cycle := scalar(r.Cycle)
		if cycle == "" {
			return p, false, fmt.Errorf("%s: release %d has no releaseCycle", path, i+1)
		}
		o := outRelease{
			Cycle:    cycle,
			Codename: strings.TrimSpace(r.Codename),
			LTS:      scalar(r.LTS) == "true",
			Latest:   scalar(r.Latest),
		}
		o.Label = renderLabel(firstNonEmpty(r.Label, meta.ReleaseLabel), cycle, o.Codename)
		if o.Label == cycle {
			o.Label = ""
		}
		if o.Released, err = dateOnly(r.Released); err != nil {
			return p, false, fmt.Errorf("%s: release %s: releaseDate: %w", path, cycle, err)
		}
		if o.EOL, err = dateOrBool(r.EOL); err != nil {
			return p, false, fmt.Errorf("%s: release %s: eol: %w", path, cycle, err)
		}
		if o.EOES, err = dateOrBool(r.EOES); err != nil {
			return p, false, fmt.Errorf("%s: release %s: eoes: %w", path, cycle, err)
		}
		if o.EOES == false {
			o.EOES = nil // "no extended support announced" says nothing more than absent
		}
		o.Aliases = ov.releaseAliases[cycle]
		o.link = r.Link
		used[cycle] = true
		p.Releases = append(p.Releases, o)
	}
	for cycle := range ov.releaseAliases {
		if !used[cycle] {
			return p, false, fmt.Errorf("%s: overlay names release %q, which the file does not have", path, cycle)
		}
	}
	return p, true, nil
}

// frontMatterOf is the YAML between the first two "---" lines.
func frontMatterOf(b []byte) ([]byte, error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if !bytes.HasPrefix(b, []byte("---\n")) {
		return nil, fmt.Errorf("no YAML front matter (the file must start with ---)")
	}
	rest := b[4:]
	end := bytes.Index(rest, []byte("\n---"))
	if end < 0 {
		return nil, fmt.Errorf("front matter is not closed by ---")
	}
	return rest[:end+1], nil
}

func scalar(n yaml.Node) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func dateOnly(n yaml.Node) (string, error) {
	v := scalar(n)
	if v == "" {
		return "", nil
	}
	if !isoDate.MatchString(v) {
		return "", fmt.Errorf("line %d: %q is not a date (YYYY-MM-DD)", n.Line, v)
	}
	return v, nil
}

// dateOrBool keeps endoflife.date's convention: a date, true (ended, date
// unknown) or false (no end announced).
func dateOrBool(n yaml.Node) (any, error) {
	v := scalar(n)
	switch {
	case v == "":
		return nil, nil
	case v == "true" || v == "false":
		return v == "true", nil
	case isoDate.MatchString(v):
		if _, err := time.Parse("2006-01-02", v); err != nil {
			return nil, fmt.Errorf("line %d: %q is not a calendar date", n.Line, v)
		}
		return v, nil
	}
	return nil, fmt.Errorf("line %d: %q is neither a date (YYYY-MM-DD) nor true/false", n.Line, v)
}

var htmlTag = regexp.MustCompile(`<[^>]*>`)

func renderLabel(tmpl, cycle, codename string) string {
	if tmpl == "" {
		return cycle
	}
	s := strings.ReplaceAll(tmpl, "__RELEASE_CYCLE__", cycle)
	if codename == "" {
		s = strings.NewReplacer(" (__CODENAME__)", "", " '__CODENAME__'", "", "__CODENAME__", "").Replace(s)
	} else {
		s = strings.ReplaceAll(s, "__CODENAME__", codename)
	}
	return strings.TrimSpace(htmlTag.ReplaceAllString(s, ""))
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// encode writes the catalog with one release per line: small, readable and
// easy to diff when the data is regenerated.
func encode(cat outCatalog) ([]byte, error) {
	var b bytes.Buffer
	line := func(v any) error {
		var one bytes.Buffer
		enc := json.NewEncoder(&one)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return err
		}
		b.Write(bytes.TrimRight(one.Bytes(), "\n"))
		return nil
	}
	products := cat.Products
	cat.Products = nil
	head, err := json.MarshalIndent(cat, "", "  ")
	if err != nil {
		return nil, err
	}
	// Reopen the header object to append the products array.
	head = bytes.TrimSuffix(bytes.TrimRight(head, "\n}"), []byte(",\n  \"products\": null"))
	b.Write(head)
	b.WriteString(",\n  \"products\": [\n")
	for i, p := range products {
		rels := p.Releases
		p.Releases = nil
		ph, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		b.WriteString("    ")
		b.Write(bytes.TrimSuffix(ph, []byte(",\"releases\":null}")))
		b.WriteString(",\"releases\": [\n")
		for j, r := range rels {
			b.WriteString("      ")
			if err := line(r); err != nil {
				return nil, err
			}
			if j < len(rels)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("    ]}")
		if i < len(products)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("  ]\n}\n")
	var check any
	if err := json.Unmarshal(b.Bytes(), &check); err != nil {
		return nil, fmt.Errorf("encoding the catalog produced bad JSON: %w", err)
	}
	return b.Bytes(), nil
}

// samsungDoc finds the model code in a link to Samsung's documentation
// site (https://doc.samsungmobile.com/SM-G991B/DBT/doc.html).
var samsungDoc = regexp.MustCompile(`(?i)doc\.samsungmobile\.com/(SM-[A-Z][0-9]{3})`)

// addSamsungCodes gives Samsung releases their model code (without the
// region letters) as an alias, when the code names one release only.
func addSamsungCodes(products []outProduct) {
	owners := map[string][]*outRelease{}
	for i := range products {
		p := &products[i]
		if !strings.HasPrefix(p.ID, "samsung-") {
			continue
		}
		for j := range p.Releases {
			r := &p.Releases[j]
			if m := samsungDoc.FindStringSubmatch(r.link); m != nil {
				code := strings.ToUpper(m[1])
				owners[code] = append(owners[code], r)
			}
		}
	}
	codes := make([]string, 0, len(owners))
	for code := range owners {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		rs := owners[code]
		if len(rs) != 1 {
			continue // one code, several releases (e.g. regional variants): not a safe key
		}
		r := rs[0]
		dup := false
		for _, a := range r.Aliases {
			dup = dup || strings.EqualFold(a, code)
		}
		if !dup {
			r.Aliases = append(r.Aliases, code)
		}
	}
}
