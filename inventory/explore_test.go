package inventory

import (
	"context"
	"testing"
	"time"
)

func TestExplore(t *testing.T) {
	for _, root := range []string{"/tmp/inv-snaps/linux-amd64-415ee03b8c4d1c4f07ae2e9d8b3d3d6d", "/tmp/inv-snaps/linux-s390x-snapshot"} {
		c := &collector{root: root, chrooted: true, w: &warnings{}}
		for name, f := range map[string]func(){"cpu": func() { c.cpu() }, "mem": func() { c.memory() }, "disks": func() { c.disks() }, "net": func() { c.nics() }, "gpu": func() { c.gpus() }, "dmi": func() { c.dmi(&Report{}) }, "host": func() { c.host() }} {
			s := time.Now()
			f()
			t.Logf("%s %s %v", root, name, time.Since(s))
		}
	}
	s := time.Now()
	Collect(context.Background(), Options{Snapshot: "/root/go/pkg/mod/github.com/jaypipes/ghw@v0.26.0/testdata/snapshots/linux-amd64-accel.tar.gz"})
	t.Logf("snapshot collect %v", time.Since(s))
}
