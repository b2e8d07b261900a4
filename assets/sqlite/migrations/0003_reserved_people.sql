-- Placeholder for the people migration, so that 0005_inventory applies on
-- this branch before people lands. Delete it when the real 0003 is merged.
SELECT 1;
