-- A leaner assets table for bulk loads (100,000 assets in one import):
--
-- 1. No indexes for sorts that no screen offers (manufacturer, model, last
--    updated). The store still sorts by them, by scanning; every sortable
--    column of the assets list keeps its index. Each index cost a sort of
--    the whole table per bulk load and a b-tree write per edit.
-- 2. The search index keeps no copy of the text (contentless, with deletes
--    by rowid): search only matches rowids and reads results from assets.
DROP INDEX IF EXISTS assets_manufacturer;
DROP INDEX IF EXISTS assets_model;
DROP INDEX IF EXISTS assets_updated;

DROP TRIGGER assets_fts_delete;
DROP TRIGGER people_rename_fts;
DROP TABLE assets_fts;

CREATE VIRTUAL TABLE assets_fts USING fts5(
	tag, name, serial, model, manufacturer, person, notes,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO assets_fts(rowid, tag, name, serial, model, manufacturer, person, notes)
	SELECT a.id, a.tag, a.name, a.serial, a.model, a.manufacturer, COALESCE(p.name, ''), a.notes
	FROM assets a LEFT JOIN people p ON p.id = a.assigned_to;

CREATE TRIGGER assets_fts_delete AFTER DELETE ON assets BEGIN
	DELETE FROM assets_fts WHERE rowid = old.id;
END;

-- A contentless index cannot update one column: the holder's assets are
-- indexed again whole.
CREATE TRIGGER people_rename_fts AFTER UPDATE OF name ON people BEGIN
	INSERT OR REPLACE INTO assets_fts(rowid, tag, name, serial, model, manufacturer, person, notes)
	SELECT a.id, a.tag, a.name, a.serial, a.model, a.manufacturer, new.name, a.notes
	FROM assets a WHERE a.assigned_to = new.id;
END;

-- A person's assets lose them as holder (ON DELETE SET NULL): so does their
-- search row.
CREATE TRIGGER people_delete_fts BEFORE DELETE ON people BEGIN
	INSERT OR REPLACE INTO assets_fts(rowid, tag, name, serial, model, manufacturer, person, notes)
	SELECT a.id, a.tag, a.name, a.serial, a.model, a.manufacturer, '', a.notes
	FROM assets a WHERE a.assigned_to = old.id;
END;
