package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// impactCount is one count that a deletion's confirmation names.
type impactCount struct {
	query     string // counts rows that refer to the record ($1 is its id)
	one, many string
	blocks    bool // the deletion is refused while the count is above zero
}

// impactRules says, per kind of record, what else a deletion touches (as
// assets/sqlite/impact.go). The foreign keys decide what happens (cascade
// or set null); these words say it.
var impactRules = map[string]struct {
	name   string // SELECT of the record's name ($1 is its id)
	counts []impactCount
}{
	"contract": {`SELECT provider || CASE WHEN reference <> '' THEN ' ' || reference ELSE '' END FROM contracts WHERE id = $1`, []impactCount{
		{`SELECT count(*) FROM contract_assets WHERE contract_id = $1`, "asset loses this contract", "assets lose this contract", false},
	}},
	"task": {`SELECT CASE WHEN title <> '' THEN title ELSE kind END FROM tasks WHERE id = $1`, []impactCount{
		{`SELECT count(*) FROM task_assets WHERE task_id = $1`, "asset is no longer planned in this task", "assets are no longer planned in this task", false},
		{`SELECT count(*) FROM tasks WHERE previous_id = $1`, "later occurrence forgets it came from this one", "later occurrences forget they came from this one", false},
	}},
	"licence": {`SELECT product || CASE WHEN edition <> '' THEN ' ' || edition ELSE '' END FROM licences WHERE id = $1`, []impactCount{
		{`SELECT count(*) FROM licence_assignments WHERE licence_id = $1`, "seat assignment is deleted", "seat assignments are deleted", false},
		{`SELECT count(*) FROM licence_covers WHERE licence_id = $1`, "software pattern is no longer counted against a licence", "software patterns are no longer counted against a licence", false},
	}},
	"course": {`SELECT name FROM courses WHERE id = $1`, []impactCount{
		{`SELECT count(*) FROM training_records WHERE course_id = $1`, "training record is deleted", "training records are deleted", false},
		{`SELECT count(*) FROM course_scopes WHERE course_id = $1`, "rule that makes it mandatory goes", "rules that make it mandatory go", false},
	}},
	"asset": {`SELECT tag || ' ' || name FROM assets WHERE id = $1`, []impactCount{
		{`SELECT count(*) FROM contract_assets WHERE asset_id = $1`, "contract no longer covers it", "contracts no longer cover it", false},
		{`SELECT count(*) FROM licence_assignments WHERE asset_id = $1`, "licence seat assignment is deleted", "licence seat assignments are deleted", false},
		{`SELECT count(*) FROM task_assets WHERE asset_id = $1`, "task no longer includes it", "tasks no longer include it", false},
		{`SELECT count(*) FROM handovers WHERE asset_id = $1`, "hand-over record is deleted", "hand-over records are deleted", false},
	}},
	"person": {`SELECT name FROM people WHERE id = $1`, []impactCount{
		{`SELECT count(*) FROM assets WHERE assigned_to = $1`, "asset is still held", "assets are still held", true},
		{`SELECT count(*) FROM licence_assignments WHERE person_id = $1`, "licence seat is still assigned", "licence seats are still assigned", true},
		{`SELECT count(*) FROM training_records WHERE person_id = $1`, "training record is deleted", "training records are deleted", false},
		{`SELECT count(*) FROM people WHERE manager_id = $1`, "person loses their manager", "people lose their manager", false},
		{`SELECT count(*) FROM handovers WHERE person_id = $1`, "hand-over keeps the name only", "hand-overs keep the name only", false},
	}},
}

// DeletionImpact says what deleting record id of kind entity ("contract",
// "task", "licence", "course", "person", "asset") would do to the rest of
// the register, and whether it is refused.
func (s *Store) DeletionImpact(ctx context.Context, entity string, id int64) (_ assets.Impact, err error) {
	defer assets.Wrap(&err, "postgres.DeletionImpact")
	return deletionImpact(ctx, s.pool, entity, id)
}

func deletionImpact(ctx context.Context, q querier, entity string, id int64) (assets.Impact, error) {
	var im assets.Impact
	rule, ok := impactRules[entity]
	if !ok {
		return im, fmt.Errorf("no deletion rules for %q records", entity)
	}
	if err := q.QueryRow(ctx, rule.name, id).Scan(&im.Name); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return im, assets.NotFoundf("no %s #%d", entity, id)
		}
		return im, mapErr(err)
	}
	for _, c := range rule.counts {
		var n int64
		if err := q.QueryRow(ctx, c.query, id).Scan(&n); err != nil {
			return im, mapErr(err)
		}
		if c.blocks {
			im.Block(int(n), c.one, c.many)
		} else {
			im.Add(int(n), c.one, c.many)
		}
	}
	return im, nil
}
