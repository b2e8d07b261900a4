//go:build linux

package inventory

import (
	"reflect"
	"testing"
)

func TestParseRPMQuery(t *testing.T) {
	out := "bash\t5.2.26-3.fc40\tFedora Project\tx86_64\ngpg-pubkey\ta15b79cc-63d04c2c\t(none)\t(none)\ntzdata\t2024a-5.fc40\tFedora Project\tnoarch\n\nbroken line\n"
	got := parseRPMQuery([]byte(out))
	want := []Software{
		{Name: "bash", Version: "5.2.26-3.fc40", Publisher: "Fedora Project", Source: "rpm", Arch: "x86_64"},
		{Name: "tzdata", Version: "2024a-5.fc40", Publisher: "Fedora Project", Source: "rpm"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseOSRelease(t *testing.T) {
	m := parseOSRelease([]byte("# comment\nNAME=\"Debian GNU/Linux\"\nVERSION_ID='12'\nPRETTY_NAME=\"A \\\"quoted\\\" \\$name\"\nID=debian\nBROKEN\n"))
	want := map[string]string{"NAME": "Debian GNU/Linux", "VERSION_ID": "12", "PRETTY_NAME": `A "quoted" $name`, "ID": "debian"}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("got %v, want %v", m, want)
	}
}
