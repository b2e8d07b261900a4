package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"steward/assets"
)

// ImportInventory attaches a report to the asset it describes (matched by
// assets.MatchMachine: serial, UUID, MAC, host name) or creates an asset for
// it, fills the asset's empty fields from it, records the changes since the
// previous report in the asset's history, and keeps the report. One
// transaction; with dry set everything is done and rolled back.
func (s *Store) ImportInventory(ctx context.Context, in assets.InventoryImport, dry bool) (_ assets.InventoryResult, err error) {
	defer assets.Wrap(&err, "sqlite.ImportInventory")
	res, errs, err := s.ImportInventories(ctx, []assets.InventoryImport{in}, dry)
	if err != nil {
		return assets.InventoryResult{}, err
	}
	return res[0], errs[0]
}

// ImportInventories imports many reports in one transaction: one commit
// instead of one per report, which made bulk imports several times slower.
// Each report gets its own savepoint, so one that cannot be attached
// (errs[i]) leaves the others in. err is for the transaction as a whole.
func (s *Store) ImportInventories(ctx context.Context, list []assets.InventoryImport, dry bool) (results []assets.InventoryResult, errs []error, err error) {
	defer assets.Wrap(&err, "sqlite.ImportInventories")
	// The statements run under a context that is never cancelled, and
	// cancellation is checked between reports (a cancelled batch rolls
	// back whole). With a cancellable context go-sqlite3 runs every
	// statement on a goroutine of its own and waits for it: the command
	// line's context (interrupt-aware) made an import of 1,000 reports
	// about 1.5 times slower than the same import called without one.
	outer := ctx
	ctx = context.WithoutCancel(ctx)
	err = s.withTxDry(outer, dry, func(tx *sql.Tx) error {
		results, errs = make([]assets.InventoryResult, len(list)), make([]error, len(list))
		sw := newSoftwareBatch()
		for i, in := range list {
			if err := outer.Err(); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "SAVEPOINT inventory_report"); err != nil {
				return err
			}
			sw.titles.mark()
			var newest bool
			results[i], newest, errs[i] = s.importInventoryTx(ctx, tx, in)
			if errs[i] == nil && newest {
				// The latest report's software is what licence
				// compliance counts; written with the batch, below.
				errs[i] = sw.set(ctx, tx, results[i].AssetID, stamp(in.CollectedAt), in.Software)
			}
			if errs[i] != nil {
				errs[i] = mapErr(errs[i])
				if _, err := tx.ExecContext(ctx, "ROLLBACK TO inventory_report"); err != nil {
					return err
				}
				sw.titles.rollback()
			}
			if _, err := tx.ExecContext(ctx, "RELEASE inventory_report"); err != nil {
				return err
			}
		}
		return sw.write(ctx, tx)
	})
	return results, errs, err
}

// importInventoryTx stores one report; newest says the report is now the
// asset's latest, whose software the caller records.
func (s *Store) importInventoryTx(ctx context.Context, tx *sql.Tx, in assets.InventoryImport) (res assets.InventoryResult, newest bool, err error) {
	res, err = s.importInventoryReport(ctx, tx, in)
	return res, err == nil && !res.Duplicate && !res.Older, err
}

func (s *Store) importInventoryReport(ctx context.Context, tx *sql.Tx, in assets.InventoryImport) (assets.InventoryResult, error) {
	var res assets.InventoryResult
	if len(in.Report) == 0 || in.CollectedAt.IsZero() {
		return res, assets.Invalidf("report", "an inventory report needs its JSON and its collection time")
	}
	if err := in.Facts.Validate(in.Software); err != nil {
		return res, err
	}
	cands, err := inventoryCandidates(ctx, tx, in.Facts)
	if err != nil {
		return res, err
	}
	m := assets.MatchMachine(in.Facts, cands)
	if len(m.Ambiguous) > 0 {
		return res, ambiguousMatch(ctx, tx, m)
	}
	collected := stamp(in.CollectedAt)
	var a assets.Asset
	if m.AssetID == 0 {
		a = assets.NewAssetFromFacts(in.Facts)
		a.Normalize()
		if err := a.Validate(); err != nil {
			return res, err
		}
		if err := s.insertAsset(ctx, tx, &a, "create"); err != nil {
			return res, err
		}
		res.Created = true
	} else {
		if a, err = s.assetWhere(ctx, tx, "a.id = ?", m.AssetID); err != nil {
			return res, err
		}
		res.MatchedBy = m.By
		var dup int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM inventory_reports WHERE asset_id = ? AND collected_at = ?`, a.ID, collected).Scan(&dup)
		if err != nil {
			return res, err
		}
		if dup > 0 {
			res.AssetID, res.Tag, res.Name, res.Duplicate = a.ID, a.Tag, a.Name, true
			return res, nil
		}
		var prev []byte
		var prevAt string
		err = tx.QueryRowContext(ctx, `SELECT report, collected_at FROM inventory_reports WHERE asset_id = ?
		ORDER BY collected_at DESC, id DESC LIMIT 1`, a.ID).Scan(&prev, &prevAt)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return res, err
		case prevAt > collected:
			// An old file imported late: history only; the asset and
			// its software stay as the newest report says.
			res.Older = true
		default:
			if in.Changes != nil {
				res.Changes = in.Changes(prev)
			}
		}
		if !res.Older {
			before := a
			assets.FillAssetFromFacts(&a, in.Facts)
			a.Normalize()
			if err := a.Validate(); err != nil {
				return res, err
			}
			res.Updated = assets.Changes(before, a)
			if len(res.Updated) > 0 {
				if err := s.updateAsset(ctx, tx, &a, "inventory"); err != nil {
					return res, err
				}
			}
		}
	}
	res.AssetID, res.Tag, res.Name = a.ID, a.Tag, a.Name

	_, err = tx.ExecContext(ctx, `INSERT INTO inventory_reports(asset_id, collected_at, imported_at, source, schema_version, hostname, serial, uuid, os, report)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, a.ID, collected, stamp(s.Now()), in.Source, in.SchemaVersion,
		in.Facts.HostName, strings.TrimSpace(in.Facts.Serial), strings.ToLower(strings.TrimSpace(in.Facts.UUID)), in.Facts.OS, string(in.Report))
	if err != nil {
		return res, err
	}
	summary := "report collected " + in.CollectedAt.UTC().Format("2006-01-02 15:04") + " UTC"
	if in.Source != "" {
		summary += " from " + in.Source
	}
	if err := s.record(ctx, tx, "asset", a.ID, "inventory", summary, nil); err != nil {
		return res, err
	}
	for _, c := range res.Changes {
		action := "inventory_change"
		if c.HardwareRemoved {
			action = "hardware_removed"
		}
		if err := s.record(ctx, tx, "asset", a.ID, action, c.Text, nil); err != nil {
			return res, err
		}
	}
	return res, nil
}

// inventoryCandidates finds the assets that share a key with the report,
// each key through its index: one SELECT per key joined by UNION ALL, each
// with the not-empty condition its partial index has. Written as one WHERE
// of ORs, SQLite scanned the whole assets table for every report (it cannot
// use a partial index for "serial IN (?, ?)" alone), which on a register of
// 100,000 assets made each report cost a full scan.
func inventoryCandidates(ctx context.Context, tx *sql.Tx, f assets.MachineFacts) ([]assets.MatchCandidate, error) {
	var parts []string
	var args []any
	if s := strings.TrimSpace(f.Serial); s != "" {
		parts = append(parts, "SELECT id FROM assets WHERE serial IN (?, ?) AND serial <> ''")
		args = append(args, s, strings.ToUpper(s))
	}
	var macs []string
	for _, m := range f.MACs {
		if n, err := assets.NormalizeMAC(m); err == nil {
			macs = append(macs, n)
		}
	}
	if len(macs) > 0 {
		parts = append(parts, "SELECT id FROM assets WHERE mac IN (?"+strings.Repeat(",?", len(macs)-1)+") AND mac <> ''")
		for _, m := range macs {
			args = append(args, m)
		}
	}
	if h := strings.ToLower(strings.TrimSpace(f.HostName)); h != "" {
		if i := strings.IndexByte(h, '.'); i > 0 {
			h = h[:i]
		}
		// The short name, or any FQDN starting with it (an index range).
		parts = append(parts, "SELECT id FROM assets WHERE hostname = ? AND hostname <> ''",
			"SELECT id FROM assets WHERE hostname >= ? AND hostname < ? AND hostname <> ''")
		args = append(args, h, h+".", h+"/")
	}
	uuid := strings.ToLower(strings.TrimSpace(f.UUID))
	if uuid != "" {
		parts = append(parts, "SELECT asset_id FROM inventory_reports WHERE uuid = ? AND uuid <> ''")
		args = append(args, uuid)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, serial, mac, hostname,
		EXISTS (SELECT 1 FROM inventory_reports r WHERE r.asset_id = assets.id AND r.uuid = ? AND r.uuid <> '')
		FROM assets WHERE id IN (`+strings.Join(parts, " UNION ALL ")+`) ORDER BY id`, append([]any{uuid}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.MatchCandidate
	for rows.Next() {
		var c assets.MatchCandidate
		var hasUUID bool
		if err := rows.Scan(&c.ID, &c.Serial, &c.MAC, &c.HostName, &hasUUID); err != nil {
			return nil, err
		}
		if hasUUID {
			c.UUIDs = []string{uuid}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func ambiguousMatch(ctx context.Context, tx *sql.Tx, m assets.Match) error {
	var tags []string
	for _, id := range m.Ambiguous {
		var tag string
		if err := tx.QueryRowContext(ctx, "SELECT tag FROM assets WHERE id = ?", id).Scan(&tag); err != nil {
			return err
		}
		tags = append(tags, tag)
	}
	return &assets.Error{Kind: assets.KindConflict, Msg: fmt.Sprintf("the report matches %d assets by %s (%s); nothing was attached: give the assets distinct %ss, or remove the duplicate", len(tags), m.By, strings.Join(tags, ", "), m.By)}
}

// InventoryReports lists an asset's stored reports, newest first.
func (s *Store) InventoryReports(ctx context.Context, assetID int64) (_ []assets.InventoryReportInfo, err error) {
	defer assets.Wrap(&err, "sqlite.InventoryReports")
	rows, err := s.read.QueryContext(ctx, `SELECT id, asset_id, collected_at, imported_at, source, hostname, os
		FROM inventory_reports WHERE asset_id = ? ORDER BY collected_at DESC, id DESC`, assetID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.InventoryReportInfo
	for rows.Next() {
		var r assets.InventoryReportInfo
		var collected, imported string
		if err := rows.Scan(&r.ID, &r.AssetID, &collected, &imported, &r.Source, &r.HostName, &r.OS); err != nil {
			return nil, err
		}
		r.CollectedAt, r.ImportedAt = parseStamp(collected), parseStamp(imported)
		out = append(out, r)
	}
	return out, rows.Err()
}

// InventoryReportJSON returns one stored report as the collector wrote it.
func (s *Store) InventoryReportJSON(ctx context.Context, reportID int64) (_ []byte, err error) {
	defer assets.Wrap(&err, "sqlite.InventoryReportJSON")
	var b []byte
	err = s.read.QueryRowContext(ctx, "SELECT report FROM inventory_reports WHERE id = ?", reportID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, assets.NotFoundf("no inventory report %d", reportID)
	}
	return b, err
}

// LatestInventoryJSON returns the asset's newest report.
func (s *Store) LatestInventoryJSON(ctx context.Context, assetID int64) (_ []byte, err error) {
	defer assets.Wrap(&err, "sqlite.LatestInventoryJSON")
	var b []byte
	err = s.read.QueryRowContext(ctx, `SELECT report FROM inventory_reports WHERE asset_id = ?
		ORDER BY collected_at DESC, id DESC LIMIT 1`, assetID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, assets.NotFoundf("asset %d has no inventory report", assetID)
	}
	return b, err
}

// AssetSoftware lists the software of an asset's latest report whose name
// contains text (any case; empty lists all), by name.
func (s *Store) AssetSoftware(ctx context.Context, assetID int64, text string) (_ []assets.InstalledSoftware, err error) {
	defer assets.Wrap(&err, "sqlite.AssetSoftware")
	pattern := "%" + escapeLike(strings.TrimSpace(text)) + "%"
	rows, err := s.read.QueryContext(ctx, `SELECT a.id, a.tag, t.name, j.value ->> 1, t.publisher
		FROM asset_software sw JOIN assets a ON a.id = sw.asset_id, json_each(sw.titles) j
		JOIN software_titles t ON t.id = j.value ->> 0
		WHERE sw.asset_id = ? AND t.name LIKE ? ESCAPE '\' ORDER BY t.name COLLATE NOCASE, 4, j.key`, assetID, pattern)
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
		out = append(out, x)
	}
	return out, rows.Err()
}
