//go:build windows

package main

import "time"

// processCPU is not measured on Windows.
func processCPU() time.Duration { return 0 }
