package sqlite

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"sync"

	"steward/assets"
	"steward/assets/eol"
	"steward/assets/sqlite/internal/fastread"
)

// SetEOLCatalog sets the catalog this store's EOL rules consult (tests);
// nil returns to the bundled catalog with the updates kept next to the
// database (see EOLCatalog). The alert list Overview keeps is dropped.
func (s *Store) SetEOLCatalog(c assets.EOLCatalog) {
	s.catalog = c
	s.ForgetAlerts()
}

// EOLCatalog is the catalog in use: the one SetEOLCatalog gave, else the
// bundled end-of-life catalog merged with the updates `steward eol update`
// stored next to this database, loaded once per process.
func (s *Store) EOLCatalog() (_ assets.EOLCatalog, err error) {
	defer assets.Wrap(&err, "sqlite.EOLCatalog")
	if s.catalog != nil {
		return s.catalog, nil
	}
	return bundledCatalog(eol.OverridePath(s.path))
}

var catalogs = struct {
	sync.Mutex
	byPath map[string]assets.EOLCatalog
}{byPath: map[string]assets.EOLCatalog{}}

func bundledCatalog(override string) (assets.EOLCatalog, error) {
	catalogs.Lock()
	defer catalogs.Unlock()
	if c, ok := catalogs.byPath[override]; ok {
		return c, nil
	}
	cat, err := eol.LoadWithOverride(override)
	if err != nil {
		return nil, fmt.Errorf("the end-of-life catalog could not be read: %w", err)
	}
	c := cat.Rules()
	catalogs.byPath[override] = c
	return c, nil
}

// activeAssetsScan keeps the assets in use. Five in six assets are active,
// so reading the table in order beats 80,000 random row lookups through
// the status index (the unary + keeps SQLite off that index).
var activeAssetsScan = "+a.status IN " + activeStatuses

func init() {
	// The EOL family reads every asset in use: it is the largest, so its
	// shards each take every of-th range of asset ids. It raises the
	// hardware's end-of-life alerts and, from the same rows, the OS and
	// firmware support alerts.
	registerAlertShards("eol", true, func(ctx context.Context, s *Store, opt assets.AlertOptions, sh shard) (*fastread.AlertList, error) {
		c, err := s.EOLCatalog()
		if err != nil {
			return nil, err
		}
		var lo, hi int64
		// Two subqueries: SQLite reads min() or max() off the end of the
		// key only when a query asks for one of them; asked for both in
		// one query, it scanned a whole index (10 ms on 100,000 assets).
		if err := s.read.QueryRowContext(ctx, "SELECT ifnull((SELECT min(id) FROM assets), 1), ifnull((SELECT max(id) FROM assets), 0)").Scan(&lo, &hi); err != nil {
			return nil, err
		}
		// The alerter works out each (maker, model, end-of-life date)
		// tuple once; per asset it adds only the refresh policy.
		al := assets.NewEOLAlerter(assets.MemoCatalog(c), opt.AsOf, opt.Window())
		osal := assets.NewOSSupportAlerter(c, opt.AsOf, opt.Window()) // once per OS string
		out := &fastread.AlertList{}
		var subjects fastread.Arena
		err = s.scanActiveEOLInputs(ctx, lo, hi, sh, func(id int64, in *assets.EOLInput, subject []byte) {
			if a, ok := al.Alert(in, "", assets.Ref{Entity: "asset", ID: id}); ok {
				a.Subject = subjects.String(subject) // copied only for the assets that alert
				out.Add(a)
			}
			if a, ok := osal.Alert(in.OS, "", assets.Ref{Entity: "asset", ID: id}); ok {
				a.Subject = subjects.String(subject)
				out.Add(a)
			}
		})
		return out, err
	})
	registerAlertParts("warranty", func(ctx context.Context, s *Store, opt assets.AlertOptions) (*fastread.AlertList, error) {
		out := &fastread.AlertList{}
		warn := opt.Window()
		// Only an asset with a contract ending within the window either side
		// of asOf can alert (ending soon, or lapsed lately): the end-date
		// index finds those few.
		// The IN list lets SQLite walk contract_assets_asset in asset order,
		// so the ORDER BY needs no temporary sort.
		where := activeAssetsScan + ` AND ca.asset_id IN (SELECT x.asset_id FROM contracts y
			JOIN contract_assets x ON x.contract_id = y.id WHERE y.end_date BETWEEN ? AND ?)`
		args := []any{opt.AsOf.AddDays(-warn).String(), opt.AsOf.AddDays(warn).String()}
		err := s.eachCoverage(ctx, opt, "contract_assets ca", where, args, func(id int64, subject string, cv assets.Coverage) {
			if a, ok := assets.CoverageAlert(subject, assets.Ref{Entity: "asset", ID: id}, cv, warn); ok {
				out.Add(a)
			}
		})
		return out, err
	})
}

// refreshPolicies maps each category to its refresh period in years.
func refreshPolicies(ctx context.Context, q rowsQueryer) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, refresh_years FROM categories")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var n string
		var y int
		if err := rows.Scan(&n, &y); err != nil {
			return nil, err
		}
		out[n] = y
	}
	return out, rows.Err()
}

// eachEOL evaluates the hardware's end of life, with every reason, and the
// OS or firmware support for the assets matching where (one query).
func (s *Store) eachEOL(ctx context.Context, opt assets.AlertOptions, where string, args []any, fn func(id int64, r assets.EOLResult, os assets.OSSupport)) error {
	c, err := s.EOLCatalog()
	if err != nil {
		return err
	}
	cat := assets.MemoCatalog(c)
	return s.scanEOLInputs(ctx, s.read, where, args, func(id int64, in *assets.EOLInput, _ []byte) {
		fn(id, assets.EvaluateEOL(*in, cat, opt.AsOf, opt.Window()), assets.EvaluateOSSupport(in.OS, cat, opt.AsOf, opt.Window()))
	})
}

// eolColumns are what the end-of-life rules read of an asset, then its
// subject (tag and name, as alerts name an asset): eolReader's fields.
var eolColumns = []string{"a.id", "a.category", "a.manufacturer", "a.model", "a.os", "a.eol_date", "a.purchase_date", "a.tag", "a.name"}

// eolReader turns rows of eolColumns into end-of-life inputs.
type eolReader struct {
	policies map[string]int
	// Category, maker, model and OS repeat across the fleet: each distinct
	// tuple is made once, found by one lookup on the four fields as they
	// lie side by side in a packed row (no allocation for the lookup).
	tuples  map[string]*assets.EOLInput
	strs    fastread.Interner
	in      assets.EOLInput // one for all rows: fn must not keep it
	subject []byte          // likewise
}

func newEOLReader(policies map[string]int) *eolReader {
	return &eolReader{policies: policies, tuples: map[string]*assets.EOLInput{}, strs: fastread.Interner{}}
}

// read calls fn with the asset of row r; in and subject are valid only
// during fn.
func (e *eolReader) read(r *fastread.Record, fn func(id int64, in *assets.EOLInput, subject []byte)) error {
	f := r.Fields
	id, err := strconv.ParseInt(string(f[0]), 10, 64)
	if err != nil {
		return fmt.Errorf("asset id %q: %w", f[0], err)
	}
	var tu *assets.EOLInput
	span, packed := r.Span(1, 4)
	if packed {
		tu = e.tuples[string(span)]
	}
	if tu == nil {
		tu = &assets.EOLInput{Category: e.strs.Get(f[1]), Manufacturer: e.strs.Get(f[2]), Model: e.strs.Get(f[3]), OS: e.strs.Get(f[4])}
		tu.RefreshYears = e.policies[tu.Category]
		if packed && len(e.tuples) < 100_000 {
			e.tuples[string(span)] = tu
		}
	}
	e.in = *tu
	e.in.EOLDate, e.in.PurchaseDate = fastread.Date(f[5]), fastread.Date(f[6])
	e.subject = append(append(append(e.subject[:0], f[7]...), ' '), f[8]...)
	fn(id, &e.in, e.subject)
	return nil
}

// scanEOLInputs reads the end-of-life inputs of the assets matching where
// (one query), with each asset's subject ("tag name", as alerts name an
// asset). in and subject are valid only during fn.
func (s *Store) scanEOLInputs(ctx context.Context, q rowsQueryer, where string, args []any, fn func(id int64, in *assets.EOLInput, subject []byte)) error {
	policies, err := refreshPolicies(ctx, q)
	if err != nil {
		return err
	}
	e := newEOLReader(policies)
	return fastread.Each(ctx, q, eolColumns, "assets a WHERE "+where, "", args, nil, func(r *fastread.Record) error {
		return e.read(r, fn)
	})
}

// eolChunk is how many asset ids one query of scanActiveEOLInputs spans.
const eolChunk = 4096

// scanActiveEOLInputs is scanEOLInputs over the assets in use with ids
// from lo to hi, in id order, one query per range of eolChunk ids (of
// those ranges, shard sh's: the ranges n*eolChunk.. with n%sh.of ==
// sh.index), each read as one packed value (fastread): the per-row cost of
// the driver and database/sql (a cgo call, a string, boxing) is paid 25
// times for a register of 100,000, not 83,000 times.
func (s *Store) scanActiveEOLInputs(ctx context.Context, lo, hi int64, sh shard, fn func(id int64, in *assets.EOLInput, subject []byte)) error {
	conn, err := s.read.Conn(ctx) // one connection, one page cache, one prepared statement
	if err != nil {
		return err
	}
	defer conn.Close()
	policies, err := refreshPolicies(ctx, conn)
	if err != nil {
		return err
	}
	stmt, err := fastread.Prepare(ctx, conn, eolColumns, "assets a WHERE a.id BETWEEN ? AND ? AND "+activeAssetsScan, "")
	if err != nil {
		return err
	}
	defer stmt.Close()
	e := newEOLReader(policies)
	read := func(r *fastread.Record) error { return e.read(r, fn) }
	for from, to := range shardRanges(lo, hi, eolChunk, sh) {
		if err := stmt.Each(ctx, []any{from, to}, nil, read); err != nil {
			return err
		}
	}
	return nil
}

// shardRanges yields shard sh's id ranges of size ids (the last one cut
// at hi) between lo and hi: the ranges start at multiples of size, so
// that shards agree on them whatever lowest id each saw, and shard k has
// the ranges n*size.. with n%sh.of == k.
func shardRanges(lo, hi, size int64, sh shard) iter.Seq2[int64, int64] {
	return func(yield func(int64, int64) bool) {
		if lo > hi {
			return
		}
		of := int64(max(sh.of, 1))
		n := lo / size // rounded down, negative ids too
		if lo%size < 0 {
			n--
		}
		n += ((int64(sh.index)-n)%of + of) % of
		for from := n * size; from <= hi; from += of * size {
			if !yield(max(from, lo), min(from+size-1, hi)) {
				return
			}
		}
	}
}

// eachCoverage computes warranty/support coverage for the assets matching
// where that have at least one contract (one query over the link table).
// cv.Contract is valid only during fn: copy it to keep it.
// from names the link rows to start from ("contract_assets ca" or a
// narrower join producing ca).
func (s *Store) eachCoverage(ctx context.Context, opt assets.AlertOptions, from, where string, args []any, fn func(id int64, subject string, cv assets.Coverage)) error {
	// The rows come in no set order: asking SQLite for one (an ORDER BY
	// in group_concat) cost a sort, a fifth of the query. They come by
	// asset in practice, which is checked; otherwise they are sorted here.
	var rows []coverRow
	subjects := map[int64]string{} // per asset
	inOrder := true
	strs := fastread.Interner{}
	err := fastread.Each(ctx, s.read, []string{"a.id", "c.id", "a.tag || ' ' || a.name", "c.kind", "c.provider", "c.reference", "c.level", "c.start_date", "c.end_date"},
		from+` JOIN assets a ON a.id = ca.asset_id JOIN contracts c ON c.id = ca.contract_id WHERE `+where, "", args,
		func(n int) {
			rows, subjects = make([]coverRow, 0, n), make(map[int64]string, n)
		}, func(rec *fastread.Record) error {
			f := rec.Fields
			var r coverRow
			var err1, err2 error
			r.asset, err1 = strconv.ParseInt(string(f[0]), 10, 64)
			r.id, err2 = strconv.ParseInt(string(f[1]), 10, 64)
			if err1 != nil || err2 != nil {
				return fmt.Errorf("contract link %q/%q: not two record ids", f[0], f[1])
			}
			if n := len(rows); n > 0 && compareCoverRows(&rows[n-1], &r) > 0 {
				inOrder = false
			}
			if n := len(rows); n == 0 || rows[n-1].asset != r.asset {
				if _, ok := subjects[r.asset]; !ok {
					subjects[r.asset] = string(f[2])
				}
			}
			r.kind, r.provider, r.reference, r.level = assets.ContractKind(strs.Get(f[3])), strs.Get(f[4]), strs.Get(f[5]), strs.Get(f[6])
			r.start, r.end = fastread.Date(f[7]), fastread.Date(f[8])
			rows = append(rows, r)
			return nil
		})
	if err != nil {
		return err
	}
	if !inOrder {
		slices.SortFunc(rows, func(x, y coverRow) int { return compareCoverRows(&x, &y) })
	}
	// Each asset's contracts are a run of rows, made contracts in one
	// buffer: cv.Contract points into it, valid only during fn.
	warn := opt.Window()
	var group []assets.Contract
	for i := 0; i < len(rows); {
		group = group[:0]
		j := i
		for ; j < len(rows) && rows[j].asset == rows[i].asset; j++ {
			r := &rows[j]
			group = append(group, assets.Contract{ID: r.id, Kind: r.kind, Provider: r.provider, Reference: r.reference, Level: r.level, Start: r.start, End: r.end})
		}
		fn(rows[i].asset, subjects[rows[i].asset], assets.CoverageOf(group, opt.AsOf, warn))
		i = j
	}
	return nil
}

// coverRow is one asset's link to one contract, with what coverage reads
// of the contract: a fifth of a whole assets.Contract.
type coverRow struct {
	asset, id                  int64
	kind                       assets.ContractKind
	provider, reference, level string
	start, end                 assets.Date
}

// compareCoverRows orders contract rows by asset, then contract id.
func compareCoverRows(x, y *coverRow) int {
	return cmp.Or(cmp.Compare(x.asset, y.asset), cmp.Compare(x.id, y.id))
}

// FlagsFor computes the flags of the given assets (a page of the assets
// table) in two queries.
func (s *Store) FlagsFor(ctx context.Context, ids []int64, opt assets.AlertOptions) (_ map[int64]assets.AssetFlags, err error) {
	defer assets.Wrap(&err, "sqlite.FlagsFor")
	out := make(map[int64]assets.AssetFlags, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	where, args := idList("a.id", ids)
	err = s.eachEOL(ctx, opt, where, args, func(id int64, r assets.EOLResult, os assets.OSSupport) {
		f := out[id]
		f.EOL, f.OS = r, os
		out[id] = f
	})
	if err != nil {
		return nil, err
	}
	for id, f := range out {
		f.Coverage = assets.CoverageOf(nil, opt.AsOf, opt.Window())
		out[id] = f
	}
	err = s.eachCoverage(ctx, opt, "contract_assets ca", where, args, func(id int64, _ string, cv assets.Coverage) {
		if cv.Contract != nil { // only lent by eachCoverage
			c := *cv.Contract
			cv.Contract = &c
		}
		f := out[id]
		f.Coverage = cv
		out[id] = f
	})
	return out, err
}

func idList(col string, ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return col + " IN (" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")", args
}

// Lifecycle loads one asset's flags, contracts, tasks and licence seats.
func (s *Store) Lifecycle(ctx context.Context, assetID int64, opt assets.AlertOptions) (_ assets.AssetLifecycle, err error) {
	defer assets.Wrap(&err, "sqlite.Lifecycle")
	var lc assets.AssetLifecycle
	flags, err := s.FlagsFor(ctx, []int64{assetID}, opt)
	if err != nil {
		return lc, err
	}
	f, ok := flags[assetID]
	if !ok {
		return lc, assets.NotFoundf("no asset #%d", assetID)
	}
	lc.AssetFlags = f
	if lc.Contracts, err = s.AssetContracts(ctx, assetID); err != nil {
		return lc, err
	}
	if lc.Tasks, err = s.ListTasks(ctx, assets.TaskQuery{AssetID: assetID}); err != nil {
		return lc, err
	}
	rows, err := s.read.QueryContext(ctx, "SELECT "+licenceColumns+` FROM licence_assignments la CROSS JOIN licences l ON l.id = la.licence_id
		WHERE la.asset_id = ? ORDER BY l.product`, assetID)
	if err != nil {
		return lc, err
	}
	defer rows.Close()
	for rows.Next() {
		l, err := scanLicence(rows)
		if err != nil {
			return lc, err
		}
		s.revealKey(&l)
		lc.Licences = append(lc.Licences, l)
	}
	return lc, rows.Err()
}

// AlertOptionsAt is the alert options for asOf with the configured window.
func (s *Store) AlertOptionsAt(ctx context.Context, asOf assets.Date) (_ assets.AlertOptions, err error) {
	defer assets.Wrap(&err, "sqlite.AlertOptionsAt")
	opt := assets.AlertOptions{AsOf: asOf}
	v, err := s.Setting(ctx, assets.SettingWarnDays)
	if err != nil {
		return opt, err
	}
	opt.WarnDays, err = assets.WarnDaysFrom(v)
	return opt, err
}

// AlertSourceNames lists the registered alert families, in order.
func AlertSourceNames() []string {
	out := make([]string, len(alertSources))
	for i, src := range alertSources {
		out[i] = src.name
	}
	return out
}

// AlertsFrom computes one family's alerts (unsorted).
func (s *Store) AlertsFrom(ctx context.Context, name string, opt assets.AlertOptions) (_ []assets.Alert, err error) {
	defer assets.Wrap(&err, "sqlite.AlertsFrom")
	for _, src := range alertSources {
		if src.name == name {
			parts, err := src.runAll(ctx, s, opt)
			if err != nil {
				return nil, err
			}
			return slices.Concat(parts...), nil
		}
	}
	return nil, fmt.Errorf("no alert family %q", name)
}
