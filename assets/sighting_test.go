package assets

import "testing"

func TestMatchSighting(t *testing.T) {
	byMAC := Asset{ID: 1, MAC: "02:5e:00:00:00:01", HostName: "printer"}
	bySerial := Asset{ID: 2, Serial: "2040PDN123456"}
	byUUID := Asset{ID: 3, Serial: "564e4333-4230-3431-3131-3c2af7b1a2c4"}
	byHost := Asset{ID: 4, HostName: "ws-linux"}
	twinA := Asset{ID: 5, HostName: "dup"}
	twinB := Asset{ID: 6, HostName: "dup.local"}
	all := []Asset{byMAC, bySerial, byUUID, byHost, twinA, twinB}
	for _, c := range []struct {
		s     Sighting
		id    int64
		field string
	}{
		{Sighting{MAC: "02:5e:00:00:00:01", HostName: "ws-linux.local"}, 1, "mac"},
		{Sighting{Serial: "2040PDN123456", HostName: "ws-linux.local"}, 2, "serial"},
		{Sighting{UUID: "564e4333-4230-3431-3131-3c2af7b1a2c4"}, 3, "serial"},
		{Sighting{HostName: "ws-linux.local"}, 4, "hostname"},
		{Sighting{HostName: "dup.local"}, 0, ""}, // ambiguous: two assets
		{Sighting{HostName: "other.local", MAC: "02:5e:00:00:00:99"}, 0, ""},
	} {
		c.s.Normalize()
		a, field, ok := MatchSighting(c.s, all)
		if ok != (c.id != 0) || a.ID != c.id || field != c.field {
			t.Errorf("MatchSighting(%+v) = %d %q %v, want %d %q", c.s, a.ID, field, ok, c.id, c.field)
		}
	}
}
