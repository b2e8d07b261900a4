-- Placeholder for the people migration, so that 0004_discovery applies on
-- this branch before people lands. Delete it when the real 0003 is merged.
SELECT 1;
