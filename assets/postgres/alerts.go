package postgres

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"steward/assets"
	"steward/assets/eol"
)

// Alerts, list flags, an asset's lifecycle and the end-of-life catalog,
// beside assets/sqlite/alerts.go and lifecycle.go. Each family reads its
// rows with plain SQL and calls the domain's builders (assets); the list
// is put in assets.CompareAlerts order, the order SQLite's merge gives, so
// both engines give the same list byte for byte (storetest's golden list).

// alertFamily computes one family of alerts.
type alertFamily struct {
	name string
	run  func(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error)
}

// alertFamilies are SQLite's families, under the same names and in the
// same order (sqlite.AlertSourceNames).
var alertFamilies = []alertFamily{
	{"audits", auditDueAlerts},
	{"returns", returnAlerts},
	{"licences", licenceAlerts},
	{"eol", eolAlerts},
	{"warranty", warrantyAlerts},
	{"tasks", taskAlerts},
	{"training", trainingAlerts},
	{"leavers", leaverAlerts},
}

// Alerts computes every alert as of opt.AsOf, most severe and soonest
// first (assets.CompareAlerts). The families run concurrently, each on a
// connection of the pool. A family that fails makes the whole call fail,
// naming it: a list that silently lacks a family would read as all clear.
func (s *Store) Alerts(ctx context.Context, opt assets.AlertOptions) (_ []assets.Alert, err error) {
	defer assets.Wrap(&err, "postgres.Alerts")
	got := make([][]assets.Alert, len(alertFamilies))
	errs := make([]error, len(alertFamilies))
	var wg sync.WaitGroup
	for i, f := range alertFamilies {
		wg.Go(func() { got[i], errs[i] = f.run(ctx, s, opt) })
	}
	wg.Wait()
	for i, f := range alertFamilies {
		if errs[i] != nil {
			return nil, fmt.Errorf("computing %s alerts: %w", f.name, errs[i])
		}
	}
	out := slices.Concat(got...)
	assets.SortAlerts(out)
	return out, nil
}

// AlertsFrom computes one family's alerts (unsorted).
func (s *Store) AlertsFrom(ctx context.Context, name string, opt assets.AlertOptions) (_ []assets.Alert, err error) {
	defer assets.Wrap(&err, "postgres.AlertsFrom")
	for _, f := range alertFamilies {
		if f.name == name {
			return f.run(ctx, s, opt)
		}
	}
	return nil, fmt.Errorf("no alert family %q", name)
}

// AlertFamilyNames lists the alert families, in order.
func AlertFamilyNames() []string {
	out := make([]string, len(alertFamilies))
	for i, f := range alertFamilies {
		out[i] = f.name
	}
	return out
}

// AlertOptionsAt is the alert options for asOf with the configured window.
func (s *Store) AlertOptionsAt(ctx context.Context, asOf assets.Date) (_ assets.AlertOptions, err error) {
	defer assets.Wrap(&err, "postgres.AlertOptionsAt")
	opt := assets.AlertOptions{AsOf: asOf}
	v, err := setting(ctx, s.pool, assets.SettingWarnDays)
	if err != nil {
		return opt, mapErr(err)
	}
	opt.WarnDays, err = assets.WarnDaysFrom(v)
	return opt, err
}

// ---- the end-of-life catalog ----

// eolCatalogBox holds a catalog for an atomic pointer.
type eolCatalogBox struct{ c assets.EOLCatalog }

// SetEOLCatalog sets the catalog this store's EOL rules consult (tests);
// nil returns to the bundled catalog. The alert list Overview keeps is
// dropped.
func (s *Store) SetEOLCatalog(c assets.EOLCatalog) {
	if c == nil {
		s.catalog.Store(nil)
	} else {
		s.catalog.Store(&eolCatalogBox{c})
	}
	s.ForgetAlerts()
}

// EOLCatalog is the catalog in use: the one SetEOLCatalog gave, else the
// bundled end-of-life catalog, loaded once per process. (A shared register
// has no folder beside it, so the updates `steward eol update` keeps next
// to a SQLite file do not apply here.)
func (s *Store) EOLCatalog() (_ assets.EOLCatalog, err error) {
	defer assets.Wrap(&err, "postgres.EOLCatalog")
	if b := s.catalog.Load(); b != nil {
		return b.c, nil
	}
	return bundledCatalog()
}

var bundledCatalog = sync.OnceValues(func() (assets.EOLCatalog, error) {
	cat, err := eol.LoadWithOverride("")
	if err != nil {
		return nil, fmt.Errorf("the end-of-life catalog could not be read: %w", err)
	}
	return cat.Rules(), nil
})

// ---- flags and an asset's lifecycle ----

// FlagsFor computes the flags of the given assets (a page of the assets
// table) in two queries.
func (s *Store) FlagsFor(ctx context.Context, ids []int64, opt assets.AlertOptions) (_ map[int64]assets.AssetFlags, err error) {
	defer assets.Wrap(&err, "postgres.FlagsFor")
	out := make(map[int64]assets.AssetFlags, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	c, err := s.EOLCatalog()
	if err != nil {
		return nil, err
	}
	cat := assets.MemoCatalog(c)
	err = s.scanEOLInputs(ctx, "a.id = ANY($1)", []any{ids}, func(id int64, in *assets.EOLInput, _ string) {
		out[id] = assets.AssetFlags{
			EOL:      assets.EvaluateEOL(*in, cat, opt.AsOf, opt.Window()),
			OS:       assets.EvaluateOSSupport(in.OS, cat, opt.AsOf, opt.Window()),
			Coverage: assets.CoverageOf(nil, opt.AsOf, opt.Window()),
		}
	})
	if err != nil {
		return nil, err
	}
	err = s.eachCoverage(ctx, opt, "ca.asset_id = ANY($1)", []any{ids}, func(id int64, _ string, cv assets.Coverage) {
		f, ok := out[id]
		if !ok {
			return
		}
		f.Coverage = cv
		out[id] = f
	})
	return out, err
}

// Lifecycle loads one asset's flags, contracts, tasks and licence seats.
func (s *Store) Lifecycle(ctx context.Context, assetID int64, opt assets.AlertOptions) (_ assets.AssetLifecycle, err error) {
	defer assets.Wrap(&err, "postgres.Lifecycle")
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
	// SQLite orders these by product alone (binary), then as its plan
	// reads them (the assignment's order); id breaks the tie here.
	lc.Licences, err = queryRows(ctx, s.pool, scanLicence, "SELECT "+licenceColumns+` FROM licence_assignments la JOIN licences l ON l.id = la.licence_id
		WHERE la.asset_id = $1 ORDER BY l.product, la.id`, assetID)
	if err != nil {
		return lc, mapErr(err)
	}
	for i := range lc.Licences {
		s.revealKey(&lc.Licences[i])
	}
	return lc, nil
}

// ---- reading what the rules need ----

// refreshPolicies maps each category to its refresh period in years.
func (s *Store) refreshPolicies(ctx context.Context) (map[string]int, error) {
	rows, err := s.pool.Query(ctx, "SELECT name, refresh_years FROM categories")
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var n string
		var y int
		if err := rows.Scan(&n, &y); err != nil {
			return nil, mapErr(err)
		}
		out[n] = y
	}
	return out, mapErr(rows.Err())
}

// scanEOLInputs reads the end-of-life inputs of the assets matching where
// ($1... in args), with each asset's subject as SQLite's store writes it
// (tag, a space, name). in is valid only during fn.
func (s *Store) scanEOLInputs(ctx context.Context, where string, args []any, fn func(id int64, in *assets.EOLInput, subject string)) error {
	policies, err := s.refreshPolicies(ctx)
	if err != nil {
		return err
	}
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.category, a.manufacturer, a.model, a.os, a.eol_date, a.purchase_date, a.tag || ' ' || a.name
		FROM assets a WHERE `+where, args...)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	// Category, maker, model and OS repeat across a fleet: each distinct
	// string is kept once.
	strs := map[string]string{}
	intern := func(b []byte) string {
		if v, ok := strs[string(b)]; ok {
			return v
		}
		v := string(b)
		strs[v] = v
		return v
	}
	var id int64
	var cat, man, model, os, eolDate, bought []byte
	var subject string
	var in assets.EOLInput
	for rows.Next() {
		if err := rows.Scan(&id, &cat, &man, &model, &os, &eolDate, &bought, &subject); err != nil {
			return mapErr(err)
		}
		in = assets.EOLInput{Category: intern(cat), Manufacturer: intern(man), Model: intern(model), OS: intern(os)}
		in.RefreshYears = policies[in.Category]
		in.EOLDate, in.PurchaseDate = parseDate(string(eolDate)), parseDate(string(bought))
		fn(id, &in, subject)
	}
	return mapErr(rows.Err())
}

// eachCoverage computes warranty/support coverage for the assets having a
// contract link matching where (on ca, the link, a, the asset, and c, the
// contract), in asset order.
func (s *Store) eachCoverage(ctx context.Context, opt assets.AlertOptions, where string, args []any, fn func(id int64, subject string, cv assets.Coverage)) error {
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.tag || ' ' || a.name, c.id, c.kind, c.provider, c.reference, c.level, c.start_date, c.end_date
		FROM contract_assets ca JOIN assets a ON a.id = ca.asset_id JOIN contracts c ON c.id = ca.contract_id
		WHERE `+where+` ORDER BY a.id, c.id`, args...)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	warn := opt.Window()
	var group []assets.Contract
	var cur int64
	var curSubject string
	flush := func() {
		if len(group) > 0 {
			cv := assets.CoverageOf(group, opt.AsOf, warn)
			if cv.Contract != nil { // points into group, which is reused
				c := *cv.Contract
				cv.Contract = &c
			}
			fn(cur, curSubject, cv)
		}
		group = group[:0]
	}
	for rows.Next() {
		var id int64
		var subject, kind, start, end string
		var c assets.Contract
		if err := rows.Scan(&id, &subject, &c.ID, &kind, &c.Provider, &c.Reference, &c.Level, &start, &end); err != nil {
			return mapErr(err)
		}
		if id != cur {
			flush()
			cur, curSubject = id, subject
		}
		c.Kind, c.Start, c.End = assets.ContractKind(kind), parseDate(start), parseDate(end)
		group = append(group, c)
	}
	if err := rows.Err(); err != nil {
		return mapErr(err)
	}
	flush()
	return nil
}

// ---- the families ----

// eolAlerts raises the hardware's end-of-life alerts and, from the same
// rows, the OS and firmware support alerts of every asset in use.
func eolAlerts(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error) {
	c, err := s.EOLCatalog()
	if err != nil {
		return nil, err
	}
	al := assets.NewEOLAlerter(assets.MemoCatalog(c), opt.AsOf, opt.Window())
	osal := assets.NewOSSupportAlerter(c, opt.AsOf, opt.Window())
	var out []assets.Alert
	err = s.scanEOLInputs(ctx, "a.status = ANY($1)", []any{activeStatuses()}, func(id int64, in *assets.EOLInput, subject string) {
		ref := assets.Ref{Entity: "asset", ID: id}
		if a, ok := al.Alert(in, subject, ref); ok {
			out = append(out, a)
		}
		if a, ok := osal.Alert(in.OS, subject, ref); ok {
			out = append(out, a)
		}
	})
	return out, err
}

// warrantyAlerts raises the cover alerts of the assets in use with a
// contract ending within the window either side of asOf.
func warrantyAlerts(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error) {
	warn := opt.Window()
	where := `a.status = ANY($1) AND ca.asset_id IN (SELECT x.asset_id FROM contracts y
		JOIN contract_assets x ON x.contract_id = y.id WHERE y.end_date BETWEEN $2 AND $3)`
	args := []any{activeStatuses(), opt.AsOf.AddDays(-warn).String(), opt.AsOf.AddDays(warn).String()}
	var out []assets.Alert
	err := s.eachCoverage(ctx, opt, where, args, func(id int64, subject string, cv assets.Coverage) {
		if a, ok := assets.CoverageAlert(subject, assets.Ref{Entity: "asset", ID: id}, cv, warn); ok {
			out = append(out, a)
		}
	})
	return out, err
}

// licenceAlerts raises each licence's alerts from its compliance.
func licenceAlerts(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error) {
	rules, err := s.complianceRules(ctx, opt.AsOf, opt.Window())
	if err != nil {
		return nil, err
	}
	list, err := queryRows(ctx, s.pool, func(r rowScanner) (assets.Licence, error) {
		var l assets.Licence
		var typ, renewal, expiry string
		err := r.Scan(&l.ID, &l.Seats, &l.Product, &l.Vendor, &l.Edition, &typ, &renewal, &expiry)
		l.Type, l.Renewal, l.Expiry = assets.LicenceType(typ), parseDate(renewal), parseDate(expiry)
		return l, err
	}, "SELECT id, seats, product, vendor, edition, type, renewal_date, expiry_date FROM licences")
	if err != nil {
		return nil, mapErr(err)
	}
	var out []assets.Alert
	for i := range list {
		c, err := rules.of(ctx, &list[i], rules.covers[list[i].ID])
		if err != nil {
			return nil, err
		}
		out = append(out, assets.LicenceAlerts(&list[i], c)...)
	}
	return out, nil
}

// taskAlerts raises the alerts of the open tasks due within the window.
func taskAlerts(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error) {
	warn := opt.Window()
	rows, err := s.pool.Query(ctx, `SELECT t.id, t.kind, t.title, t.due, t.status,
			COALESCE((SELECT array_agg(a.tag ORDER BY nocase(a.tag), a.tag) FROM task_assets ta JOIN assets a ON a.id = ta.asset_id WHERE ta.task_id = t.id), '{}')
		FROM tasks t WHERE t.status = ANY($1) AND t.due <= $2`, openTaskStatuses(), opt.AsOf.AddDays(warn).String())
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.Alert
	for rows.Next() {
		var t assets.Task
		var kind, due, status string
		if err := rows.Scan(&t.ID, &kind, &t.Title, &due, &status, &t.AssetTags); err != nil {
			return nil, mapErr(err)
		}
		t.Kind, t.Due, t.Status = assets.TaskKind(kind), parseDate(due), assets.TaskStatus(status)
		if len(t.AssetTags) == 0 {
			t.AssetTags = nil
		}
		if a, ok := assets.TaskAlert(&t, assets.TaskSubject(&t), opt.AsOf, warn); ok {
			out = append(out, a)
		}
	}
	return out, mapErr(rows.Err())
}

// trainingAlerts raises an alert per training issue.
func trainingAlerts(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error) {
	issues, err := s.TrainingIssues(ctx, opt.AsOf, opt.Window())
	if err != nil {
		return nil, err
	}
	out := make([]assets.Alert, 0, len(issues))
	for _, is := range issues {
		if a, ok := assets.TrainingAlert(is.PersonID, is.Person, is.Email, is.Course.Name, is.Because, is.State, is.Expires, opt.AsOf); ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// leaverAlerts raises an alert per leaver still holding assets or seats.
func leaverAlerts(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error) {
	list, err := s.Leavers(ctx, opt.AsOf)
	if err != nil {
		return nil, err
	}
	var out []assets.Alert
	for _, l := range list {
		if a, ok := assets.LeaverAlert(l.Person, opt.AsOf, l.Assets, l.Seats); ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// auditDueAlerts raises the audit-due alerts of the assets in use whose
// category has an audit interval.
func auditDueAlerts(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error) {
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.tag, a.name, c.label, c.audit_interval_months, a.last_audited, a.purchase_date, a.created
		FROM assets a JOIN categories c ON c.name = a.category
		WHERE c.audit_interval_months > 0 AND a.status = ANY($1)`, activeStatuses())
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.Alert
	for rows.Next() {
		var d assets.AuditDue
		var last, bought, created string
		if err := rows.Scan(&d.AssetID, &d.Tag, &d.Name, &d.Category, &d.IntervalMonths, &last, &bought, &created); err != nil {
			return nil, mapErr(err)
		}
		d.LastAudited, d.Since = parseDate(last), parseDate(bought)
		if d.Since.IsZero() {
			d.Since = assets.DateOf(parseStamp(created))
		}
		if a, ok := assets.AuditDueAlert(d, opt); ok {
			out = append(out, a)
		}
	}
	return out, mapErr(rows.Err())
}

// returnAlerts raises an alert for every loan not back by its due date.
func returnAlerts(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error) {
	list, err := queryRows(ctx, s.pool, scanHandover, "SELECT "+handoverColumns+handoverFrom+
		" WHERE h.checked_in = '' AND h.due_back <> '' AND h.due_back < $1", opt.AsOf.String())
	if err != nil {
		return nil, mapErr(err)
	}
	var out []assets.Alert
	for _, h := range list {
		if a, ok := assets.ReturnOverdueAlert(h, opt); ok {
			out = append(out, a)
		}
	}
	return out, nil
}
