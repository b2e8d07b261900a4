package storesource

import (
	"context"

	"steward/assets"
	"steward/assets/report"
)

// TrainingCompliance gives the people area's compliance matrix (mandatory
// courses by department) and the people overdue or never trained.
func (s Source) TrainingCompliance(ctx context.Context, asOf assets.Date) (report.TrainingInput, error) {
	const soon = 30
	m, err := s.Compliance(ctx, asOf, soon)
	if err != nil {
		return report.TrainingInput{}, err
	}
	in := report.TrainingInput{SoonDays: soon, Cells: []report.TrainingCell{}}
	for d, dept := range m.Departments {
		for c, course := range m.Courses {
			cell := m.Cell(d, c)
			if cell.Required == 0 {
				continue
			}
			in.Cells = append(in.Cells, report.TrainingCell{Department: dept, Course: course.Name, People: cell.Required,
				Compliant: cell.Compliant, DueSoon: cell.DueSoon, Overdue: cell.Overdue + cell.Missing})
		}
	}
	issues, err := s.TrainingIssues(ctx, asOf, soon)
	if err != nil {
		return report.TrainingInput{}, err
	}
	for _, is := range issues {
		if is.State != assets.TrainingOverdue && is.State != assets.TrainingMissing {
			continue
		}
		in.Records = append(in.Records, report.TrainingRecord{Person: is.Person, Department: is.Department, Course: is.Course.Name, Due: is.Expires})
	}
	return in, nil
}
