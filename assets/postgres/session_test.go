package postgres

import "testing"

func TestSessionSettingsLeaveWhatTheAddressSets(t *testing.T) {
	if got := sessionSettings(map[string]string{"application_name": "steward"}); got != "SET jit = off; SET random_page_cost = 1.1;" {
		t.Errorf("defaults: %q", got)
	}
	if got := sessionSettings(map[string]string{"jit": "on"}); got != "SET random_page_cost = 1.1;" {
		t.Errorf("jit chosen in the address: %q", got)
	}
	if got := sessionSettings(map[string]string{"jit": "on", "random_page_cost": "4"}); got != "" {
		t.Errorf("both chosen: %q", got)
	}
}
