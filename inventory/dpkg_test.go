package inventory

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseDpkgStatus(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Software
		errLine int
	}{
		{name: "empty", in: "", want: []Software{}},
		{name: "blank lines only", in: "\n\n\n", want: []Software{}},
		{
			name: "installed, not installed, continuation lines, CRLF, no final newline",
			in: "Package: a\r\nStatus: install ok installed\r\nVersion: 1.0\r\nArchitecture: all\r\nMaintainer: Jane Doe <jane@example.org>\r\nDescription: x\r\n long text\r\n .\r\n\r\n" +
				"Package: b\nStatus: deinstall ok config-files\nVersion: 2\n\n" +
				"Package: c\nStatus: install ok installed\nVersion: 3:1.2-1\nArchitecture: arm64\nMaintainer: Team Without Mail",
			want: []Software{
				{Name: "a", Version: "1.0", Publisher: "Jane Doe", Source: "dpkg"},
				{Name: "c", Version: "3:1.2-1", Publisher: "Team Without Mail", Source: "dpkg", Arch: "arm64"},
			},
		},
		{
			name: "extra blank lines between stanzas and hold status",
			in:   "\n\nPackage: a\nStatus: hold ok installed\n\n\n\nPackage: b\nStatus: install ok unpacked\n",
			want: []Software{{Name: "a", Source: "dpkg"}},
		},
		{name: "line without colon", in: "Package: a\nStatus: install ok installed\nthis is not a field\n", want: []Software{}, errLine: 3},
		{name: "continuation outside stanza", in: "\n continued\n", want: []Software{}, errLine: 2},
		{name: "stanza without package", in: "Package: a\nStatus: install ok installed\n\nVersion: 1\nStatus: install ok installed\n", want: []Software{{Name: "a", Source: "dpkg"}}, errLine: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDpkgStatus(strings.NewReader(tt.in))
			var de *DpkgError
			if tt.errLine == 0 && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if tt.errLine != 0 {
				if !errors.As(err, &de) || de.Line != tt.errLine {
					t.Fatalf("err = %v, want one at line %d", err, tt.errLine)
				}
				if !strings.Contains(err.Error(), "dpkg status line") {
					t.Errorf("error %q does not say where", err)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
