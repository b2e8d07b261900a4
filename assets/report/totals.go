package report

import "steward/assets"

// tooLargeText stands in a total cell for a sum beyond int64 minor units:
// words, never a wrapped amount.
const tooLargeText = "too large to add up"

// totalCell is the money cell of a checked total in currency cur.
func totalCell(t assets.Total, cur string) Cell {
	if t.Err() != nil {
		return T(tooLargeText)
	}
	return M(assets.Money{Minor: t.Minor, Currency: cur})
}

// totalText is a checked total as summary text ("EUR 1,234.00").
func totalText(t assets.Total, cur string) string {
	if t.Err() != nil {
		return tooLargeText
	}
	return assets.Money{Minor: t.Minor, Currency: cur}.String()
}

// overflowNote explains, once, why a total reads "too large to add up".
func overflowNote(totals ...assets.Total) []string {
	for _, t := range totals {
		if err := t.Err(); err != nil {
			return []string{"Some totals are " + tooLargeText + ": " + err.Error() + "."}
		}
	}
	return nil
}

func derefTotals(m map[string]*assets.Total) []assets.Total {
	out := make([]assets.Total, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, *m[k])
	}
	return out
}
