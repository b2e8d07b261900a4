package inventory

import (
	"errors"
	"fmt"
	"strings"
)

// AgentTXT is what an agent's DNS-SD TXT record says (see Agent.TXT).
type AgentTXT struct {
	Version string
	// Fingerprint is the SHA-256 of the agent's certificate, lower-case hex:
	// the value to pin when first collecting from it.
	Fingerprint string
	// ID is the agent's host name.
	ID string
}

// ParseAgentTXT reads an agent's TXT strings ("key=value", RFC 6763 6.3:
// keys in any case, the first occurrence of a key wins, unknown keys are
// ignored). A record without a valid fp= is not a usable agent.
func ParseAgentTXT(txt []string) (AgentTXT, error) {
	var out AgentTXT
	seen := map[string]bool{}
	for _, s := range txt {
		k, v, _ := strings.Cut(s, "=")
		k = strings.ToLower(k)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		switch k {
		case "version":
			out.Version = v
		case "id":
			out.ID = v
		case "fp":
			fp, err := NormalizeFingerprint(v)
			if err != nil {
				return AgentTXT{}, fmt.Errorf("agent TXT record: %w", err)
			}
			out.Fingerprint = fp
		}
	}
	if out.Fingerprint == "" {
		return AgentTXT{}, errors.New("agent TXT record has no fp= (certificate fingerprint)")
	}
	return out, nil
}
