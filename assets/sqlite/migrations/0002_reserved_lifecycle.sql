-- Placeholder for the lifecycle migration (licences, contracts, tasks), so
-- that 0003_people applies on this branch before lifecycle lands. Delete it
-- when the real 0002 is merged.
SELECT 1;
