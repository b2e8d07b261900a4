-- Stocktakes (audits): what should be at some locations against what was
-- scanned there. Scans are written as they happen, so an interrupted audit
-- resumes; the result of a finished audit is kept as it was (the register
-- moves on). Each asset keeps the date it was last found in an audit, and
-- each category how often its assets are due for one (0: never).
CREATE TABLE audits (
	id        INTEGER PRIMARY KEY,
	auditor   TEXT NOT NULL DEFAULT '',
	started   TEXT NOT NULL,
	finished  TEXT NOT NULL DEFAULT '',
	applied   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE audit_locations (
	audit_id  INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
	position  INTEGER NOT NULL,
	location  TEXT NOT NULL,
	PRIMARY KEY (audit_id, position)
) WITHOUT ROWID;

CREATE TABLE audit_scans (
	id          INTEGER PRIMARY KEY,
	audit_id    INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
	at          TEXT NOT NULL,
	code        TEXT NOT NULL,
	tag         TEXT NOT NULL,
	location    TEXT NOT NULL,
	result      TEXT NOT NULL,
	asset_id    INTEGER REFERENCES assets(id) ON DELETE SET NULL,
	asset_name  TEXT NOT NULL DEFAULT '',
	registered  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_scans_audit ON audit_scans(audit_id, id);
-- "Already scanned?" is asked on every scan.
CREATE INDEX audit_scans_tag ON audit_scans(audit_id, tag COLLATE NOCASE);

CREATE TABLE audit_results (
	audit_id    INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	outcome     TEXT NOT NULL,
	asset_id    INTEGER REFERENCES assets(id) ON DELETE SET NULL,
	tag         TEXT NOT NULL,
	name        TEXT NOT NULL DEFAULT '',
	registered  TEXT NOT NULL DEFAULT '',
	location    TEXT NOT NULL,
	serial      TEXT NOT NULL DEFAULT '',
	mac         TEXT NOT NULL DEFAULT '',
	hostname    TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (audit_id, position)
) WITHOUT ROWID;

ALTER TABLE categories ADD COLUMN audit_interval_months INTEGER NOT NULL DEFAULT 0 CHECK (audit_interval_months >= 0);
ALTER TABLE assets ADD COLUMN last_audited TEXT NOT NULL DEFAULT '';
