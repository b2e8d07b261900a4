//go:build !linux && !darwin && !windows

package main

import "errors"

// noEcho: no password prompt on this system (the password file works).
func noEcho(int) (func(), error) { return nil, errors.New("no terminal support") }
