package app

import (
	"context"

	"steward/assets"
	"steward/assets/sqlite"
)

// bookValueText is an asset's book value today as its page shows it, with
// the policy that gives it ("" when it is not depreciated or not on the
// books).
func bookValueText(ctx context.Context, store *sqlite.Store, a *assets.Asset, today assets.Date) (string, error) {
	v, policy, ok, err := store.AssetBookValue(ctx, a, today)
	if err != nil || !ok || policy.Method == assets.DepreciationNone {
		return "", err
	}
	return v.String() + " on " + today.String() + " (" + policy.String() + ")", nil
}
