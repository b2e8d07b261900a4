package postgres

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// Licences, seats and the installed software their compliance counts: the
// PostgreSQL side of assets/sqlite/licences.go. Compliance itself is
// assets.ComputeCompliance over the counts read here.

const licenceColumns = `l.id, l.product, l.vendor, l.edition, l.licence_key, l.type, l.seats, l.cost, l.currency,
	l.purchase_date, l.renewal_date, l.expiry_date, l.supplier, l.contract_ref, l.notes, l.renews, l.term_months, l.created, l.updated, l.version`

func scanLicence(r rowScanner) (assets.Licence, error) {
	var l assets.Licence
	var typ, purchase, renewal, expiry, created, updated string
	var renews bool
	err := r.Scan(&l.ID, &l.Product, &l.Vendor, &l.Edition, &l.Key, &typ, &l.Seats, &l.Cost.Minor, &l.Cost.Currency,
		&purchase, &renewal, &expiry, &l.Supplier, &l.ContractRef, &l.Notes, &renews, &l.TermMonths, &created, &updated, &l.Version)
	l.NoRenew = !renews
	l.Type = assets.LicenceType(typ)
	l.Purchase, l.Renewal, l.Expiry = parseDate(purchase), parseDate(renewal), parseDate(expiry)
	l.Created, l.Updated = parseStamp(created), parseStamp(updated)
	return l, err
}

// ListLicences returns the licences a query selects, by product, each with
// its compliance.
func (s *Store) ListLicences(ctx context.Context, q assets.LicenceQuery) (_ []assets.LicenceStatus, err error) {
	defer assets.Wrap(&err, "postgres.ListLicences")
	var cond conds
	if t := strings.TrimSpace(q.Search); t != "" {
		like := likeAnywhere(t)
		cond.add("(l.product ILIKE ? OR l.vendor ILIKE ? OR l.edition ILIKE ? OR l.supplier ILIKE ?)", like, like, like, like)
	}
	if q.Vendor != "" {
		cond.add("nocase(l.vendor) = nocase(?)", q.Vendor)
	}
	if q.Type != "" {
		cond.add("l.type = ?", string(q.Type))
	}
	rows, err := s.pool.Query(ctx, "SELECT "+licenceColumns+" FROM licences l"+cond.where()+" ORDER BY nocase(l.product), l.id", cond.args...)
	if err != nil {
		return nil, mapErr(err)
	}
	var list []assets.LicenceStatus
	for rows.Next() {
		l, err := scanLicence(rows)
		if err != nil {
			rows.Close()
			return nil, mapErr(err)
		}
		s.revealKey(&l)
		list = append(list, assets.LicenceStatus{Licence: l})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	if len(list) == 0 {
		return nil, nil
	}
	rules, err := s.complianceRules(ctx, q.AsOf, q.WarnDays)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, ls := range list {
		ls.Covers = rules.covers[ls.ID]
		if ls.Compliance, err = rules.of(ctx, &ls.Licence, ls.Covers); err != nil {
			return nil, err
		}
		if keepLicence(q.Filter, ls.Compliance) {
			out = append(out, ls)
		}
	}
	return out, nil
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

// complianceRules is what licence compliance reads besides the licence,
// loaded once for all licences: seats assigned, the patterns each licence
// covers, and the installed titles with how many assets have each.
type complianceRules struct {
	s        *Store
	assigned map[int64]int
	covers   map[int64][]assets.SoftwarePattern
	titles   []swTitle // nil when no licence names what it covers
	asOf     assets.Date
	warn     int
}

type swTitle struct {
	id              int64
	name, publisher string
	assets          int
}

func (s *Store) complianceRules(ctx context.Context, asOf assets.Date, warnDays int) (*complianceRules, error) {
	r := &complianceRules{s: s, asOf: asOf, warn: warnDays, assigned: map[int64]int{}, covers: map[int64][]assets.SoftwarePattern{}}
	if r.warn <= 0 {
		r.warn = assets.DefaultWarnDays
	}
	rows, err := s.pool.Query(ctx, "SELECT licence_id, count(*) FROM licence_assignments GROUP BY licence_id")
	if err != nil {
		return nil, mapErr(err)
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, mapErr(err)
		}
		r.assigned[id] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	rows, err = s.pool.Query(ctx, "SELECT licence_id, pattern, publisher FROM licence_covers ORDER BY licence_id, id")
	if err != nil {
		return nil, mapErr(err)
	}
	for rows.Next() {
		var id int64
		var p assets.SoftwarePattern
		if err := rows.Scan(&id, &p.Name, &p.Publisher); err != nil {
			rows.Close()
			return nil, mapErr(err)
		}
		r.covers[id] = append(r.covers[id], p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	if len(r.covers) == 0 {
		return r, nil
	}
	rows, err = s.pool.Query(ctx, "SELECT id, name, publisher, installs FROM software_titles WHERE installs > 0")
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	r.titles = []swTitle{}
	for rows.Next() {
		var t swTitle
		if err := rows.Scan(&t.id, &t.name, &t.publisher, &t.assets); err != nil {
			return nil, mapErr(err)
		}
		r.titles = append(r.titles, t)
	}
	return r, mapErr(rows.Err())
}

// of computes l's compliance, with covers the software patterns l names:
// the installed count is the number of distinct assets having a title any
// pattern matches (assets.SoftwarePattern.Matches).
func (r *complianceRules) of(ctx context.Context, l *assets.Licence, covers []assets.SoftwarePattern) (assets.Compliance, error) {
	installed := 0
	if len(covers) > 0 && len(r.titles) > 0 {
		var hits []int64
		n := 0
		for _, t := range r.titles {
			for _, p := range covers {
				if p.Matches(assets.InstalledSoftware{Name: t.name, Publisher: t.publisher}) {
					hits = append(hits, t.id)
					n = t.assets
					break
				}
			}
		}
		switch len(hits) {
		case 0:
		case 1:
			installed = n
		default:
			if err := r.s.pool.QueryRow(ctx, "SELECT count(DISTINCT asset_id) FROM software_installs WHERE title_id = ANY($1)", hits).Scan(&installed); err != nil {
				return assets.Compliance{}, mapErr(err)
			}
		}
	}
	return assets.ComputeCompliance(l, r.assigned[l.ID], installed, r.asOf, r.warn), nil
}

// Licence loads one licence with its cover patterns.
func (s *Store) Licence(ctx context.Context, id int64) (_ assets.Licence, err error) {
	defer assets.Wrap(&err, "postgres.Licence")
	l, err := s.licence(ctx, s.pool, id)
	return l, mapErr(err)
}

func (s *Store) licence(ctx context.Context, q querier, id int64) (assets.Licence, error) {
	l, err := scanLicence(q.QueryRow(ctx, "SELECT "+licenceColumns+" FROM licences l WHERE l.id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return l, assets.NotFoundf("no licence #%d", id)
	}
	if err != nil {
		return l, err
	}
	s.revealKey(&l)
	rows, err := q.Query(ctx, "SELECT pattern, publisher FROM licence_covers WHERE licence_id = $1 ORDER BY id", id)
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
	defer assets.Wrap(&err, "postgres.LicenceCompliance")
	l, err := s.Licence(ctx, id)
	if err != nil {
		return assets.Compliance{}, err
	}
	var assigned int
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM licence_assignments WHERE licence_id = $1", id).Scan(&assigned); err != nil {
		return assets.Compliance{}, mapErr(err)
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
	defer assets.Wrap(&err, "postgres.CreateLicence")
	l.Normalize()
	if err := l.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error { return s.insertLicence(ctx, tx, l, "create") })
}

func (s *Store) insertLicence(ctx context.Context, tx pgx.Tx, l *assets.Licence, action string) error {
	now := s.Now()
	l.Created, l.Updated, l.Version = now, now, 1
	stored, err := s.sealForWrite(ctx, tx, l.Key)
	if err != nil {
		return err
	}
	id, err := newID(ctx, tx, "licences", "licence")
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO licences(id,product,vendor,edition,licence_key,type,seats,cost,currency,
		purchase_date,renewal_date,expiry_date,supplier,contract_ref,notes,renews,term_months,created,updated)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)`,
		id, l.Product, l.Vendor, l.Edition, stored, string(l.Type), l.Seats, l.Cost.Minor, l.Cost.Currency,
		l.Purchase.String(), l.Renewal.String(), l.Expiry.String(), l.Supplier, l.ContractRef, l.Notes, !l.NoRenew, l.TermMonths,
		stamp(now), stamp(now))
	if err != nil {
		return mapErr(err)
	}
	l.ID = id
	if err := writeCovers(ctx, tx, l); err != nil {
		return err
	}
	return s.record(ctx, tx, "licence", l.ID, action, l.Title(), nil)
}

func writeCovers(ctx context.Context, tx pgx.Tx, l *assets.Licence) error {
	if _, err := tx.Exec(ctx, "DELETE FROM licence_covers WHERE licence_id = $1", l.ID); err != nil {
		return err
	}
	for _, c := range l.Covers {
		if _, err := tx.Exec(ctx, "INSERT INTO licence_covers(licence_id,pattern,publisher) VALUES ($1,$2,$3)", l.ID, c.Name, c.Publisher); err != nil {
			return err
		}
	}
	return nil
}

// UpdateLicence saves l's fields, recording each change in history.
func (s *Store) UpdateLicence(ctx context.Context, l *assets.Licence) (err error) {
	defer assets.Wrap(&err, "postgres.UpdateLicence")
	l.Normalize()
	if err := l.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		_, err := s.updateLicence(ctx, tx, l, "update")
		return err
	})
}

func (s *Store) updateLicence(ctx context.Context, tx pgx.Tx, l *assets.Licence, action string) (bool, error) {
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
	l.Created, l.Updated = old.Created, s.Now()
	stored, err := s.sealForWrite(ctx, tx, l.Key)
	if err != nil {
		return false, err
	}
	tag, err := tx.Exec(ctx, `UPDATE licences SET product=$1,vendor=$2,edition=$3,licence_key=$4,type=$5,seats=$6,cost=$7,currency=$8,
		purchase_date=$9,renewal_date=$10,expiry_date=$11,supplier=$12,contract_ref=$13,notes=$14,renews=$15,term_months=$16,updated=$17 WHERE id=$18 AND version=$19`,
		l.Product, l.Vendor, l.Edition, stored, string(l.Type), l.Seats, l.Cost.Minor, l.Cost.Currency,
		l.Purchase.String(), l.Renewal.String(), l.Expiry.String(), l.Supplier, l.ContractRef, l.Notes, !l.NoRenew, l.TermMonths, stamp(l.Updated), l.ID, old.Version)
	if err := written(tag, mapErr(err), "licence", l.ID, old.Version, l, func() (any, int64, []assets.FieldChange, error) {
		theirs, err := s.licence(ctx, tx, l.ID)
		return &theirs, theirs.Version, theirs.ChangesTo(l), err
	}); err != nil {
		return false, err
	}
	l.Version = old.Version + 1
	if err := writeCovers(ctx, tx, l); err != nil {
		return false, err
	}
	return true, s.record(ctx, tx, "licence", l.ID, action, "", changes)
}

// DeleteLicence removes a licence with its seats; history keeps the deletion.
func (s *Store) DeleteLicence(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "postgres.DeleteLicence")
	return s.withTx(ctx, func(tx pgx.Tx) error {
		old, err := s.licence(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM licences WHERE id = $1", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "licence", id, "delete", old.Title(), nil)
	})
}

// seatLabel is how a seat's holder is shown: "Name <email>" or "TAG name".
const seatLabel = `CASE WHEN la.person_id IS NOT NULL THEN p.name || ' <' || p.email || '>' ELSE a.tag || ' ' || a.name END`

// Assignments lists a licence's seats, people first then assets, by label.
func (s *Store) Assignments(ctx context.Context, licenceID int64) (_ []assets.SeatAssignment, err error) {
	defer assets.Wrap(&err, "postgres.Assignments")
	rows, err := s.pool.Query(ctx, `SELECT la.id, la.licence_id, COALESCE(la.person_id,0), COALESCE(la.asset_id,0), `+seatLabel+`, la.assigned, la.note
		FROM licence_assignments la LEFT JOIN people p ON p.id = la.person_id LEFT JOIN assets a ON a.id = la.asset_id
		WHERE la.licence_id = $1 ORDER BY la.person_id IS NULL, nocase(`+seatLabel+`)`, licenceID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.SeatAssignment
	for rows.Next() {
		var a assets.SeatAssignment
		var on string
		if err := rows.Scan(&a.ID, &a.LicenceID, &a.PersonID, &a.AssetID, &a.Label, &on, &a.Note); err != nil {
			return nil, mapErr(err)
		}
		a.Assigned = parseDate(on)
		out = append(out, a)
	}
	return out, mapErr(rows.Err())
}

// AssignSeat gives a seat of a licence to a person or an asset (set exactly
// one of PersonID and AssetID).
func (s *Store) AssignSeat(ctx context.Context, a *assets.SeatAssignment) (err error) {
	defer assets.Wrap(&err, "postgres.AssignSeat")
	if (a.PersonID == 0) == (a.AssetID == 0) {
		return assets.Invalidf("assigned_to", "assign the seat to a person or to an asset")
	}
	if a.Assigned.IsZero() {
		a.Assigned = assets.DateOf(s.Now())
	}
	return s.withTx(ctx, func(tx pgx.Tx) error { return s.assignSeat(ctx, tx, a) })
}

func (s *Store) assignSeat(ctx context.Context, tx pgx.Tx, a *assets.SeatAssignment) error {
	var label string
	var err error
	if a.PersonID != 0 {
		err = tx.QueryRow(ctx, "SELECT name || ' <' || email || '>' FROM people WHERE id = $1", a.PersonID).Scan(&label)
	} else {
		err = tx.QueryRow(ctx, "SELECT tag || ' ' || name FROM assets WHERE id = $1", a.AssetID).Scan(&label)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return assets.NotFoundf("that person or asset is not in the register")
	}
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM licences WHERE id = $1", a.LicenceID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return assets.NotFoundf("no licence #%d", a.LicenceID)
	}
	err = tx.QueryRow(ctx, `INSERT INTO licence_assignments(licence_id,person_id,asset_id,assigned,note) VALUES ($1,$2,$3,$4,$5)
		ON CONFLICT DO NOTHING RETURNING id`,
		a.LicenceID, nullID(a.PersonID), nullID(a.AssetID), a.Assigned.String(), a.Note).Scan(&a.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return assets.Conflictf("assigned_to", "%s already has a seat of this licence", label)
	}
	if err != nil {
		return mapErr(err)
	}
	a.Label = label
	return s.record(ctx, tx, "licence", a.LicenceID, "assign", "", []assets.FieldChange{{Field: "seat", New: label}})
}

// UnassignSeat takes a seat back.
func (s *Store) UnassignSeat(ctx context.Context, assignmentID int64) (err error) {
	defer assets.Wrap(&err, "postgres.UnassignSeat")
	return s.withTx(ctx, func(tx pgx.Tx) error {
		var licenceID int64
		var label string
		err := tx.QueryRow(ctx, `SELECT la.licence_id, `+seatLabel+`
			FROM licence_assignments la LEFT JOIN people p ON p.id = la.person_id LEFT JOIN assets a ON a.id = la.asset_id WHERE la.id = $1`,
			assignmentID).Scan(&licenceID, &label)
		if errors.Is(err, pgx.ErrNoRows) {
			return assets.NotFoundf("that seat is no longer assigned")
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM licence_assignments WHERE id = $1", assignmentID); err != nil {
			return err
		}
		return s.record(ctx, tx, "licence", licenceID, "unassign", "", []assets.FieldChange{{Field: "seat", Old: label}})
	})
}

// Installations lists the installed software a licence's patterns match,
// by asset tag (any ASCII case), name and place in the asset's list.
func (s *Store) Installations(ctx context.Context, licenceID int64) (_ []assets.InstalledSoftware, err error) {
	defer assets.Wrap(&err, "postgres.Installations")
	l, err := s.Licence(ctx, licenceID)
	if err != nil || len(l.Covers) == 0 {
		return nil, err
	}
	// Narrow in SQL by each pattern's literal prefix, then match exactly.
	prefixes := make([]string, 0, len(l.Covers))
	for _, p := range l.Covers {
		prefix := p.Name
		if i := strings.IndexAny(prefix, "*?"); i >= 0 {
			prefix = prefix[:i]
		}
		prefixes = append(prefixes, likeEscaper.Replace(prefix)+"%")
	}
	rows, err := s.pool.Query(ctx, `WITH m AS MATERIALIZED (SELECT id, name, publisher FROM software_titles WHERE name ILIKE ANY($1))
		SELECT sw.asset_id, a.tag, m.name, j.value ->> 1, m.publisher
		FROM asset_software sw JOIN assets a ON a.id = sw.asset_id
		CROSS JOIN LATERAL jsonb_array_elements(sw.titles::jsonb) WITH ORDINALITY AS j(value, n)
		JOIN m ON m.id = (j.value ->> 0)::bigint
		WHERE sw.asset_id IN (SELECT i.asset_id FROM software_installs i JOIN m ON i.title_id = m.id)
		ORDER BY nocase(a.tag), m.name, j.n`, prefixes)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.InstalledSoftware
	for rows.Next() {
		var x assets.InstalledSoftware
		if err := rows.Scan(&x.AssetID, &x.AssetTag, &x.Name, &x.Version, &x.Publisher); err != nil {
			return nil, mapErr(err)
		}
		for _, p := range l.Covers {
			if p.Matches(x) {
				out = append(out, x)
				break
			}
		}
	}
	return out, mapErr(rows.Err())
}

// SetInstalledSoftware replaces what is recorded as installed on an asset.
func (s *Store) SetInstalledSoftware(ctx context.Context, assetID int64, list []assets.InstalledSoftware) (err error) {
	defer assets.Wrap(&err, "postgres.SetInstalledSoftware")
	return s.SetInstalledSoftwareMany(ctx, map[int64][]assets.InstalledSoftware{assetID: list})
}

// SetInstalledSoftwareMany replaces the installed software of many assets
// in one transaction.
func (s *Store) SetInstalledSoftwareMany(ctx context.Context, byAsset map[int64][]assets.InstalledSoftware) (err error) {
	defer assets.Wrap(&err, "postgres.SetInstalledSoftwareMany")
	return s.withTx(ctx, func(tx pgx.Tx) error {
		return setSoftware(ctx, tx, stamp(s.Now()), byAsset)
	})
}
