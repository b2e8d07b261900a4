-- Lifecycle: licences and their seats, warranty and support contracts,
-- upgrade and maintenance tasks, and the installed software that licence
-- compliance counts (inventory fills installed_software).

CREATE TABLE licences (
	id            INTEGER PRIMARY KEY,
	product       TEXT NOT NULL,
	vendor        TEXT NOT NULL DEFAULT '',
	edition       TEXT NOT NULL DEFAULT '',
	licence_key   TEXT NOT NULL DEFAULT '', -- secret: never copied into history
	type          TEXT NOT NULL DEFAULT 'per_seat',
	seats         INTEGER NOT NULL DEFAULT 0 CHECK (seats >= 0),
	cost          INTEGER NOT NULL DEFAULT 0,
	currency      TEXT NOT NULL DEFAULT '',
	purchase_date TEXT NOT NULL DEFAULT '',
	renewal_date  TEXT NOT NULL DEFAULT '',
	expiry_date   TEXT NOT NULL DEFAULT '',
	supplier      TEXT NOT NULL DEFAULT '',
	contract_ref  TEXT NOT NULL DEFAULT '',
	notes         TEXT NOT NULL DEFAULT '',
	created       TEXT NOT NULL,
	updated       TEXT NOT NULL
);
CREATE INDEX licences_product ON licences(product COLLATE NOCASE, id);
CREATE INDEX licences_vendor ON licences(vendor COLLATE NOCASE, id);
CREATE INDEX licences_type ON licences(type, id);
CREATE INDEX licences_expiry ON licences(expiry_date, id);
CREATE INDEX licences_renewal ON licences(renewal_date, id);

-- The installed-software entries a licence covers: a name pattern with *
-- and ? wildcards, optionally a publisher pattern.
CREATE TABLE licence_covers (
	id         INTEGER PRIMARY KEY,
	licence_id INTEGER NOT NULL REFERENCES licences(id) ON DELETE CASCADE,
	pattern    TEXT NOT NULL,
	publisher  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX licence_covers_licence ON licence_covers(licence_id);

-- A seat given to a person or to an asset (exactly one of them). More
-- assignments than seats is allowed: it is shown as a shortfall.
CREATE TABLE licence_assignments (
	id         INTEGER PRIMARY KEY,
	licence_id INTEGER NOT NULL REFERENCES licences(id) ON DELETE CASCADE,
	person_id  INTEGER REFERENCES people(id) ON DELETE CASCADE,
	asset_id   INTEGER REFERENCES assets(id) ON DELETE CASCADE,
	assigned   TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	CHECK ((person_id IS NULL) <> (asset_id IS NULL)),
	UNIQUE (licence_id, person_id),
	UNIQUE (licence_id, asset_id)
);
CREATE INDEX licence_assignments_person ON licence_assignments(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX licence_assignments_asset ON licence_assignments(asset_id) WHERE asset_id IS NOT NULL;

-- Software found on each asset. The inventory reports fill it (replacing an
-- asset's rows on each report); licence compliance counts from it.
CREATE TABLE installed_software (
	asset_id  INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
	name      TEXT NOT NULL,
	version   TEXT NOT NULL DEFAULT '',
	publisher TEXT NOT NULL DEFAULT '',
	seen      TEXT NOT NULL DEFAULT '' -- when inventory last saw it (RFC 3339)
);
CREATE INDEX installed_software_asset ON installed_software(asset_id);
-- Covering index: compliance counts distinct assets per (name, publisher)
-- by walking it, without touching the table.
CREATE INDEX installed_software_name ON installed_software(name COLLATE NOCASE, publisher, asset_id);

CREATE TABLE contracts (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL DEFAULT 'support' CHECK (kind IN ('warranty', 'support')),
	provider    TEXT NOT NULL,
	reference   TEXT NOT NULL DEFAULT '',
	level       TEXT NOT NULL DEFAULT '',
	start_date  TEXT NOT NULL DEFAULT '',
	end_date    TEXT NOT NULL,
	cost        INTEGER NOT NULL DEFAULT 0,
	currency    TEXT NOT NULL DEFAULT '',
	notes       TEXT NOT NULL DEFAULT '',
	created     TEXT NOT NULL,
	updated     TEXT NOT NULL
);
CREATE INDEX contracts_end ON contracts(end_date, id);
CREATE INDEX contracts_kind ON contracts(kind, end_date, id);
CREATE INDEX contracts_provider ON contracts(provider COLLATE NOCASE, id);
CREATE INDEX contracts_reference ON contracts(reference COLLATE NOCASE) WHERE reference <> '';

CREATE TABLE contract_assets (
	contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
	asset_id    INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
	PRIMARY KEY (contract_id, asset_id)
) WITHOUT ROWID;
CREATE INDEX contract_assets_asset ON contract_assets(asset_id, contract_id);

CREATE TABLE tasks (
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL,
	title        TEXT NOT NULL DEFAULT '',
	due          TEXT NOT NULL,
	every_months INTEGER NOT NULL DEFAULT 0 CHECK (every_months >= 0),
	anchor       TEXT NOT NULL DEFAULT '',
	occurrence   INTEGER NOT NULL DEFAULT 0,
	cost         INTEGER NOT NULL DEFAULT 0,
	currency     TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL DEFAULT 'planned',
	completed    TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	previous_id  INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
	created      TEXT NOT NULL,
	updated      TEXT NOT NULL
);
CREATE INDEX tasks_status_due ON tasks(status, due, id);
CREATE INDEX tasks_kind_due ON tasks(kind, due, id);
CREATE INDEX tasks_due ON tasks(due, id);

CREATE TABLE task_assets (
	task_id  INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
	asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
	PRIMARY KEY (task_id, asset_id)
) WITHOUT ROWID;
CREATE INDEX task_assets_asset ON task_assets(asset_id, task_id);
