-- Placeholder for the discovery branch's 0004_discovery.sql, so that
-- 0005_inventory applies on this branch first. Delete it when the real 0004
-- is merged.
SELECT 1;
