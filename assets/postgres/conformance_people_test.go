package postgres_test

import (
	"testing"

	"steward/assets/storetest"
)

// The People group, part by part (storetest.RunPeople once all are here).

func TestConformancePersons(t *testing.T) {
	storetest.RunPersons(t, func(t *testing.T) storetest.PersonStore { return openConformance(t) })
}

func TestConformanceTraining(t *testing.T) {
	storetest.RunTraining(t, func(t *testing.T) storetest.TrainingStore { return openConformance(t) })
}
