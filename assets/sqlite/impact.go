package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"steward/assets"
)

// impactCount is one count that a deletion's confirmation names.
type impactCount struct {
	query     string // counts rows that refer to the record (one ? for its id)
	one, many string
	blocks    bool // the deletion is refused while the count is above zero
}

// impactRules says, per kind of record, what else a deletion touches. The
// foreign keys decide what happens (cascade or set null); these words say it.
var impactRules = map[string]struct {
	name   string // SELECT of the record's name (one ? for its id)
	counts []impactCount
}{
	"contract": {`SELECT provider || CASE WHEN reference <> '' THEN ' ' || reference ELSE '' END FROM contracts WHERE id = ?`, []impactCount{
		{`SELECT count(*) FROM contract_assets WHERE contract_id = ?`, "asset loses this contract", "assets lose this contract", false},
	}},
	"task": {`SELECT CASE WHEN title <> '' THEN title ELSE kind END FROM tasks WHERE id = ?`, []impactCount{
		{`SELECT count(*) FROM task_assets WHERE task_id = ?`, "asset is no longer planned in this task", "assets are no longer planned in this task", false},
		{`SELECT count(*) FROM tasks WHERE previous_id = ?`, "later occurrence forgets it came from this one", "later occurrences forget they came from this one", false},
	}},
	"licence": {`SELECT product || CASE WHEN edition <> '' THEN ' ' || edition ELSE '' END FROM licences WHERE id = ?`, []impactCount{
		{`SELECT count(*) FROM licence_assignments WHERE licence_id = ?`, "seat assignment is deleted", "seat assignments are deleted", false},
		{`SELECT count(*) FROM licence_covers WHERE licence_id = ?`, "software pattern is no longer counted against a licence", "software patterns are no longer counted against a licence", false},
	}},
	"course": {`SELECT name FROM courses WHERE id = ?`, []impactCount{
		{`SELECT count(*) FROM training_records WHERE course_id = ?`, "training record is deleted", "training records are deleted", false},
		{`SELECT count(*) FROM course_scopes WHERE course_id = ?`, "rule that makes it mandatory goes", "rules that make it mandatory go", false},
	}},
	"asset": {`SELECT tag || ' ' || name FROM assets WHERE id = ?`, []impactCount{
		{`SELECT count(*) FROM contract_assets WHERE asset_id = ?`, "contract no longer covers it", "contracts no longer cover it", false},
		{`SELECT count(*) FROM licence_assignments WHERE asset_id = ?`, "licence seat assignment is deleted", "licence seat assignments are deleted", false},
		{`SELECT count(*) FROM task_assets WHERE asset_id = ?`, "task no longer includes it", "tasks no longer include it", false},
		{`SELECT count(*) FROM handovers WHERE asset_id = ?`, "hand-over record is deleted", "hand-over records are deleted", false},
	}},
	"person": {`SELECT name FROM people WHERE id = ?`, []impactCount{
		{`SELECT count(*) FROM assets WHERE assigned_to = ?`, "asset is still held", "assets are still held", true},
		{`SELECT count(*) FROM licence_assignments WHERE person_id = ?`, "licence seat is still assigned", "licence seats are still assigned", true},
		{`SELECT count(*) FROM training_records WHERE person_id = ?`, "training record is deleted", "training records are deleted", false},
		{`SELECT count(*) FROM people WHERE manager_id = ?`, "person loses their manager", "people lose their manager", false},
		{`SELECT count(*) FROM handovers WHERE person_id = ?`, "hand-over keeps the name only", "hand-overs keep the name only", false},
	}},
}

// DeletionImpact says what deleting record id of kind entity ("contract",
// "task", "licence", "course", "person", "asset") would do to the rest of
// the register, and whether it is refused.
func (s *Store) DeletionImpact(ctx context.Context, entity string, id int64) (_ assets.Impact, err error) {
	defer assets.Wrap(&err, "sqlite.DeletionImpact")
	return s.deletionImpact(ctx, s.read, entity, id)
}

func (s *Store) deletionImpact(ctx context.Context, q txOrDB, entity string, id int64) (assets.Impact, error) {
	var im assets.Impact
	rule, ok := impactRules[entity]
	if !ok {
		return im, fmt.Errorf("no deletion rules for %q records", entity)
	}
	if err := q.QueryRowContext(ctx, rule.name, id).Scan(&im.Name); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return im, assets.NotFoundf("no %s #%d", entity, id)
		}
		return im, err
	}
	for _, c := range rule.counts {
		var n int
		if err := q.QueryRowContext(ctx, c.query, id).Scan(&n); err != nil {
			return im, err
		}
		if c.blocks {
			im.Block(n, c.one, c.many)
		} else {
			im.Add(n, c.one, c.many)
		}
	}
	return im, nil
}
