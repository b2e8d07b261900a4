package main

import (
	"context"
	"fmt"
	"runtime"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func init() {
	register(command{name: "version", summary: "print the version", run: func(ctx context.Context, args []string) error {
		fmt.Fprintf(stdout, "steward %s (%s/%s, %s)\n", version, runtime.GOOS, runtime.GOARCH, runtime.Version())
		return nil
	}})
}
