-- asset_search keeps each asset's tag in the asset list's order (nocase,
-- as assets_tag sorts it) beside its tsvector, so that a search's first
-- page in tag order, the list's default, is read from the search rows
-- alone: the matches are sorted there and only the page's assets are
-- fetched, instead of one assets row per match (a search matching 1,800
-- of 100,000 assets: 14 ms, most of it those lookups). Every write of a
-- search row sets it (no default: a writer that forgets fails).
ALTER TABLE asset_search ADD COLUMN tag_key text COLLATE "C" NOT NULL DEFAULT '';
UPDATE asset_search s SET tag_key = nocase(a.tag) FROM assets a WHERE a.id = s.asset_id;
ALTER TABLE asset_search ALTER COLUMN tag_key DROP DEFAULT;
