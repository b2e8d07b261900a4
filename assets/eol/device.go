package eol

import (
	"fmt"
	"regexp"
	"strings"
)

// deviceEntry is a device release as the sets of words that name it.
type deviceEntry struct {
	release  *Release
	words    map[string]bool // distinguishing words of the label ("11", "pro", "max")
	optional map[string]bool // words a model name often leaves out ("5g", "lte", "wi-fi")
}

// Words that say nothing about which model it is.
var noiseWords = map[string]bool{
	"apple": true, "inc": true, "inc.": true, "google": true, "llc": true, "microsoft": true, "corporation": true,
	"corp": true, "corp.": true, "samsung": true, "electronics": true, "co": true, "co.": true, "ltd": true,
	"ltd.": true, "the": true, "with": true, "for": true, "device": true, "model": true, "and": true,
}

// Words a model name often leaves out or adds without naming another model.
var optionalWords = map[string]bool{"5g": true, "4g": true, "lte": true, "wi-fi": true, "wifi": true, "cellular": true, "uw": true}

// deviceWords normalises a model name: product words and noise dropped,
// "gen" spelled "generation", "(11-inch)" and "11-inch" the same.
func deviceWords(ws []string, productWords map[string]bool) (req, opt map[string]bool) {
	req, opt = map[string]bool{}, map[string]bool{}
	for _, w := range ws {
		switch w {
		case "gen", "gen.":
			w = "generation"
		case "inch", "in":
			continue
		}
		if productWords[w] || noiseWords[w] {
			continue
		}
		if optionalWords[w] {
			opt[w] = true
			continue
		}
		req[w] = true
	}
	return req, opt
}

func productWords(p *Product) map[string]bool {
	out := map[string]bool{}
	for _, a := range p.Aliases {
		for _, w := range tokens(a) {
			out[w] = true
		}
	}
	for _, w := range tokens(p.Short) {
		out[w] = true
	}
	return out
}

func deviceEntries(p *Product) []deviceEntry {
	pw := productWords(p)
	out := make([]deviceEntry, 0, len(p.Releases))
	for _, r := range p.Releases {
		label := r.Label
		if label == "" {
			label = r.Cycle
		}
		req, opt := deviceWords(tokens(label), pw)
		out = append(out, deviceEntry{release: r, words: req, optional: opt})
	}
	return out
}

// samsungCode is a Samsung model code without its region letters:
// "SM-G991B/DS" -> "sm-g991".
var samsungCode = regexp.MustCompile(`^(sm-[a-z]\d{3})`)

// MatchDevice finds the catalog release for a device from its manufacturer
// and model as inventory, MDM or a person recorded them: ("Apple", "iPhone
// 11"), ("", "iPhone12,1"), ("Apple Inc.", "iPad Pro (11-inch) 2nd
// generation"), ("Google", "Pixel 6"), ("Microsoft Corporation", "Surface
// Pro 7"), ("samsung", "Galaxy S21"), ("Samsung", "SM-G991B").
func (c *Catalog) MatchDevice(manufacturer, model string) Match {
	key := [2]string{manufacturer, model}
	if m, ok := c.cache.devices.get(key); ok {
		return m
	}
	m := c.matchDevice(manufacturer, model)
	c.cache.devices.put(key, m)
	return m
}

func (c *Catalog) matchDevice(manufacturer, model string) Match {
	input := strings.TrimSpace(strings.TrimSpace(manufacturer) + " " + strings.TrimSpace(model))
	m := Match{Input: input}
	if strings.TrimSpace(model) == "" {
		m.Problem, m.Reason = NoInput, "no model recorded"
		return m
	}
	ix := c.idx()
	// Model identifiers and codes first: they are exact.
	code := compact(model)
	if r := ix.modelIDs[code]; r != nil {
		m.Product, m.Release, m.Problem = r.Product, r, Matched
		m.Reason = fmt.Sprintf("model identifier %s is %s", strings.TrimSpace(model), r.Name())
		return m
	}
	if sc := samsungCode.FindString(code); sc != "" {
		if r := ix.modelIDs[sc]; r != nil {
			m.Product, m.Release, m.Problem = r.Product, r, Matched
			m.Reason = fmt.Sprintf("model code %s is %s", strings.TrimSpace(model), r.Name())
			return m
		}
	}
	ws := tokens(input)
	p, _, _ := findProduct(ix.deviceAliases, ws)
	if p == nil {
		m.Problem = UnknownProduct
		m.Reason = fmt.Sprintf("the end-of-life catalog has no device family matching %q (it covers phones, tablets and watches from Apple, Google, Samsung, Fairphone and others, and Microsoft Surface)", clip(input))
		return m
	}
	m.Product = p
	req, opt := deviceWords(ws, productWords(p))
	if len(req) == 0 {
		m.Problem = UnknownVersion
		m.Reason = fmt.Sprintf("%q names %s but not which model", clip(input), shortName(p))
		return m
	}
	// The best release is the one whose every word is in the model name
	// and that has the most words ("11 Pro Max" beats "11 Pro" beats "11").
	var best []deviceEntry
	bestScore := -1
	for _, e := range ix.devices[p] {
		if len(e.words) == 0 || !subset(e.words, req) {
			continue
		}
		score := len(e.words) * 4
		if sameSet(e.optional, opt) {
			score += 2 // "Galaxy A52 5G" when the model says 5G; "Galaxy A52" when it does not
		} else if subset(e.optional, opt) {
			score++
		}
		switch {
		case score > bestScore:
			best, bestScore = []deviceEntry{e}, score
		case score == bestScore:
			best = append(best, e)
		}
	}
	// A word of the model that the chosen label lacks but other labels of
	// the family use ("Pro" in "Pixel 6 Pro" against "Pixel 6") names a
	// model the catalog does not have: no match rather than a wrong one.
	// Words no label uses (colours, storage, "A2221") are ignored.
	if len(best) > 0 {
		vocab := ix.vocab[p]
		for w := range req {
			if vocab[w] && !best[0].words[w] && !isFiller(w) {
				best = nil
				break
			}
		}
	}
	switch {
	case len(best) == 1:
		r := best[0].release
		m.Release, m.Problem = r, Matched
		m.Reason = fmt.Sprintf("%q is %s", clip(input), r.Name())
		return m
	case len(best) > 1:
		rs := make([]*Release, len(best))
		for i, e := range best {
			rs[i] = e.release
		}
		return ambiguous(m, rs, fmt.Sprintf("%q fits %d %s models (%s)", clip(input), len(rs), shortName(p), cycleList(rs)))
	}
	// Less specific than any label ("Surface Pro", "iPad Air"): every
	// release whose words include the model's.
	var family []*Release
	for _, e := range ix.devices[p] {
		if subset(req, e.words) {
			family = append(family, e.release)
		}
	}
	if len(family) > 0 {
		return ambiguous(m, family, fmt.Sprintf("%q fits %d %s models; record the exact model (e.g. %s)", clip(input), len(family), shortName(p), family[0].Name()))
	}
	m.Problem = UnknownVersion
	m.Reason = fmt.Sprintf("the catalog has no %s model matching %q", shortName(p), clip(input))
	return m
}

// isFiller: words in model names that do not pick a model.
func isFiller(w string) bool {
	switch w {
	case "generation", "edition", "processor", "business", "phone", "smartphone", "tablet", "mobile":
		return true
	}
	return false
}

// vocabulary is every distinguishing word a product's labels use.
func vocabulary(es []deviceEntry) map[string]bool {
	out := map[string]bool{}
	for _, e := range es {
		for w := range e.words {
			out[w] = true
		}
	}
	return out
}

func subset(a, b map[string]bool) bool {
	for w := range a {
		if !b[w] {
			return false
		}
	}
	return true
}

func sameSet(a, b map[string]bool) bool { return len(a) == len(b) && subset(a, b) }
