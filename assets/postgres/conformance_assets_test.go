package postgres_test

import (
	"testing"

	"steward/assets/storetest"
)

// The PostgreSQL store is held to the Assets part of the contract.
func TestConformanceAssets(t *testing.T) {
	storetest.RunAssets(t, func(t *testing.T) storetest.AssetStore { return openConformance(t) })
}
