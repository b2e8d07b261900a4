package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// Inventory reports, beside assets/sqlite/inventory.go. Which asset a
// report belongs to is assets.MatchMachine's decision over the candidates
// read here; what a report fills in is assets.FillAssetFromFacts.

// ImportInventory attaches a report to the asset it describes or creates
// an asset for it (see ImportInventories). With dry set everything is done
// and rolled back.
func (s *Store) ImportInventory(ctx context.Context, in assets.InventoryImport, dry bool) (_ assets.InventoryResult, err error) {
	defer assets.Wrap(&err, "postgres.ImportInventory")
	res, errs, err := s.ImportInventories(ctx, []assets.InventoryImport{in}, dry)
	if err != nil {
		return assets.InventoryResult{}, err
	}
	return res[0], errs[0]
}

// ImportInventories imports many reports in one transaction, each in a
// savepoint of its own, so that one that cannot be attached (errs[i])
// leaves the others in. err is for the transaction as a whole.
func (s *Store) ImportInventories(ctx context.Context, list []assets.InventoryImport, dry bool) (results []assets.InventoryResult, errs []error, err error) {
	defer assets.Wrap(&err, "postgres.ImportInventories")
	err = s.withTxDry(ctx, dry, func(tx pgx.Tx) error {
		results, errs = make([]assets.InventoryResult, len(list)), make([]error, len(list))
		for i, in := range list {
			sp, err := tx.Begin(ctx)
			if err != nil {
				return err
			}
			var newest bool
			results[i], newest, errs[i] = s.importInventoryReport(ctx, sp, in)
			if errs[i] == nil && newest {
				// The latest report's software is what licence
				// compliance counts.
				errs[i] = setSoftware(ctx, sp, stamp(in.CollectedAt), map[int64][]assets.InstalledSoftware{results[i].AssetID: in.Software})
			}
			if errs[i] != nil {
				errs[i] = mapErr(errs[i])
				if err := sp.Rollback(ctx); err != nil {
					return err
				}
				continue
			}
			if err := sp.Commit(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	return results, errs, err
}

// importInventoryReport stores one report; newest says the report is now
// the asset's latest, whose software the caller records.
func (s *Store) importInventoryReport(ctx context.Context, tx pgx.Tx, in assets.InventoryImport) (res assets.InventoryResult, newest bool, err error) {
	if len(in.Report) == 0 || in.CollectedAt.IsZero() {
		return res, false, assets.Invalidf("report", "an inventory report needs its JSON and its collection time")
	}
	if err := in.Facts.Validate(in.Software); err != nil {
		return res, false, err
	}
	cands, err := inventoryCandidates(ctx, tx, in.Facts)
	if err != nil {
		return res, false, err
	}
	m := assets.MatchMachine(in.Facts, cands)
	if len(m.Ambiguous) > 0 {
		return res, false, inventoryAmbiguous(ctx, tx, m)
	}
	collected := stamp(in.CollectedAt)
	var a assets.Asset
	if m.AssetID == 0 {
		a = assets.NewAssetFromFacts(in.Facts)
		a.Normalize()
		if err := a.Validate(); err != nil {
			return res, false, err
		}
		if err := s.insertAsset(ctx, tx, &a, "create"); err != nil {
			return res, false, err
		}
		res.Created = true
	} else {
		// The asset's row is locked: two reports of one machine at once
		// take turns.
		if a, err = assetWhere(ctx, tx, "a.id = $1 FOR UPDATE OF a", m.AssetID); err != nil {
			return res, false, err
		}
		res.MatchedBy = m.By
		var dup bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM inventory_reports WHERE asset_id = $1 AND collected_at = $2)`, a.ID, collected).Scan(&dup); err != nil {
			return res, false, err
		}
		if dup {
			res.AssetID, res.Tag, res.Name, res.Duplicate = a.ID, a.Tag, a.Name, true
			return res, false, nil
		}
		var prev, prevAt string
		err := tx.QueryRow(ctx, `SELECT report, collected_at FROM inventory_reports WHERE asset_id = $1
			ORDER BY collected_at DESC, id DESC LIMIT 1`, a.ID).Scan(&prev, &prevAt)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return res, false, err
		case prevAt > collected:
			// An old file imported late: history only; the asset and
			// its software stay as the newest report says.
			res.Older = true
		default:
			if in.Changes != nil {
				res.Changes = in.Changes([]byte(prev))
			}
		}
		if !res.Older {
			before := a
			assets.FillAssetFromFacts(&a, in.Facts)
			a.Normalize()
			if err := a.Validate(); err != nil {
				return res, false, err
			}
			res.Updated = assets.Changes(before, a)
			if len(res.Updated) > 0 {
				if err := s.updateAsset(ctx, tx, &a, "inventory"); err != nil {
					return res, false, err
				}
			}
		}
	}
	res.AssetID, res.Tag, res.Name = a.ID, a.Tag, a.Name

	_, err = tx.Exec(ctx, `INSERT INTO inventory_reports(asset_id, collected_at, imported_at, source, schema_version, hostname, serial, uuid, os, report)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`, a.ID, collected, stamp(s.Now()), in.Source, in.SchemaVersion,
		in.Facts.HostName, strings.TrimSpace(in.Facts.Serial), strings.ToLower(strings.TrimSpace(in.Facts.UUID)), in.Facts.OS, string(in.Report))
	if err != nil {
		return res, false, err
	}
	summary := "report collected " + in.CollectedAt.UTC().Format("2006-01-02 15:04") + " UTC"
	if in.Source != "" {
		summary += " from " + in.Source
	}
	if err := s.record(ctx, tx, "asset", a.ID, "inventory", summary, nil); err != nil {
		return res, false, err
	}
	for _, c := range res.Changes {
		action := "inventory_change"
		if c.HardwareRemoved {
			action = "hardware_removed"
		}
		if err := s.record(ctx, tx, "asset", a.ID, action, c.Text, nil); err != nil {
			return res, false, err
		}
	}
	return res, !res.Older, nil
}

// inventoryCandidates finds the assets that share a key with the report
// (serial in its own or upper case, a MAC, the short host name or an FQDN
// starting with it, a UUID of an earlier report), each key through its
// partial index, for assets.MatchMachine.
func inventoryCandidates(ctx context.Context, tx pgx.Tx, f assets.MachineFacts) ([]assets.MatchCandidate, error) {
	uuid := strings.ToLower(strings.TrimSpace(f.UUID))
	args := []any{uuid}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	var parts []string
	if s := strings.TrimSpace(f.Serial); s != "" {
		parts = append(parts, "SELECT id FROM assets WHERE serial IN ("+arg(s)+", "+arg(strings.ToUpper(s))+") AND serial <> ''")
	}
	var macs []string
	for _, m := range f.MACs {
		if n, err := assets.NormalizeMAC(m); err == nil {
			macs = append(macs, n)
		}
	}
	if len(macs) > 0 {
		parts = append(parts, "SELECT id FROM assets WHERE mac = ANY("+arg(macs)+"::text[]) AND mac <> ''")
	}
	if h := strings.ToLower(strings.TrimSpace(f.HostName)); h != "" {
		if i := strings.IndexByte(h, '.'); i > 0 {
			h = h[:i]
		}
		// The short name, or any FQDN starting with it (an index range).
		parts = append(parts, "SELECT id FROM assets WHERE hostname = "+arg(h)+" AND hostname <> ''",
			"SELECT id FROM assets WHERE hostname >= "+arg(h+".")+" AND hostname < "+arg(h+"/")+" AND hostname <> ''")
	}
	if uuid != "" {
		parts = append(parts, "SELECT asset_id FROM inventory_reports WHERE uuid = $1 AND uuid <> ''")
	}
	if len(parts) == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `SELECT id, serial, mac, hostname,
		EXISTS (SELECT 1 FROM inventory_reports r WHERE r.asset_id = assets.id AND r.uuid = $1 AND r.uuid <> '')
		FROM assets WHERE id IN (`+strings.Join(parts, " UNION ALL ")+`) ORDER BY id`, args...)
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

func inventoryAmbiguous(ctx context.Context, tx pgx.Tx, m assets.Match) error {
	var tags []string
	for _, id := range m.Ambiguous {
		var tag string
		if err := tx.QueryRow(ctx, "SELECT tag FROM assets WHERE id = $1", id).Scan(&tag); err != nil {
			return err
		}
		tags = append(tags, tag)
	}
	return &assets.Error{Kind: assets.KindConflict, Msg: fmt.Sprintf("the report matches %d assets by %s (%s); nothing was attached: give the assets distinct %ss, or remove the duplicate", len(tags), m.By, strings.Join(tags, ", "), m.By)}
}

// InventoryReports lists an asset's stored reports, newest first.
func (s *Store) InventoryReports(ctx context.Context, assetID int64) (_ []assets.InventoryReportInfo, err error) {
	defer assets.Wrap(&err, "postgres.InventoryReports")
	rows, err := s.pool.Query(ctx, `SELECT id, asset_id, collected_at, imported_at, source, hostname, os
		FROM inventory_reports WHERE asset_id = $1 ORDER BY collected_at DESC, id DESC`, assetID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.InventoryReportInfo
	for rows.Next() {
		var r assets.InventoryReportInfo
		var collected, imported string
		if err := rows.Scan(&r.ID, &r.AssetID, &collected, &imported, &r.Source, &r.HostName, &r.OS); err != nil {
			return nil, mapErr(err)
		}
		r.CollectedAt, r.ImportedAt = parseStamp(collected), parseStamp(imported)
		out = append(out, r)
	}
	return out, mapErr(rows.Err())
}

// InventoryReportJSON returns one stored report as the collector wrote it.
func (s *Store) InventoryReportJSON(ctx context.Context, reportID int64) (_ []byte, err error) {
	defer assets.Wrap(&err, "postgres.InventoryReportJSON")
	var b string
	err = s.pool.QueryRow(ctx, "SELECT report FROM inventory_reports WHERE id = $1", reportID).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, assets.NotFoundf("no inventory report %d", reportID)
	}
	if err != nil {
		return nil, mapErr(err)
	}
	return []byte(b), nil
}

// LatestInventoryJSON returns the asset's newest report.
func (s *Store) LatestInventoryJSON(ctx context.Context, assetID int64) (_ []byte, err error) {
	defer assets.Wrap(&err, "postgres.LatestInventoryJSON")
	var b string
	err = s.pool.QueryRow(ctx, `SELECT report FROM inventory_reports WHERE asset_id = $1
		ORDER BY collected_at DESC, id DESC LIMIT 1`, assetID).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, assets.NotFoundf("asset %d has no inventory report", assetID)
	}
	if err != nil {
		return nil, mapErr(err)
	}
	return []byte(b), nil
}

// AssetSoftware lists the software of an asset's latest report whose name
// contains text (ASCII letters in any case; empty lists all), by name
// (SQLite's NOCASE), version, then the list's order.
func (s *Store) AssetSoftware(ctx context.Context, assetID int64, text string) (_ []assets.InstalledSoftware, err error) {
	defer assets.Wrap(&err, "postgres.AssetSoftware")
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.tag, t.name, j.e ->> 1, t.publisher
		FROM asset_software sw JOIN assets a ON a.id = sw.asset_id
		CROSS JOIN LATERAL jsonb_array_elements(sw.titles::jsonb) WITH ORDINALITY AS j(e, n)
		JOIN software_titles t ON t.id = (j.e ->> 0)::bigint
		WHERE sw.asset_id = $1 AND t.name ILIKE $2 ESCAPE '\'
		ORDER BY nocase(t.name), (j.e ->> 1) COLLATE "C", j.n`, assetID, likeAnywhere(strings.TrimSpace(text)))
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
		out = append(out, x)
	}
	return out, mapErr(rows.Err())
}
