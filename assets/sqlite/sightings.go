package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"steward/assets"
)

const sightingColumns = `id, device_id, COALESCE(asset_id, 0), name, hostname, class, os, vendor, model, serial, uuid, mac,
	addresses, services, interface, subnet, site, first_seen, last_seen`

func scanSighting(r scanner) (assets.Sighting, error) {
	var s assets.Sighting
	var addrs, svcs, first, last string
	err := r.Scan(&s.ID, &s.DeviceID, &s.AssetID, &s.Name, &s.HostName, &s.Class, &s.OS, &s.Vendor, &s.Model, &s.Serial,
		&s.UUID, &s.MAC, &addrs, &svcs, &s.Interface, &s.Subnet, &s.Site, &first, &last)
	_ = json.Unmarshal([]byte(addrs), &s.Addresses)
	_ = json.Unmarshal([]byte(svcs), &s.Services)
	s.FirstSeen, s.LastSeen = parseStamp(first), parseStamp(last)
	return s, err
}

func jsonList(l []string) string {
	if l == nil {
		l = []string{}
	}
	b, _ := json.Marshal(l)
	return string(b)
}

// RecordScan stores one scan's sightings in a single transaction. A device
// already known (by its ID, else MAC, UUID, serial or host name) is updated,
// never duplicated; a device without an asset is matched to one by MAC,
// serial/UUID, then host name (assets.MatchSighting).
func (s *Store) RecordScan(ctx context.Context, info assets.ScanInfo, list []assets.Sighting) (_ assets.ScanOutcome, err error) {
	defer assets.Wrap(&err, "sqlite.RecordScan")
	var out assets.ScanOutcome
	site := strings.TrimSpace(info.Site)
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO scans(started, finished, interfaces, site, devices) VALUES (?,?,?,?,?)`,
			stamp(info.Started), stamp(info.Finished), strings.Join(info.Interfaces, ","), site, len(list))
		if err != nil {
			return err
		}
		if out.ScanID, err = res.LastInsertId(); err != nil {
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
			if err := s.upsertSighting(ctx, tx, &sg, out.ScanID); err != nil {
				return err
			}
			if sg.AssetID == 0 {
				if a, _, ok, err := s.matchAsset(ctx, tx, sg); err != nil {
					return err
				} else if ok {
					sg.AssetID = a.ID
					out.Matched++
					if _, err := tx.ExecContext(ctx, `UPDATE sightings SET asset_id = ? WHERE id = ?`, a.ID, sg.ID); err != nil {
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
		rows, err := tx.QueryContext(ctx, `SELECT `+sightingColumns+` FROM sightings WHERE site = ? AND last_scan <> ? ORDER BY last_seen DESC, id`, site, out.ScanID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			sg, err := scanSighting(rows)
			if err != nil {
				return err
			}
			out.Missing = append(out.Missing, sg)
		}
		return rows.Err()
	})
	return out, err
}

// upsertSighting finds the row for sg and updates it, or inserts one. It
// sets sg.ID, sg.AssetID (kept from the row) and sg.FirstSeen.
func (s *Store) upsertSighting(ctx context.Context, tx *sql.Tx, sg *assets.Sighting, scanID int64) error {
	var id, assetID int64
	var first string
	found := false
	for _, k := range []struct{ col, val string }{{"device_id", sg.DeviceID}, {"mac", sg.MAC}, {"uuid", sg.UUID}, {"serial", sg.Serial}, {"hostname", sg.HostName}} {
		if k.val == "" {
			continue
		}
		err := tx.QueryRowContext(ctx, `SELECT id, COALESCE(asset_id, 0), first_seen FROM sightings WHERE `+k.col+` = ? ORDER BY id LIMIT 1`, k.val).Scan(&id, &assetID, &first)
		if err == nil {
			found = true
			break
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	if found {
		// The device ID may get better (a MAC learned later); if another
		// row already holds the new ID, keep this row's.
		if _, err := tx.ExecContext(ctx, `UPDATE sightings SET
			device_id = CASE WHEN EXISTS (SELECT 1 FROM sightings WHERE device_id = ?1 AND id <> ?2) THEN device_id ELSE ?1 END,
			name = ?3, hostname = CASE WHEN ?4 <> '' THEN ?4 ELSE hostname END, class = ?5,
			os = CASE WHEN ?6 <> '' THEN ?6 ELSE os END, vendor = CASE WHEN ?7 <> '' THEN ?7 ELSE vendor END,
			model = CASE WHEN ?8 <> '' THEN ?8 ELSE model END, serial = CASE WHEN ?9 <> '' THEN ?9 ELSE serial END,
			uuid = CASE WHEN ?10 <> '' THEN ?10 ELSE uuid END, mac = CASE WHEN ?11 <> '' THEN ?11 ELSE mac END,
			addresses = ?12, services = ?13, interface = ?14, subnet = ?15, site = ?16, last_seen = ?17, last_scan = ?18
			WHERE id = ?2`,
			sg.DeviceID, id, sg.Name, sg.HostName, sg.Class, sg.OS, sg.Vendor, sg.Model, sg.Serial, sg.UUID, sg.MAC,
			jsonList(sg.Addresses), jsonList(sg.Services), sg.Interface, sg.Subnet, sg.Site, stamp(sg.LastSeen), scanID); err != nil {
			return err
		}
		sg.ID, sg.AssetID, sg.FirstSeen = id, assetID, parseStamp(first)
		return nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO sightings(device_id, name, hostname, class, os, vendor, model, serial, uuid, mac,
		addresses, services, interface, subnet, site, first_seen, last_seen, last_scan) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		sg.DeviceID, sg.Name, sg.HostName, sg.Class, sg.OS, sg.Vendor, sg.Model, sg.Serial, sg.UUID, sg.MAC,
		jsonList(sg.Addresses), jsonList(sg.Services), sg.Interface, sg.Subnet, sg.Site, stamp(sg.FirstSeen), stamp(sg.LastSeen), scanID)
	if err != nil {
		return err
	}
	sg.ID, err = res.LastInsertId()
	return err
}

// matchAsset loads the assets sharing an identifier with sg and applies the
// domain's matching rule.
func (s *Store) matchAsset(ctx context.Context, q interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}, sg assets.Sighting) (assets.Asset, string, bool, error) {
	short := strings.TrimSuffix(sg.HostName, ".local")
	serial, uuid := assets.SerialSpellings(nonEmpty(sg.Serial)), assets.SerialSpellings(nonEmpty(sg.UUID))
	rows, err := q.QueryContext(ctx, "SELECT "+assetColumns+assetFrom+` WHERE (a.mac <> '' AND a.mac = ?1)
		OR (a.serial <> '' AND a.serial IN (?2, ?3, ?4, ?5, ?6, ?7))
		OR (a.hostname <> '' AND a.hostname IN (?8, ?9, ?9 || '.local')) LIMIT 50`,
		sg.MAC, serial[0], serial[1], serial[2], uuid[0], uuid[1], uuid[2], nonEmpty(sg.HostName), nonEmpty(short))
	if err != nil {
		return assets.Asset{}, "", false, err
	}
	defer rows.Close()
	var cands []assets.Asset
	for rows.Next() {
		a, err := scanAsset(rows)
		if err != nil {
			return assets.Asset{}, "", false, err
		}
		cands = append(cands, a)
	}
	if err := rows.Err(); err != nil {
		return assets.Asset{}, "", false, err
	}
	a, field, ok := assets.MatchSighting(sg, cands)
	return a, field, ok, nil
}

// nonEmpty maps "" to a value no column holds, so empty keys match nothing.
func nonEmpty(s string) string {
	if s == "" {
		return "\x00"
	}
	return s
}

// Sightings lists what discovery has seen, newest first, with each row's
// state: missing (not in its site's latest scan, registered or not), else
// known (has an asset), else new.
func (s *Store) Sightings(ctx context.Context, q assets.SightingQuery) (_ []assets.Sighting, _ []assets.SightingState, err error) {
	defer assets.Wrap(&err, "sqlite.Sightings")
	rows, err := s.read.QueryContext(ctx, `SELECT `+sightingColumns+`,
		CASE WHEN last_scan <> (SELECT MAX(id) FROM scans WHERE scans.site = sightings.site) THEN 'missing'
		     WHEN asset_id IS NOT NULL THEN 'known'
		     ELSE 'new' END AS state
		FROM sightings WHERE (?1 = '' OR site = ?1) ORDER BY last_seen DESC, id`, q.Site)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var list []assets.Sighting
	var states []assets.SightingState
	for rows.Next() {
		var sg assets.Sighting
		var addrs, svcs, first, last, state string
		if err := rows.Scan(&sg.ID, &sg.DeviceID, &sg.AssetID, &sg.Name, &sg.HostName, &sg.Class, &sg.OS, &sg.Vendor, &sg.Model, &sg.Serial,
			&sg.UUID, &sg.MAC, &addrs, &svcs, &sg.Interface, &sg.Subnet, &sg.Site, &first, &last, &state); err != nil {
			return nil, nil, err
		}
		_ = json.Unmarshal([]byte(addrs), &sg.Addresses)
		_ = json.Unmarshal([]byte(svcs), &sg.Services)
		sg.FirstSeen, sg.LastSeen = parseStamp(first), parseStamp(last)
		st := assets.SightingState(state)
		if q.State != "" && st != q.State {
			continue
		}
		list = append(list, sg)
		states = append(states, st)
	}
	return list, states, rows.Err()
}

// UnknownDevices counts devices seen in their site's latest scan that are
// not in the register (for the dashboard).
func (s *Store) UnknownDevices(ctx context.Context) (_ int, err error) {
	defer assets.Wrap(&err, "sqlite.UnknownDevices")
	var n int
	err = s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM sightings WHERE asset_id IS NULL
		AND last_scan = (SELECT MAX(id) FROM scans WHERE scans.site = sightings.site)`).Scan(&n)
	return n, err
}

// LinkSighting ties a sighting to an asset. The asset gets the device's MAC
// and host name where it has none, so the next scan matches it by itself.
func (s *Store) LinkSighting(ctx context.Context, sightingID, assetID int64) (err error) {
	defer assets.Wrap(&err, "sqlite.LinkSighting")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		sg, err := scanSighting(tx.QueryRowContext(ctx, `SELECT `+sightingColumns+` FROM sightings WHERE id = ?`, sightingID))
		if errors.Is(err, sql.ErrNoRows) {
			return assets.NotFoundf("no sighting %d", sightingID)
		} else if err != nil {
			return err
		}
		a, err := s.assetWhere(ctx, tx, "a.id = ?", assetID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sightings SET asset_id = ? WHERE id = ?`, assetID, sightingID); err != nil {
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
