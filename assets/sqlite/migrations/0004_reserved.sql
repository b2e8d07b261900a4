-- Placeholder for migration 0004 (another branch's), so that 0005_inventory
-- applies on this branch first. Delete it when the real 0004 is merged.
SELECT 1;
