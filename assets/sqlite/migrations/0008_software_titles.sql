-- Installed software by title. Inserting a report's ~750 packages as rows
-- of installed_software (0002), with its index on (name NOCASE, publisher,
-- asset), cost about 14 us a row: ~10 s for 1,000 reports. Now:
--
-- software_titles   each distinct (name, publisher) once; names compare
--                   without regard to ASCII case, as compliance always
--                   grouped them; the title keeps the spelling first seen.
-- asset_software    one row per asset: its latest software list as JSON,
--                   [[title_id, "version"], ...] in the order recorded.
-- software_installs which assets have each title, keyed (title, asset): one
--                   small B-tree of integers that licence compliance counts
--                   by walking it (versions are in the asset's list).
--
-- An asset's pairs are removed with its list (trigger), so deleting an asset
-- (ON DELETE CASCADE on asset_software) removes them; a list replaced in
-- place has its changed pairs written by Steward.

CREATE TABLE software_titles (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL,
	publisher TEXT NOT NULL DEFAULT '',
	-- How many assets have it: the number of its software_installs keys,
	-- kept by every write of them (and the trigger below), so compliance
	-- reads one row per title instead of counting every installation.
	installs  INTEGER NOT NULL DEFAULT 0,
	UNIQUE (name COLLATE NOCASE, publisher)
);

CREATE TABLE asset_software (
	asset_id INTEGER PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
	seen     TEXT NOT NULL DEFAULT '', -- when inventory saw the list (RFC 3339)
	titles   TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE software_installs (
	title_id INTEGER NOT NULL REFERENCES software_titles(id),
	asset_id INTEGER NOT NULL,
	PRIMARY KEY (title_id, asset_id)
) WITHOUT ROWID;

CREATE TRIGGER asset_software_removed AFTER DELETE ON asset_software BEGIN
	UPDATE software_titles SET installs = installs - 1
		WHERE id IN (SELECT value ->> 0 FROM json_each(OLD.titles));
	DELETE FROM software_installs WHERE asset_id = OLD.asset_id
		AND title_id IN (SELECT value ->> 0 FROM json_each(OLD.titles));
END;

INSERT INTO software_titles(name, publisher)
	SELECT min(name), publisher FROM installed_software
	GROUP BY name COLLATE NOCASE, publisher
	ORDER BY name COLLATE NOCASE, publisher;

CREATE TEMP TABLE software_moved AS
	SELECT sw.rowid AS seq, sw.asset_id, t.id AS title_id, sw.version, sw.seen
	FROM installed_software sw
	JOIN software_titles t ON t.name = sw.name COLLATE NOCASE AND t.publisher = sw.publisher;

INSERT INTO asset_software(asset_id, seen, titles)
	SELECT asset_id, max(seen), json_group_array(json_array(title_id, version) ORDER BY seq)
	FROM software_moved GROUP BY asset_id;

INSERT INTO software_installs(title_id, asset_id)
	SELECT DISTINCT title_id, asset_id FROM software_moved ORDER BY title_id, asset_id;

UPDATE software_titles SET installs = (SELECT count(*) FROM software_installs i WHERE i.title_id = software_titles.id);

DROP TABLE software_moved;
DROP TABLE installed_software;
