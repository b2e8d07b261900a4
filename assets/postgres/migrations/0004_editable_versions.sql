-- Versions move on only when what a form shows changes, as in SQLite
-- (its 0014): the version triggers on the six records a person edits in a
-- form watch only their editable columns, with SQLite's lists, so the
-- audit stamp (last_audited), a re-encrypted licence key (same key, new
-- cipher text) and other bookkeeping leave the version alone. Before this,
-- bump_version ran on every UPDATE, and an audit marking an asset found
-- made a form open on it refuse its save as a conflict listing only the
-- person's own edits.
--
-- UPDATE OF fires when a listed column is set by the statement, changed or
-- not, as SQLite's does: the store's saves set every editable column and
-- hand back the version read + 1. The other tables' version triggers
-- (settings, categories, training records, ...) are unchanged.
DROP TRIGGER assets_version ON assets;
CREATE TRIGGER assets_version BEFORE UPDATE OF tag, name, category, manufacturer, model, serial, status, location,
	assigned_to, purchase_date, cost, currency, supplier, notes, os, eol_date, hostname, mac ON assets
	FOR EACH ROW EXECUTE FUNCTION bump_version();

DROP TRIGGER people_version ON people;
CREATE TRIGGER people_version BEFORE UPDATE OF name, email, department, title, location, manager_id,
	start_date, leave_date, status ON people
	FOR EACH ROW EXECUTE FUNCTION bump_version();

DROP TRIGGER licences_version ON licences;
CREATE TRIGGER licences_version BEFORE UPDATE OF product, vendor, edition, type, seats, cost, currency,
	purchase_date, renewal_date, expiry_date, supplier, contract_ref, notes, renews, term_months ON licences
	FOR EACH ROW EXECUTE FUNCTION bump_version();

DROP TRIGGER contracts_version ON contracts;
CREATE TRIGGER contracts_version BEFORE UPDATE OF kind, provider, reference, level, start_date, end_date,
	cost, currency, notes ON contracts
	FOR EACH ROW EXECUTE FUNCTION bump_version();

DROP TRIGGER tasks_version ON tasks;
CREATE TRIGGER tasks_version BEFORE UPDATE OF kind, title, due, every_months, cost, currency, status,
	completed, note, spend ON tasks
	FOR EACH ROW EXECUTE FUNCTION bump_version();

DROP TRIGGER courses_version ON courses;
CREATE TRIGGER courses_version BEFORE UPDATE OF name, provider, description, renewal_months ON courses
	FOR EACH ROW EXECUTE FUNCTION bump_version();
