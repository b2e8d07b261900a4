package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// IntakeCreateAsset and IntakeAsset give the intake conformance test the
// asset fixtures through this package's temporary asset writer
// (intake_assets.go) until the assets group lands; then delete this file.
func (s *Store) IntakeCreateAsset(ctx context.Context, a *assets.Asset) error {
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	return s.withTx(ctx, func(tx pgx.Tx) error { return s.intakeInsertAsset(ctx, tx, a, "create") })
}

func (s *Store) IntakeAsset(ctx context.Context, id int64) (assets.Asset, error) {
	return intakeAssetWhere(ctx, s.pool, "a.id = $1", id)
}
