-- Global ids: every record a visit bundle carries gets a UUIDv7 (time then
-- random, as text) so that records match across machines: the register and
-- the bundle a technician took away (visit checkout / checkin). Existing
-- rows are backfilled; a trigger gives one to every row inserted without.
-- Bulk inserts (an import into an empty register) leave theirs NULL, with the
-- triggers dropped for the statement: writing 100,000 ids and their index
-- entries cost 10-30 % of such an insert. Those rows get their id the first
-- time they leave the register (visit checkout, fillGIDs); the indexes are
-- partial so that NULLs cost nothing.
--
-- The UUIDv7 expression is spelled out in SQL so that any program writing to
-- the file keeps the rule. Rows backfilled in this statement share its
-- millisecond; their 74 random bits keep them apart.

ALTER TABLE assets ADD COLUMN gid TEXT;
UPDATE assets SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX assets_gid ON assets(gid) WHERE gid IS NOT NULL;
CREATE TRIGGER assets_gid AFTER INSERT ON assets WHEN new.gid IS NULL BEGIN
	UPDATE assets SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE id = new.id;
END;

ALTER TABLE people ADD COLUMN gid TEXT;
UPDATE people SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX people_gid ON people(gid) WHERE gid IS NOT NULL;
CREATE TRIGGER people_gid AFTER INSERT ON people WHEN new.gid IS NULL BEGIN
	UPDATE people SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE id = new.id;
END;

ALTER TABLE categories ADD COLUMN gid TEXT;
UPDATE categories SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX categories_gid ON categories(gid) WHERE gid IS NOT NULL;
CREATE TRIGGER categories_gid AFTER INSERT ON categories WHEN new.gid IS NULL BEGIN
	UPDATE categories SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE name = new.name;
END;

ALTER TABLE contracts ADD COLUMN gid TEXT;
UPDATE contracts SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX contracts_gid ON contracts(gid) WHERE gid IS NOT NULL;
CREATE TRIGGER contracts_gid AFTER INSERT ON contracts WHEN new.gid IS NULL BEGIN
	UPDATE contracts SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE id = new.id;
END;

ALTER TABLE licences ADD COLUMN gid TEXT;
UPDATE licences SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX licences_gid ON licences(gid) WHERE gid IS NOT NULL;
CREATE TRIGGER licences_gid AFTER INSERT ON licences WHEN new.gid IS NULL BEGIN
	UPDATE licences SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE id = new.id;
END;

ALTER TABLE tasks ADD COLUMN gid TEXT;
UPDATE tasks SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX tasks_gid ON tasks(gid) WHERE gid IS NOT NULL;
CREATE TRIGGER tasks_gid AFTER INSERT ON tasks WHEN new.gid IS NULL BEGIN
	UPDATE tasks SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE id = new.id;
END;

ALTER TABLE history ADD COLUMN gid TEXT;
UPDATE history SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
-- No index of its own: history is the largest table and every bulk insert
-- writes a row per asset; a check-in looks a row up among its record's rows
-- (history_entity).
CREATE TRIGGER history_gid AFTER INSERT ON history WHEN new.gid IS NULL BEGIN
	UPDATE history SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE id = new.id;
END;

ALTER TABLE scans ADD COLUMN gid TEXT;
UPDATE scans SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX scans_gid ON scans(gid) WHERE gid IS NOT NULL;
CREATE TRIGGER scans_gid AFTER INSERT ON scans WHEN new.gid IS NULL BEGIN
	UPDATE scans SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE id = new.id;
END;

ALTER TABLE sightings ADD COLUMN gid TEXT;
UPDATE sightings SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX sightings_gid ON sightings(gid) WHERE gid IS NOT NULL;
CREATE TRIGGER sightings_gid AFTER INSERT ON sightings WHEN new.gid IS NULL BEGIN
	UPDATE sightings SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE id = new.id;
END;

ALTER TABLE handovers ADD COLUMN gid TEXT;
UPDATE handovers SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX handovers_gid ON handovers(gid) WHERE gid IS NOT NULL;
CREATE TRIGGER handovers_gid AFTER INSERT ON handovers WHEN new.gid IS NULL BEGIN
	UPDATE handovers SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE id = new.id;
END;

ALTER TABLE inventory_reports ADD COLUMN gid TEXT;
UPDATE inventory_reports SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX inventory_reports_gid ON inventory_reports(gid) WHERE gid IS NOT NULL;
CREATE TRIGGER inventory_reports_gid AFTER INSERT ON inventory_reports WHEN new.gid IS NULL BEGIN
	UPDATE inventory_reports SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE id = new.id;
END;

ALTER TABLE audits ADD COLUMN gid TEXT;
UPDATE audits SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX audits_gid ON audits(gid) WHERE gid IS NOT NULL;
CREATE TRIGGER audits_gid AFTER INSERT ON audits WHEN new.gid IS NULL BEGIN
	UPDATE audits SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE id = new.id;
END;

ALTER TABLE audit_scans ADD COLUMN gid TEXT;
UPDATE audit_scans SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX audit_scans_gid ON audit_scans(gid) WHERE gid IS NOT NULL;
CREATE TRIGGER audit_scans_gid AFTER INSERT ON audit_scans WHEN new.gid IS NULL BEGIN
	UPDATE audit_scans SET gid = lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6)))
	WHERE id = new.id;
END;

-- This register's own id: a bundle names the register it was taken from.
INSERT INTO settings(key, value) VALUES ('register_gid', lower(substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 1, 8) || '-' ||
		substr(printf('%012X', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)), 9, 4) || '-7' ||
		substr(hex(randomblob(2)), 2, 3) || '-' || substr('89AB', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2, 3) || '-' || hex(randomblob(6))));

-- In a visit bundle only: what was taken, from where, when and by whom.
CREATE TABLE visit (
	gid              TEXT PRIMARY KEY,
	source_register  TEXT NOT NULL,
	source_path      TEXT NOT NULL DEFAULT '',
	taken_at         TEXT NOT NULL,
	taken_by         TEXT NOT NULL DEFAULT '',
	locations        TEXT NOT NULL DEFAULT '[]' -- JSON array of strings
) WITHOUT ROWID;

-- In a visit bundle: every record as it was taken (a JSON object of its
-- fields), the base of the three-way merge at check-in.
CREATE TABLE visit_base (
	entity  TEXT NOT NULL,
	gid     TEXT NOT NULL,
	fields  TEXT NOT NULL,
	PRIMARY KEY (entity, gid)
) WITHOUT ROWID;

-- In a register: the bundles merged into it whole (no conflict left), by
-- the digest of what the bundle held, so the same bundle checked in again
-- changes nothing.
CREATE TABLE visit_checkins (
	visit_gid  TEXT NOT NULL,
	digest     TEXT NOT NULL,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL DEFAULT '',
	changes    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (visit_gid, digest)
) WITHOUT ROWID;
