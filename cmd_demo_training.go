package main

import (
	"context"
	"fmt"

	"steward/assets"
	"steward/assets/demo"
)

// loadDemoTraining saves the sample courses (keeping any of the same name)
// and the completions, all in one transaction.
func loadDemoTraining(ctx context.Context, store registerStore, ds demo.Dataset, people map[string]int64) error {
	courses := map[string]int64{}
	for _, c := range ds.Courses {
		if old, err := store.CourseByName(ctx, c.Name); err == nil {
			courses[c.Name] = old.ID
			continue
		}
		if err := store.SaveCourse(ctx, &c); err != nil {
			return fmt.Errorf("course %s: %w", c.Name, err)
		}
		courses[c.Name] = c.ID
	}
	list := make([]assets.TrainingRecord, 0, len(ds.Training))
	for _, tr := range ds.Training {
		r := tr.TrainingRecord
		r.PersonID, r.CourseID = people[tr.Email], courses[tr.Course]
		list = append(list, r)
	}
	_, err := store.RecordTraining(ctx, list)
	return err
}
