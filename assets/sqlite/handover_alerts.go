package sqlite

import (
	"context"

	"steward/assets"
)

func init() {
	registerAlertSource("returns", returnAlerts)
}

// returnAlerts raises an alert for every loan not back by its due-back date
// (assets.ReturnOverdueAlert), reading only the open hand-overs past their
// date (the handovers_due index).
func returnAlerts(ctx context.Context, s *Store, opt assets.AlertOptions) ([]assets.Alert, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+handoverColumns+` FROM handovers h JOIN assets a ON a.id = h.asset_id
		WHERE h.checked_in = '' AND h.due_back <> '' AND h.due_back < ?`, opt.AsOf.String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assets.Alert
	for rows.Next() {
		h, err := scanHandover(rows)
		if err != nil {
			return nil, err
		}
		if a, ok := assets.ReturnOverdueAlert(h, opt); ok {
			out = append(out, a)
		}
	}
	return out, rows.Err()
}
