package assets

import (
	"fmt"
	"strings"
	"time"
)

// TaskKind is what a planned piece of work does to its assets.
type TaskKind string

const (
	TaskUpgrade     TaskKind = "upgrade"
	TaskReplacement TaskKind = "replacement"
	TaskMaintenance TaskKind = "maintenance"
	TaskOSUpgrade   TaskKind = "os_upgrade"
	TaskFirmware    TaskKind = "firmware"
)

// TaskKinds lists every kind in the order forms show them.
var TaskKinds = []TaskKind{TaskUpgrade, TaskReplacement, TaskMaintenance, TaskOSUpgrade, TaskFirmware}

var taskKindLabels = map[TaskKind]string{TaskUpgrade: "Upgrade", TaskReplacement: "Replacement",
	TaskMaintenance: "Maintenance", TaskOSUpgrade: "OS upgrade", TaskFirmware: "Firmware"}

// Label is the kind as a person reads it.
func (k TaskKind) Label() string {
	if l, ok := taskKindLabels[k]; ok {
		return l
	}
	return string(k)
}

// ParseTaskKind accepts a code or label in any case ("OS upgrade").
func ParseTaskKind(s string) (TaskKind, error) {
	norm := normCode(s)
	for _, k := range TaskKinds {
		if string(k) == norm {
			return k, nil
		}
	}
	return "", fmt.Errorf("%q is not a task kind: use upgrade, replacement, maintenance, os upgrade or firmware", s)
}

// TaskStatus is where a task is.
type TaskStatus string

const (
	TaskPlanned    TaskStatus = "planned"
	TaskInProgress TaskStatus = "in_progress"
	TaskDone       TaskStatus = "done"
	TaskCancelled  TaskStatus = "cancelled"
)

// TaskStatuses lists every status.
var TaskStatuses = []TaskStatus{TaskPlanned, TaskInProgress, TaskDone, TaskCancelled}

// Open is true while the work is still to do (OpenTaskStatuses).
func (s TaskStatus) Open() bool { return inSet(OpenTaskStatuses, s) }

// Label is the status as a person reads it.
func (s TaskStatus) Label() string {
	switch s {
	case TaskPlanned:
		return "Planned"
	case TaskInProgress:
		return "In progress"
	case TaskDone:
		return "Done"
	case TaskCancelled:
		return "Cancelled"
	}
	return string(s)
}

// ParseTaskStatus accepts a code or label in any case; empty means planned.
func ParseTaskStatus(s string) (TaskStatus, error) {
	norm := normCode(s)
	if norm == "" {
		return TaskPlanned, nil
	}
	for _, st := range TaskStatuses {
		if string(st) == norm {
			return st, nil
		}
	}
	return "", fmt.Errorf("%q is not a task status: use planned, in progress, done or cancelled", s)
}

// Task is planned work on one asset or a group of assets. A recurring task
// (EveryMonths > 0) schedules its next occurrence when completed.
type Task struct {
	ID          int64    `json:"id"`
	Kind        TaskKind `json:"kind"`
	Title       string   `json:"title,omitempty"`
	AssetIDs    []int64  `json:"asset_ids,omitempty"`
	AssetTags   []string `json:"asset_tags,omitempty"` // filled by the store, same order as AssetIDs
	Due         Date     `json:"due"`
	EveryMonths int      `json:"every_months,omitempty"`
	// Anchor is the first due date of a recurring series; occurrences are
	// counted from it so Jan 31 monthly gives Feb 28/29, Mar 31, Apr 30
	// rather than drifting to the 28th for ever.
	Anchor     Date       `json:"anchor"`
	Occurrence int        `json:"occurrence,omitempty"` // 0 for the first of a series
	Cost       Money      `json:"cost"`
	Status     TaskStatus `json:"status"`
	Completed  Date       `json:"completed"`
	Note       string     `json:"note,omitempty"`
	PreviousID int64      `json:"previous_id,omitempty"` // the occurrence whose completion made this one
	// Spend makes the budget count the task as capital or operating
	// spending; the default is operating (upgrade services).
	Spend   SpendClass `json:"spend,omitempty"`
	Created time.Time  `json:"created"`
	Updated time.Time  `json:"updated"`
	Version int64      `json:"-"` // the stored row's version when read: an update of another version is refused (ConflictError)
}

// Name is the title, or the kind's label when there is none.
func (t *Task) Name() string {
	if t.Title != "" {
		return t.Title
	}
	return t.Kind.Label()
}

// Normalize trims text and fills defaults.
func (t *Task) Normalize() {
	t.Title = strings.TrimSpace(t.Title)
	t.Note = normLines(t.Note)
	if t.Status == "" {
		t.Status = TaskPlanned
	}
	t.Cost.Currency = strings.ToUpper(strings.TrimSpace(t.Cost.Currency))
	if t.EveryMonths > 0 && t.Anchor.IsZero() {
		t.Anchor, t.Occurrence = t.Due, 0
	}
}

// Validate returns every problem with t.
func (t *Task) Validate() error {
	var errs ValidationErrors
	if s, err := ParseSpendClass(string(t.Spend)); err != nil {
		errs = append(errs, Invalidf("spend", "%v", err))
	} else {
		t.Spend = s
	}
	if _, err := ParseTaskKind(string(t.Kind)); err != nil {
		errs = append(errs, Invalidf("kind", "%v", err))
	}
	if _, err := ParseTaskStatus(string(t.Status)); err != nil {
		errs = append(errs, Invalidf("status", "%v", err))
	}
	if t.Due.IsZero() {
		errs = append(errs, Invalidf("due", "give a due date (YYYY-MM-DD)"))
	}
	if t.EveryMonths < 0 || t.EveryMonths > 120 {
		errs = append(errs, Invalidf("every_months", "repeat every 1 to 120 months, or 0 for once"))
	}
	if t.Status == TaskDone && t.Completed.IsZero() {
		errs = append(errs, Invalidf("completed", "a done task needs its completion date"))
	}
	errs = append(errs, moneyErrors(t.Cost)...)
	errs = checkText(errs, false, textField{"title", t.Title})
	errs = checkText(errs, true, textField{"note", t.Note})
	return errs.Err()
}

// NextDue is the due date of the occurrence after t: counted from the
// series' anchor with month-end clamping, and moved on past after (the
// completion date) so finishing late does not create an already overdue task.
func (t *Task) NextDue(after Date) Date {
	anchor := t.Anchor
	if anchor.IsZero() {
		anchor = t.Due
	}
	n := t.Occurrence + 1
	next := anchor.AddMonths(n * t.EveryMonths)
	for !next.After(after) {
		n++
		next = anchor.AddMonths(n * t.EveryMonths)
	}
	return next
}

// Complete marks t done on date on with a note. For a recurring task it
// returns the next occurrence to store (with ID 0); otherwise nil.
func (t *Task) Complete(on Date, note string) (done Task, next *Task, err error) {
	if !t.Status.Open() {
		return *t, nil, Invalidf("status", "this task is already %s", strings.ToLower(t.Status.Label()))
	}
	if on.IsZero() {
		return *t, nil, Invalidf("completed", "give the date the work was done")
	}
	note = strings.TrimSpace(normLines(note))
	if err := CheckText("note", note, true); err != nil {
		return *t, nil, err
	}
	done = *t
	done.Status, done.Completed = TaskDone, on
	if note != "" {
		done.Note = note
	}
	if t.EveryMonths <= 0 {
		return done, nil, nil
	}
	n := *t
	n.ID, n.Status, n.Completed, n.Note, n.PreviousID = 0, TaskPlanned, Date{}, "", t.ID
	if n.Anchor.IsZero() {
		n.Anchor = t.Due
	}
	n.Due = t.NextDue(on)
	// Occurrence follows the anchor arithmetic so the next completion counts on.
	for k := t.Occurrence + 1; ; k++ {
		if n.Anchor.AddMonths(k*t.EveryMonths) == n.Due {
			n.Occurrence = k
			break
		}
	}
	n.AssetIDs = append([]int64(nil), t.AssetIDs...)
	n.AssetTags = append([]string(nil), t.AssetTags...)
	return done, &n, nil
}

// DueState says how urgent an open task is.
type DueState string

const (
	DueClosed  DueState = "closed" // done or cancelled
	DueOverdue DueState = "overdue"
	DueSoon    DueState = "due_soon"
	DueLater   DueState = "later"
)

// TaskDueState is t's urgency on asOf with its days left (negative when
// overdue). A task due today is due soon, not overdue.
func TaskDueState(t *Task, asOf Date, warnDays int) (DueState, int) {
	left := asOf.DaysUntil(t.Due)
	switch {
	case !t.Status.Open():
		return DueClosed, left
	case left < 0:
		return DueOverdue, left
	case left <= warnDays:
		return DueSoon, left
	}
	return DueLater, left
}
