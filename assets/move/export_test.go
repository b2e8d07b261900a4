package move

import "time"

// SetLockTimeout shortens how long Push waits for the register's tables.
func SetLockTimeout(d time.Duration) (restore func()) {
	old := lockTimeout
	lockTimeout = d
	return func() { lockTimeout = old }
}
