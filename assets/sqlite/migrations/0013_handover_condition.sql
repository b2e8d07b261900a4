-- Hand-overs where the asset is (issue 16): the asset's condition as it
-- leaves and as it comes back, and the open loans by their return date
-- (the overdue-return alert reads only those past it).
ALTER TABLE handovers ADD COLUMN out_condition TEXT NOT NULL DEFAULT ''
	CHECK (out_condition IN ('', 'new', 'good', 'fair', 'worn', 'damaged', 'faulty'));
ALTER TABLE handovers ADD COLUMN in_condition TEXT NOT NULL DEFAULT ''
	CHECK (in_condition IN ('', 'new', 'good', 'fair', 'worn', 'damaged', 'faulty'));
CREATE INDEX handovers_due ON handovers(due_back) WHERE checked_in = '' AND due_back <> '';
