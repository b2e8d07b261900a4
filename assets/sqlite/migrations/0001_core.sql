-- Steward core schema: settings, categories, people, assets, identifiers,
-- history and the free-text index. Text columns are NOT NULL DEFAULT '' so
-- keyset pagination compares plain values; dates are 'YYYY-MM-DD' or '';
-- instants are UTC RFC 3339; money is integer minor units plus currency.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE categories (
	name                  TEXT PRIMARY KEY,
	label                 TEXT NOT NULL,
	refresh_years         INTEGER NOT NULL DEFAULT 0 CHECK (refresh_years >= 0),
	replacement_cost      INTEGER NOT NULL DEFAULT 0,
	replacement_currency  TEXT NOT NULL DEFAULT '',
	builtin               INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE people (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	email       TEXT NOT NULL COLLATE NOCASE UNIQUE,
	department  TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	location    TEXT NOT NULL DEFAULT '',
	manager_id  INTEGER REFERENCES people(id) ON DELETE SET NULL,
	start_date  TEXT NOT NULL DEFAULT '',
	leave_date  TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT 'active',
	created     TEXT NOT NULL,
	updated     TEXT NOT NULL
);
CREATE INDEX people_name ON people(name COLLATE NOCASE, id);
CREATE INDEX people_department ON people(department, id);
CREATE INDEX people_status ON people(status, id);

CREATE TABLE assets (
	id             INTEGER PRIMARY KEY,
	tag            TEXT NOT NULL COLLATE NOCASE UNIQUE,
	name           TEXT NOT NULL,
	category       TEXT NOT NULL REFERENCES categories(name) ON UPDATE CASCADE,
	manufacturer   TEXT NOT NULL DEFAULT '',
	model          TEXT NOT NULL DEFAULT '',
	serial         TEXT NOT NULL DEFAULT '',
	status         TEXT NOT NULL DEFAULT 'in_stock',
	location       TEXT NOT NULL DEFAULT '',
	assigned_to    INTEGER REFERENCES people(id) ON DELETE SET NULL,
	purchase_date  TEXT NOT NULL DEFAULT '',
	cost           INTEGER NOT NULL DEFAULT 0,
	currency       TEXT NOT NULL DEFAULT '',
	supplier       TEXT NOT NULL DEFAULT '',
	notes          TEXT NOT NULL DEFAULT '',
	os             TEXT NOT NULL DEFAULT '',
	eol_date       TEXT NOT NULL DEFAULT '',
	hostname       TEXT NOT NULL DEFAULT '',
	mac            TEXT NOT NULL DEFAULT '',
	created        TEXT NOT NULL,
	updated        TEXT NOT NULL
);
-- One index per sortable column and filter, each ending in id for keyset paging.
CREATE INDEX assets_name ON assets(name COLLATE NOCASE, id);
CREATE INDEX assets_category ON assets(category, id);
CREATE INDEX assets_status ON assets(status, id);
CREATE INDEX assets_location ON assets(location, id);
CREATE INDEX assets_assigned ON assets(assigned_to, id);
CREATE INDEX assets_purchase ON assets(purchase_date, id);
CREATE INDEX assets_cost ON assets(cost, id);
CREATE INDEX assets_updated ON assets(updated, id);
CREATE INDEX assets_manufacturer ON assets(manufacturer COLLATE NOCASE, id);
CREATE INDEX assets_model ON assets(model COLLATE NOCASE, id);
CREATE INDEX assets_serial ON assets(serial) WHERE serial <> '';
CREATE INDEX assets_mac ON assets(mac) WHERE mac <> '';
CREATE INDEX assets_hostname ON assets(hostname) WHERE hostname <> '';

-- Every change to any record: one row per field changed (or per action).
CREATE TABLE history (
	id         INTEGER PRIMARY KEY,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL DEFAULT '',
	entity     TEXT NOT NULL,
	entity_id  INTEGER NOT NULL,
	action     TEXT NOT NULL,
	field      TEXT NOT NULL DEFAULT '',
	old_value  TEXT NOT NULL DEFAULT '',
	new_value  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_entity ON history(entity, entity_id, id);

-- Free-text search. The index keeps its own copy of the text (a plain FTS5
-- table keyed by asset id). Inserts and updates index rows from Go with one
-- set-based statement (reindexAssets): an FTS5 insert inside a per-row
-- trigger flushes the index at every statement and made bulk imports 5x
-- slower. Deletes and person renames are single statements, kept as triggers.
CREATE VIRTUAL TABLE assets_fts USING fts5(
	tag, name, serial, model, manufacturer, person, notes,
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER assets_fts_delete AFTER DELETE ON assets BEGIN
	DELETE FROM assets_fts WHERE rowid = old.id;
END;

CREATE TRIGGER people_rename_fts AFTER UPDATE OF name ON people BEGIN
	UPDATE assets_fts SET person = new.name
	WHERE rowid IN (SELECT id FROM assets WHERE assigned_to = new.id);
END;
