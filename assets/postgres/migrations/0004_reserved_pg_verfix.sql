-- Placeholder: number 4 belongs to branch pg-verfix (0004_editable_versions.sql).
-- When that branch is merged, delete this file (migrations must be numbered
-- 1, 2, 3, ... without a gap or a repeat). It changes nothing.
DO $$ BEGIN END $$;
