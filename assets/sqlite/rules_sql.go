package sqlite

import (
	"strings"

	"steward/assets"
)

// The SQL forms of the domain's status sets and leaver rule
// (assets/rulesets.go). Queries filter with these, never with their own
// lists of codes, so the store and the Go rules cannot drift apart
// (TestSQLRulesAgreeWithDomain checks that they answer alike).
var (
	// activeStatuses is assets.ActiveStatuses: "('in_stock','deployed','in_repair')".
	activeStatuses = sqlSet(assets.ActiveStatuses)
	// holdingStatuses is assets.HoldingStatuses, the asset statuses that
	// count as "holding" an asset.
	holdingStatuses = sqlSet(assets.HoldingStatuses)
	// openTaskStatuses is assets.OpenTaskStatuses.
	openTaskStatuses = sqlSet(assets.OpenTaskStatuses)
	// hasLeft and stillHere are assets.Leaving on the people table and
	// its negation, as of the day leaverArgs gives.
	hasLeft   = leaverSQL(assets.Leaving, "", false)
	stillHere = leaverSQL(assets.Leaving, "", true)
)

// sqlSet writes codes as an SQL list of literals: "('a','b')". The codes
// are the domain's constants, never input; quotes are doubled all the same.
func sqlSet[T ~string](codes []T) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, c := range codes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(sqlLiteral(string(c)))
	}
	b.WriteByte(')')
	return b.String()
}

func sqlLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// sqlIn is "col IN (...)" for the codes, "col = '...'" for one code (what
// SQLite makes of a one-value IN anyway), with not: "NOT IN" or "<>".
// No codes match nothing ("0"), or everything with not ("1").
func sqlIn[T ~string](col string, codes []T, not bool) string {
	switch {
	case len(codes) == 0 && not:
		return "1"
	case len(codes) == 0:
		return "0"
	case len(codes) == 1 && not:
		return col + " <> " + sqlLiteral(string(codes[0]))
	case len(codes) == 1:
		return col + " = " + sqlLiteral(string(codes[0]))
	case not:
		return col + " NOT IN " + sqlSet(codes)
	}
	return col + " IN " + sqlSet(codes)
}

// leaverSQL is rule r on a row of people (columns status and leave_date
// under prefix, e.g. "p." or ""), in parentheses, with leaverArgs's
// arguments; not gives its negation: who is still here. A leave date is
// stored as YYYY-MM-DD, or as the empty string when there is none, so
// comparing the text compares the dates.
func leaverSQL(r assets.LeaverRule, prefix string, not bool) string {
	status := sqlIn(prefix+"status", r.Statuses, not)
	switch {
	case !r.LeaveDatePassed:
		return "(" + status + ")"
	case not:
		return "(" + status + " AND (" + prefix + "leave_date = '' OR " + prefix + "leave_date >= ?))"
	}
	return "(" + status + " OR (" + prefix + "leave_date <> '' AND " + prefix + "leave_date < ?))"
}

// leaverArgs are leaverSQL's arguments as of asOf.
func leaverArgs(r assets.LeaverRule, asOf assets.Date) []any {
	if !r.LeaveDatePassed {
		return nil
	}
	return []any{asOf.String()}
}
