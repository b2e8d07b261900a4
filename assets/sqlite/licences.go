package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"steward/assets"
	"steward/assets/sqlite/internal/fastread"
)

func init() {
	registerAlertSource("licences", func(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error) {
		return s.licenceAlerts(ctx, opt)
	})
}

const licenceColumns = `l.id, l.product, l.vendor, l.edition, l.licence_key, l.type, l.seats, l.cost, l.currency,
	l.purchase_date, l.renewal_date, l.expiry_date, l.supplier, l.contract_ref, l.notes, l.renews, l.term_months, l.created, l.updated, l.version`

func scanLicence(r scanner) (assets.Licence, error) {
	var l assets.Licence
	var typ, purchase, renewal, expiry, created, updated string
	var renews bool
	err := r.Scan(&l.ID, &l.Product, &l.Vendor, &l.Edition, &l.Key, &typ, &l.Seats, &l.Cost.Minor, &l.Cost.Currency,
		&purchase, &renewal, &expiry, &l.Supplier, &l.ContractRef, &l.Notes, &renews, &l.TermMonths, &created, &updated, &l.Version)
	l.NoRenew = !renews
	l.Type = assets.LicenceType(typ)
	l.Purchase, l.Renewal, l.Expiry = fastread.DateString(purchase), fastread.DateString(renewal), fastread.DateString(expiry)
	l.Created, l.Updated = parseStamp(created), parseStamp(updated)
	return l, err
}

// ListLicences returns the licences a query selects, by product, each with
// its compliance (seats assigned and installed counted in a few set-based
// queries, not per licence).
func (s *Store) ListLicences(ctx context.Context, q assets.LicenceQuery) (_ []assets.LicenceStatus, err error) {
	defer assets.Wrap(&err, "sqlite.ListLicences")
	var cond conditions
	if t := strings.TrimSpace(q.Search); t != "" {
		like := "%" + escapeLike(t) + "%"
		cond.add("(l.product LIKE ? ESCAPE '\\' OR l.vendor LIKE ? ESCAPE '\\' OR l.edition LIKE ? ESCAPE '\\' OR l.supplier LIKE ? ESCAPE '\\')", like, like, like, like)
	}
	if q.Vendor != "" {
		cond.add("l.vendor = ? COLLATE NOCASE", q.Vendor)
	}
	if q.Type != "" {
		cond.add("l.type = ?", string(q.Type))
	}
	where := cond.where()
	rows, err := s.read.QueryContext(ctx, "SELECT "+licenceColumns+" FROM licences l"+where+" ORDER BY l.product COLLATE NOCASE, l.id", cond.args...)
	if err != nil {
		return nil, err
	}
	var list []assets.LicenceStatus
	for rows.Next() {
		l, err := scanLicence(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		s.revealKey(&l)
		list = append(list, assets.LicenceStatus{Licence: l})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	return s.withCompliance(ctx, list, q)
}

// withCompliance computes each licence's compliance (seat counts and
// installations in a few set-based queries) and keeps those q's filter
// selects.
func (s *Store) withCompliance(ctx context.Context, list []assets.LicenceStatus, q assets.LicenceQuery) ([]assets.LicenceStatus, error) {
	rules, err := s.complianceRules(ctx, q.AsOf, q.WarnDays)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, ls := range list {
		ls.Covers = rules.covers[ls.ID]
		if ls.Compliance, err = rules.of(&ls.Licence, ls.Covers); err != nil {
			return nil, err
		}
		if keepLicence(q.Filter, ls.Compliance) {
			out = append(out, ls)
		}
	}
	return out, nil
}

// complianceRules is what licence compliance reads besides the licence:
// seats assigned and installations counted, loaded once for all licences.
type complianceRules struct {
	assigned map[int64]int
	covers   map[int64][]assets.SoftwarePattern
	idx      *softwareIndex // nil when no licence names what it covers
	asOf     assets.Date
	warn     int
}

func (s *Store) complianceRules(ctx context.Context, asOf assets.Date, warnDays int) (*complianceRules, error) {
	r := &complianceRules{asOf: asOf, warn: warnDays}
	if r.warn <= 0 {
		r.warn = assets.DefaultWarnDays
	}
	var err error
	if r.assigned, err = s.assignmentCounts(ctx); err != nil {
		return nil, err
	}
	if r.covers, err = s.licenceCovers(ctx); err != nil {
		return nil, err
	}
	if len(r.covers) > 0 {
		if r.idx, err = s.loadSoftwareIndex(ctx); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// of computes l's compliance, with covers the software patterns l names.
func (r *complianceRules) of(l *assets.Licence, covers []assets.SoftwarePattern) (assets.Compliance, error) {
	installed := 0
	if r.idx != nil && len(covers) > 0 {
		var err error
		if installed, err = r.idx.count(covers); err != nil {
			return assets.Compliance{}, err
		}
	}
	return assets.ComputeCompliance(l, r.assigned[l.ID], installed, r.asOf, r.warn), nil
}

// licenceAlerts reads only what the licence rules need, all licences as
// one value (fastread.Each), and raises each licence's alerts as it is read:
// no list of whole licences is kept.
func (s *Store) licenceAlerts(ctx context.Context, opt assets.AlertOptions) ([]assets.Alert, error) {
	rules, err := s.complianceRules(ctx, opt.AsOf, opt.Window())
	if err != nil {
		return nil, err
	}
	var out []assets.Alert
	strs := fastread.Interner{}
	err = fastread.Each(ctx, s.read, []string{"id", "seats", "product", "vendor", "edition", "type", "renewal_date", "expiry_date"},
		"licences", "", nil, nil, func(r *fastread.Record) error {
			f := r.Fields
			var l assets.Licence
			var err1, err2 error
			l.ID, err1 = strconv.ParseInt(string(f[0]), 10, 64)
			l.Seats, err2 = strconv.Atoi(string(f[1]))
			if err1 != nil || err2 != nil {
				return fmt.Errorf("licence %q: %q is not a number of seats", f[0], f[1])
			}
			l.Product, l.Vendor, l.Edition = string(f[2]), strs.Get(f[3]), strs.Get(f[4])
			l.Type, l.Renewal, l.Expiry = assets.LicenceType(strs.Get(f[5])), fastread.Date(f[6]), fastread.Date(f[7])
			c, err := rules.of(&l, rules.covers[l.ID])
			if err != nil {
				return err
			}
			out = append(out, assets.LicenceAlerts(&l, c)...)
			return nil
		})
	return out, err
}

func keepLicence(filter string, c assets.Compliance) bool {
	switch filter {
	case assets.LicenceFilterShortfall:
		return c.Shortfall > 0
	case assets.LicenceFilterUnused:
		return c.Unused > 0
	case assets.LicenceFilterExpiring:
		return c.Term == assets.TermExpiring
	case assets.LicenceFilterExpired:
		return c.Term == assets.TermExpired
	case assets.LicenceFilterExpiredInUse:
		return c.Term == assets.TermExpired && c.InUse > 0
	}
	return true
}

func escapeLike(s string) string { return likeEscaper.Replace(s) }

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// assignmentCounts counts each licence's assigned seats. The counts come
// as one "id n,id n,..." value: a row per licence through the driver cost
// more than the count itself.
func (s *Store) assignmentCounts(ctx context.Context) (map[int64]int, error) {
	var list sql.NullString
	err := s.read.QueryRowContext(ctx, `SELECT group_concat(licence_id || ' ' || n, ',') FROM
		(SELECT licence_id, count(*) AS n FROM licence_assignments GROUP BY licence_id)`).Scan(&list)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]int, strings.Count(list.String, ",")+1)
	for item := range strings.SplitSeq(list.String, ",") {
		if item == "" {
			continue
		}
		id, n, _ := strings.Cut(item, " ")
		licence, err1 := strconv.ParseInt(id, 10, 64)
		seats, err2 := strconv.Atoi(n)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("seat count %q: not a licence id and a number", item)
		}
		out[licence] = seats
	}
	return out, nil
}

func (s *Store) licenceCovers(ctx context.Context) (map[int64][]assets.SoftwarePattern, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT licence_id, pattern, publisher FROM licence_covers ORDER BY licence_id, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]assets.SoftwarePattern{}
	for rows.Next() {
		var id int64
		var p assets.SoftwarePattern
		if err := rows.Scan(&id, &p.Name, &p.Publisher); err != nil {
			return nil, err
		}
		out[id] = append(out[id], p)
	}
	return out, rows.Err()
}

// softwareIndex holds installed software grouped by distinct (name,
// publisher) with the number of assets having each, read from a covering
// index in one pass. A licence pattern is tested once per distinct program,
// not per installation; exact names are a map lookup and "prefix*"
// patterns a binary search over the sorted names. Only a licence matching
// several programs needs their asset lists (loaded once each, and the
// union's size cached per combination).
type softwareIndex struct {
	ctx     context.Context
	s       *Store
	names   []string             // distinct lower-case names, sorted
	entries map[string][]swEntry // lower-case name -> its publishers
	unions  map[string]int
}

type swEntry struct {
	title           int64 // software_titles id
	name, publisher string
	assets          int     // distinct assets with it
	ids             []int64 // loaded on demand
}

func (s *Store) loadSoftwareIndex(ctx context.Context) (*softwareIndex, error) {
	// A title is one (name NOCASE, publisher); installs is the number of
	// assets with it, kept by the writes.
	rows, err := s.read.QueryContext(ctx, `SELECT id, lower(name), publisher, installs FROM software_titles WHERE installs > 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	idx := &softwareIndex{ctx: ctx, s: s, entries: map[string][]swEntry{}, unions: map[string]int{}}
	for rows.Next() {
		var e swEntry
		if err := rows.Scan(&e.title, &e.name, &e.publisher, &e.assets); err != nil {
			return nil, err
		}
		if _, ok := idx.entries[e.name]; !ok {
			idx.names = append(idx.names, e.name)
		}
		idx.entries[e.name] = append(idx.entries[e.name], e)
	}
	sort.Strings(idx.names)
	return idx, rows.Err()
}

// count is the number of distinct assets with software matching any pattern.
func (idx *softwareIndex) count(patterns []assets.SoftwarePattern) (int, error) {
	var hits []*swEntry
	for _, p := range patterns {
		for _, name := range idx.candidates(p.Name) {
			es := idx.entries[name]
			for i := range es {
				if p.Matches(assets.InstalledSoftware{Name: name, Publisher: es[i].publisher}) && !containsEntry(hits, &es[i]) {
					hits = append(hits, &es[i])
				}
			}
		}
	}
	switch len(hits) {
	case 0:
		return 0, nil
	case 1:
		return hits[0].assets, nil
	}
	var key strings.Builder
	for _, h := range hits {
		key.WriteString(h.name + "\x00" + h.publisher + "\x01")
	}
	if n, ok := idx.unions[key.String()]; ok {
		return n, nil
	}
	seen := map[int64]struct{}{}
	for _, h := range hits {
		if h.ids == nil {
			ids, err := idx.s.int64s(idx.ctx, "SELECT asset_id FROM software_installs WHERE title_id = ?", h.title)
			if err != nil {
				return 0, err
			}
			h.ids = ids
		}
		for _, id := range h.ids {
			seen[id] = struct{}{}
		}
	}
	idx.unions[key.String()] = len(seen)
	return len(seen), nil
}

func containsEntry(list []*swEntry, e *swEntry) bool {
	for _, x := range list {
		if x == e {
			return true
		}
	}
	return false
}

func (s *Store) int64s(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// candidates narrows the names a pattern could match.
func (idx *softwareIndex) candidates(pattern string) []string {
	p := strings.ToLower(strings.TrimSpace(pattern))
	cut := strings.IndexAny(p, "*?")
	if cut < 0 {
		if _, ok := idx.entries[p]; ok {
			return []string{p}
		}
		return nil
	}
	prefix := p[:cut]
	lo := sort.SearchStrings(idx.names, prefix)
	hi := lo
	for hi < len(idx.names) && strings.HasPrefix(idx.names[hi], prefix) {
		hi++
	}
	return idx.names[lo:hi]
}

// Licence loads one licence with its cover patterns.
func (s *Store) Licence(ctx context.Context, id int64) (_ assets.Licence, err error) {
	defer assets.Wrap(&err, "sqlite.Licence")
	return s.licence(ctx, s.read, id)
}

type txOrDB interface {
	queryer
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *Store) licence(ctx context.Context, q txOrDB, id int64) (assets.Licence, error) {
	l, err := scanLicence(q.QueryRowContext(ctx, "SELECT "+licenceColumns+" FROM licences l WHERE l.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return l, assets.NotFoundf("no licence #%d", id)
	}
	if err != nil {
		return l, err
	}
	s.revealKey(&l)
	rows, err := q.QueryContext(ctx, "SELECT pattern, publisher FROM licence_covers WHERE licence_id = ? ORDER BY id", id)
	if err != nil {
		return l, err
	}
	defer rows.Close()
	for rows.Next() {
		var p assets.SoftwarePattern
		if err := rows.Scan(&p.Name, &p.Publisher); err != nil {
			return l, err
		}
		l.Covers = append(l.Covers, p)
	}
	return l, rows.Err()
}

// LicenceCompliance is one licence's compliance on asOf.
func (s *Store) LicenceCompliance(ctx context.Context, id int64, asOf assets.Date, warnDays int) (_ assets.Compliance, err error) {
	defer assets.Wrap(&err, "sqlite.LicenceCompliance")
	l, err := s.Licence(ctx, id)
	if err != nil {
		return assets.Compliance{}, err
	}
	var assigned int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM licence_assignments WHERE licence_id = ?", id).Scan(&assigned); err != nil {
		return assets.Compliance{}, err
	}
	inst, err := s.Installations(ctx, id)
	if err != nil {
		return assets.Compliance{}, err
	}
	seen := map[int64]bool{}
	for _, x := range inst {
		seen[x.AssetID] = true
	}
	if warnDays <= 0 {
		warnDays = assets.DefaultWarnDays
	}
	return assets.ComputeCompliance(&l, assigned, len(seen), asOf, warnDays), nil
}

// CreateLicence validates l and stores it with its cover patterns.
func (s *Store) CreateLicence(ctx context.Context, l *assets.Licence) (err error) {
	defer assets.Wrap(&err, "sqlite.CreateLicence")
	l.Normalize()
	if err := l.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error { return s.insertLicence(ctx, tx, l, "create") })
}

func (s *Store) insertLicence(ctx context.Context, tx *sql.Tx, l *assets.Licence, action string) error {
	now := s.Now()
	l.Created, l.Updated, l.Version = now, now, 1
	stored, err := s.sealForWrite(ctx, tx, l.Key)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO licences(id,product,vendor,edition,licence_key,type,seats,cost,currency,
		purchase_date,renewal_date,expiry_date,supplier,contract_ref,notes,renews,term_months,created,updated) VALUES (`+newID("licences", "licence")+`,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		l.Product, l.Vendor, l.Edition, stored, string(l.Type), l.Seats, l.Cost.Minor, l.Cost.Currency,
		l.Purchase.String(), l.Renewal.String(), l.Expiry.String(), l.Supplier, l.ContractRef, l.Notes, !l.NoRenew, l.TermMonths, stamp(now), stamp(now))
	if err != nil {
		return mapErr(err)
	}
	if l.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := writeCovers(ctx, tx, l); err != nil {
		return err
	}
	return s.record(ctx, tx, "licence", l.ID, action, l.Title(), nil)
}

func writeCovers(ctx context.Context, tx *sql.Tx, l *assets.Licence) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM licence_covers WHERE licence_id = ?", l.ID); err != nil {
		return err
	}
	for _, c := range l.Covers {
		if _, err := tx.ExecContext(ctx, "INSERT INTO licence_covers(licence_id,pattern,publisher) VALUES (?,?,?)", l.ID, c.Name, c.Publisher); err != nil {
			return err
		}
	}
	return nil
}

// UpdateLicence saves l's fields, recording each change in history.
func (s *Store) UpdateLicence(ctx context.Context, l *assets.Licence) (err error) {
	defer assets.Wrap(&err, "sqlite.UpdateLicence")
	l.Normalize()
	if err := l.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := s.updateLicence(ctx, tx, l, "update")
		return err
	})
}

func (s *Store) updateLicence(ctx context.Context, tx *sql.Tx, l *assets.Licence, action string) (bool, error) {
	old, err := s.licence(ctx, tx, l.ID)
	if err != nil {
		return false, err
	}
	changes := old.ChangesTo(l)
	if len(changes) == 0 {
		*l = old
		return false, nil
	}
	if err := assets.CheckVersion("licence", l.ID, l.Version, old.Version, &old, l, changes); err != nil {
		return false, err
	}
	l.Created, l.Updated, l.Version = old.Created, s.Now(), old.Version+1
	stored, err := s.sealForWrite(ctx, tx, l.Key)
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE licences SET product=?,vendor=?,edition=?,licence_key=?,type=?,seats=?,cost=?,currency=?,
		purchase_date=?,renewal_date=?,expiry_date=?,supplier=?,contract_ref=?,notes=?,renews=?,term_months=?,updated=?,version=version+1 WHERE id=?`,
		l.Product, l.Vendor, l.Edition, stored, string(l.Type), l.Seats, l.Cost.Minor, l.Cost.Currency,
		l.Purchase.String(), l.Renewal.String(), l.Expiry.String(), l.Supplier, l.ContractRef, l.Notes, !l.NoRenew, l.TermMonths, stamp(l.Updated), l.ID); err != nil {
		return false, mapErr(err)
	}
	if err := writeCovers(ctx, tx, l); err != nil {
		return false, err
	}
	return true, s.record(ctx, tx, "licence", l.ID, action, "", changes)
}

// DeleteLicence removes a licence with its seats; history keeps the deletion.
func (s *Store) DeleteLicence(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "sqlite.DeleteLicence")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		old, err := s.licence(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM licences WHERE id = ?", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "licence", id, "delete", old.Title(), nil)
	})
}

// Assignments lists a licence's seats, people first then assets, by label.
func (s *Store) Assignments(ctx context.Context, licenceID int64) (_ []assets.SeatAssignment, err error) {
	defer assets.Wrap(&err, "sqlite.Assignments")
	rows, err := s.read.QueryContext(ctx, `SELECT la.id, la.licence_id, COALESCE(la.person_id,0), COALESCE(la.asset_id,0),
		CASE WHEN la.person_id IS NOT NULL THEN p.name || ' <' || p.email || '>' ELSE a.tag || ' ' || a.name END,
		la.assigned, la.note
		FROM licence_assignments la LEFT JOIN people p ON p.id = la.person_id LEFT JOIN assets a ON a.id = la.asset_id
		WHERE la.licence_id = ? ORDER BY la.person_id IS NULL, 5 COLLATE NOCASE`, licenceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.SeatAssignment
	for rows.Next() {
		var a assets.SeatAssignment
		var on string
		if err := rows.Scan(&a.ID, &a.LicenceID, &a.PersonID, &a.AssetID, &a.Label, &on, &a.Note); err != nil {
			return nil, err
		}
		a.Assigned = parseDate(on)
		out = append(out, a)
	}
	return out, rows.Err()
}

// AssignSeat gives a seat of a licence to a person or an asset (set exactly
// one of PersonID and AssetID). Assigning more seats than were bought is
// allowed; compliance shows it as a shortfall.
func (s *Store) AssignSeat(ctx context.Context, a *assets.SeatAssignment) (err error) {
	defer assets.Wrap(&err, "sqlite.AssignSeat")
	if (a.PersonID == 0) == (a.AssetID == 0) {
		return assets.Invalidf("assigned_to", "assign the seat to a person or to an asset")
	}
	if a.Assigned.IsZero() {
		a.Assigned = assets.DateOf(s.Now())
	}
	return s.withTx(ctx, func(tx *sql.Tx) error { return s.assignSeat(ctx, tx, a) })
}

func (s *Store) assignSeat(ctx context.Context, tx *sql.Tx, a *assets.SeatAssignment) error {
	var label string
	var err error
	if a.PersonID != 0 {
		err = tx.QueryRowContext(ctx, "SELECT name || ' <' || email || '>' FROM people WHERE id = ?", a.PersonID).Scan(&label)
	} else {
		err = tx.QueryRowContext(ctx, "SELECT tag || ' ' || name FROM assets WHERE id = ?", a.AssetID).Scan(&label)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return assets.NotFoundf("that person or asset is not in the register")
	}
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM licences WHERE id = ?", a.LicenceID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return assets.NotFoundf("no licence #%d", a.LicenceID)
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO licence_assignments(licence_id,person_id,asset_id,assigned,note) VALUES (?,?,?,?,?)",
		a.LicenceID, nullID(a.PersonID), nullID(a.AssetID), a.Assigned.String(), a.Note)
	if err != nil {
		if assets.KindOf(mapErr(err)) == assets.KindConflict {
			return assets.Conflictf("assigned_to", "%s already has a seat of this licence", label)
		}
		return mapErr(err)
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	a.Label = label
	return s.record(ctx, tx, "licence", a.LicenceID, "assign", "", []assets.FieldChange{{Field: "seat", New: label}})
}

// UnassignSeat takes a seat back.
func (s *Store) UnassignSeat(ctx context.Context, assignmentID int64) (err error) {
	defer assets.Wrap(&err, "sqlite.UnassignSeat")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		var licenceID int64
		var label string
		err := tx.QueryRowContext(ctx, `SELECT la.licence_id, CASE WHEN la.person_id IS NOT NULL THEN p.name || ' <' || p.email || '>' ELSE a.tag || ' ' || a.name END
			FROM licence_assignments la LEFT JOIN people p ON p.id = la.person_id LEFT JOIN assets a ON a.id = la.asset_id WHERE la.id = ?`, assignmentID).Scan(&licenceID, &label)
		if errors.Is(err, sql.ErrNoRows) {
			return assets.NotFoundf("that seat is no longer assigned")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM licence_assignments WHERE id = ?", assignmentID); err != nil {
			return err
		}
		return s.record(ctx, tx, "licence", licenceID, "unassign", "", []assets.FieldChange{{Field: "seat", Old: label}})
	})
}

// Installations lists the installed software a licence's patterns match,
// by asset tag.
func (s *Store) Installations(ctx context.Context, licenceID int64) (_ []assets.InstalledSoftware, err error) {
	defer assets.Wrap(&err, "sqlite.Installations")
	l, err := s.Licence(ctx, licenceID)
	if err != nil || len(l.Covers) == 0 {
		return nil, err
	}
	// Narrow in SQL by each pattern's literal prefix, then match exactly.
	var conds []string
	var args []any
	for _, p := range l.Covers {
		prefix := p.Name
		if i := strings.IndexAny(prefix, "*?"); i >= 0 {
			prefix = prefix[:i]
		}
		conds = append(conds, "t.name LIKE ? ESCAPE '\\'")
		args = append(args, escapeLike(prefix)+"%")
	}
	// The titles the patterns may match (m), the assets having any of them
	// (software_installs), and the version from each such asset's list,
	// read once per asset: one entry per installation. (Reading an asset's
	// list once per matching title took a minute for 78 titles on 1,000
	// assets of 750 packages.)
	rows, err := s.read.QueryContext(ctx, `WITH m AS MATERIALIZED (SELECT id, name, publisher FROM software_titles t WHERE `+strings.Join(conds, " OR ")+`)
		SELECT sw.asset_id, a.tag, m.name, j.value ->> 1, m.publisher
		FROM asset_software sw JOIN assets a ON a.id = sw.asset_id, json_each(sw.titles) j JOIN m ON m.id = j.value ->> 0
		WHERE sw.asset_id IN (SELECT i.asset_id FROM software_installs i JOIN m ON i.title_id = m.id)
		ORDER BY a.tag, m.name, j.key`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.InstalledSoftware
	for rows.Next() {
		var x assets.InstalledSoftware
		if err := rows.Scan(&x.AssetID, &x.AssetTag, &x.Name, &x.Version, &x.Publisher); err != nil {
			return nil, err
		}
		for _, p := range l.Covers {
			if p.Matches(x) {
				out = append(out, x)
				break
			}
		}
	}
	return out, rows.Err()
}

// SetInstalledSoftware replaces what is recorded as installed on an asset
// (the inventory report's software list), in one transaction.
func (s *Store) SetInstalledSoftware(ctx context.Context, assetID int64, list []assets.InstalledSoftware) (err error) {
	defer assets.Wrap(&err, "sqlite.SetInstalledSoftware")
	return s.SetInstalledSoftwareMany(ctx, map[int64][]assets.InstalledSoftware{assetID: list})
}

// AssetTagIDs maps every asset's lower-case tag to its ID (for imports).
func (s *Store) AssetTagIDs(ctx context.Context) (_ map[string]int64, err error) {
	defer assets.Wrap(&err, "sqlite.AssetTagIDs")
	return s.idsByLowerKey(ctx, "SELECT id, tag FROM assets")
}

// SetInstalledSoftwareMany replaces the installed software of many assets
// in one transaction (bulk loads: inventory imports, the demo).
func (s *Store) SetInstalledSoftwareMany(ctx context.Context, byAsset map[int64][]assets.InstalledSoftware) (err error) {
	defer assets.Wrap(&err, "sqlite.SetInstalledSoftwareMany")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		sw := newSoftwareBatch()
		at := stamp(s.Now())
		for id, list := range byAsset {
			if err := sw.set(ctx, tx, id, at, list); err != nil {
				return mapErr(err)
			}
		}
		return mapErr(sw.write(ctx, tx))
	})
}
