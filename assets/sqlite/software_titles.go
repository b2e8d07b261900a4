package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"steward/assets"
)

// softwareTitles maps (name, publisher) to software_titles ids for one write
// transaction. The whole table is read once, when first needed, so storing a
// report's ~750 packages costs map lookups rather than a query each; titles
// the transaction adds are remembered, and forgotten again if the savepoint
// that added them is rolled back.
type softwareTitles struct {
	ids    map[titleKey]int64
	loaded bool
	added  []titleKey // since mark
}

// titleKey is a title as software_titles' UNIQUE constraint sees it: the
// name without regard to ASCII case (COLLATE NOCASE folds only ASCII), the
// publisher exactly.
type titleKey struct{ name, publisher string }

func newTitleKey(name, publisher string) titleKey {
	return titleKey{name: asciiLower(name), publisher: publisher}
}

// asciiLower folds A-Z only, as SQLite's NOCASE and lower() do; the string
// is returned as it is when there is nothing to fold (no allocation).
func asciiLower(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

func (t *softwareTitles) load(ctx context.Context, tx *sql.Tx) error {
	if t.loaded {
		return nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, name, publisher FROM software_titles")
	if err != nil {
		return err
	}
	defer rows.Close()
	t.ids = map[titleKey]int64{}
	for rows.Next() {
		var id int64
		var name, publisher string
		if err := rows.Scan(&id, &name, &publisher); err != nil {
			return err
		}
		t.ids[newTitleKey(name, publisher)] = id
	}
	if err := rows.Err(); err != nil {
		return err
	}
	t.loaded = true
	return nil
}

// id returns the title's id, adding the title when it is new.
func (t *softwareTitles) id(ctx context.Context, tx *sql.Tx, name, publisher string) (int64, error) {
	if err := t.load(ctx, tx); err != nil {
		return 0, err
	}
	k := newTitleKey(name, publisher)
	if id, ok := t.ids[k]; ok {
		return id, nil
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO software_titles(name, publisher) VALUES (?, ?)", name, publisher)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	t.ids[k] = id
	t.added = append(t.added, k)
	return id, nil
}

// mark starts a savepoint's worth of additions; rollback forgets them after
// the savepoint was rolled back (the rows are gone, so are the ids).
func (t *softwareTitles) mark() { t.added = t.added[:0] }

func (t *softwareTitles) rollback() {
	for _, k := range t.added {
		delete(t.ids, k)
	}
	t.added = t.added[:0]
}

// softwareRowsPerInsert is how many installations one INSERT statement
// carries: one statement per package made bulk imports several times slower.
const softwareRowsPerInsert = 250

// softwareWriter inserts installations for one transaction, reusing one
// prepared statement for full batches.
type softwareWriter struct {
	titles *softwareTitles
	full   *sql.Stmt
	args   []any
}

func newSoftwareWriter(titles *softwareTitles) *softwareWriter {
	return &softwareWriter{titles: titles}
}

func (w *softwareWriter) close() {
	if w.full != nil {
		w.full.Close()
	}
}

// insertSoftwareSQL is a multi-row INSERT of n installations of one asset
// seen at one time: ?1 is the asset, ?2 the time, then title and version
// per row, so the shared values are bound once per statement.
func insertSoftwareSQL(n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO installed_software(asset_id, title_id, version, seen) VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?1,?")
		b.WriteString(strconv.Itoa(3 + 2*i))
		b.WriteString(",?")
		b.WriteString(strconv.Itoa(4 + 2*i))
		b.WriteString(",?2)")
	}
	return b.String()
}

// replace makes list the asset's recorded software, seen at the given time
// (RFC 3339). Entries without a name are skipped; names, versions and
// publishers are trimmed.
func (w *softwareWriter) replace(ctx context.Context, tx *sql.Tx, assetID int64, seen string, list []assets.InstalledSoftware) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM installed_software WHERE asset_id = ?", assetID); err != nil {
		return err
	}
	w.args = append(w.args[:0], assetID, seen)
	flush := func() error {
		n := (len(w.args) - 2) / 2
		if n == 0 {
			return nil
		}
		var err error
		if n == softwareRowsPerInsert {
			if w.full == nil {
				if w.full, err = tx.PrepareContext(ctx, insertSoftwareSQL(n)); err != nil {
					return err
				}
			}
			_, err = w.full.ExecContext(ctx, w.args...)
		} else {
			_, err = tx.ExecContext(ctx, insertSoftwareSQL(n), w.args...)
		}
		w.args = w.args[:2]
		return err
	}
	for _, x := range list {
		name := strings.TrimSpace(x.Name)
		if name == "" {
			continue
		}
		id, err := w.titles.id(ctx, tx, name, strings.TrimSpace(x.Publisher))
		if err != nil {
			return err
		}
		w.args = append(w.args, id, strings.TrimSpace(x.Version))
		if len(w.args) == 2+2*softwareRowsPerInsert {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
