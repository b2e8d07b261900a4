//go:build !linux

package postgres

import "syscall"

// controlUserTimeout: TCP_USER_TIMEOUT is Linux's; elsewhere the keepalive
// probes alone notice a dead link (when it is quiet).
func controlUserTimeout(string, string, syscall.RawConn) error { return nil }
