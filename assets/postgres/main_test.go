package postgres_test

import (
	"testing"

	"steward/assets/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
