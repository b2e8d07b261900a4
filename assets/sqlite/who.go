package sqlite

import (
	"context"

	"steward/assets"
)

// Who is the person using the register and their role: a register file is
// one person's, so the OS user (Actor) with every right ("admin"), as a
// shared register's administrator has.
func (s *Store) Who(ctx context.Context) (user, role string, err error) {
	defer assets.Wrap(&err, "sqlite.Who")
	return s.Actor, "admin", nil
}
