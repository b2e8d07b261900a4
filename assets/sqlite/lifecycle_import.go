package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"steward/assets"
)

func licenceKey(l *assets.Licence) string {
	return strings.ToLower(l.Product + "\x00" + l.Vendor + "\x00" + l.Edition + "\x00" + l.Purchase.String())
}

// ImportLicences writes every row in one transaction (rolled back for a dry
// run). Rows must be normalised and validated.
func (s *Store) ImportLicences(ctx context.Context, items []assets.LicenceImport, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "sqlite.ImportLicences")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx *sql.Tx) error {
		st = assets.ImportStats{}
		existing := map[string][]int64{}
		rows, err := tx.QueryContext(ctx, "SELECT id, product, vendor, edition, purchase_date FROM licences")
		if err != nil {
			return err
		}
		for rows.Next() {
			var l assets.Licence
			var p string
			if err := rows.Scan(&l.ID, &l.Product, &l.Vendor, &l.Edition, &p); err != nil {
				rows.Close()
				return err
			}
			l.Purchase = parseDate(p)
			existing[licenceKey(&l)] = append(existing[licenceKey(&l)], l.ID)
		}
		rows.Close()
		for i := range items {
			it := &items[i]
			l := it.Licence
			ids := existing[licenceKey(&l)]
			changed := false
			switch len(ids) {
			case 0:
				if err := s.insertLicence(ctx, tx, &l, "import"); err != nil {
					return fmt.Errorf("line %d: %w", it.Line, err)
				}
				existing[licenceKey(&l)] = []int64{l.ID}
				st.Created++
			case 1:
				old, err := s.licence(ctx, tx, ids[0])
				if err != nil {
					return err
				}
				// What the file does not carry keeps its stored value.
				l.ID, l.Renewal, l.Supplier, l.ContractRef, l.Notes = old.ID, old.Renewal, old.Supplier, old.ContractRef, old.Notes
				if l.Key == "" {
					l.Key = old.Key
				}
				if it.KeepRenews {
					l.NoRenew = old.NoRenew
				}
				if it.KeepTerm {
					l.TermMonths = old.TermMonths
				}
				if changed, err = s.updateLicence(ctx, tx, &l, "import"); err != nil {
					return fmt.Errorf("line %d: %w", it.Line, err)
				}
			default:
				return assets.Conflictf("product", "line %d: %d licences have this product, vendor, edition and purchase date; tell them apart by editing them in Steward", it.Line, len(ids))
			}
			if it.SetSeats {
				seatsChanged, err := s.setSeats(ctx, tx, l.ID, it.Seats)
				if err != nil {
					return fmt.Errorf("line %d: %w", it.Line, err)
				}
				changed = changed || seatsChanged
			}
			if len(ids) == 1 {
				st.Saved(changed)
			}
			it.Licence = l
		}
		return nil
	})
	return st, err
}

// setSeats makes a licence's assignments exactly want, recording each
// change; it reports whether anything changed.
func (s *Store) setSeats(ctx context.Context, tx *sql.Tx, licenceID int64, want []assets.SeatAssignment) (bool, error) {
	type key struct{ person, asset int64 }
	have := map[key]int64{}
	rows, err := tx.QueryContext(ctx, "SELECT id, COALESCE(person_id,0), COALESCE(asset_id,0) FROM licence_assignments WHERE licence_id = ?", licenceID)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var id int64
		var k key
		if err := rows.Scan(&id, &k.person, &k.asset); err != nil {
			rows.Close()
			return false, err
		}
		have[k] = id
	}
	rows.Close()
	changed := false
	wanted := map[key]bool{}
	for _, a := range want {
		k := key{a.PersonID, a.AssetID}
		if wanted[k] {
			continue
		}
		wanted[k] = true
		if _, ok := have[k]; ok {
			continue
		}
		a.LicenceID = licenceID
		if a.Assigned.IsZero() {
			a.Assigned = assets.DateOf(s.Now())
		}
		if err := s.assignSeat(ctx, tx, &a); err != nil {
			return false, err
		}
		changed = true
	}
	for k, id := range have {
		if wanted[k] {
			continue
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM licence_assignments WHERE id = ?", id); err != nil {
			return false, err
		}
		if err := s.record(ctx, tx, "licence", licenceID, "unassign", "", []assets.FieldChange{{Field: "seat", Old: fmt.Sprintf("person #%d asset #%d", k.person, k.asset)}}); err != nil {
			return false, err
		}
		changed = true
	}
	return changed, nil
}

// SeatTargets lists each licence's seat holders as e-mails and asset tags
// (for the licences export), in a stable order.
func (s *Store) SeatTargets(ctx context.Context) (_ map[int64][]string, err error) {
	defer assets.Wrap(&err, "sqlite.SeatTargets")
	rows, err := s.read.QueryContext(ctx, `SELECT la.licence_id, COALESCE(p.email, a.tag) FROM licence_assignments la
		LEFT JOIN people p ON p.id = la.person_id LEFT JOIN assets a ON a.id = la.asset_id
		ORDER BY la.licence_id, la.person_id IS NULL, 2 COLLATE NOCASE`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, err
		}
		out[id] = append(out[id], t)
	}
	return out, rows.Err()
}

func contractKey(c *assets.Contract) string {
	if c.Reference != "" {
		return strings.ToLower(c.Provider + "\x00" + c.Reference)
	}
	return strings.ToLower(c.Provider + "\x00\x00" + c.Start.String() + "\x00" + c.End.String())
}

// ImportContracts writes every row in one transaction (rolled back for a
// dry run). An existing contract keeps its kind.
func (s *Store) ImportContracts(ctx context.Context, items []assets.ContractImport, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "sqlite.ImportContracts")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx *sql.Tx) error {
		st = assets.ImportStats{}
		existing := map[string][]int64{}
		rows, err := tx.QueryContext(ctx, "SELECT id, provider, reference, start_date, end_date, kind FROM contracts")
		if err != nil {
			return err
		}
		kinds := map[int64]assets.ContractKind{}
		for rows.Next() {
			var c assets.Contract
			var start, end, kind string
			if err := rows.Scan(&c.ID, &c.Provider, &c.Reference, &start, &end, &kind); err != nil {
				rows.Close()
				return err
			}
			c.Start, c.End = parseDate(start), parseDate(end)
			existing[contractKey(&c)] = append(existing[contractKey(&c)], c.ID)
			kinds[c.ID] = assets.ContractKind(kind)
		}
		rows.Close()
		for i := range items {
			it := &items[i]
			c := it.Contract
			ids := existing[contractKey(&c)]
			switch len(ids) {
			case 0:
				if err := s.insertContract(ctx, tx, &c, "import"); err != nil {
					return fmt.Errorf("line %d: %w", it.Line, err)
				}
				existing[contractKey(&c)] = []int64{c.ID}
				st.Created++
			case 1:
				c.ID, c.Kind = ids[0], kinds[ids[0]] // the file has no kind column
				if err := tx.QueryRowContext(ctx, "SELECT notes FROM contracts WHERE id = ?", c.ID).Scan(&c.Notes); err != nil {
					return err
				}
				changed, err := s.updateContract(ctx, tx, &c, "import")
				if err != nil {
					return fmt.Errorf("line %d: %w", it.Line, err)
				}
				st.Saved(changed)
			default:
				return assets.Conflictf("reference", "line %d: %d contracts match this provider and reference", it.Line, len(ids))
			}
			it.Contract = c
		}
		return nil
	})
	return st, err
}

func taskKey(kind assets.TaskKind, due assets.Date, ids []int64) string {
	sorted := append([]int64(nil), ids...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return fmt.Sprint(kind, due, sorted)
}

// ImportTasks writes every row in one transaction (rolled back for a dry run).
func (s *Store) ImportTasks(ctx context.Context, items []assets.TaskImport, dry bool) (_ assets.ImportStats, err error) {
	defer assets.Wrap(&err, "sqlite.ImportTasks")
	var st assets.ImportStats
	err = s.withTxDry(ctx, dry, func(tx *sql.Tx) error {
		st = assets.ImportStats{}
		existing := map[string][]int64{}
		rows, err := tx.QueryContext(ctx, `SELECT t.id, t.kind, t.due, (SELECT group_concat(asset_id, ';') FROM task_assets WHERE task_id = t.id) FROM tasks t`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var kind, due string
			var ids sql.NullString
			if err := rows.Scan(&id, &kind, &due, &ids); err != nil {
				rows.Close()
				return err
			}
			k := taskKey(assets.TaskKind(kind), parseDate(due), splitIDs(ids.String))
			existing[k] = append(existing[k], id)
		}
		rows.Close()
		for i := range items {
			it := &items[i]
			t := it.Task
			k := taskKey(t.Kind, t.Due, t.AssetIDs)
			ids := existing[k]
			switch len(ids) {
			case 0:
				if err := s.insertTask(ctx, tx, &t, "import"); err != nil {
					return fmt.Errorf("line %d: %w", it.Line, err)
				}
				existing[k] = []int64{t.ID}
				st.Created++
			case 1:
				old, err := s.task(ctx, tx, ids[0])
				if err != nil {
					return err
				}
				t.ID, t.Title, t.PreviousID = old.ID, old.Title, old.PreviousID
				if it.KeepSpend {
					t.Spend = old.Spend
				}
				if t.EveryMonths == old.EveryMonths {
					t.Anchor, t.Occurrence = old.Anchor, old.Occurrence
				}
				if t.Status == old.Status && t.Status == assets.TaskDone {
					t.Completed = old.Completed
				}
				changed, err := s.updateTask(ctx, tx, &t, "import")
				if err != nil {
					return fmt.Errorf("line %d: %w", it.Line, err)
				}
				st.Saved(changed)
			default:
				return assets.Conflictf("asset", "line %d: %d tasks have this kind, due date and assets", it.Line, len(ids))
			}
			it.Task = t
		}
		return nil
	})
	return st, err
}
