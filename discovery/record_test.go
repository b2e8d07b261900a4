//go:build linux

package discovery_test

import (
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"steward/discovery"
)

var record = flag.Bool("record", false, "record the office LAN's packets into testdata/office.packets")

// TestLANRecord captures what the office LAN sends during one scan, for
// the replay, grouping and fuzz tests that run without root. Run with
// -record to refresh testdata/office.packets.
func TestLANRecord(t *testing.T) {
	if !*record {
		t.Skip("pass -record to re-record testdata/office.packets")
	}
	lan, _ := startOffice(t)
	var mu sync.Mutex
	var b strings.Builder
	b.WriteString("# Packets heard by one scan of the netlab office LAN (netlab.Office).\n# at_us interface from hex\n")
	scanIn(t, lan, discovery.Options{OnPacket: func(p discovery.Packet) {
		mu.Lock()
		defer mu.Unlock()
		if len(p.Data) > 2 && p.Data[2]&0x80 == 0 {
			return // a query (our own, looped back)
		}
		fmt.Fprintf(&b, "%d %s %s %s\n", p.At.Microseconds(), p.Interface, p.From, hex.EncodeToString(p.Data))
	}})
	if err := os.WriteFile(filepath.Join("testdata", "office.packets"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
