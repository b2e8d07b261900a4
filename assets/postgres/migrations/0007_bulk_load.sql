-- A large batch of new assets into a small register (a move-in, a first
-- import) is written as SQLite's store writes it: the assets' and search
-- rows' secondary indexes and foreign keys are set aside, the rows copied,
-- and each index built once by one sort and each key checked by one join
-- (100,000 random inserts into 11 b-trees were most of a 100,000-asset
-- COPY). Everything happens in the batch's transaction: a
-- failure or a rollback puts every index and key back as it was.
--
-- Only the tables' owner may drop an index, so the two steps are functions
-- that run as their owner (SECURITY DEFINER), callable by technicians and
-- administrators (the GRANT is in grantAll). They touch only these two
-- tables' own objects, found in the catalog, and keep what they set aside
-- in bulk_load_saved, which nobody else may write.
CREATE TABLE bulk_load_saved (
	tbl  text COLLATE "C" NOT NULL,
	name text COLLATE "C" NOT NULL,
	kind text COLLATE "C" NOT NULL CHECK (kind IN ('index', 'foreign key')),
	def  text COLLATE "C" NOT NULL
);

-- bulk_load_begin locks assets and asset_search against every other
-- session (ACCESS EXCLUSIVE: even readers wait, for the seconds the batch
-- takes) and sets their secondary b-tree indexes and foreign keys aside,
-- but those named in keep (partial indexes few of the batch's rows enter:
-- a row outside one costs nothing, a rebuild reads every row). The primary
-- keys and unique indexes stay, so a repeated tag or id is still refused
-- row by row; so does the search's GIN index, which takes new rows through
-- its pending list more cheaply than it is rebuilt (measured: a rebuild
-- cost 1.5x the whole COPY it saved). When history holds fewer rows than
-- the batch brings, it is locked too and its index set aside likewise.
-- It waits for each lock at most lock_timeout (the caller then takes the
-- ordinary path).
CREATE FUNCTION bulk_load_begin(rows bigint, keep text[]) RETURNS void
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
	SET lock_timeout = '2s' AS $$
DECLARE
	r record;
	tables regclass[] := ARRAY['assets'::regclass, 'asset_search'::regclass];
BEGIN
	LOCK TABLE assets, asset_search IN ACCESS EXCLUSIVE MODE;
	IF EXISTS (SELECT 1 FROM bulk_load_saved) THEN
		RAISE EXCEPTION 'a bulk load is already under way in this transaction';
	END IF;
	IF (SELECT count(*) FROM (SELECT 1 FROM history LIMIT rows) h) < rows THEN
		LOCK TABLE history IN ACCESS EXCLUSIVE MODE;
		tables := tables || 'history'::regclass;
	END IF;
	FOR r IN SELECT c.conrelid::regclass::text AS tbl, c.conname::text AS name, pg_get_constraintdef(c.oid) AS def
		FROM pg_constraint c
		WHERE c.contype = 'f' AND c.conrelid = ANY (tables)
		ORDER BY 1, 2
	LOOP
		INSERT INTO bulk_load_saved VALUES (r.tbl, r.name, 'foreign key', r.def);
		EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.tbl, r.name);
	END LOOP;
	FOR r IN SELECT i.indrelid::regclass::text AS tbl, c.relname::text AS name, pg_get_indexdef(i.indexrelid) AS def
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
		WHERE i.indrelid = ANY (tables) AND NOT i.indisunique AND NOT i.indisprimary
			AND am.amname = 'btree' AND c.relname <> ALL (coalesce(keep, '{}'))
		ORDER BY 1, 2
	LOOP
		INSERT INTO bulk_load_saved VALUES (r.tbl, r.name, 'index', r.def);
		EXECUTE format('DROP INDEX %I', r.name);
	END LOOP;
END $$;

-- bulk_load_end builds the indexes again and checks the foreign keys (a
-- row naming a missing person or category fails the batch here, as it
-- would have failed the COPY).
CREATE FUNCTION bulk_load_end() RETURNS void
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
	SET maintenance_work_mem = '256MB' AS $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT * FROM bulk_load_saved WHERE kind = 'index' ORDER BY tbl, name LOOP
		EXECUTE r.def;
	END LOOP;
	FOR r IN SELECT * FROM bulk_load_saved WHERE kind = 'foreign key' ORDER BY tbl, name LOOP
		EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', r.tbl, r.name, r.def);
	END LOOP;
	DELETE FROM bulk_load_saved;
END $$;

-- A transaction that set the indexes aside and did not put them back
-- cannot commit (someone calling bulk_load_begin by hand, say): the check
-- runs at COMMIT, after bulk_load_end has emptied the table.
CREATE FUNCTION bulk_load_unfinished() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM bulk_load_saved) THEN
		RAISE EXCEPTION 'a bulk load set the register''s indexes aside and did not rebuild them: nothing was saved';
	END IF;
	RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER bulk_load_unfinished AFTER INSERT ON bulk_load_saved
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bulk_load_unfinished();

REVOKE ALL ON FUNCTION bulk_load_begin(bigint, text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION bulk_load_end() FROM PUBLIC;
