-- Inventory reports: every collection of a computer's hardware, OS and
-- software, attached to the asset it describes. The report is kept whole as
-- the collector wrote it (versioned JSON), so nothing is lost and the asset
-- page can show any report; the columns hold what matching and lists need.
-- The latest report's software goes into installed_software (0002), where
-- licence compliance counts it.

CREATE TABLE inventory_reports (
	id              INTEGER PRIMARY KEY,
	asset_id        INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
	collected_at    TEXT NOT NULL,             -- UTC RFC 3339, from the report
	imported_at     TEXT NOT NULL,
	source          TEXT NOT NULL DEFAULT '',  -- file name or agent address
	schema_version  INTEGER NOT NULL,
	hostname        TEXT NOT NULL DEFAULT '',
	serial          TEXT NOT NULL DEFAULT '',
	uuid            TEXT NOT NULL DEFAULT '',
	os              TEXT NOT NULL DEFAULT '',
	report          TEXT NOT NULL,             -- the report's JSON
	-- The same report imported twice (two technicians, one USB stick) is
	-- one row.
	UNIQUE (asset_id, collected_at)
);
CREATE INDEX inventory_reports_asset ON inventory_reports(asset_id, collected_at, id);
CREATE INDEX inventory_reports_uuid ON inventory_reports(uuid) WHERE uuid <> '';
