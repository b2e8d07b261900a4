package inventory

import (
	"bytes"
	"strings"
	"testing"
)

// TestSummarySaysOneOfAUnit: a one-core virtual machine with one memory
// module and one package reads "1 core", "in 1 module", "1 package".
func TestSummarySaysOneOfAUnit(t *testing.T) {
	r := &Report{Hostname: "vm", CPU: &CPU{Model: "QEMU", Cores: 1, Threads: 1},
		Memory:   &Memory{TotalBytes: 1 << 30, Modules: []MemoryModule{{SizeBytes: 1 << 30}}},
		Software: []Software{{Name: "bash", Source: "dpkg"}}}
	var b bytes.Buffer
	if err := WriteSummary(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(1 core, 1 thread)", "in 1 module", "1 package (1 from dpkg)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}
