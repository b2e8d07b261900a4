package storetest

import (
	"context"
	"testing"

	"steward/assets"
)

// PeopleStore is the part of a register that holds people, courses, training records, compliance, leavers and hand-overs (check-out and check-in).
// It is three parts, each with its own Run function, so that an engine can
// be held to one at a time: PersonStore, TrainingStore and HandoverStore.
type PeopleStore interface {
	PersonStore
	TrainingStore
	HandoverStore
}

// PersonStore holds people: their records, search, lists, imports and
// the maps other parts look people up in.
type PersonStore interface {
	Person(ctx context.Context, id int64) (assets.Person, error)
	PersonByEmail(ctx context.Context, email string) (assets.Person, error)
	CreatePerson(ctx context.Context, p *assets.Person) error
	UpdatePerson(ctx context.Context, p *assets.Person) error
	People(ctx context.Context, text string, limit int) ([]assets.Person, error)
	DeletePerson(ctx context.Context, id int64) error
	ImportPeople(ctx context.Context, list []assets.PersonImport, dry bool) (assets.ImportStats, error)
	EachPerson(ctx context.Context, fn func(p assets.Person, managerEmail string) error) error
	PeopleEmails(ctx context.Context) (map[string]int64, error)
	PeopleByID(ctx context.Context) (map[int64]string, error)
	PersonDepartments(ctx context.Context) (map[int64]string, error)
	FindPeople(ctx context.Context, f assets.PeopleFilter) ([]assets.PersonRow, error)
	Departments(ctx context.Context) ([]string, error)
	// History (also AssetStore's) checks the rows each change writes.
	History(ctx context.Context, entity string, id int64) ([]assets.HistoryEntry, error)
}

// TrainingStore holds courses and training records, and works out
// compliance from them (the cases make people with PersonStore).
type TrainingStore interface {
	PersonStore
	ImportCourses(ctx context.Context, list []assets.Course, dry bool) (assets.ImportStats, error)
	Courses(ctx context.Context) ([]assets.Course, error)
	Course(ctx context.Context, id int64) (assets.Course, error)
	CourseByName(ctx context.Context, name string) (assets.Course, error)
	SaveCourse(ctx context.Context, c *assets.Course) error
	DeleteCourse(ctx context.Context, id int64) error
	TrainingRecords(ctx context.Context, personID int64) ([]assets.TrainingRecord, error)
	RecordTraining(ctx context.Context, list []assets.TrainingRecord) (assets.ImportStats, error)
	ImportTraining(ctx context.Context, list []assets.TrainingRecord, dry bool) (assets.ImportStats, error)
	UpdateTrainingRecord(ctx context.Context, r *assets.TrainingRecord) error
	DeleteTrainingRecord(ctx context.Context, id int64) error
	EachTrainingRecord(ctx context.Context, fn func(assets.TrainingRecord) error) error
	Compliance(ctx context.Context, asOf assets.Date, warnDays int) (*assets.TrainingMatrix, error)
	TrainingIssues(ctx context.Context, asOf assets.Date, warnDays int) ([]assets.TrainingIssue, error)
	OverdueCounts(ctx context.Context, asOf assets.Date) (map[int64]int, error)
}

// HandoverStore hands assets to people and takes them back, and says what
// people hold: leavers, seats, a person's page. The cases make assets with
// CreateAsset and read them with Asset (AssetStore's).
type HandoverStore interface {
	TrainingStore
	CreateAsset(ctx context.Context, a *assets.Asset) error
	Asset(ctx context.Context, id int64) (assets.Asset, error)
	CheckOutAsset(ctx context.Context, c assets.CheckOut) (assets.Handover, error)
	CheckInAsset(ctx context.Context, c assets.CheckIn) (assets.Handover, error)
	Handovers(ctx context.Context, assetID, personID int64) ([]assets.Handover, error)
	// Several at once, and bulk changes (people_handovers_batch.go).
	CheckOutAssets(ctx context.Context, list []assets.CheckOut) ([]assets.Handover, error)
	CheckInAssets(ctx context.Context, list []assets.CheckIn) ([]assets.Handover, error)
	PreviewBulkChange(ctx context.Context, sel assets.BulkSelection, c assets.BulkChange) (assets.BulkSummary, error)
	ApplyBulkChange(ctx context.Context, sel assets.BulkSelection, c assets.BulkChange) (assets.BulkSummary, error)
	Leavers(ctx context.Context, asOf assets.Date) ([]assets.Leaver, error)
	SeatsHeld(ctx context.Context, personID int64) ([]assets.HeldSeat, error)
	PersonFile(ctx context.Context, id int64, asOf assets.Date, warnDays int) (assets.PersonFile, error)
}

// RunPeople holds a store to the People part of the contract.
func RunPeople(t *testing.T, open Opener[PeopleStore]) {
	t.Run("Persons", func(t *testing.T) { RunPersons(t, func(t *testing.T) PersonStore { return open(t) }) })
	t.Run("Training", func(t *testing.T) { RunTraining(t, func(t *testing.T) TrainingStore { return open(t) }) })
	t.Run("Handovers", func(t *testing.T) { RunHandovers(t, func(t *testing.T) HandoverStore { return open(t) }) })
}

// RunPersons holds a store to the PersonStore part of the contract.
func RunPersons(t *testing.T, open Opener[PersonStore]) { run(t, open, personCases) }

// RunTraining holds a store to the TrainingStore part of the contract.
func RunTraining(t *testing.T, open Opener[TrainingStore]) { run(t, open, trainingCases) }

// RunHandovers holds a store to the HandoverStore part of the contract.
func RunHandovers(t *testing.T, open Opener[HandoverStore]) { run(t, open, handoverCases) }
