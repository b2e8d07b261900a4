-- How many assets each (category, status, location) has, kept by triggers.
--
-- The assets list's filter counts, its location list and the dashboard's
-- counts by status and category read this small table (one row per
-- combination in use) instead of the assets table. It replaces the two
-- covering indexes of 0006, which every bulk load of assets had to sort
-- again from the whole table (about a tenth of a 100,000-asset insert).
--
-- Steward's bulk insert drops asset_counts_insert for the length of its
-- transaction and adds the batch's counts itself (one row per combination
-- instead of one trigger run per asset); the other writes keep it by these
-- triggers, category renames (ON UPDATE CASCADE) included.
DROP INDEX IF EXISTS assets_filter;
DROP INDEX IF EXISTS assets_status_location;

CREATE TABLE asset_counts (
	category TEXT NOT NULL,
	status   TEXT NOT NULL,
	location TEXT NOT NULL,
	n        INTEGER NOT NULL,
	PRIMARY KEY (category, status, location)
) WITHOUT ROWID;

INSERT INTO asset_counts(category, status, location, n)
	SELECT category, status, location, count(*) FROM assets GROUP BY category, status, location;

CREATE TRIGGER asset_counts_insert AFTER INSERT ON assets BEGIN
	INSERT INTO asset_counts(category, status, location, n) VALUES (new.category, new.status, new.location, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- A combination's row goes when its last asset does (delete first: when n
-- is 1 the update then finds nothing).
CREATE TRIGGER asset_counts_delete AFTER DELETE ON assets BEGIN
	DELETE FROM asset_counts
		WHERE category = old.category AND status = old.status AND location = old.location AND n = 1;
	UPDATE asset_counts SET n = n - 1
		WHERE category = old.category AND status = old.status AND location = old.location;
END;

CREATE TRIGGER asset_counts_update AFTER UPDATE OF category, status, location ON assets
	WHEN old.category IS NOT new.category OR old.status IS NOT new.status OR old.location IS NOT new.location
BEGIN
	DELETE FROM asset_counts
		WHERE category = old.category AND status = old.status AND location = old.location AND n = 1;
	UPDATE asset_counts SET n = n - 1
		WHERE category = old.category AND status = old.status AND location = old.location;
	INSERT INTO asset_counts(category, status, location, n) VALUES (new.category, new.status, new.location, 1)
		ON CONFLICT DO UPDATE SET n = n + 1;
END;
