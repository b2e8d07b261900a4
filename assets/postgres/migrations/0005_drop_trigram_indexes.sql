-- The three pg_trgm indexes on assets (tag, serial, name) serve no query:
-- the asset list's search matches words and prefixes through asset_search
-- (tsvector), as SQLite's FTS5 does, and both engines must return the same
-- rows, so substring matching ("12345" inside "VNB3K12345") is not offered
-- on either. They only cost time on every insert and update of an asset
-- (three GIN indexes, about 45 trigram entries a row) and on every vacuum.
DROP INDEX IF EXISTS assets_tag_trgm;
DROP INDEX IF EXISTS assets_serial_trgm;
DROP INDEX IF EXISTS assets_name_trgm;
