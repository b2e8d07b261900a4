package assets

import (
	"reflect"
	"testing"
)

func TestMatchMachine(t *testing.T) {
	// Candidates as the store would find them.
	laptop := MatchCandidate{ID: 1, Serial: "PF3ABCDE", MAC: "8c:8c:aa:12:34:56", HostName: "tp14"}
	desk := MatchCandidate{ID: 2, Serial: "", UUIDs: []string{"4c4c4544-0042-3510-8052-b4c04f564433"}, HostName: "pc-042"}
	noSerial := MatchCandidate{ID: 3, MAC: "a4:bb:6d:01:02:03", HostName: "reception"}
	otherSerial := MatchCandidate{ID: 4, Serial: "OTHER", MAC: "00:11:22:33:44:55", HostName: "kiosk"}
	byName := MatchCandidate{ID: 5, HostName: "lab-7.corp.example.org"}
	tests := []struct {
		name  string
		facts MachineFacts
		cands []MatchCandidate
		want  Match
	}{
		{"nothing known", MachineFacts{}, []MatchCandidate{laptop}, Match{}},
		{"no candidates", MachineFacts{Serial: "X", HostName: "h"}, nil, Match{}},
		{"serial, any case and space", MachineFacts{Serial: " pf3abcde "}, []MatchCandidate{laptop, desk}, Match{AssetID: 1, By: MatchBySerial}},
		{"serial beats host name of another", MachineFacts{Serial: "PF3ABCDE", HostName: "pc-042"}, []MatchCandidate{desk, laptop}, Match{AssetID: 1, By: MatchBySerial}},
		{"uuid", MachineFacts{UUID: "4C4C4544-0042-3510-8052-B4C04F564433"}, []MatchCandidate{laptop, desk}, Match{AssetID: 2, By: MatchByUUID}},
		{"uuid with a serial the asset lacks", MachineFacts{Serial: "NEW1", UUID: "4c4c4544-0042-3510-8052-b4c04f564433"}, []MatchCandidate{desk}, Match{AssetID: 2, By: MatchByUUID}},
		{"mac, any notation", MachineFacts{MACs: []string{"A4-BB-6D-01-02-03"}}, []MatchCandidate{noSerial, laptop}, Match{AssetID: 3, By: MatchByMAC}},
		{"mac of a machine with another serial is not it", MachineFacts{Serial: "MINE", MACs: []string{"00:11:22:33:44:55"}}, []MatchCandidate{otherSerial}, Match{}},
		{"host name, short against FQDN", MachineFacts{HostName: "LAB-7"}, []MatchCandidate{byName}, Match{AssetID: 5, By: MatchByHostName}},
		{"host name of a machine with another serial is not it", MachineFacts{Serial: "MINE", HostName: "kiosk"}, []MatchCandidate{otherSerial}, Match{}},
		{"mac before host name", MachineFacts{MACs: []string{"a4:bb:6d:01:02:03"}, HostName: "tp14"}, []MatchCandidate{laptop, noSerial}, Match{AssetID: 3, By: MatchByMAC}},
		{"two assets with the serial", MachineFacts{Serial: "DUP"}, []MatchCandidate{{ID: 9, Serial: "DUP"}, {ID: 7, Serial: "dup"}}, Match{By: MatchBySerial, Ambiguous: []int64{7, 9}}},
		{"two assets with the host name", MachineFacts{HostName: "pc"}, []MatchCandidate{{ID: 3, HostName: "pc"}, {ID: 4, HostName: "pc.local"}}, Match{By: MatchByHostName, Ambiguous: []int64{3, 4}}},
		{"same candidate twice counts once", MachineFacts{HostName: "pc"}, []MatchCandidate{{ID: 3, HostName: "pc"}, {ID: 3, HostName: "pc"}}, Match{AssetID: 3, By: MatchByHostName}},
		{"invalid MACs ignored", MachineFacts{MACs: []string{"zz"}}, []MatchCandidate{{ID: 1, MAC: "zz"}}, Match{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MatchMachine(tt.facts, tt.cands); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCategoryForChassis(t *testing.T) {
	for chassis, want := range map[string]string{"laptop": "laptop", "desktop": "desktop", "all-in-one": "desktop", "mini": "desktop", "server": "server", "tablet": "tablet", "other": "other", "": "other"} {
		if got := CategoryForChassis(chassis); got != want {
			t.Errorf("CategoryForChassis(%q) = %q, want %q", chassis, got, want)
		}
	}
	for _, c := range []string{"laptop", "desktop", "server", "tablet", "other"} {
		found := false
		for _, d := range DefaultCategories {
			found = found || d.Name == c
		}
		if !found {
			t.Errorf("category %q is not a default category", c)
		}
	}
}
