package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// Network scans and sightings, beside assets/sqlite/sightings.go and
// sitevisit.go. Which asset a device is, is assets.MatchSighting's decision
// over the candidates read here.

const sightingColumns = `id, device_id, COALESCE(asset_id, 0), name, hostname, class, os, vendor, model, serial, uuid, mac,
	addresses, services, interface, subnet, site, first_seen, last_seen`

func scanSighting(r rowScanner, extra ...any) (assets.Sighting, error) {
	var s assets.Sighting
	var addrs, svcs, first, last string
	err := r.Scan(append([]any{&s.ID, &s.DeviceID, &s.AssetID, &s.Name, &s.HostName, &s.Class, &s.OS, &s.Vendor, &s.Model, &s.Serial,
		&s.UUID, &s.MAC, &addrs, &svcs, &s.Interface, &s.Subnet, &s.Site, &first, &last}, extra...)...)
	_ = json.Unmarshal([]byte(addrs), &s.Addresses)
	_ = json.Unmarshal([]byte(svcs), &s.Services)
	s.FirstSeen, s.LastSeen = parseStamp(first), parseStamp(last)
	return s, err
}

// jsonList is a list of strings as SQLite's jsonList writes it.
func jsonList(l []string) string {
	if l == nil {
		l = []string{}
	}
	b, _ := json.Marshal(l)
	return string(b)
}

func sightingsOf(ctx context.Context, q querier, sql string, args ...any) ([]assets.Sighting, error) {
	return queryRows(ctx, q, func(r rowScanner) (assets.Sighting, error) { return scanSighting(r) }, sql, args...)
}

// RecordScan stores one scan's sightings in a single transaction. A device
// already known (by its ID, else MAC, UUID, serial or host name) is updated,
// never duplicated; a device without an asset is matched to one by
// assets.MatchSighting.
func (s *Store) RecordScan(ctx context.Context, info assets.ScanInfo, list []assets.Sighting) (_ assets.ScanOutcome, err error) {
	defer assets.Wrap(&err, "postgres.RecordScan")
	var out assets.ScanOutcome
	site := strings.TrimSpace(info.Site)
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		out = assets.ScanOutcome{}
		err := tx.QueryRow(ctx, `INSERT INTO scans(started, finished, interfaces, site, devices) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
			stamp(info.Started), stamp(info.Finished), strings.Join(info.Interfaces, ","), site, len(list)).Scan(&out.ScanID)
		if err != nil {
			return err
		}
		for _, sg := range list {
			sg.Normalize()
			sg.Site = site
			if sg.LastSeen.IsZero() {
				sg.LastSeen = info.Finished
			}
			if sg.FirstSeen.IsZero() {
				sg.FirstSeen = sg.LastSeen
			}
			if err := upsertSighting(ctx, tx, &sg, out.ScanID); err != nil {
				return err
			}
			if sg.AssetID == 0 {
				if a, ok, err := matchSightingAsset(ctx, tx, sg); err != nil {
					return err
				} else if ok {
					sg.AssetID = a.ID
					out.Matched++
					if _, err := tx.Exec(ctx, `UPDATE sightings SET asset_id = $1 WHERE id = $2`, a.ID, sg.ID); err != nil {
						return err
					}
				}
			}
			if sg.AssetID != 0 {
				out.Known++
			} else {
				out.New = append(out.New, sg)
			}
		}
		out.Missing, err = sightingsOf(ctx, tx, `SELECT `+sightingColumns+` FROM sightings WHERE site = $1 AND last_scan <> $2 ORDER BY last_seen DESC, id`, site, out.ScanID)
		return err
	})
	return out, err
}

// upsertSighting finds the row for sg and updates it, or inserts one. It
// sets sg.ID, sg.AssetID (kept from the row) and sg.FirstSeen.
func upsertSighting(ctx context.Context, tx pgx.Tx, sg *assets.Sighting, scanID int64) error {
	var id, assetID int64
	var first string
	found := false
	for _, k := range []struct{ col, val string }{{"device_id", sg.DeviceID}, {"mac", sg.MAC}, {"uuid", sg.UUID}, {"serial", sg.Serial}, {"hostname", sg.HostName}} {
		if k.val == "" {
			continue
		}
		err := tx.QueryRow(ctx, `SELECT id, COALESCE(asset_id, 0), first_seen FROM sightings WHERE `+k.col+` = $1 ORDER BY id LIMIT 1 FOR UPDATE`, k.val).Scan(&id, &assetID, &first)
		if err == nil {
			found = true
			break
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
	}
	if found {
		// The device ID may get better (a MAC learned later); if another
		// row already holds the new ID, keep this row's.
		_, err := tx.Exec(ctx, `UPDATE sightings SET
			device_id = CASE WHEN EXISTS (SELECT 1 FROM sightings o WHERE o.device_id = $1 AND o.id <> $2) THEN device_id ELSE $1 END,
			name = $3, hostname = CASE WHEN $4 <> '' THEN $4 ELSE hostname END, class = $5,
			os = CASE WHEN $6 <> '' THEN $6 ELSE os END, vendor = CASE WHEN $7 <> '' THEN $7 ELSE vendor END,
			model = CASE WHEN $8 <> '' THEN $8 ELSE model END, serial = CASE WHEN $9 <> '' THEN $9 ELSE serial END,
			uuid = CASE WHEN $10 <> '' THEN $10 ELSE uuid END, mac = CASE WHEN $11 <> '' THEN $11 ELSE mac END,
			addresses = $12, services = $13, interface = $14, subnet = $15, site = $16, last_seen = $17, last_scan = $18
			WHERE id = $2`,
			sg.DeviceID, id, sg.Name, sg.HostName, sg.Class, sg.OS, sg.Vendor, sg.Model, sg.Serial, sg.UUID, sg.MAC,
			jsonList(sg.Addresses), jsonList(sg.Services), sg.Interface, sg.Subnet, sg.Site, stamp(sg.LastSeen), scanID)
		if err != nil {
			return err
		}
		sg.ID, sg.AssetID, sg.FirstSeen = id, assetID, parseStamp(first)
		return nil
	}
	return tx.QueryRow(ctx, `INSERT INTO sightings(device_id, name, hostname, class, os, vendor, model, serial, uuid, mac,
		addresses, services, interface, subnet, site, first_seen, last_seen, last_scan)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) RETURNING id`,
		sg.DeviceID, sg.Name, sg.HostName, sg.Class, sg.OS, sg.Vendor, sg.Model, sg.Serial, sg.UUID, sg.MAC,
		jsonList(sg.Addresses), jsonList(sg.Services), sg.Interface, sg.Subnet, sg.Site, stamp(sg.FirstSeen), stamp(sg.LastSeen), scanID).Scan(&sg.ID)
}

// matchSightingAsset loads the assets sharing an identifier with sg (the
// serial in any of assets.SerialSpellings, the rest as stored, as SQLite's
// store does) and applies the domain's matching rule.
func matchSightingAsset(ctx context.Context, q querier, sg assets.Sighting) (assets.Asset, bool, error) {
	short := strings.TrimSuffix(sg.HostName, ".local")
	serial, uuid := assets.SerialSpellings(nonEmpty(sg.Serial)), assets.SerialSpellings(nonEmpty(sg.UUID))
	cands, err := queryAssets(ctx, q, "SELECT "+assetColumns+assetFrom+` WHERE (a.mac <> '' AND a.mac = $1)
		OR (a.serial <> '' AND a.serial IN ($2, $3, $4, $5, $6, $7))
		OR (a.hostname <> '' AND a.hostname IN ($8, $9, $9 || '.local')) ORDER BY a.id LIMIT 50`,
		sg.MAC, serial[0], serial[1], serial[2], uuid[0], uuid[1], uuid[2], nonEmpty(sg.HostName), nonEmpty(short))
	if err != nil {
		return assets.Asset{}, false, err
	}
	a, _, ok := assets.MatchSighting(sg, cands)
	return a, ok, nil
}

// nonEmpty maps "" to a value no column holds, so empty keys match
// nothing (PostgreSQL text cannot hold the NUL SQLite's nonEmpty uses).
func nonEmpty(s string) string {
	if s == "" {
		return "\x01\x02"
	}
	return s
}

// Sightings lists what discovery has seen, newest first, with each row's
// state: missing (not in its site's latest scan, registered or not), else
// known (has an asset), else new.
func (s *Store) Sightings(ctx context.Context, q assets.SightingQuery) (_ []assets.Sighting, _ []assets.SightingState, err error) {
	defer assets.Wrap(&err, "postgres.Sightings")
	rows, err := s.pool.Query(ctx, `SELECT `+sightingColumns+`,
		CASE WHEN last_scan IS DISTINCT FROM (SELECT max(id) FROM scans WHERE scans.site = sightings.site) THEN 'missing'
		     WHEN asset_id IS NOT NULL THEN 'known'
		     ELSE 'new' END AS state
		FROM sightings WHERE ($1 = '' OR site = $1) ORDER BY last_seen DESC, id`, q.Site)
	if err != nil {
		return nil, nil, mapErr(err)
	}
	defer rows.Close()
	var list []assets.Sighting
	var states []assets.SightingState
	for rows.Next() {
		var state string
		sg, err := scanSighting(rows, &state)
		if err != nil {
			return nil, nil, mapErr(err)
		}
		st := assets.SightingState(state)
		if q.State != "" && st != q.State {
			continue
		}
		list = append(list, sg)
		states = append(states, st)
	}
	return list, states, mapErr(rows.Err())
}

// UnknownDevices counts devices seen in their site's latest scan that are
// not in the register (for the dashboard).
func (s *Store) UnknownDevices(ctx context.Context) (_ int, err error) {
	defer assets.Wrap(&err, "postgres.UnknownDevices")
	var n int
	err = s.pool.QueryRow(ctx, `SELECT count(*) FROM sightings WHERE asset_id IS NULL
		AND last_scan = (SELECT max(id) FROM scans WHERE scans.site = sightings.site)`).Scan(&n)
	return n, mapErr(err)
}

// LinkSighting ties a sighting to an asset. The asset gets the device's MAC
// and host name where it has none, so the next scan matches it by itself.
func (s *Store) LinkSighting(ctx context.Context, sightingID, assetID int64) (err error) {
	defer assets.Wrap(&err, "postgres.LinkSighting")
	return s.withTx(ctx, func(tx pgx.Tx) error {
		sg, err := scanSighting(tx.QueryRow(ctx, `SELECT `+sightingColumns+` FROM sightings WHERE id = $1 FOR UPDATE`, sightingID))
		if errors.Is(err, pgx.ErrNoRows) {
			return assets.NotFoundf("no sighting %d", sightingID)
		} else if err != nil {
			return err
		}
		a, err := assetWhere(ctx, tx, "a.id = $1", assetID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE sightings SET asset_id = $1 WHERE id = $2`, assetID, sightingID); err != nil {
			return err
		}
		changed := false
		if a.MAC == "" && sg.MAC != "" {
			a.MAC, changed = sg.MAC, true
		}
		if a.HostName == "" && sg.HostName != "" {
			a.HostName, changed = strings.TrimSuffix(sg.HostName, ".local"), true
		}
		if !changed {
			return nil
		}
		a.Normalize()
		if err := a.Validate(); err != nil {
			return err
		}
		return s.updateAsset(ctx, tx, &a, "update")
	})
}

// SiteVisit loads scan scanID (0: the latest scan) for the site visit
// report. Sightings keep each device's latest scan only, so a scan can be
// reported while it is its site's latest; an older one is refused with the
// scan to use instead.
func (s *Store) SiteVisit(ctx context.Context, scanID int64) (_ assets.SiteVisit, err error) {
	defer assets.Wrap(&err, "postgres.SiteVisit")
	var v assets.SiteVisit
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		v = assets.SiteVisit{}
		if _, err := tx.Exec(ctx, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"); err != nil {
			return err
		}
		id := scanID
		if id == 0 {
			var max *int64
			if err := tx.QueryRow(ctx, `SELECT max(id) FROM scans`).Scan(&max); err != nil {
				return err
			}
			if max == nil {
				return assets.NotFoundf("no scan is recorded yet: run steward scan first")
			}
			id = *max
		}
		var started, finished string
		err := tx.QueryRow(ctx, `SELECT id, site, started, finished FROM scans WHERE id = $1`, id).Scan(&v.ScanID, &v.Site, &started, &finished)
		if errors.Is(err, pgx.ErrNoRows) {
			return assets.NotFoundf("there is no scan %d", id)
		}
		if err != nil {
			return err
		}
		v.Started, v.Finished = parseStamp(started), parseStamp(finished)
		var latest int64
		if err := tx.QueryRow(ctx, `SELECT max(id) FROM scans WHERE site = $1`, v.Site).Scan(&latest); err != nil {
			return err
		}
		if latest != v.ScanID {
			return fmt.Errorf("scan %d is not the latest of site %q (scan %d is): Steward keeps each device's latest sighting, so only a site's latest scan can be reported", v.ScanID, v.Site, latest)
		}
		var prevFinished string
		err = tx.QueryRow(ctx, `SELECT id, finished FROM scans WHERE site = $1 AND id < $2 ORDER BY id DESC LIMIT 1`, v.Site, v.ScanID).Scan(&v.PrevID, &prevFinished)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return err
		default:
			v.PrevFinished = parseStamp(prevFinished)
		}
		if v.Found, err = sightingsWhere(ctx, tx, `last_scan = $1`, v.ScanID); err != nil {
			return err
		}
		v.New = map[int64]bool{}
		if v.PrevID != 0 {
			for _, sg := range v.Found {
				if sg.FirstSeen.After(v.PrevFinished) {
					v.New[sg.ID] = true
				}
			}
			if v.Missing, err = sightingsWhere(ctx, tx, `site = $1 AND last_scan = $2`, v.Site, v.PrevID); err != nil {
				return err
			}
		}
		return nil
	})
	return v, err
}

// sightingsWhere lists sightings by class, name and id (byte order, as
// SQLite's BINARY).
func sightingsWhere(ctx context.Context, q querier, where string, args ...any) ([]assets.Sighting, error) {
	return sightingsOf(ctx, q, `SELECT `+sightingColumns+` FROM sightings WHERE `+where+` ORDER BY class, name, id`, args...)
}
