package storetest

import (
	"context"
	"testing"

	"steward/assets"
)

// PeopleStore is the part of a register that holds people, courses, training records, compliance, leavers and hand-overs (check-out and check-in).
type PeopleStore interface {
	Person(ctx context.Context, id int64) (assets.Person, error)
	PersonByEmail(ctx context.Context, email string) (assets.Person, error)
	CreatePerson(ctx context.Context, p *assets.Person) error
	UpdatePerson(ctx context.Context, p *assets.Person) error
	People(ctx context.Context, text string, limit int) ([]assets.Person, error)
	DeletePerson(ctx context.Context, id int64) error
	ImportPeople(ctx context.Context, list []assets.PersonImport, dry bool) (assets.ImportStats, error)
	ImportCourses(ctx context.Context, list []assets.Course, dry bool) (assets.ImportStats, error)
	EachPerson(ctx context.Context, fn func(p assets.Person, managerEmail string) error) error
	PeopleEmails(ctx context.Context) (map[string]int64, error)
	PeopleByID(ctx context.Context) (map[int64]string, error)
	PersonDepartments(ctx context.Context) (map[int64]string, error)
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
	Leavers(ctx context.Context, asOf assets.Date) ([]assets.Leaver, error)
	SeatsHeld(ctx context.Context, personID int64) ([]assets.HeldSeat, error)
	PersonFile(ctx context.Context, id int64, asOf assets.Date, warnDays int) (assets.PersonFile, error)
	FindPeople(ctx context.Context, f assets.PeopleFilter) ([]assets.PersonRow, error)
	Departments(ctx context.Context) ([]string, error)
	CheckOutAsset(ctx context.Context, c assets.CheckOut) (assets.Handover, error)
	CheckInAsset(ctx context.Context, c assets.CheckIn) (assets.Handover, error)
	Handovers(ctx context.Context, assetID, personID int64) ([]assets.Handover, error)
}

// RunPeople holds a store to the People part of the contract.
func RunPeople(t *testing.T, open Opener[PeopleStore]) {
	run(t, open, peopleCases)
}

var peopleCases = []Case[PeopleStore]{}
