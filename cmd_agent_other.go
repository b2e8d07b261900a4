//go:build !windows

package main

import "context"

// runAsService: only Windows has a service manager that must be answered;
// systemd and launchd run `steward agent` as a plain process.
func runAsService(func(context.Context) error) (bool, error) { return false, nil }
