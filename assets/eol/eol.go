// Package eol is Steward's end-of-life catalog: which operating system and
// device releases are still supported, and until when.
//
// The catalog is bundled (catalog.json, built from endoflife.date by
// `make catalog`; credit: endoflife.date, MIT License) and can be updated
// without a new Steward release from a file in endoflife.date's API format
// (LoadUpdate, ImportUpdate). A user catalog stored next to the database
// overrides the bundled one release by release (LoadWithOverride).
//
// Typical use, for every asset:
//
//	cat, err := eol.LoadWithOverride(eol.OverridePath(dbPath)) // once
//	m := cat.Match(asset.OS)                                    // "Windows 10 Pro 22H2"
//	v := m.Status(asOf, opts.Window())                          // supported / ending soon / end of life / unknown
//	// v.State, v.Date, v.Reason: "Windows 10 22H2 reached end of support on 2025-10-14 (catalog: endoflife.date)"
//	d := cat.MatchDevice(asset.Manufacturer, asset.Model)      // "Apple", "iPhone 11"
//
// For a whole fleet use StatusOS / StatusDevice, which return both and cache
// them: Match, MatchDevice and the Status* methods are safe for concurrent
// use and remember their answer per distinct input (and day and window), so
// 100,000 assets with a few thousand distinct OS strings cost one map
// lookup per asset once each string has been seen.
//
//	m, v := cat.StatusOS(asset.OS, asOf, opts.Window())
//
// Rules that only compare a date with the day (package assets' lifecycle
// rules) use LookupOS / LookupDevice, which reduce the answer to one date
// or a reason why there is none.
//
// Updates: LoadUpdate(r, fileName, product) reads endoflife.date's API v1
// product response or its older /api/<product>.json array (product may be
// "" for v1, which names itself); ImportUpdate merges it into the user
// catalog next to the database; `steward eol update FILE` does that from the
// command line and `steward eol check TEXT...` shows what the catalog says.
//
// Decisions worth knowing:
//   - "End of support" is endoflife.date's eol: the end of security updates
//     for the release. Paid or extended support (Windows ESU, RHEL ELS, SLES
//     LTSS, Debian LTS, Ubuntu Pro) is kept as EOES and named in the reason,
//     but does not keep a release "supported".
//   - A release is end of life on its end date and after it; the day before
//     it is "ending soon" whenever warnDays >= 1.
//   - When the string does not say enough to pick one release (no version:
//     "Windows 10 Pro"; no edition: "Windows 11 23H2"), Match reports
//     Ambiguous with every candidate and Release nil. Status then says only
//     what is true of every candidate: end of life when all of them have
//     ended (Windows 10 without a version, after 2025-10-14), ending soon
//     when all end within the window, otherwise unknown with the range of
//     dates and what to record to know. It never calls a guess supported.
//   - Windows build numbers win over the product name: Windows 11 reports
//     itself as "Windows 10" in some places, but build 22000 and later is 11.
package eol

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"steward/assets"
)

//go:embed catalog.json
var bundledJSON []byte

// FormatID names the catalog file format; it changes only with an
// incompatible change.
const FormatID = "steward-eol-catalog/1"

// Credit is the line to show wherever catalog data appears (About, README,
// reports): the data comes from endoflife.date under the MIT License.
const Credit = "End-of-life dates from endoflife.date (https://endoflife.date), Copyright 2020 endoflife.date contributors, MIT License"

// Category of a product.
const (
	CategoryOS     = "os"
	CategoryDevice = "device"
)

// End is when one phase of support ends, as endoflife.date records it: a
// day, or "ended, day unknown" (Ended), or nothing announced (zero End).
type End struct {
	Date  assets.Date
	Ended bool // ended on a day the source does not give
}

// IsZero is true when no end is announced.
func (e End) IsZero() bool { return e.Date.IsZero() && !e.Ended }

// String is the date, "ended" or "" when nothing is announced.
func (e End) String() string {
	switch {
	case !e.Date.IsZero():
		return e.Date.String()
	case e.Ended:
		return "ended"
	}
	return ""
}

// MarshalJSON writes a date, true (ended, day unknown) or false.
func (e End) MarshalJSON() ([]byte, error) {
	switch {
	case !e.Date.IsZero():
		return json.Marshal(e.Date.String())
	case e.Ended:
		return []byte("true"), nil
	}
	return []byte("false"), nil
}

// UnmarshalJSON reads a "YYYY-MM-DD" date, true, false or null.
func (e *End) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	switch s {
	case "null", "false":
		*e = End{}
		return nil
	case "true":
		*e = End{Ended: true}
		return nil
	}
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return fmt.Errorf("%s is neither a date (\"YYYY-MM-DD\") nor true/false", s)
	}
	d, err := assets.ParseDate(str)
	if err != nil {
		return err
	}
	*e = End{Date: d}
	return nil
}

// Product is one operating system or device family ("windows", "iphone").
type Product struct {
	ID       string      // endoflife.date id, e.g. "windows", "ubuntu", "iphone"
	Name     string      // e.g. "Microsoft Windows"
	Short    string      // as used in reasons, e.g. "Windows"
	Category string      // CategoryOS or CategoryDevice
	Link     string      // the endoflife.date page
	Aliases  []string    // lower-case words the matcher recognises
	Source   string      // where the dates come from, e.g. "endoflife.date"
	Updated  assets.Date // for a user update: the day of its data (see Merge)
	Releases []*Release
}

// Release is one release cycle of a product: Windows 10 22H2, Ubuntu 22.04,
// iPhone 11.
type Release struct {
	Product  *Product
	Cycle    string      // endoflife.date's id of the cycle: "10-22h2", "22.04", "11-pro"
	Label    string      // as endoflife.date shows it, "" when it is the cycle
	Codename string      // "Jammy Jellyfish", "Sonoma"
	Released assets.Date // release date
	EOL      End         // end of (security) support
	EOES     End         // end of extended, often paid, support where it exists
	LTS      bool        // long-term support release (LTS, LTSC)
	Latest   string      // latest version or build in the cycle ("10.0.19045", "22.04.5")
	Aliases  []string    // extra names: model identifiers ("iPhone12,1"), model codes

	name string // Name, computed once when the catalog is built
}

// Name is the release as a person reads it: "Windows 10 22H2",
// "Windows 11 23H2 Enterprise/Education", "Ubuntu 22.04 'Jammy Jellyfish'",
// "iPhone 11 Pro", "Google Pixel 6".
func (r *Release) Name() string {
	if r.name != "" {
		return r.name
	}
	return r.displayName()
}

func (r *Release) displayName() string {
	label := r.Label
	if label == "" {
		label = r.Cycle
	}
	label = strings.TrimPrefix(label, "releng/") // FreeBSD's branch names
	p := r.Product
	if p == nil {
		return label
	}
	if p.ID == "windows" {
		label = strings.Replace(label, " (E)", " Enterprise/Education", 1)
		label = strings.Replace(label, " (W)", " Home/Pro", 1)
		if r.LTS {
			label += " LTSC"
		}
	}
	short := p.Short
	if short == "" {
		short = p.Name
	}
	ll := strings.ToLower(label)
	for _, prefix := range []string{short, p.Name, lastWord(short)} {
		if prefix != "" && strings.HasPrefix(ll, strings.ToLower(prefix)) {
			return label
		}
	}
	// Labels from endoflife.date sometimes carry the vendor-free name
	// ("Galaxy S21 5G", "macOS 14 (Sonoma)", "OS X 10.11").
	if strings.HasPrefix(ll, "os x") || strings.HasPrefix(ll, "mac os x") || strings.HasPrefix(ll, "lmde") {
		return label
	}
	return short + " " + label
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return ""
}

// Catalog is a set of products with their releases. A Catalog is immutable
// once loaded; Apply and Merge return new catalogs.
type Catalog struct {
	Source   string // "https://endoflife.date"
	License  string
	Credit   string
	Upstream string      // which upstream data it was built from
	DataDate assets.Date // the day that data was taken
	products []*Product
	byID     map[string]*Product

	once  sync.Once
	index *index
	cache matchCache
}

// Products lists the products, sorted by id.
func (c *Catalog) Products() []*Product { return c.products }

// Product is the product with that endoflife.date id, or nil.
func (c *Catalog) Product(id string) *Product { return c.byID[strings.ToLower(id)] }

// Release is a product's release by cycle ("windows", "10-22h2"), or nil.
func (c *Catalog) Release(product, cycle string) *Release {
	p := c.Product(product)
	if p == nil {
		return nil
	}
	for _, r := range p.Releases {
		if strings.EqualFold(r.Cycle, cycle) {
			return r
		}
	}
	return nil
}

var (
	bundledOnce sync.Once
	bundled     *Catalog
	bundledErr  error
)

// Bundled is the catalog compiled into Steward. It is parsed once; the
// tests guarantee it parses, so an error here means a broken build.
func Bundled() (*Catalog, error) {
	bundledOnce.Do(func() {
		bundled, bundledErr = parseCatalog(bundledJSON, "bundled catalog")
	})
	return bundled, bundledErr
}

// newCatalog links releases to their products and indexes products by id.
func newCatalog(meta catalogFile, products []*Product) *Catalog {
	c := &Catalog{Source: meta.Source, License: meta.License, Credit: meta.Credit, Upstream: meta.Upstream,
		byID: make(map[string]*Product, len(products))}
	sort.Slice(products, func(i, j int) bool { return products[i].ID < products[j].ID })
	for _, p := range products {
		for _, r := range p.Releases {
			r.Product = p
			r.name = r.displayName()
		}
		c.byID[p.ID] = p
	}
	c.products = products
	return c
}
