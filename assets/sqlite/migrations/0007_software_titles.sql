-- Installed software by title. Each distinct (name, publisher) is stored
-- once in software_titles and an installation refers to it by number, so
-- the per-installation indexes hold small integers instead of names.
-- Inserting the ~750 packages of a report into the name index of 0002 cost
-- about 14 us a row (1,000 reports: ~10 s); with integer keys it is a small
-- fraction of that, and licence compliance counts assets per title by
-- walking (title_id, asset_id).
--
-- Names compare without regard to ASCII case, as compliance always grouped
-- them (name COLLATE NOCASE, publisher); the title keeps the spelling first
-- seen.

CREATE TABLE software_titles (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL,
	publisher TEXT NOT NULL DEFAULT '',
	UNIQUE (name COLLATE NOCASE, publisher)
);

INSERT INTO software_titles(name, publisher)
	SELECT min(name), publisher FROM installed_software
	GROUP BY name COLLATE NOCASE, publisher
	ORDER BY name COLLATE NOCASE, publisher;

CREATE TABLE installed_software_by_title (
	asset_id  INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
	title_id  INTEGER NOT NULL REFERENCES software_titles(id),
	version   TEXT NOT NULL DEFAULT '',
	seen      TEXT NOT NULL DEFAULT '' -- when inventory last saw it (RFC 3339)
);

INSERT INTO installed_software_by_title(asset_id, title_id, version, seen)
	SELECT sw.asset_id, t.id, sw.version, sw.seen
	FROM installed_software sw
	JOIN software_titles t ON t.name = sw.name COLLATE NOCASE AND t.publisher = sw.publisher
	ORDER BY sw.rowid;

DROP TABLE installed_software;
ALTER TABLE installed_software_by_title RENAME TO installed_software;
CREATE INDEX installed_software_asset ON installed_software(asset_id);
-- Covering: distinct assets per title without touching the table.
CREATE INDEX installed_software_title ON installed_software(title_id, asset_id);
