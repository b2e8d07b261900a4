//go:build !linux

package pgtest

import (
	"context"
	"errors"
)

// cluster is Linux's throwaway cluster (cluster_linux.go); elsewhere the
// tests need STEWARD_TEST_PG.
type cluster struct{}

func startCluster(context.Context) (*cluster, error) {
	return nil, errors.New("no throwaway PostgreSQL cluster on this system: set " + EnvServer)
}

func (c *cluster) url(string) string { return "" }

func (c *cluster) stop() error { return nil }
