package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"steward/assets"
	"steward/assets/sqlite/internal/fastread"
)

func init() {
	registerAlertParts("tasks", func(ctx context.Context, s *Store, opt assets.AlertOptions) (*fastread.AlertList, error) {
		warn := opt.Window()
		// Only open tasks due within the window can alert: one indexed
		// range, reading just what the alert needs.
		// The rows come in no set order (an ORDER BY in group_concat cost a
		// sort): tasks are gathered by id, and each one's tags put in the
		// order an ORDER BY on the tag column gives.
		// What an alert reads of a task: a row per asset of a task here
		// (sized once from the row count) costs a third of a whole Task.
		type taskRow struct {
			id     int64
			kind   assets.TaskKind
			title  string
			due    assets.Date
			status assets.TaskStatus
			tags   []string
		}
		var tasks []taskRow
		at := map[int64]int{} // task id -> index in tasks
		strs := fastread.Interner{}
		err := fastread.Each(ctx, s.read, []string{"t.id", "t.kind", "t.title", "t.due", "t.status", "COALESCE(a.tag, '')"},
			`tasks t LEFT JOIN task_assets ta ON ta.task_id = t.id LEFT JOIN assets a ON a.id = ta.asset_id
			WHERE t.status IN `+openTaskStatuses+` AND t.due <= ?`, "", []any{opt.AsOf.AddDays(warn).String()},
			func(n int) { tasks = make([]taskRow, 0, n) }, func(r *fastread.Record) error {
				f := r.Fields
				id, err := strconv.ParseInt(string(f[0]), 10, 64)
				if err != nil {
					return fmt.Errorf("task id %q: %w", f[0], err)
				}
				i, ok := at[id]
				if !ok {
					i = len(tasks)
					at[id] = i
					tasks = append(tasks, taskRow{id: id, kind: assets.TaskKind(strs.Get(f[1])), title: string(f[2]), due: fastread.Date(f[3]), status: assets.TaskStatus(strs.Get(f[4]))})
				}
				if len(f[5]) > 0 {
					tasks[i].tags = append(tasks[i].tags, string(f[5]))
				}
				return nil
			})
		if err != nil {
			return nil, err
		}
		out := &fastread.AlertList{}
		for _, r := range tasks {
			slices.SortFunc(r.tags, compareNoCase)
			t := assets.Task{ID: r.id, Kind: r.kind, Title: r.title, Due: r.due, Status: r.status, AssetTags: r.tags}
			if a, ok := assets.TaskAlert(&t, assets.TaskSubject(&t), opt.AsOf, warn); ok {
				out.Add(a)
			}
		}
		return out, nil
	})
}

// compareNoCase orders as SQLite's NOCASE collation (the tag column's):
// ASCII letters folded, every other byte as it is.
func compareNoCase(a, b string) int {
	for i := range min(len(a), len(b)) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return cmp.Compare(x, y)
		}
	}
	return cmp.Compare(len(a), len(b))
}

// TaskSubject is assets.TaskSubject.
func TaskSubject(t *assets.Task) string { return assets.TaskSubject(t) }

const taskColumns = `t.id, t.kind, t.title, t.due, t.every_months, t.anchor, t.occurrence, t.cost, t.currency, t.status,
	t.completed, t.note, COALESCE(t.previous_id, 0), t.spend, t.created, t.updated, t.version`

func scanTask(r scanner) (assets.Task, error) {
	var t assets.Task
	var kind, due, anchor, status, completed, spend, created, updated string
	err := r.Scan(&t.ID, &kind, &t.Title, &due, &t.EveryMonths, &anchor, &t.Occurrence, &t.Cost.Minor, &t.Cost.Currency, &status,
		&completed, &t.Note, &t.PreviousID, &spend, &created, &updated, &t.Version)
	t.Spend = assets.SpendClass(spend)
	t.Kind, t.Status = assets.TaskKind(kind), assets.TaskStatus(status)
	t.Due, t.Anchor, t.Completed = fastread.DateString(due), fastread.DateString(anchor), fastread.DateString(completed)
	t.Created, t.Updated = parseStamp(created), parseStamp(updated)
	return t, err
}

// ListTasks returns tasks by due date (overdue ones therefore first), each
// with the tags of its assets.
func (s *Store) ListTasks(ctx context.Context, q assets.TaskQuery) (_ []assets.Task, err error) {
	defer assets.Wrap(&err, "sqlite.ListTasks")
	var cond conditions
	if q.Open {
		cond.add("t.status IN " + openTaskStatuses)
	}
	if q.Status != "" {
		cond.add("t.status = ?", string(q.Status))
	}
	if q.Kind != "" {
		cond.add("t.kind = ?", string(q.Kind))
	}
	if q.AssetID != 0 {
		cond.add("t.id IN (SELECT task_id FROM task_assets WHERE asset_id = ?)", q.AssetID)
	}
	if !q.DueBy.IsZero() {
		cond.add("t.due <= ?", q.DueBy.String())
	}
	where := cond.where()
	limit := ""
	if q.Limit > 0 {
		limit = fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	// One pass: the selected tasks joined to their assets, grouped here.
	rows, err := s.read.QueryContext(ctx, "SELECT "+taskColumns+`, COALESCE(a.id, 0), COALESCE(a.tag, '')
		FROM (SELECT * FROM tasks t`+where+" ORDER BY t.due, t.id"+limit+`) t
		LEFT JOIN task_assets ta ON ta.task_id = t.id LEFT JOIN assets a ON a.id = ta.asset_id
		ORDER BY t.due, t.id, a.tag`, cond.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.Task
	for rows.Next() {
		var aid int64
		var tag string
		t, err := scanTask(scanExtra{rows, []any{&aid, &tag}})
		if err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != t.ID {
			out = append(out, t)
		}
		if aid != 0 {
			last := &out[len(out)-1]
			last.AssetIDs, last.AssetTags = append(last.AssetIDs, aid), append(last.AssetTags, tag)
		}
	}
	return out, rows.Err()
}

// Task loads one task with its assets.
func (s *Store) Task(ctx context.Context, id int64) (_ assets.Task, err error) {
	defer assets.Wrap(&err, "sqlite.Task")
	return s.task(ctx, s.read, id)
}

func (s *Store) task(ctx context.Context, q txOrDB, id int64) (assets.Task, error) {
	t, err := scanTask(q.QueryRowContext(ctx, "SELECT "+taskColumns+" FROM tasks t WHERE t.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, assets.NotFoundf("no task #%d", id)
	}
	if err != nil {
		return t, err
	}
	rows, err := q.QueryContext(ctx, "SELECT a.id, a.tag FROM task_assets ta JOIN assets a ON a.id = ta.asset_id WHERE ta.task_id = ? ORDER BY a.tag", id)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	for rows.Next() {
		var aid int64
		var tag string
		if err := rows.Scan(&aid, &tag); err != nil {
			return t, err
		}
		t.AssetIDs, t.AssetTags = append(t.AssetIDs, aid), append(t.AssetTags, tag)
	}
	return t, rows.Err()
}

// CreateTask validates t and stores it with its assets.
func (s *Store) CreateTask(ctx context.Context, t *assets.Task) (err error) {
	defer assets.Wrap(&err, "sqlite.CreateTask")
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error { return s.insertTask(ctx, tx, t, "create") })
}

func (s *Store) insertTask(ctx context.Context, tx *sql.Tx, t *assets.Task, action string) error {
	now := s.Now()
	t.Created, t.Updated, t.Version = now, now, 1
	res, err := tx.ExecContext(ctx, `INSERT INTO tasks(id,kind,title,due,every_months,anchor,occurrence,cost,currency,status,completed,note,previous_id,spend,created,updated)
		VALUES (`+newID("tasks", "task")+`,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, string(t.Kind), t.Title, t.Due.String(), t.EveryMonths, t.Anchor.String(), t.Occurrence,
		t.Cost.Minor, t.Cost.Currency, string(t.Status), t.Completed.String(), t.Note, nullID(t.PreviousID), string(t.Spend), stamp(now), stamp(now))
	if err != nil {
		return mapErr(err)
	}
	if t.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := linkAssets(ctx, tx, "task_assets", "task_id", t.ID, t.AssetIDs); err != nil {
		return err
	}
	return s.record(ctx, tx, "task", t.ID, action, t.Name()+" due "+t.Due.String(), nil)
}

// UpdateTask saves t (fields and assets) with history.
func (s *Store) UpdateTask(ctx context.Context, t *assets.Task) (err error) {
	defer assets.Wrap(&err, "sqlite.UpdateTask")
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := s.updateTask(ctx, tx, t, "update")
		return err
	})
}

func (s *Store) updateTask(ctx context.Context, tx *sql.Tx, t *assets.Task, action string) (bool, error) {
	old, err := s.task(ctx, tx, t.ID)
	if err != nil {
		return false, err
	}
	if err := linkAssets(ctx, tx, "task_assets", "task_id", t.ID, t.AssetIDs); err != nil {
		return false, err
	}
	fresh, err := s.task(ctx, tx, t.ID)
	if err != nil {
		return false, err
	}
	t.AssetIDs, t.AssetTags = fresh.AssetIDs, fresh.AssetTags
	if old.Due != t.Due && t.EveryMonths > 0 && old.Anchor == t.Anchor {
		// Moving a recurring task by hand restarts its series there.
		t.Anchor, t.Occurrence = t.Due, 0
	}
	changes := old.ChangesTo(t)
	if len(changes) == 0 {
		t.Version = old.Version
		return false, nil
	}
	if err := assets.CheckVersion("task", t.ID, t.Version, old.Version, &old, t, changes); err != nil {
		return false, err
	}
	t.Created, t.Updated, t.Version = old.Created, s.Now(), old.Version+1
	if _, err := tx.ExecContext(ctx, `UPDATE tasks SET kind=?,title=?,due=?,every_months=?,anchor=?,occurrence=?,cost=?,currency=?,status=?,
		completed=?,note=?,spend=?,updated=?,version=version+1 WHERE id=?`, string(t.Kind), t.Title, t.Due.String(), t.EveryMonths, t.Anchor.String(), t.Occurrence,
		t.Cost.Minor, t.Cost.Currency, string(t.Status), t.Completed.String(), t.Note, string(t.Spend), stamp(t.Updated), t.ID); err != nil {
		return false, mapErr(err)
	}
	return true, s.record(ctx, tx, "task", t.ID, action, "", changes)
}

// CompleteTask marks a task done on date on and, for a recurring task,
// stores its next occurrence, in one transaction. It returns the next
// occurrence (nil for a one-off task).
func (s *Store) CompleteTask(ctx context.Context, id int64, on assets.Date, note string) (_ *assets.Task, err error) {
	defer assets.Wrap(&err, "sqlite.CompleteTask")
	var next *assets.Task
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		t, err := s.task(ctx, tx, id)
		if err != nil {
			return err
		}
		done, n, err := t.Complete(on, note)
		if err != nil {
			return err
		}
		if _, err := s.updateTask(ctx, tx, &done, "complete"); err != nil {
			return err
		}
		if n != nil {
			if err := s.insertTask(ctx, tx, n, "schedule"); err != nil {
				return err
			}
			next = n
		}
		return nil
	})
	return next, err
}

// RescheduleTask moves an open task to a new due date.
func (s *Store) RescheduleTask(ctx context.Context, id int64, due assets.Date) (err error) {
	defer assets.Wrap(&err, "sqlite.RescheduleTask")
	if due.IsZero() {
		return assets.Invalidf("due", "give the new due date")
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		t, err := s.task(ctx, tx, id)
		if err != nil {
			return err
		}
		if !t.Status.Open() {
			return assets.Invalidf("status", "a %s task cannot be rescheduled", strings.ToLower(t.Status.Label()))
		}
		t.Due = due
		_, err = s.updateTask(ctx, tx, &t, "reschedule")
		return err
	})
}

// DeleteTask removes a task; history keeps the deletion.
func (s *Store) DeleteTask(ctx context.Context, id int64) (err error) {
	defer assets.Wrap(&err, "sqlite.DeleteTask")
	return s.withTx(ctx, func(tx *sql.Tx) error {
		old, err := s.task(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM tasks WHERE id = ?", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "task", id, "delete", old.Name()+" due "+old.Due.String(), nil)
	})
}
