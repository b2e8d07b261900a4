package postgres_test

import (
	"testing"

	"steward/assets/storetest"
)

// The People group, part by part (storetest.RunPeople once all are here).

func TestConformancePersons(t *testing.T) {
	storetest.RunPersons(t, func(t *testing.T) storetest.PersonStore { return openConformance(t) })
}
