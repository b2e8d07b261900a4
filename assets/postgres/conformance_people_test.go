package postgres_test

import (
	"testing"

	"steward/assets/storetest"
)

// The People group: persons, training, hand-overs (storetest.RunPeople).
func TestConformancePeople(t *testing.T) {
	storetest.RunPeople(t, func(t *testing.T) storetest.PeopleStore { return openConformance(t) })
}
