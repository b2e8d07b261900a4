package assets

import "sync"

// memoCatalog remembers answers per OS string and model: a fleet of 100,000
// assets has a few hundred distinct ones.
type memoCatalog struct {
	cat EOLCatalog
	mu  sync.Mutex
	os  map[string]catalogAnswer
	dev map[[2]string]catalogAnswer
	txt map[EOLTextKey]string
}

type catalogAnswer struct {
	m  CatalogMatch
	ok bool
}

// MemoCatalog wraps c for one evaluation pass (one as-of day and window),
// remembering each answer and reason text; nil stays nil. Both stores'
// end-of-life passes use it.
func MemoCatalog(c EOLCatalog) EOLCatalog {
	if c == nil {
		return nil
	}
	return &memoCatalog{cat: c, os: map[string]catalogAnswer{}, dev: map[[2]string]catalogAnswer{},
		txt: map[EOLTextKey]string{}}
}

// EOLText keeps each catalog release's reason text: all the assets on one
// release share it (EOLTextMemo).
func (m *memoCatalog) EOLText(k EOLTextKey, build func() string) string {
	m.mu.Lock()
	t, ok := m.txt[k]
	m.mu.Unlock()
	if !ok {
		t = build()
		m.mu.Lock()
		m.txt[k] = t
		m.mu.Unlock()
	}
	return t
}

// A memo serves one evaluation pass, so asOf and warnDays are the same on
// every call and need not be part of the key.
func (m *memoCatalog) MatchOS(os string, asOf Date, warnDays int) (CatalogMatch, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.os[os]
	if !ok {
		a.m, a.ok = m.cat.MatchOS(os, asOf, warnDays)
		m.os[os] = a
	}
	return a.m, a.ok
}

func (m *memoCatalog) MatchDevice(man, model string, asOf Date, warnDays int) (CatalogMatch, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := [2]string{man, model}
	a, ok := m.dev[k]
	if !ok {
		a.m, a.ok = m.cat.MatchDevice(man, model, asOf, warnDays)
		m.dev[k] = a
	}
	return a.m, a.ok
}
