-- Placeholder for the lifecycle migration, so that 0005_inventory applies on
-- this branch before lifecycle lands. Delete it when the real 0002 is merged.
SELECT 1;
