package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// Planned work on assets (assets/sqlite/tasks.go). Recurrence is
// assets.Task.Complete; which statuses are open is assets.TaskStatus.Open.

const taskColumns = `t.id, t.kind, t.title, t.due, t.every_months, t.anchor, t.occurrence, t.cost, t.currency, t.status,
	t.completed, t.note, COALESCE(t.previous_id, 0), t.spend, t.created, t.updated, t.version`

func scanTask(r rowScanner, extra ...any) (assets.Task, error) {
	var t assets.Task
	var kind, due, anchor, status, completed, spend, created, updated string
	err := r.Scan(append([]any{&t.ID, &kind, &t.Title, &due, &t.EveryMonths, &anchor, &t.Occurrence, &t.Cost.Minor, &t.Cost.Currency, &status,
		&completed, &t.Note, &t.PreviousID, &spend, &created, &updated, &t.Version}, extra...)...)
	t.Spend = assets.SpendClass(spend)
	t.Kind, t.Status = assets.TaskKind(kind), assets.TaskStatus(status)
	t.Due, t.Anchor, t.Completed = parseDate(due), parseDate(anchor), parseDate(completed)
	t.Created, t.Updated = parseStamp(created), parseStamp(updated)
	return t, err
}

// openTaskStatuses are the statuses assets.TaskStatus.Open accepts, for the
// open-tasks filter.
func openTaskStatuses() []string {
	var out []string
	for _, st := range []assets.TaskStatus{assets.TaskPlanned, assets.TaskInProgress, assets.TaskDone, assets.TaskCancelled} {
		if st.Open() {
			out = append(out, string(st))
		}
	}
	return out
}

// ListTasks returns tasks by due date, each with the tags of its assets.
func (s *Store) ListTasks(ctx context.Context, q assets.TaskQuery) (_ []assets.Task, err error) {
	defer assets.Wrap(&err, "postgres.ListTasks")
	var cond conds
	if q.Open {
		cond.add("t.status = ANY(?)", openTaskStatuses())
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
	limit := ""
	if q.Limit > 0 {
		limit = fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	rows, err := s.pool.Query(ctx, "SELECT "+taskColumns+`, COALESCE(a.id, 0), COALESCE(a.tag, '')
		FROM (SELECT * FROM tasks t`+cond.where()+" ORDER BY t.due, t.id"+limit+`) t
		LEFT JOIN task_assets ta ON ta.task_id = t.id LEFT JOIN assets a ON a.id = ta.asset_id
		ORDER BY t.due, t.id, nocase(a.tag)`, cond.args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []assets.Task
	for rows.Next() {
		var aid int64
		var tag string
		t, err := scanTask(rows, &aid, &tag)
		if err != nil {
			return nil, mapErr(err)
		}
		if n := len(out); n == 0 || out[n-1].ID != t.ID {
			out = append(out, t)
		}
		if aid != 0 {
			last := &out[len(out)-1]
			last.AssetIDs, last.AssetTags = append(last.AssetIDs, aid), append(last.AssetTags, tag)
		}
	}
	return out, mapErr(rows.Err())
}

// Task loads one task with its assets.
func (s *Store) Task(ctx context.Context, id int64) (_ assets.Task, err error) {
	defer assets.Wrap(&err, "postgres.Task")
	t, err := s.task(ctx, s.pool, id)
	return t, mapErr(err)
}

func (s *Store) task(ctx context.Context, q querier, id int64) (assets.Task, error) {
	t, err := scanTask(q.QueryRow(ctx, "SELECT "+taskColumns+" FROM tasks t WHERE t.id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return t, assets.NotFoundf("no task #%d", id)
	}
	if err != nil {
		return t, err
	}
	t.AssetIDs, t.AssetTags, err = linkedAssets(ctx, q, "task_assets", "task_id", id)
	return t, err
}

// CreateTask validates t and stores it with its assets.
func (s *Store) CreateTask(ctx context.Context, t *assets.Task) (err error) {
	defer assets.Wrap(&err, "postgres.CreateTask")
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error { return s.insertTask(ctx, tx, t, "create") })
}

func (s *Store) insertTask(ctx context.Context, tx pgx.Tx, t *assets.Task, action string) error {
	now := s.Now()
	t.Created, t.Updated, t.Version = now, now, 1
	id, err := newID(ctx, tx, "tasks", "task")
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO tasks(id,kind,title,due,every_months,anchor,occurrence,cost,currency,status,completed,note,previous_id,spend,created,updated)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`, id, string(t.Kind), t.Title, t.Due.String(), t.EveryMonths, t.Anchor.String(), t.Occurrence,
		t.Cost.Minor, t.Cost.Currency, string(t.Status), t.Completed.String(), t.Note, nullID(t.PreviousID), string(t.Spend), stamp(now), stamp(now))
	if err != nil {
		return mapErr(err)
	}
	t.ID = id
	if err := linkAssets(ctx, tx, "task_assets", "task_id", t.ID, t.AssetIDs); err != nil {
		return err
	}
	return s.record(ctx, tx, "task", t.ID, action, t.Name()+" due "+t.Due.String(), nil)
}

// UpdateTask saves t (fields and assets) with history.
func (s *Store) UpdateTask(ctx context.Context, t *assets.Task) (err error) {
	defer assets.Wrap(&err, "postgres.UpdateTask")
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		_, err := s.updateTask(ctx, tx, t, "update")
		return err
	})
}

func (s *Store) updateTask(ctx context.Context, tx pgx.Tx, t *assets.Task, action string) (bool, error) {
	old, err := s.task(ctx, tx, t.ID)
	if err != nil {
		return false, err
	}
	if err := linkAssets(ctx, tx, "task_assets", "task_id", t.ID, t.AssetIDs); err != nil {
		return false, err
	}
	if t.AssetIDs, t.AssetTags, err = linkedAssets(ctx, tx, "task_assets", "task_id", t.ID); err != nil {
		return false, err
	}
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
	t.Created, t.Updated = old.Created, s.Now()
	tag, err := tx.Exec(ctx, `UPDATE tasks SET kind=$1,title=$2,due=$3,every_months=$4,anchor=$5,occurrence=$6,cost=$7,currency=$8,status=$9,
		completed=$10,note=$11,spend=$12,updated=$13 WHERE id=$14 AND version=$15`, string(t.Kind), t.Title, t.Due.String(), t.EveryMonths, t.Anchor.String(), t.Occurrence,
		t.Cost.Minor, t.Cost.Currency, string(t.Status), t.Completed.String(), t.Note, string(t.Spend), stamp(t.Updated), t.ID, old.Version)
	if err := written(tag, mapErr(err), "task", t.ID, old.Version, t, func() (any, int64, []assets.FieldChange, error) {
		theirs, err := s.task(ctx, tx, t.ID)
		return &theirs, theirs.Version, theirs.ChangesTo(t), err
	}); err != nil {
		return false, err
	}
	t.Version = old.Version + 1
	return true, s.record(ctx, tx, "task", t.ID, action, "", changes)
}

// CompleteTask marks a task done on date on and, for a recurring task,
// stores its next occurrence, in one transaction.
func (s *Store) CompleteTask(ctx context.Context, id int64, on assets.Date, note string) (_ *assets.Task, err error) {
	defer assets.Wrap(&err, "postgres.CompleteTask")
	var next *assets.Task
	err = s.withTx(ctx, func(tx pgx.Tx) error {
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
	defer assets.Wrap(&err, "postgres.RescheduleTask")
	if due.IsZero() {
		return assets.Invalidf("due", "give the new due date")
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
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
	defer assets.Wrap(&err, "postgres.DeleteTask")
	return s.withTx(ctx, func(tx pgx.Tx) error {
		old, err := s.task(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM tasks WHERE id = $1", id); err != nil {
			return err
		}
		return s.record(ctx, tx, "task", id, "delete", old.Name()+" due "+old.Due.String(), nil)
	})
}
