package inventory

import (
	"strings"
	"testing"
)

func TestParseAgentTXT(t *testing.T) {
	fp := strings.Repeat("ab", 32)
	tests := []struct {
		name string
		txt  []string
		want AgentTXT
		err  string
	}{
		{"as advertised", []string{"version=1.2.3", "fp=" + fp, "id=pc-042"}, AgentTXT{"1.2.3", fp, "pc-042"}, ""},
		{"keys in any case, first wins, unknown ignored", []string{"FP=" + strings.ToUpper(fp), "fp=" + strings.Repeat("cd", 32), "extra=1", "Version=2", "novalue"}, AgentTXT{Version: "2", Fingerprint: fp}, ""},
		{"no fingerprint", []string{"version=1"}, AgentTXT{}, "no fp="},
		{"bad fingerprint", []string{"fp=xyz"}, AgentTXT{}, "not a SHA-256"},
		{"empty", nil, AgentTXT{}, "no fp="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAgentTXT(tt.txt)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v %v, want %+v", got, err, tt.want)
			}
		})
	}
	// What the agent advertises, it can read back.
	a, err := NewAgent(AgentOptions{ConfigDir: t.TempDir(), Hostname: "h", Version: "v"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ParseAgentTXT(a.TXT()); err != nil || got != (AgentTXT{"v", a.Fingerprint(), "h"}) {
		t.Errorf("own TXT: %+v %v", got, err)
	}
}

// FuzzParseAgentTXT: TXT records come from anyone on the LAN. No panic;
// an accepted record has a 64-hex-digit fingerprint.
func FuzzParseAgentTXT(f *testing.F) {
	f.Add("version=1.0\x00fp=" + strings.Repeat("0a", 32) + "\x00id=pc")
	f.Add("fp=\x00fp=zz")
	f.Add("=\x00==\x00FP=" + strings.Repeat("AB:", 31) + "AB")
	f.Fuzz(func(t *testing.T, joined string) {
		got, err := ParseAgentTXT(strings.Split(joined, "\x00"))
		if err != nil {
			return
		}
		if len(got.Fingerprint) != 64 || strings.Trim(got.Fingerprint, "0123456789abcdef") != "" {
			t.Fatalf("accepted fingerprint %q", got.Fingerprint)
		}
	})
}
