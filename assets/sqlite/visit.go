package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"

	"steward/assets"
	"steward/assets/safefile"
)

// visitField is one merged field of a record: a column, a column holding
// another record's id (read and written as that record's global id), or an
// asset's set of contracts or licences (their global ids, sorted).
type visitField struct {
	name string
	col  string
	ref  string // table the column points into
	set  string // "contracts" or "licences"
}

// visitEntity is a table whose records a bundle carries and merges field
// by field.
type visitEntity struct {
	entity, table, key string
	fields             []visitField
	observed           map[string]bool
	label              string   // SQL over t: what a person recognises
	extra              []string // columns copied when a record is added, not merged
}

func plain(cols ...string) []visitField {
	out := make([]visitField, len(cols))
	for i, c := range cols {
		out[i] = visitField{name: c, col: c}
	}
	return out
}

// visitEntities in merge order: what a record points to comes first.
var visitEntities = []visitEntity{
	{entity: "category", table: "categories", key: "name", label: "t.name",
		fields: plain("label", "refresh_years", "replacement_cost", "replacement_currency", "audit_interval_months"),
		extra:  []string{"name"}},
	{entity: "person", table: "people", key: "id", label: "t.email",
		fields: append(plain("name", "email", "department", "title", "location", "start_date", "leave_date", "status"),
			visitField{name: "manager", col: "manager_id", ref: "people"}),
		extra: []string{"created", "updated"}},
	{entity: "contract", table: "contracts", key: "id", label: "t.provider || CASE WHEN t.reference <> '' THEN ' ' || t.reference ELSE '' END",
		fields: plain("kind", "provider", "reference", "level", "start_date", "end_date", "cost", "currency", "notes"),
		extra:  []string{"created", "updated"}},
	{entity: "licence", table: "licences", key: "id", label: "t.product",
		fields: plain("product", "vendor", "edition", "type", "seats", "cost", "currency", "purchase_date", "renewal_date",
			"expiry_date", "supplier", "contract_ref", "notes", "renews", "term_months"),
		extra: []string{"created", "updated"}},
	{entity: "asset", table: "assets", key: "id", label: "t.tag",
		fields: append(append(plain("tag", "name", "category", "manufacturer", "model", "serial", "status", "location"),
			visitField{name: "holder", col: "assigned_to", ref: "people"}),
			append(plain("purchase_date", "cost", "currency", "supplier", "notes", "os", "eol_date", "hostname", "mac", "last_audited"),
				visitField{name: "contracts", set: "contracts"}, visitField{name: "licences", set: "licences"})...),
		// What the visit saw on site wins over the office's record of it.
		observed: map[string]bool{"location": true, "last_audited": true, "os": true, "hostname": true},
		extra:    []string{"created", "updated"}},
}

// get is the SQL reading field f of the record t in schema db, as text.
func (f visitField) get(db string) string {
	switch {
	case f.set == "contracts":
		return fmt.Sprintf(`COALESCE((SELECT group_concat(gid, ',') FROM (SELECT c.gid FROM %[1]s.contract_assets ca
			JOIN %[1]s.contracts c ON c.id = ca.contract_id WHERE ca.asset_id = t.id ORDER BY c.gid)), '')`, db)
	case f.set == "licences":
		return fmt.Sprintf(`COALESCE((SELECT group_concat(gid, ',') FROM (SELECT l.gid FROM %[1]s.licence_assignments la
			JOIN %[1]s.licences l ON l.id = la.licence_id WHERE la.asset_id = t.id ORDER BY l.gid)), '')`, db)
	case f.ref != "":
		return fmt.Sprintf("COALESCE((SELECT r.gid FROM %s.%s r WHERE r.id = t.%s), '')", db, f.ref, f.col)
	}
	return fmt.Sprintf("COALESCE(CAST(t.%s AS TEXT), '')", f.col)
}

func (e visitEntity) fieldNames() []string {
	out := make([]string, len(e.fields))
	for i, f := range e.fields {
		out[i] = f.name
	}
	return out
}

func (e visitEntity) field(name string) visitField {
	for _, f := range e.fields {
		if f.name == name {
			return f
		}
	}
	panic("no field " + name)
}

// baseJSON is the SQL of a record's fields as a JSON object (visit_base).
func (e visitEntity) baseJSON(db string) string {
	parts := make([]string, 0, 2*len(e.fields))
	for _, f := range e.fields {
		parts = append(parts, "'"+f.name+"'", f.get(db))
	}
	return "json_object(" + strings.Join(parts, ", ") + ")"
}

// CheckoutVisit writes a visit bundle to path (a blank or missing file): a
// new Steward register holding the assets at locations with the people
// holding them, every category, their contracts, licences, history,
// hand-overs and sightings, and what was taken (visit, visit_base).
func (s *Store) CheckoutVisit(ctx context.Context, locations []string, path string) (_ assets.VisitCheckout, err error) {
	defer assets.Wrap(&err, "sqlite.CheckoutVisit")
	out := assets.VisitCheckout{Locations: locations, Counts: map[string]int{}}
	if len(locations) == 0 {
		return out, assets.Invalidf("location", "say which locations to take")
	}
	for _, l := range locations {
		var n int
		if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM assets WHERE location = ?`, l).Scan(&n); err != nil {
			return out, err
		}
		if n == 0 {
			return out, assets.NotFoundf("no asset is at location %q", l)
		}
	}
	b, err := Create(ctx, path)
	if err != nil {
		return out, err
	}
	if err := b.Close(); err != nil {
		return out, err
	}
	var source string
	if err := s.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, assets.SettingRegisterGID).Scan(&source); err != nil {
		return out, err
	}
	out.GID = assets.NewGID()
	out.TagPrefix = "V-" + strings.ToUpper(out.GID[len(out.GID)-6:]) + "-"
	locJSON, _ := json.Marshal(locations)
	err = s.withAttached(ctx, path, false, true, func(tx *sql.Tx) error {
		steps := []string{
			`CREATE TEMP TABLE visit_assets AS SELECT id FROM main.assets WHERE location IN (SELECT value FROM json_each(?1))`,
			`CREATE TEMP TABLE visit_people AS SELECT assigned_to AS id FROM main.assets WHERE id IN (SELECT id FROM visit_assets) AND assigned_to IS NOT NULL
				UNION SELECT person_id FROM main.handovers WHERE asset_id IN (SELECT id FROM visit_assets) AND person_id IS NOT NULL`,
			`DELETE FROM visit.categories`,
		}
		for _, q := range steps {
			if _, err := tx.ExecContext(ctx, q, string(locJSON)); err != nil {
				return err
			}
		}
		copies := []struct{ table, where string }{
			{"categories", "1"},
			{"people", "id IN (SELECT id FROM visit_people)"},
			{"assets", "id IN (SELECT id FROM visit_assets)"},
			{"contracts", "id IN (SELECT contract_id FROM main.contract_assets WHERE asset_id IN (SELECT id FROM visit_assets))"},
			{"contract_assets", "asset_id IN (SELECT id FROM visit_assets)"},
			{"licences", `id IN (SELECT licence_id FROM main.licence_assignments WHERE asset_id IN (SELECT id FROM visit_assets)
				OR person_id IN (SELECT id FROM visit_people))`},
			{"licence_covers", "licence_id IN (SELECT id FROM visit.licences)"},
			{"licence_assignments", "asset_id IN (SELECT id FROM visit_assets) OR person_id IN (SELECT id FROM visit_people)"},
			{"history", "entity = 'asset' AND entity_id IN (SELECT id FROM visit_assets)"},
			{"handovers", "asset_id IN (SELECT id FROM visit_assets)"},
			{"scans", "id IN (SELECT last_scan FROM main.sightings WHERE asset_id IN (SELECT id FROM visit_assets))"},
			{"sightings", "asset_id IN (SELECT id FROM visit_assets)"},
			// Software lists, so licence compliance works offline.
			{"software_titles", "id IN (SELECT title_id FROM main.software_installs WHERE asset_id IN (SELECT id FROM visit_assets))"},
			{"asset_software", "asset_id IN (SELECT id FROM visit_assets)"},
			{"software_installs", "asset_id IN (SELECT id FROM visit_assets)"},
		}
		// Rows of a bulk insert have no global id yet: the ones leaving get it.
		for _, c := range copies {
			if err := fillGIDs(ctx, tx, "main", c.table, c.where); err != nil {
				return fmt.Errorf("giving %s global ids: %w", c.table, err)
			}
		}
		for _, c := range copies {
			cols, err := tableColumns(ctx, tx, c.table)
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO visit.%[1]s(%[2]s) SELECT %[2]s FROM main.%[1]s WHERE %[3]s`, c.table, cols, c.where))
			if err != nil {
				return fmt.Errorf("copying %s: %w", c.table, err)
			}
			n, _ := res.RowsAffected()
			out.Counts[c.table] = int(n)
		}
		fix := []string{
			// Managers left behind: the bundle keeps who it holds.
			`UPDATE visit.people SET manager_id = NULL WHERE manager_id NOT IN (SELECT id FROM visit.people)`,
			// Licence keys stay in the office.
			`UPDATE visit.licences SET licence_key = ''`,
			// Installations counted over what the bundle holds.
			`UPDATE visit.software_titles SET installs = (SELECT count(*) FROM visit.software_installs i WHERE i.title_id = software_titles.id)`,
			`INSERT INTO visit.assets_fts(rowid, tag, name, serial, model, manufacturer, person, notes)
				SELECT a.id, a.tag, a.name, a.serial, a.model, a.manufacturer, COALESCE(p.name, ''), a.notes
				FROM visit.assets a LEFT JOIN visit.people p ON p.id = a.assigned_to`,
			`DROP TABLE temp.visit_assets`,
			`DROP TABLE temp.visit_people`,
		}
		for _, q := range fix {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		for _, e := range visitEntities {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO visit.visit_base(entity, gid, fields) SELECT ?, t.gid, %s FROM visit.%s t`,
				e.baseJSON("visit"), e.table), e.entity); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO visit.visit(gid, source_register, source_path, taken_at, taken_by, locations) VALUES (?,?,?,?,?,?)`,
			out.GID, source, s.path, stamp(s.Now()), s.Actor, string(locJSON))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO visit.settings(key, value) VALUES (?, ?), (?, '0')
			ON CONFLICT(key) DO UPDATE SET value = excluded.value`, assets.SettingTagPrefix, out.TagPrefix, assets.SettingTagCounter)
		return err
	})
	return out, err
}

// WriteVisitBundle is CheckoutVisit to dest, made beside it and put in
// place whole once written: an existing dest is replaced only with
// replace, and never against rules (the register and its backups).
func (s *Store) WriteVisitBundle(ctx context.Context, locations []string, dest string, rules safefile.Rules, replace bool) (_ assets.VisitCheckout, err error) {
	defer assets.Wrap(&err, "sqlite.WriteVisitBundle")
	f, err := safefile.Create(dest, 0o600, rules)
	if err != nil {
		return assets.VisitCheckout{}, err
	}
	defer f.Abort()
	if err := f.Close(); err != nil {
		return assets.VisitCheckout{}, err
	}
	got, err := s.CheckoutVisit(ctx, locations, f.Name())
	if err != nil {
		return got, err
	}
	for _, side := range []string{"-wal", "-shm"} {
		os.Remove(f.Name() + side)
	}
	if replace {
		return got, f.Commit()
	}
	return got, f.CommitNew()
}

// tableColumns is table's column list in main (the bundle has the same
// schema: it was made by this build).
func tableColumns(ctx context.Context, tx *sql.Tx, table string) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?, 'main')`, table)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", err
		}
		cols = append(cols, c)
	}
	return strings.Join(cols, ","), rows.Err()
}

// withAttached runs fn in one write transaction on the writer with the
// bundle at path attached as "visit" (read-only when readOnly), foreign
// keys checked at commit; with keep false it is rolled back (a dry run).
func (s *Store) withAttached(ctx context.Context, path string, readOnly, keep bool, fn func(tx *sql.Tx) error) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer conn.Close()
	uri := "file:" + (&url.URL{Path: path}).EscapedPath()
	if readOnly {
		uri += "?mode=ro"
	}
	// ATTACH cannot run inside a transaction: it comes first.
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS visit`, uri); err != nil {
		return fmt.Errorf("cannot open the visit bundle %s: %w", path, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `DETACH DATABASE visit`)
	s.pristine.Store(false)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		tx.Rollback()
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return mapErr(err)
	}
	if !keep {
		return tx.Rollback()
	}
	return mapErr(tx.Commit())
}

// recordMerge is one record's decision with its three versions.
type recordMerge struct {
	e                  *visitEntity
	gid, label         string
	base, theirs, mine assets.Fields
	m                  assets.RecordMerge
	clash              string // a new asset's serial, MAC or tag already registered
	forceable          bool   // the clash allows adding it anyway (serial, MAC)
}

// CheckinVisit merges the visit bundle at path into the register in one
// transaction (see assets.MergeRecord for the rules), or with
// opt.DryRun only works out what it would do. The plan lists every change
// and conflict; a conflict left undecided keeps the register's value.
func (s *Store) CheckinVisit(ctx context.Context, path string, opt assets.CheckinOptions) (_ assets.MergePlan, err error) {
	defer assets.Wrap(&err, "sqlite.CheckinVisit")
	plan := assets.MergePlan{DryRun: opt.DryRun, Added: map[string]int{}}
	if err := CheckRegister(ctx, path); err != nil {
		return plan, err
	}
	var version int
	if err := s.read.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return plan, err
	}
	// Records a bulk import made on the visit have no global id yet.
	if err := fillBundleGIDs(ctx, path); err != nil {
		return plan, fmt.Errorf("cannot give the visit bundle's new records their global ids: %w", err)
	}
	err = s.withAttached(ctx, path, true, !opt.DryRun, func(tx *sql.Tx) error {
		var bundleVersion int
		if err := tx.QueryRowContext(ctx, "PRAGMA visit.user_version").Scan(&bundleVersion); err != nil {
			return err
		}
		if bundleVersion != version {
			return fmt.Errorf("%s was written by another version of Steward (schema %d, this register %d): open it once with this Steward (steward --db %s), then check it in", path, bundleVersion, version, path)
		}
		var source, register string
		err := tx.QueryRowContext(ctx, `SELECT gid, source_register FROM visit.visit`).Scan(&plan.Visit, &source)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s is a register, not a visit bundle (make one with steward visit checkout)", path)
		}
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT value FROM main.settings WHERE key = ?`, assets.SettingRegisterGID).Scan(&register); err != nil {
			return err
		}
		if source != register {
			return fmt.Errorf("%s was taken from another register: check it in there", path)
		}
		digest, err := bundleDigest(ctx, tx)
		if err != nil {
			return err
		}
		var done int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM main.visit_checkins WHERE visit_gid = ? AND digest = ?`, plan.Visit, digest).Scan(&done); err != nil {
			return err
		}
		if done > 0 {
			plan.AlreadyMerged = true
			return nil
		}
		var merges []recordMerge
		for i := range visitEntities {
			ms, err := planEntity(ctx, tx, &visitEntities[i])
			if err != nil {
				return err
			}
			merges = append(merges, ms...)
		}
		for _, r := range merges {
			plan.Changes, plan.Conflicts = describe(r, plan.Changes, plan.Conflicts)
		}
		plan.Resolve(opt.All, opt.Per)
		side := map[string]assets.Side{}
		for _, c := range plan.Conflicts {
			side[assets.ResolutionKey(c.GID, c.Field)] = c.Resolved
		}
		// A dry run does all of it too, in the transaction it then rolls
		// back: what it shows is what the check-in does.
		for _, r := range merges {
			if err := s.applyRecord(ctx, tx, r, side); err != nil {
				return fmt.Errorf("%s %s: %w", r.e.entity, r.label, err)
			}
		}
		open, err := s.unions(ctx, tx, &plan)
		if err != nil {
			return err
		}
		if err := mergeSoftware(ctx, tx, &plan); err != nil {
			return err
		}
		plan.Unresolved += open
		if opt.DryRun {
			return nil
		}
		if plan.Unresolved == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO main.visit_checkins(visit_gid, digest, at, actor, changes) VALUES (?,?,?,?,?)`,
				plan.Visit, digest, stamp(s.Now()), s.Actor, len(plan.Changes))
		}
		return err
	})
	return plan, err
}

// bundleDigest sums up what the bundle holds: its records' fields and its
// history, hand-overs, sightings, audits and inventory, so the same bundle
// checked in again is known.
func bundleDigest(ctx context.Context, tx *sql.Tx) (string, error) {
	h := sha256.New()
	for _, e := range visitEntities {
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT t.gid, %s FROM visit.%s t ORDER BY t.gid`, e.baseJSON("visit"), e.table))
		if err != nil {
			return "", err
		}
		for rows.Next() {
			var g, f string
			if err := rows.Scan(&g, &f); err != nil {
				rows.Close()
				return "", err
			}
			fmt.Fprintf(h, "%s %s %s\n", e.entity, g, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
	}
	for _, q := range []string{
		`SELECT count(*) || ' ' || COALESCE(max(gid), '') FROM visit.history`,
		`SELECT count(*) || ' ' || COALESCE(max(gid), '') || ' ' || sum(checked_in <> '') FROM visit.handovers`,
		`SELECT count(*) || ' ' || COALESCE(max(last_seen), '') FROM visit.sightings`,
		`SELECT count(*) || ' ' || COALESCE(max(gid), '') FROM visit.audits`,
		`SELECT count(*) || ' ' || COALESCE(max(gid), '') FROM visit.audit_scans`,
		`SELECT count(*) || ' ' || COALESCE(max(gid), '') FROM visit.inventory_reports`,
	} {
		var v sql.NullString
		if err := tx.QueryRowContext(ctx, q).Scan(&v); err != nil {
			return "", err
		}
		fmt.Fprintln(h, v.String)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// planEntity reads the three versions of each of e's records and decides.
func planEntity(ctx context.Context, tx *sql.Tx, e *visitEntity) ([]recordMerge, error) {
	base := map[string]assets.Fields{}
	rows, err := tx.QueryContext(ctx, `SELECT gid, fields FROM visit.visit_base WHERE entity = ?`, e.entity)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var g, f string
		if err := rows.Scan(&g, &f); err != nil {
			rows.Close()
			return nil, err
		}
		var m assets.Fields
		if err := json.Unmarshal([]byte(f), &m); err != nil {
			rows.Close()
			return nil, fmt.Errorf("the bundle's record of %s %s is damaged: %w", e.entity, g, err)
		}
		base[g] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	mine, labels, err := readFields(ctx, tx, e, "visit", "")
	if err != nil {
		return nil, err
	}
	// The register's version of every record the bundle had or has.
	theirs, theirLabels, err := readFields(ctx, tx, e, "main", fmt.Sprintf(
		`JOIN (SELECT gid FROM visit.%s UNION SELECT gid FROM visit.visit_base WHERE entity = '%s') g ON g.gid = t.gid`, e.table, e.entity))
	if err != nil {
		return nil, err
	}
	gids := make([]string, 0, len(mine)+len(base))
	for g := range mine {
		gids = append(gids, g)
	}
	for g := range base {
		if _, ok := mine[g]; !ok {
			gids = append(gids, g)
		}
	}
	sort.Strings(gids)
	names := e.fieldNames()
	var out []recordMerge
	for _, g := range gids {
		r := recordMerge{e: e, gid: g, base: base[g], theirs: theirs[g], mine: mine[g], label: labels[g]}
		if r.label == "" {
			r.label = theirLabels[g]
		}
		r.m = assets.MergeRecord(names, e.observed, r.base, r.theirs, r.mine)
		if r.m.Action == assets.RecordInsert {
			if r.clash, r.forceable, err = registeredTwice(ctx, tx, e.entity, r.mine); err != nil {
				return nil, err
			}
		}
		if r.m.Action == assets.RecordDelete && e.entity == "category" {
			// Categories are the register's vocabulary: a visit does not
			// take one away from the office (its assets would lose it).
			continue
		}
		if r.m.Action == assets.RecordKeep && len(r.m.Take) == 0 && len(r.m.Conflicts) == 0 {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// readFields reads e's records in db (joined by join) as fields and labels
// by global id.
func readFields(ctx context.Context, tx *sql.Tx, e *visitEntity, db, join string) (map[string]assets.Fields, map[string]string, error) {
	gets := make([]string, len(e.fields))
	for i, f := range e.fields {
		gets[i] = f.get(db)
	}
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT t.gid, %s, %s FROM %s.%s t %s`, e.label, strings.Join(gets, ", "), db, e.table, join))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	out, labels := map[string]assets.Fields{}, map[string]string{}
	vals := make([]string, len(e.fields)+2)
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		f := make(assets.Fields, len(e.fields))
		for i, fd := range e.fields {
			f[fd.name] = vals[i+2]
		}
		out[vals[0]] = f
		labels[vals[0]] = vals[1]
	}
	return out, labels, rows.Err()
}

// registeredTwice names the registered record a new one would duplicate:
// an asset with the same serial, MAC or tag, a person with the same email.
// forceable says the new one may still be added (a serial or a MAC).
func registeredTwice(ctx context.Context, tx *sql.Tx, entity string, mine assets.Fields) (clash string, forceable bool, err error) {
	type key struct{ query, value, what string }
	var keys []key
	switch entity {
	case "asset":
		keys = []key{
			{`SELECT tag FROM main.assets WHERE serial = ? AND serial <> '' LIMIT 1`, mine["serial"], "serial"},
			{`SELECT tag FROM main.assets WHERE mac = ? AND mac <> '' LIMIT 1`, mine["mac"], "MAC"},
			{`SELECT tag FROM main.assets WHERE tag = ?`, mine["tag"], "tag"},
		}
	case "person":
		keys = []key{{`SELECT name FROM main.people WHERE email = ?`, mine["email"], "email"}}
	}
	for _, k := range keys {
		if k.value == "" {
			continue
		}
		var who string
		err := tx.QueryRowContext(ctx, k.query, k.value).Scan(&who)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return "", false, err
		}
		if entity == "person" {
			return fmt.Sprintf("the same person registered twice? email %s is already %s's", k.value, who), false, nil
		}
		return fmt.Sprintf("the same device registered twice? %s %s is already on %s", k.what, k.value, who), k.what != "tag", nil
	}
	return "", false, nil
}

// describe adds r's changes and conflicts to the plan's lists.
func describe(r recordMerge, changes []assets.MergeChange, conflicts []assets.MergeConflict) ([]assets.MergeChange, []assets.MergeConflict) {
	e := r.e
	switch r.m.Action {
	case assets.RecordInsert:
		if r.clash != "" {
			return changes, append(conflicts, assets.MergeConflict{Entity: e.entity, GID: r.gid, Label: r.label, Reason: r.clash})
		}
		return append(changes, assets.MergeChange{Entity: e.entity, GID: r.gid, Label: r.label, Action: "add"}), conflicts
	case assets.RecordDelete:
		return append(changes, assets.MergeChange{Entity: e.entity, GID: r.gid, Label: r.label, Action: "delete"}), conflicts
	case assets.RecordConflict:
		return changes, append(conflicts, assets.MergeConflict{Entity: e.entity, GID: r.gid, Label: r.label, Reason: r.m.Reason})
	}
	for _, f := range r.m.Take {
		changes = append(changes, assets.MergeChange{Entity: e.entity, GID: r.gid, Label: r.label, Action: "update",
			Field: f, Old: r.theirs[f], New: r.mine[f]})
	}
	for _, f := range r.m.Conflicts {
		conflicts = append(conflicts, assets.MergeConflict{Entity: e.entity, GID: r.gid, Label: r.label, Field: f,
			Reason: "changed in the office and on the visit", Base: r.base[f], Theirs: r.theirs[f], Mine: r.mine[f]})
	}
	return changes, conflicts
}

// applyRecord writes r's decision (and the sides chosen for its conflicts).
func (s *Store) applyRecord(ctx context.Context, tx *sql.Tx, r recordMerge, side map[string]assets.Side) error {
	chosen := side[assets.ResolutionKey(r.gid, "")]
	switch r.m.Action {
	case assets.RecordInsert:
		// A device registered twice may be added anyway when a person says
		// so (serial and MAC are not unique); a tag or an email cannot.
		if r.clash != "" && (chosen != assets.Mine || !r.forceable) {
			return nil
		}
		return s.insertFromVisit(ctx, tx, r)
	case assets.RecordDelete:
		return s.deleteFromVisit(ctx, tx, r)
	case assets.RecordConflict:
		if chosen != assets.Mine {
			return nil
		}
		if r.theirs == nil {
			return s.insertFromVisit(ctx, tx, r)
		}
		return s.deleteFromVisit(ctx, tx, r)
	}
	fields := append([]string(nil), r.m.Take...)
	for _, f := range r.m.Conflicts {
		if side[assets.ResolutionKey(r.gid, f)] == assets.Mine {
			fields = append(fields, f)
		}
	}
	if len(fields) == 0 {
		return nil
	}
	var id int64
	if r.e.key == "id" {
		if err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT id FROM main.%s WHERE gid = ?`, r.e.table), r.gid).Scan(&id); err != nil {
			return err
		}
	}
	var sets []string
	var args []any
	var changes []assets.FieldChange
	for _, name := range fields {
		f := r.e.field(name)
		changes = append(changes, assets.FieldChange{Field: name, Old: r.theirs[name], New: r.mine[name]})
		switch {
		case f.set != "":
			if err := setLinks(ctx, tx, f.set, id, r.mine[name]); err != nil {
				return err
			}
		case f.ref != "":
			sets = append(sets, fmt.Sprintf("%s = (SELECT id FROM main.%s WHERE gid = NULLIF(?, ''))", f.col, f.ref))
			args = append(args, r.mine[name])
		default:
			sets = append(sets, f.col+" = ?")
			args = append(args, r.mine[name])
		}
	}
	if r.e.key == "id" {
		sets = append(sets, "updated = ?")
		args = append(args, stamp(s.Now()))
	}
	if len(sets) > 0 {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE main.%s SET %s WHERE gid = ?`, r.e.table, strings.Join(sets, ", ")), append(args, r.gid)...); err != nil {
			return err
		}
	}
	if r.e.entity == "asset" {
		if err := reindexOne(ctx, tx, id); err != nil {
			return err
		}
	}
	if r.e.key != "id" {
		return nil
	}
	return s.recordOn(ctx, tx, r.e.entity, id, "visit", changes)
}

// reindexOne replaces asset id's search row (derived: made again, not merged).
func reindexOne(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM main.assets_fts WHERE rowid = ?`, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO main.assets_fts(rowid, tag, name, serial, model, manufacturer, person, notes)
		SELECT a.id, a.tag, a.name, a.serial, a.model, a.manufacturer, COALESCE(p.name, ''), a.notes
		FROM main.assets a LEFT JOIN main.people p ON p.id = a.assigned_to WHERE a.id = ?`, id)
	return err
}

// recordOn writes history rows for a merge, one per field (or one for the
// action).
func (s *Store) recordOn(ctx context.Context, tx *sql.Tx, entity string, id int64, action string, changes []assets.FieldChange) error {
	at := stamp(s.Now())
	for _, c := range changes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO main.history(at,actor,entity,entity_id,action,field,old_value,new_value) VALUES (?,?,?,?,?,?,?,?)`,
			at, s.Actor, entity, id, action, c.Field, c.Old, c.New); err != nil {
			return err
		}
	}
	return nil
}

// setLinks makes asset id's contracts or licences those whose global ids
// list holds (comma-separated); links kept keep their details.
func setLinks(ctx context.Context, tx *sql.Tx, set string, id int64, list string) error {
	var want []string
	if list != "" {
		want = strings.Split(list, ",")
	}
	js, _ := json.Marshal(want)
	var q []string
	if set == "contracts" {
		q = []string{
			`DELETE FROM main.contract_assets WHERE asset_id = ?1 AND contract_id NOT IN (SELECT id FROM main.contracts WHERE gid IN (SELECT value FROM json_each(?2)))`,
			`INSERT OR IGNORE INTO main.contract_assets(contract_id, asset_id) SELECT id, ?1 FROM main.contracts WHERE gid IN (SELECT value FROM json_each(?2))`,
		}
	} else {
		q = []string{
			`DELETE FROM main.licence_assignments WHERE asset_id = ?1 AND licence_id NOT IN (SELECT id FROM main.licences WHERE gid IN (SELECT value FROM json_each(?2)))`,
			`INSERT OR IGNORE INTO main.licence_assignments(licence_id, asset_id) SELECT id, ?1 FROM main.licences WHERE gid IN (SELECT value FROM json_each(?2))`,
		}
	}
	for _, stmt := range q {
		if _, err := tx.ExecContext(ctx, stmt, id, string(js)); err != nil {
			return err
		}
	}
	return nil
}

// insertFromVisit adds the bundle's record r to the register.
func (s *Store) insertFromVisit(ctx context.Context, tx *sql.Tx, r recordMerge) error {
	e := r.e
	var cols, exprs []string
	for _, f := range e.fields {
		switch {
		case f.set != "":
		case f.ref != "":
			cols = append(cols, f.col)
			exprs = append(exprs, fmt.Sprintf("(SELECT m.id FROM main.%[1]s m JOIN visit.%[1]s b ON b.gid = m.gid WHERE b.id = v.%[2]s)", f.ref, f.col))
		default:
			cols = append(cols, f.col)
			exprs = append(exprs, "v."+f.col)
		}
	}
	for _, c := range e.extra {
		cols = append(cols, c)
		exprs = append(exprs, "v."+c)
	}
	cols = append(cols, "gid")
	exprs = append(exprs, "v.gid")
	if e.key == "id" {
		cols = append(cols, "id")
		exprs = append(exprs, newID("main."+e.table, e.entity))
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO main.%s(%s) SELECT %s FROM visit.%s v WHERE v.gid = ?`,
		e.table, strings.Join(cols, ","), strings.Join(exprs, ","), e.table), r.gid); err != nil {
		return err
	}
	if e.key != "id" {
		return nil
	}
	var id int64
	if err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT id FROM main.%s WHERE gid = ?`, e.table), r.gid).Scan(&id); err != nil {
		return err
	}
	for _, f := range e.fields {
		if f.set != "" && r.mine[f.name] != "" {
			if err := setLinks(ctx, tx, f.set, id, r.mine[f.name]); err != nil {
				return err
			}
		}
	}
	if e.entity == "asset" {
		return reindexOne(ctx, tx, id)
	}
	return nil
}

// deleteFromVisit deletes the record the visit deleted.
func (s *Store) deleteFromVisit(ctx context.Context, tx *sql.Tx, r recordMerge) error {
	var id int64
	if r.e.key == "id" {
		if err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT id FROM main.%s WHERE gid = ?`, r.e.table), r.gid).Scan(&id); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DELETE FROM main.%s WHERE gid = ?`, r.e.table), r.gid); err != nil {
		return err
	}
	if r.e.key != "id" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO main.history(at,actor,entity,entity_id,action,new_value) VALUES (?,?,?,?,?,?)`,
		stamp(s.Now()), s.Actor, r.e.entity, id, "delete", r.label+" (deleted on a visit)")
	return err
}

// inMain is the SQL of the register's id for the bundle's id expr of table.
func inMain(table, expr string) string {
	return fmt.Sprintf("(SELECT m.id FROM main.%[1]s m JOIN visit.%[1]s b ON b.gid = m.gid WHERE b.id = %[2]s)", table, expr)
}

// unions adds what the visit recorded that the register lacks: history,
// hand-overs, scans and sightings, audits and inventory reports, with the
// visit's actors and times. It returns the conflicts it leaves (a
// hand-over open on both sides).
func (s *Store) unions(ctx context.Context, tx *sql.Tx, plan *assets.MergePlan) (int, error) {
	// History has no index on gid (see 0012_global_ids): a row is looked for among
	// its record's rows.
	historyNew := `NOT EXISTS (SELECT 1 FROM main.history x WHERE x.entity = h.entity AND x.entity_id = eid AND x.gid = h.gid)`
	historyEntity := fmt.Sprintf(`CASE h.entity WHEN 'asset' THEN %s WHEN 'person' THEN %s WHEN 'contract' THEN %s WHEN 'licence' THEN %s END`,
		inMain("assets", "h.entity_id"), inMain("people", "h.entity_id"), inMain("contracts", "h.entity_id"), inMain("licences", "h.entity_id"))
	openClash := fmt.Sprintf(`h.checked_in = '' AND EXISTS (SELECT 1 FROM main.handovers o WHERE o.asset_id = %s AND o.checked_in = '')`, inMain("assets", "h.asset_id"))
	type union struct {
		name, count, apply string
	}
	steps := []union{
		{"history",
			`SELECT count(*) FROM (SELECT h.entity, h.gid, ` + historyEntity + ` AS eid FROM visit.history h) h WHERE eid IS NOT NULL AND ` + historyNew,
			`INSERT INTO main.history(at,actor,entity,entity_id,action,field,old_value,new_value,gid)
				SELECT at, actor, entity, eid, action, field, old_value, new_value, gid FROM (SELECT h.id, h.at, h.actor, h.entity, ` + historyEntity + ` AS eid,
				h.action, h.field, h.old_value, h.new_value, h.gid FROM visit.history h) h WHERE eid IS NOT NULL AND ` + historyNew + ` ORDER BY at, id`},
		{"hand-overs returned",
			`SELECT count(*) FROM main.handovers m JOIN visit.handovers b ON b.gid = m.gid WHERE m.checked_in = '' AND b.checked_in <> ''`,
			`UPDATE main.handovers SET checked_in = b.checked_in, in_note = b.in_note, in_by = b.in_by, in_condition = b.in_condition
				FROM visit.handovers b WHERE b.gid = main.handovers.gid AND main.handovers.checked_in = '' AND b.checked_in <> ''`},
		{"hand-overs",
			`SELECT count(*) FROM visit.handovers h WHERE NOT EXISTS (SELECT 1 FROM main.handovers x WHERE x.gid = h.gid) AND ` + inMain("assets", "h.asset_id") + ` IS NOT NULL AND NOT (` + openClash + `)`,
			`INSERT INTO main.handovers(asset_id, person_id, person_name, checked_out, due_back, out_note, checked_in, in_note, out_by, in_by, gid,
				out_condition, in_condition)
				SELECT ` + inMain("assets", "h.asset_id") + `, ` + inMain("people", "h.person_id") + `, h.person_name, h.checked_out, h.due_back, h.out_note,
				h.checked_in, h.in_note, h.out_by, h.in_by, h.gid, h.out_condition, h.in_condition
				FROM visit.handovers h WHERE NOT EXISTS (SELECT 1 FROM main.handovers x WHERE x.gid = h.gid) AND ` + inMain("assets", "h.asset_id") + ` IS NOT NULL AND NOT (` + openClash + `)`},
		{"scans",
			`SELECT count(*) FROM visit.scans v WHERE NOT EXISTS (SELECT 1 FROM main.scans x WHERE x.gid = v.gid)`,
			`INSERT INTO main.scans(started, finished, interfaces, site, devices, gid)
				SELECT started, finished, interfaces, site, devices, gid FROM visit.scans v WHERE NOT EXISTS (SELECT 1 FROM main.scans x WHERE x.gid = v.gid)`},
		{"sightings seen again",
			`SELECT count(*) FROM main.sightings m JOIN visit.sightings v ON v.device_id = m.device_id WHERE v.last_seen > m.last_seen`,
			`UPDATE main.sightings SET name = v.name, hostname = v.hostname, class = v.class, os = v.os, vendor = v.vendor, model = v.model,
				serial = v.serial, uuid = v.uuid, mac = v.mac, addresses = v.addresses, services = v.services, interface = v.interface,
				subnet = v.subnet, site = v.site, last_seen = v.last_seen, last_scan = ` + inMain("scans", "v.last_scan") + `,
				asset_id = COALESCE(` + inMain("assets", "v.asset_id") + `, main.sightings.asset_id)
				FROM visit.sightings v WHERE v.device_id = main.sightings.device_id AND v.last_seen > main.sightings.last_seen`},
		{"sightings",
			`SELECT count(*) FROM visit.sightings v WHERE NOT EXISTS (SELECT 1 FROM main.sightings x WHERE x.device_id = v.device_id)`,
			`INSERT INTO main.sightings(device_id, asset_id, name, hostname, class, os, vendor, model, serial, uuid, mac, addresses, services,
				interface, subnet, site, first_seen, last_seen, last_scan, gid)
				SELECT v.device_id, ` + inMain("assets", "v.asset_id") + `, v.name, v.hostname, v.class, v.os, v.vendor, v.model, v.serial, v.uuid, v.mac,
				v.addresses, v.services, v.interface, v.subnet, v.site, v.first_seen, v.last_seen, ` + inMain("scans", "v.last_scan") + `, v.gid
				FROM visit.sightings v WHERE NOT EXISTS (SELECT 1 FROM main.sightings x WHERE x.device_id = v.device_id)`},
		{"audits",
			`SELECT count(*) FROM visit.audits v WHERE NOT EXISTS (SELECT 1 FROM main.audits x WHERE x.gid = v.gid)`,
			`CREATE TEMP TABLE new_audits AS SELECT id, gid FROM visit.audits v WHERE NOT EXISTS (SELECT 1 FROM main.audits x WHERE x.gid = v.gid);
			INSERT INTO main.audits(auditor, started, finished, applied, gid) SELECT auditor, started, finished, applied, gid FROM visit.audits WHERE id IN (SELECT id FROM temp.new_audits);
			INSERT INTO main.audit_locations(audit_id, position, location) SELECT ` + inMain("audits", "l.audit_id") + `, l.position, l.location
				FROM visit.audit_locations l WHERE l.audit_id IN (SELECT id FROM temp.new_audits);
			INSERT INTO main.audit_scans(audit_id, at, code, tag, location, result, asset_id, asset_name, registered, gid)
				SELECT ` + inMain("audits", "c.audit_id") + `, c.at, c.code, c.tag, c.location, c.result, ` + inMain("assets", "c.asset_id") + `, c.asset_name, c.registered, c.gid
				FROM visit.audit_scans c WHERE c.audit_id IN (SELECT id FROM temp.new_audits) ORDER BY c.id;
			INSERT INTO main.audit_results(audit_id, position, outcome, asset_id, tag, name, registered, location, serial, mac, hostname)
				SELECT ` + inMain("audits", "r.audit_id") + `, r.position, r.outcome, ` + inMain("assets", "r.asset_id") + `, r.tag, r.name, r.registered, r.location, r.serial, r.mac, r.hostname
				FROM visit.audit_results r WHERE r.audit_id IN (SELECT id FROM temp.new_audits);
			DROP TABLE temp.new_audits`},
		{"inventory reports",
			`SELECT count(*) FROM visit.inventory_reports v WHERE NOT EXISTS (SELECT 1 FROM main.inventory_reports x WHERE x.gid = v.gid) AND ` + inMain("assets", "v.asset_id") + ` IS NOT NULL`,
			`INSERT OR IGNORE INTO main.inventory_reports(asset_id, collected_at, imported_at, source, schema_version, hostname, serial, uuid, os, report, gid)
				SELECT ` + inMain("assets", "v.asset_id") + `, v.collected_at, v.imported_at, v.source, v.schema_version, v.hostname, v.serial, v.uuid, v.os, v.report, v.gid
				FROM visit.inventory_reports v WHERE NOT EXISTS (SELECT 1 FROM main.inventory_reports x WHERE x.gid = v.gid) AND ` + inMain("assets", "v.asset_id") + ` IS NOT NULL`},
	}
	var clashes int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM visit.handovers h WHERE NOT EXISTS (SELECT 1 FROM main.handovers x WHERE x.gid = h.gid) AND `+openClash).Scan(&clashes)
	if err != nil {
		return 0, err
	}
	for _, u := range steps {
		var n int
		if err := tx.QueryRowContext(ctx, u.count).Scan(&n); err != nil {
			return 0, fmt.Errorf("%s: %w", u.name, err)
		}
		if n == 0 {
			continue
		}
		plan.Added[u.name] = n
		if _, err := tx.ExecContext(ctx, u.apply); err != nil {
			return 0, fmt.Errorf("adding the visit's %s: %w", u.name, err)
		}
	}
	if clashes > 0 {
		plan.Conflicts = append(plan.Conflicts, assets.MergeConflict{Entity: "hand-over",
			Reason: fmt.Sprintf("%d hand-overs opened on the visit for assets already handed over in the office: not added", clashes)})
	}
	return clashes, nil
}

// mergeSoftware gives each asset the visit's software list where the
// visit saw it later than the register did (an observation: inventory).
// Titles are matched by name and publisher, as an inventory import does.
func mergeSoftware(ctx context.Context, tx *sql.Tx, plan *assets.MergePlan) error {
	type list struct {
		asset        int64
		seen, titles string
	}
	rows, err := tx.QueryContext(ctx, `SELECT m.id, v.seen, v.titles FROM visit.asset_software v
		JOIN visit.assets va ON va.id = v.asset_id JOIN main.assets m ON m.gid = va.gid
		LEFT JOIN main.asset_software ms ON ms.asset_id = m.id
		WHERE ms.asset_id IS NULL OR v.seen > ms.seen`)
	if err != nil {
		return err
	}
	var lists []list
	for rows.Next() {
		var l list
		if err := rows.Scan(&l.asset, &l.seen, &l.titles); err != nil {
			rows.Close()
			return err
		}
		lists = append(lists, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(lists) == 0 {
		return err
	}
	names := map[int64]assets.InstalledSoftware{}
	rows, err = tx.QueryContext(ctx, `SELECT id, name, publisher FROM visit.software_titles`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var sw assets.InstalledSoftware
		if err := rows.Scan(&id, &sw.Name, &sw.Publisher); err != nil {
			rows.Close()
			return err
		}
		names[id] = sw
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	batch := newSoftwareBatch()
	for _, l := range lists {
		var pairs [][2]json.RawMessage
		if err := json.Unmarshal([]byte(l.titles), &pairs); err != nil {
			return fmt.Errorf("the bundle's software list of asset %d is damaged: %w", l.asset, err)
		}
		software := make([]assets.InstalledSoftware, 0, len(pairs))
		for _, p := range pairs {
			var id int64
			var version string
			if json.Unmarshal(p[0], &id) != nil || json.Unmarshal(p[1], &version) != nil {
				return fmt.Errorf("the bundle's software list of asset %d is damaged", l.asset)
			}
			sw := names[id]
			sw.Version = version
			software = append(software, sw)
		}
		if err := batch.set(ctx, tx, l.asset, l.seen, software); err != nil {
			return err
		}
	}
	plan.Added["software lists"] = len(lists)
	return batch.write(ctx, tx)
}
