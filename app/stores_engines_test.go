package app

import (
	"steward/assets/postgres"
	"steward/assets/sqlite"
)

// The interfaces the window asks for at run time (a fake may lack them, a
// real store must not) and those stores_test.go leaves out, for SQLite.
var (
	_ countsStore         = (*sqlite.Store)(nil)
	_ unknownDevicesStore = (*sqlite.Store)(nil)
	_ whoStore            = (*sqlite.Store)(nil)
	_ chartsStore         = (*sqlite.Store)(nil)
	_ chartSource         = (*sqlite.Store)(nil)
	_ alertFilterStore    = (*sqlite.Store)(nil)
	_ pickerStore         = (*sqlite.Store)(nil)
)

// The PostgreSQL store meets every screen's interface too, and offers
// Watch (live.go): a screen written against its interface works on both
// engines without knowing which.
var (
	_ Store                = (*postgres.Store)(nil)
	_ Watcher              = (*postgres.Store)(nil)
	_ countsStore          = (*postgres.Store)(nil)
	_ unknownDevicesStore  = (*postgres.Store)(nil)
	_ whoStore             = (*postgres.Store)(nil)
	_ chartsStore          = (*postgres.Store)(nil)
	_ chartSource          = (*postgres.Store)(nil)
	_ alertFilterStore     = (*postgres.Store)(nil)
	_ pickerStore          = (*postgres.Store)(nil)
	_ alertsStore          = (*postgres.Store)(nil)
	_ assetFormStore       = (*postgres.Store)(nil)
	_ assetsStore          = (*postgres.Store)(nil)
	_ agentStore           = (*postgres.Store)(nil)
	_ bookStore            = (*postgres.Store)(nil)
	_ budgetStore          = (*postgres.Store)(nil)
	_ contractsStore       = (*postgres.Store)(nil)
	_ dashboardStore       = (*postgres.Store)(nil)
	_ deletionStore        = (*postgres.Store)(nil)
	_ discoveryStore       = (*postgres.Store)(nil)
	_ firstRunStore        = (*postgres.Store)(nil)
	_ inventoryImportStore = (*postgres.Store)(nil)
	_ inventoryPaneStore   = (*postgres.Store)(nil)
	_ keysStore            = (*postgres.Store)(nil)
	_ licencesStore        = (*postgres.Store)(nil)
	_ lifecycleStore       = (*postgres.Store)(nil)
	_ pathStore            = (*postgres.Store)(nil)
	_ peopleStore          = (*postgres.Store)(nil)
	_ reportsStore         = (*postgres.Store)(nil)
	_ settingsStore        = (*postgres.Store)(nil)
	_ stocktakeStore       = (*postgres.Store)(nil)
	_ tagLookup            = (*postgres.Store)(nil)
	_ trainingStore        = (*postgres.Store)(nil)
	_ transferStore        = (*postgres.Store)(nil)
	_ upgradesStore        = (*postgres.Store)(nil)
	_ visitStore           = (*postgres.Store)(nil)
	_ handoverStore        = (*postgres.Store)(nil)
	_ bulkStore            = (*postgres.Store)(nil)
)
