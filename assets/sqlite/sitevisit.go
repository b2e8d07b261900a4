package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"steward/assets"
)

// SiteVisit loads scan scanID (0: the latest scan) for the site visit
// report. Sightings keep each device's latest scan only, so a scan can be
// reported while it is its site's latest; an older one is refused with the
// scan to use instead.
func (s *Store) SiteVisit(ctx context.Context, scanID int64) (_ assets.SiteVisit, err error) {
	defer assets.Wrap(&err, "sqlite.SiteVisit")
	var v assets.SiteVisit
	if scanID == 0 {
		var id sql.NullInt64
		if err := s.read.QueryRowContext(ctx, `SELECT MAX(id) FROM scans`).Scan(&id); err != nil {
			return v, err
		}
		if !id.Valid {
			return v, assets.NotFoundf("no scan is recorded yet: run steward scan first")
		}
		scanID = id.Int64
	}
	var started, finished string
	err = s.read.QueryRowContext(ctx, `SELECT id, site, started, finished FROM scans WHERE id = ?`, scanID).Scan(&v.ScanID, &v.Site, &started, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return v, assets.NotFoundf("there is no scan %d", scanID)
	}
	if err != nil {
		return v, err
	}
	v.Started, v.Finished = parseStamp(started), parseStamp(finished)
	var latest int64
	if err := s.read.QueryRowContext(ctx, `SELECT MAX(id) FROM scans WHERE site = ?`, v.Site).Scan(&latest); err != nil {
		return v, err
	}
	if latest != v.ScanID {
		return v, fmt.Errorf("scan %d is not the latest of site %q (scan %d is): Steward keeps each device's latest sighting, so only a site's latest scan can be reported", v.ScanID, v.Site, latest)
	}
	var prevFinished string
	err = s.read.QueryRowContext(ctx, `SELECT id, finished FROM scans WHERE site = ? AND id < ? ORDER BY id DESC LIMIT 1`, v.Site, v.ScanID).Scan(&v.PrevID, &prevFinished)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return v, err
	default:
		v.PrevFinished = parseStamp(prevFinished)
	}
	if v.Found, err = s.sightingsWhere(ctx, `last_scan = ?`, v.ScanID); err != nil {
		return v, err
	}
	v.New = map[int64]bool{}
	if v.PrevID != 0 {
		for _, sg := range v.Found {
			if sg.FirstSeen.After(v.PrevFinished) {
				v.New[sg.ID] = true
			}
		}
		if v.Missing, err = s.sightingsWhere(ctx, `site = ? AND last_scan = ?`, v.Site, v.PrevID); err != nil {
			return v, err
		}
	}
	return v, nil
}

func (s *Store) sightingsWhere(ctx context.Context, where string, args ...any) ([]assets.Sighting, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+sightingColumns+` FROM sightings WHERE `+where+` ORDER BY class, name, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.Sighting
	for rows.Next() {
		sg, err := scanSighting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}
