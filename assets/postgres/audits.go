package postgres

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// Stocktakes (audits), beside assets/sqlite/audits.go. What a scan is
// (assets.ScanTag, assets.ClassifyScan), what an audit found
// (assets.ReconcileAudit), which assets are expected (assets.Status.Active)
// and the network cross-check (assets.SameVisit, assets.CrossCheck) are the
// domain's; this file reads and writes the rows.

// StartAudit opens a stocktake of the locations. Each location is spelled
// as the register spells it when one matches (case and spaces aside), so
// the expected list and the scans agree; a location no asset uses yet is
// kept as typed (a new room is audited empty).
func (s *Store) StartAudit(ctx context.Context, locations []string, auditor string) (_ assets.Audit, err error) {
	defer assets.Wrap(&err, "postgres.StartAudit")
	known, err := s.Locations(ctx)
	if err != nil {
		return assets.Audit{}, err
	}
	var locs []string
	for _, l := range locations {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		for _, k := range known {
			if assets.SameLocation(k, l) {
				l = k
				break
			}
		}
		dup := false
		for _, have := range locs {
			dup = dup || assets.SameLocation(have, l)
		}
		if !dup {
			locs = append(locs, l)
		}
	}
	if len(locs) == 0 {
		return assets.Audit{}, assets.Invalidf("location", "name at least one location to audit")
	}
	if strings.TrimSpace(auditor) == "" {
		auditor = s.Actor
	}
	a := assets.Audit{Locations: locs, Auditor: strings.TrimSpace(auditor), Started: s.Now().UTC()}
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO audits(auditor, started) VALUES ($1, $2) RETURNING id`, a.Auditor, stamp(a.Started)).Scan(&a.ID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO audit_locations(audit_id, position, location)
			SELECT $1, n - 1, l FROM unnest($2::text[]) WITH ORDINALITY AS u(l, n)`, a.ID, locs)
		return err
	})
	return a, err
}

// Audit loads one audit.
func (s *Store) Audit(ctx context.Context, id int64) (_ assets.Audit, err error) {
	defer assets.Wrap(&err, "postgres.Audit")
	return audit(ctx, s.pool, id)
}

func audit(ctx context.Context, q querier, id int64) (assets.Audit, error) {
	list, err := audits(ctx, q, `WHERE id = $1`, id)
	if err != nil {
		return assets.Audit{}, err
	}
	if len(list) == 0 {
		return assets.Audit{}, assets.NotFoundf("there is no audit %d", id)
	}
	return list[0], nil
}

// Audits lists the audits, newest first: unfinished ones only when open is
// true (those a stocktake can resume).
func (s *Store) Audits(ctx context.Context, open bool) (_ []assets.Audit, err error) {
	defer assets.Wrap(&err, "postgres.Audits")
	where := ""
	if open {
		where = `WHERE finished = ''`
	}
	return audits(ctx, s.pool, where+` ORDER BY id DESC LIMIT 200`)
}

func audits(ctx context.Context, q querier, where string, args ...any) ([]assets.Audit, error) {
	rows, err := q.Query(ctx, `SELECT id, auditor, started, finished, applied,
		ARRAY(SELECT location FROM audit_locations l WHERE l.audit_id = audits.id ORDER BY position)
		FROM audits `+where, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.Audit
	for rows.Next() {
		var a assets.Audit
		var started, finished, applied string
		if err := rows.Scan(&a.ID, &a.Auditor, &started, &finished, &applied, &a.Locations); err != nil {
			return nil, mapErr(err)
		}
		if a.Locations == nil {
			a.Locations = []string{}
		}
		a.Started, a.Finished, a.Applied = parseStamp(started), parseStamp(finished), parseStamp(applied)
		out = append(out, a)
	}
	return out, mapErr(rows.Err())
}

// ExpectedAssets lists what should be at the audit's locations: the active
// assets registered there, by location (byte order) and tag (any case).
func (s *Store) ExpectedAssets(ctx context.Context, a assets.Audit) (_ []assets.Asset, err error) {
	defer assets.Wrap(&err, "postgres.ExpectedAssets")
	return expectedAssets(ctx, s.pool, a)
}

func expectedAssets(ctx context.Context, q querier, a assets.Audit) ([]assets.Asset, error) {
	if len(a.Locations) == 0 {
		return nil, nil
	}
	out, err := queryAssets(ctx, q, "SELECT "+assetColumns+assetFrom+` WHERE a.location = ANY($1::text[])
		AND a.status = ANY($2::text[]) ORDER BY a.location, nocase(a.tag)`, a.Locations, activeStatuses())
	return out, mapErr(err)
}

// AddAuditScan records one scanned code at location and says at once what
// it is: found here, found but registered elsewhere, unknown, or already
// scanned. Every scan is kept (duplicates too), so an interrupted audit
// resumes where it stopped.
func (s *Store) AddAuditScan(ctx context.Context, auditID int64, location, code string) (_ assets.AuditScan, err error) {
	defer assets.Wrap(&err, "postgres.AddAuditScan")
	sc := assets.AuditScan{Code: code, Tag: assets.ScanTag(code), Location: strings.TrimSpace(location)}
	if sc.Tag == "" {
		return sc, assets.Invalidf("code", "the scan was empty: scan a label or type an asset tag")
	}
	if len(sc.Tag) > 200 {
		return sc, assets.Invalidf("code", "%q is too long for an asset tag", sc.Tag[:40]+"…")
	}
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		// The audit's row is locked: two scanners of one audit take
		// turns, so "already scanned" is never missed.
		var finished string
		err := tx.QueryRow(ctx, `SELECT finished FROM audits WHERE id = $1 FOR UPDATE`, auditID).Scan(&finished)
		if errors.Is(err, pgx.ErrNoRows) {
			return assets.NotFoundf("there is no audit %d", auditID)
		}
		if err != nil {
			return err
		}
		if finished != "" {
			return assets.Invalidf("audit", "audit %d was finished on %s: start a new one to scan again", auditID, parseStamp(finished).Local().Format("2006-01-02 15:04"))
		}
		var loc string
		err = tx.QueryRow(ctx, `SELECT location FROM audit_locations WHERE audit_id = $1 AND nocase(location) = nocase($2) ORDER BY position LIMIT 1`, auditID, sc.Location).Scan(&loc)
		if errors.Is(err, pgx.ErrNoRows) {
			return assets.Invalidf("location", "%q is not one of this audit's locations", sc.Location)
		}
		if err != nil {
			return err
		}
		sc.Location = loc
		var dup bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM audit_scans WHERE audit_id = $1 AND nocase(tag) = nocase($2))`, auditID, sc.Tag).Scan(&dup); err != nil {
			return err
		}
		var as assets.Asset
		found := true
		err = tx.QueryRow(ctx, `SELECT id, tag, name, location FROM assets WHERE nocase(tag) = nocase($1)`, sc.Tag).Scan(&as.ID, &as.Tag, &as.Name, &as.Location)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			found = false
		case err != nil:
			return err
		default:
			sc.Tag, sc.AssetID, sc.AssetName, sc.Registered = as.Tag, as.ID, as.Name, as.Location
		}
		sc.Result = assets.ClassifyScan(sc.Tag, sc.Location, as, found, map[string]bool{strings.ToUpper(sc.Tag): dup})
		sc.At = s.Now().UTC()
		return tx.QueryRow(ctx, `INSERT INTO audit_scans(audit_id, at, code, tag, location, result, asset_id, asset_name, registered)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`, auditID, stamp(sc.At), code, sc.Tag, sc.Location, string(sc.Result),
			nullID(sc.AssetID), sc.AssetName, sc.Registered).Scan(&sc.ID)
	})
	return sc, err
}

// AuditScans lists an audit's scans in the order they were made.
func (s *Store) AuditScans(ctx context.Context, auditID int64) (_ []assets.AuditScan, err error) {
	defer assets.Wrap(&err, "postgres.AuditScans")
	out, err := auditScans(ctx, s.pool, auditID)
	return out, mapErr(err)
}

func auditScans(ctx context.Context, q querier, auditID int64) ([]assets.AuditScan, error) {
	rows, err := q.Query(ctx, `SELECT id, at, code, tag, location, result, COALESCE(asset_id, 0), asset_name, registered
		FROM audit_scans WHERE audit_id = $1 ORDER BY id`, auditID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.AuditScan
	for rows.Next() {
		var sc assets.AuditScan
		var at, result string
		if err := rows.Scan(&sc.ID, &at, &sc.Code, &sc.Tag, &sc.Location, &result, &sc.AssetID, &sc.AssetName, &sc.Registered); err != nil {
			return nil, err
		}
		sc.At, sc.Result = parseStamp(at), assets.ScanResult(result)
		out = append(out, sc)
	}
	return out, rows.Err()
}

// AuditProgress is an audit's result so far: the expected list against the
// scans, without finishing it (the screen's live list).
func (s *Store) AuditProgress(ctx context.Context, a assets.Audit) (_ assets.AuditResult, err error) {
	defer assets.Wrap(&err, "postgres.AuditProgress")
	res, err := auditProgress(ctx, s.pool, a)
	return res, mapErr(err)
}

func auditProgress(ctx context.Context, q querier, a assets.Audit) (assets.AuditResult, error) {
	expected, err := expectedAssets(ctx, q, a)
	if err != nil {
		return assets.AuditResult{}, err
	}
	scans, err := auditScans(ctx, q, a.ID)
	if err != nil {
		return assets.AuditResult{}, err
	}
	// The assets the scans found (one query), for their network
	// identity; one deleted since it was scanned is left out.
	found, err := queryAssets(ctx, q, "SELECT "+assetColumns+assetFrom+
		` WHERE a.id IN (SELECT asset_id FROM audit_scans WHERE audit_id = $1 AND asset_id IS NOT NULL)`, a.ID)
	if err != nil {
		return assets.AuditResult{}, err
	}
	byID := map[int64]assets.Asset{}
	for _, x := range found {
		byID[x.ID] = x
	}
	return assets.ReconcileAudit(a, expected, scans, func(id int64) (assets.Asset, bool) { x, ok := byID[id]; return x, ok }), nil
}

// FinishAudit closes the audit: its result (found, missing, moved, unknown)
// is kept as it stands now, and every asset found gets today as its
// last-audited date. Moves are not applied: see ApplyAuditMoves.
func (s *Store) FinishAudit(ctx context.Context, auditID int64) (_ assets.AuditResult, err error) {
	defer assets.Wrap(&err, "postgres.FinishAudit")
	var res assets.AuditResult
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		// Locked first, so no scan lands between the result and the close.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM audits WHERE id = $1 FOR UPDATE`, auditID); err != nil {
			return err
		}
		a, err := audit(ctx, tx, auditID)
		if err != nil {
			return err
		}
		if !a.Open() {
			return assets.Invalidf("audit", "audit %d is already finished", auditID)
		}
		if res, err = auditProgress(ctx, tx, a); err != nil {
			return err
		}
		now := s.Now()
		res.Audit.Finished = now.UTC()
		today := assets.Today(now).String()
		if _, err := tx.Exec(ctx, `UPDATE audits SET finished = $1 WHERE id = $2`, stamp(res.Audit.Finished), auditID); err != nil {
			return err
		}
		rows := make([][]any, len(res.Lines))
		var seen []int64
		for i, l := range res.Lines {
			rows[i] = []any{auditID, int32(i), string(l.Outcome), nullID(l.AssetID), l.Tag, l.Name, l.Registered, l.Location, l.Serial, l.MAC, l.HostName}
			if l.AssetID != 0 && (l.Outcome == assets.OutcomeFound || l.Outcome == assets.OutcomeMoved) {
				seen = append(seen, l.AssetID)
			}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"audit_results"},
			[]string{"audit_id", "position", "outcome", "asset_id", "tag", "name", "registered", "location", "serial", "mac", "hostname"},
			pgx.CopyFromRows(rows)); err != nil {
			return err
		}
		if len(seen) > 0 {
			if _, err := tx.Exec(ctx, `UPDATE assets SET last_audited = $1 WHERE id = ANY($2::bigint[])`, today, seen); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// AuditResult loads a finished audit's result as it was kept, or an open
// audit's progress.
func (s *Store) AuditResult(ctx context.Context, auditID int64) (_ assets.AuditResult, err error) {
	defer assets.Wrap(&err, "postgres.AuditResult")
	res, err := auditResult(ctx, s.pool, auditID)
	return res, mapErr(err)
}

func auditResult(ctx context.Context, q querier, auditID int64) (assets.AuditResult, error) {
	a, err := audit(ctx, q, auditID)
	if err != nil {
		return assets.AuditResult{}, err
	}
	if a.Open() {
		return auditProgress(ctx, q, a)
	}
	res := assets.AuditResult{Audit: a}
	if err := q.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE result = $2) FROM audit_scans WHERE audit_id = $1`,
		auditID, string(assets.ScanDuplicate)).Scan(&res.Scans, &res.Dupes); err != nil {
		return res, err
	}
	rows, err := q.Query(ctx, `SELECT outcome, COALESCE(asset_id, 0), tag, name, registered, location, serial, mac, hostname
		FROM audit_results WHERE audit_id = $1 ORDER BY position`, auditID)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	for rows.Next() {
		var l assets.AuditLine
		var outcome string
		if err := rows.Scan(&outcome, &l.AssetID, &l.Tag, &l.Name, &l.Registered, &l.Location, &l.Serial, &l.MAC, &l.HostName); err != nil {
			return res, err
		}
		l.Outcome = assets.AuditOutcome(outcome)
		res.Lines = append(res.Lines, l)
	}
	return res, rows.Err()
}

// ApplyAuditMoves writes a finished audit's moves to the register in one
// transaction: each asset found at another location than registered gets
// that location, with a history row ("audit", location: old -> new). An
// audit's moves are applied once; it returns how many assets moved.
func (s *Store) ApplyAuditMoves(ctx context.Context, auditID int64) (_ int, err error) {
	defer assets.Wrap(&err, "postgres.ApplyAuditMoves")
	moved := 0
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		moved = 0
		if _, err := tx.Exec(ctx, `SELECT 1 FROM audits WHERE id = $1 FOR UPDATE`, auditID); err != nil {
			return err
		}
		res, err := auditResult(ctx, tx, auditID)
		if err != nil {
			return err
		}
		if res.Audit.Open() {
			return assets.Invalidf("audit", "finish audit %d before applying its moves", auditID)
		}
		applied := stamp(s.Now()) // read before the check, as SQLite's does
		if !res.Audit.Applied.IsZero() {
			return assets.Invalidf("audit", "the moves of audit %d were applied already", auditID)
		}
		if _, err := tx.Exec(ctx, `UPDATE audits SET applied = $1 WHERE id = $2`, applied, auditID); err != nil {
			return err
		}
		now := stamp(s.Now())
		for _, l := range res.Moves() {
			var old string
			err := tx.QueryRow(ctx, `SELECT location FROM assets WHERE id = $1 FOR UPDATE`, l.AssetID).Scan(&old)
			if errors.Is(err, pgx.ErrNoRows) {
				continue // deleted since the audit
			}
			if err != nil {
				return err
			}
			if old == l.Location {
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE assets SET location = $1, updated = $2 WHERE id = $3`, l.Location, now, l.AssetID); err != nil {
				return err
			}
			if err := s.record(ctx, tx, "asset", l.AssetID, "audit", "", []assets.FieldChange{{Field: "location", Old: old, New: l.Location}}); err != nil {
				return err
			}
			moved++
		}
		return nil
	})
	return moved, err
}

// AuditNetwork cross-checks each audited location with the network scan of
// that site (a scan's site named as the location, any ASCII case) from the
// same visit, when there is one: its latest scan, if it ran within a day of
// the audit.
func (s *Store) AuditNetwork(ctx context.Context, res assets.AuditResult) (_ []assets.NetworkCheck, err error) {
	defer assets.Wrap(&err, "postgres.AuditNetwork")
	var out []assets.NetworkCheck
	for _, loc := range res.Audit.Locations {
		var id int64
		var finished string
		err := s.pool.QueryRow(ctx, `SELECT id, finished FROM scans WHERE nocase(site) = nocase($1) ORDER BY id DESC LIMIT 1`, loc).Scan(&id, &finished)
		if errors.Is(err, pgx.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, mapErr(err)
		}
		at := parseStamp(finished)
		if !assets.SameVisit(at, res.Audit.Started, res.Audit.Finished, s.Now()) {
			continue
		}
		seen, err := sightingsWhere(ctx, s.pool, `last_scan = $1`, id)
		if err != nil {
			return nil, mapErr(err)
		}
		var lines []assets.AuditLine
		for _, l := range res.Lines {
			if assets.SameLocation(l.Location, loc) {
				lines = append(lines, l)
			}
		}
		nc := assets.CrossCheck(loc, lines, seen)
		nc.ScanID, nc.ScanAt = id, at
		out = append(out, nc)
	}
	return out, nil
}

// SetAuditInterval sets how often a category's assets are due for an audit
// (months; 0: never). The category is named by its code or its label (any
// ASCII case).
func (s *Store) SetAuditInterval(ctx context.Context, category string, months int) (err error) {
	defer assets.Wrap(&err, "postgres.SetAuditInterval")
	if err := assets.ValidateAuditInterval(months); err != nil {
		return err
	}
	name := assets.NormalizeCategory(category)
	return s.withTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE categories SET audit_interval_months = $1 WHERE name = $2 OR nocase(label) = nocase($3)`, months, name, strings.TrimSpace(category))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return assets.NotFoundf("there is no category %q", category)
		}
		return nil
	})
}

// AuditIntervals maps each category code to its audit interval in months
// (categories without one are left out).
func (s *Store) AuditIntervals(ctx context.Context) (_ map[string]int, err error) {
	defer assets.Wrap(&err, "postgres.AuditIntervals")
	rows, err := s.pool.Query(ctx, `SELECT name, audit_interval_months FROM categories WHERE audit_interval_months > 0`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, mapErr(err)
		}
		out[name] = n
	}
	return out, mapErr(rows.Err())
}
