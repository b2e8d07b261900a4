-- The change log behind live updates (issue 18, "Live"): every statement
-- that changes the register's tables appends one row to changes, and
-- notifies channel steward_changes with it, so open windows refresh what
-- changed (Store.Watch) and a window that lost its connection catches up
-- from the log (changes after the last id it saw).
--
-- One row per statement, not per row: a COPY or an import of 100,000 assets
-- writes one row and sends one notification. entity is the list a window
-- shows (a child table logs as its parent: licence_covers as licences);
-- entity_id is the row when the statement changed exactly one (of the
-- parent, for a child table), NULL when it changed several or the table has
-- no numeric key (settings, categories, budgets); n is the number of rows.
--
-- The payload of a notification is "id entity action entity_id n"
-- (entity_id empty when NULL), well under NOTIFY's 8,000 bytes.
--
-- Rows older than 7 days are pruned by the writers themselves (one
-- statement in 1,000, skipped when another transaction is pruning): a
-- window away longer than that reloads everything.
--
-- The trigger function is SECURITY DEFINER: technicians change data but may
-- not write the log (grantAll treats changes as administrators' only), and
-- db_user is session_user, the person signed in, never the definer.
CREATE TABLE changes (
	id        bigserial PRIMARY KEY,
	at        timestamptz NOT NULL DEFAULT now(),
	entity    text COLLATE "C" NOT NULL,
	entity_id bigint,
	action    text COLLATE "C" NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
	n         bigint NOT NULL DEFAULT 1,
	db_user   text COLLATE "C" NOT NULL DEFAULT session_user
);

CREATE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
DECLARE
	n   bigint;
	one bigint;
	cid bigint;
	act text := lower(TG_OP);
BEGIN
	IF TG_OP = 'DELETE' THEN
		SELECT count(*) INTO n FROM old_rows;
		IF n = 1 AND TG_ARGV[1] <> '' THEN
			SELECT (to_jsonb(r) ->> TG_ARGV[1])::bigint INTO one FROM old_rows r;
		END IF;
	ELSE
		SELECT count(*) INTO n FROM new_rows;
		IF n = 1 AND TG_ARGV[1] <> '' THEN
			SELECT (to_jsonb(r) ->> TG_ARGV[1])::bigint INTO one FROM new_rows r;
		END IF;
	END IF;
	IF n = 0 THEN
		RETURN NULL;
	END IF;
	INSERT INTO changes (entity, entity_id, action, n) VALUES (TG_ARGV[0], one, act, n)
		RETURNING id INTO cid;
	PERFORM pg_notify('steward_changes', cid || ' ' || TG_ARGV[0] || ' ' || act || ' ' || coalesce(one::text, '') || ' ' || n);
	IF cid % 1000 = 0 AND pg_try_advisory_xact_lock(6004015088911171586) THEN
		DELETE FROM changes WHERE at < now() - interval '7 days';
	END IF;
	RETURN NULL;
END $$;

DO $$
DECLARE
	t record;
BEGIN
	FOR t IN SELECT * FROM (VALUES
		('assets', 'assets', 'id'),
		('people', 'people', 'id'),
		('licences', 'licences', 'id'),
		('licence_covers', 'licences', 'licence_id'),
		('licence_assignments', 'licences', 'licence_id'),
		('contracts', 'contracts', 'id'),
		('contract_assets', 'contracts', 'contract_id'),
		('tasks', 'tasks', 'id'),
		('task_assets', 'tasks', 'task_id'),
		('courses', 'courses', 'id'),
		('course_scopes', 'courses', 'course_id'),
		('training_records', 'training_records', 'id'),
		('handovers', 'handovers', 'id'),
		('categories', 'categories', ''),
		('settings', 'settings', ''),
		('scans', 'scans', 'id'),
		('sightings', 'sightings', 'id'),
		('inventory_reports', 'assets', 'asset_id'),
		('asset_software', 'software', 'asset_id'),
		('audits', 'audits', 'id'),
		('audit_locations', 'audits', 'audit_id'),
		('audit_scans', 'audits', 'audit_id'),
		('audit_results', 'audits', 'audit_id'),
		('category_budget', 'budget', ''),
		('asset_depreciation', 'budget', 'asset_id'),
		('model_costs', 'budget', '')
	) AS v (tbl, entity, idcol) LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION log_change(%L, %L)', t.tbl || '_log_insert', t.tbl, t.entity, t.idcol);
		EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION log_change(%L, %L)', t.tbl || '_log_update', t.tbl, t.entity, t.idcol);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
			FOR EACH STATEMENT EXECUTE FUNCTION log_change(%L, %L)', t.tbl || '_log_delete', t.tbl, t.entity, t.idcol);
	END LOOP;
END $$;
