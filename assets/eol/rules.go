package eol

import "steward/assets"

// Rules is the catalog as the domain's end-of-life rules ask it
// (assets.EOLCatalog): every store adapts it the same way.
func (c *Catalog) Rules() assets.EOLCatalog { return rulesCatalog{c} }

// rulesCatalog answers the domain's questions from the catalog.
type rulesCatalog struct{ cat *Catalog }

func (a rulesCatalog) MatchOS(os string, asOf assets.Date, warnDays int) (assets.CatalogMatch, bool) {
	return fromLookup(a.cat.LookupOS(os, asOf, warnDays))
}

func (a rulesCatalog) MatchDevice(manufacturer, model string, asOf assets.Date, warnDays int) (assets.CatalogMatch, bool) {
	return fromLookup(a.cat.LookupDevice(manufacturer, model, asOf, warnDays))
}

func fromLookup(l Lookup) (assets.CatalogMatch, bool) {
	return assets.CatalogMatch{Release: l.Release, EOL: l.End, Why: l.Why, Source: l.Source, Next: l.Next, Extended: l.Extended}, l.Known
}
