-- No lost updates (issue 18): every row a person edits in a form carries
-- a version, 1 when inserted and one more on every change of what the
-- form shows. A save names the version it read and is refused (a
-- conflict, theirs beside yours) when the stored row has moved on.
-- The store's own UPDATE statements move it on themselves (version =
-- version + 1); the triggers catch any other change of an editable
-- column, and by testing new.version = old.version they stay out of the
-- way of statements that did. They list columns, so the global ID filled
-- in after an insert (0012), the audit stamp and a re-encrypted licence
-- key (same key, new cipher text) leave the version alone; and their own
-- UPDATE sets only version, which no other trigger watches.
ALTER TABLE assets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE people ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE licences ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE contracts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tasks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE courses ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TRIGGER assets_version AFTER UPDATE OF tag, name, category, manufacturer, model, serial, status, location,
	assigned_to, purchase_date, cost, currency, supplier, notes, os, eol_date, hostname, mac ON assets
	WHEN new.version = old.version
BEGIN
	UPDATE assets SET version = old.version + 1 WHERE id = new.id;
END;

CREATE TRIGGER people_version AFTER UPDATE OF name, email, department, title, location, manager_id,
	start_date, leave_date, status ON people
	WHEN new.version = old.version
BEGIN
	UPDATE people SET version = old.version + 1 WHERE id = new.id;
END;

CREATE TRIGGER licences_version AFTER UPDATE OF product, vendor, edition, type, seats, cost, currency,
	purchase_date, renewal_date, expiry_date, supplier, contract_ref, notes, renews, term_months ON licences
	WHEN new.version = old.version
BEGIN
	UPDATE licences SET version = old.version + 1 WHERE id = new.id;
END;

CREATE TRIGGER contracts_version AFTER UPDATE OF kind, provider, reference, level, start_date, end_date,
	cost, currency, notes ON contracts
	WHEN new.version = old.version
BEGIN
	UPDATE contracts SET version = old.version + 1 WHERE id = new.id;
END;

CREATE TRIGGER tasks_version AFTER UPDATE OF kind, title, due, every_months, cost, currency, status,
	completed, note, spend ON tasks
	WHEN new.version = old.version
BEGIN
	UPDATE tasks SET version = old.version + 1 WHERE id = new.id;
END;

CREATE TRIGGER courses_version AFTER UPDATE OF name, provider, description, renewal_months ON courses
	WHEN new.version = old.version
BEGIN
	UPDATE courses SET version = old.version + 1 WHERE id = new.id;
END;
