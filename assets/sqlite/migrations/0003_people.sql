-- People and training: courses, the scopes that make them mandatory,
-- training records, and hand-overs of assets to people.

CREATE TABLE courses (
	id              INTEGER PRIMARY KEY,
	name            TEXT NOT NULL COLLATE NOCASE UNIQUE,
	provider        TEXT NOT NULL DEFAULT '',
	description     TEXT NOT NULL DEFAULT '',
	renewal_months  INTEGER NOT NULL DEFAULT 0 CHECK (renewal_months >= 0),
	created         TEXT NOT NULL,
	updated         TEXT NOT NULL
);

-- A course is mandatory for a person when any of its scopes matches:
-- kind 'all' (value ''), 'department' (value = people.department, any case)
-- or 'category' (value = category code of an active asset they hold).
CREATE TABLE course_scopes (
	course_id  INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
	kind       TEXT NOT NULL CHECK (kind IN ('all', 'department', 'category')),
	value      TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
	PRIMARY KEY (course_id, kind, value)
) WITHOUT ROWID;
CREATE INDEX course_scopes_value ON course_scopes(kind, value);

-- expires_on is stored (computed from the course's renewal period when the
-- record is written, or set by hand when expires_override = 1) so compliance
-- is a set-based query; changing a course's renewal period recomputes the
-- non-overridden ones.
CREATE TABLE training_records (
	id                INTEGER PRIMARY KEY,
	person_id         INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	course_id         INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
	completed_on      TEXT NOT NULL,
	expires_on        TEXT NOT NULL DEFAULT '',
	expires_override  INTEGER NOT NULL DEFAULT 0,
	score             REAL,
	certificate       TEXT NOT NULL DEFAULT '',
	note              TEXT NOT NULL DEFAULT '',
	created           TEXT NOT NULL,
	UNIQUE (person_id, course_id, completed_on)
);
-- The unique index serves a person's page; this one a course's records.
CREATE INDEX training_course ON training_records(course_id, completed_on);

-- Each person's latest completion of each course, kept by triggers, so that
-- compliance reads one narrow row per person and course instead of
-- aggregating every record ever written.
CREATE TABLE training_latest (
	course_id     INTEGER NOT NULL,
	person_id     INTEGER NOT NULL,
	completed_on  TEXT NOT NULL,
	expires_on    TEXT NOT NULL,
	-- "person:expiry", what compliance reads, made once per write.
	entry         TEXT GENERATED ALWAYS AS (person_id || ':' || expires_on) STORED,
	PRIMARY KEY (course_id, person_id)
) WITHOUT ROWID;

CREATE TRIGGER training_latest_insert AFTER INSERT ON training_records BEGIN
	INSERT INTO training_latest(course_id, person_id, completed_on, expires_on)
	VALUES (new.course_id, new.person_id, new.completed_on, new.expires_on)
	ON CONFLICT(course_id, person_id) DO UPDATE SET completed_on = excluded.completed_on, expires_on = excluded.expires_on
	WHERE excluded.completed_on >= training_latest.completed_on;
END;

CREATE TRIGGER training_latest_update AFTER UPDATE OF expires_on ON training_records BEGIN
	UPDATE training_latest SET expires_on = new.expires_on
	WHERE course_id = new.course_id AND person_id = new.person_id AND completed_on = new.completed_on;
END;

CREATE TRIGGER training_latest_delete AFTER DELETE ON training_records BEGIN
	DELETE FROM training_latest WHERE course_id = old.course_id AND person_id = old.person_id;
	INSERT INTO training_latest(course_id, person_id, completed_on, expires_on)
	SELECT course_id, person_id, completed_on, expires_on FROM training_records
	WHERE course_id = old.course_id AND person_id = old.person_id
	ORDER BY completed_on DESC LIMIT 1;
END;

-- One row per check-out of an asset to a person; checked_in = '' while out.
-- person_name is kept so the hand-over history survives a person's deletion.
CREATE TABLE handovers (
	id           INTEGER PRIMARY KEY,
	asset_id     INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
	person_id    INTEGER REFERENCES people(id) ON DELETE SET NULL,
	person_name  TEXT NOT NULL DEFAULT '',
	checked_out  TEXT NOT NULL DEFAULT '',
	due_back     TEXT NOT NULL DEFAULT '',
	out_note     TEXT NOT NULL DEFAULT '',
	checked_in   TEXT NOT NULL DEFAULT '',
	in_note      TEXT NOT NULL DEFAULT '',
	out_by       TEXT NOT NULL DEFAULT '',
	in_by        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX handovers_asset ON handovers(asset_id, id);
CREATE INDEX handovers_person ON handovers(person_id, id);
CREATE UNIQUE INDEX handovers_open ON handovers(asset_id) WHERE checked_in = '';

-- People by leave date, for the leaver rule.
CREATE INDEX people_leave ON people(leave_date) WHERE leave_date <> '';
