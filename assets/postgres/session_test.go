package postgres

import "testing"

func TestSessionSettingsLeaveWhatTheAddressSets(t *testing.T) {
	if got := sessionSettings(map[string]string{"application_name": "steward"}); got != "SET jit = off;" {
		t.Errorf("defaults: %q", got)
	}
	if got := sessionSettings(map[string]string{"jit": "on"}); got != "" {
		t.Errorf("jit chosen in the address: %q", got)
	}
}
