package inventory

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// fastSeeds are inputs around the software list's shape: the fast decoder
// must either decline them or decode them exactly as encoding/json does.
var fastSeeds = []string{
	`{"schema_version":1,"collected_at":"2026-01-02T03:04:05Z","software":[]}`,
	`{"schema_version":1,"collected_at":"2026-01-02T03:04:05Z","software":[{}]}`,
	`{"schema_version":1,"collected_at":"2026-01-02T03:04:05Z","software":[{"name":"a","version":"1","publisher":"Jo \u003cjo@example.com\u003e","source":"dpkg","arch":"amd64"}]}`,
	`{"software":[{"name":"tab\there \"q\" \\ \/ \b\f\n\r \u00e9 é 日本"}],"schema_version":1,"collected_at":"2026-01-02T03:04:05Z"}`,
	`{"software":[{"name":"\ud83d\ude00"}],"schema_version":1,"collected_at":"2026-01-02T03:04:05Z"}`,
	`{"software":[{"name":"\ud83d"}],"schema_version":1,"collected_at":"2026-01-02T03:04:05Z"}`,
	"{\"software\":[{\"name\":\"bad \xff utf8\"}],\"schema_version\":1,\"collected_at\":\"2026-01-02T03:04:05Z\"}",
	"{\"software\":[{\"name\":\"ctl \x01\"}]}",
	`{"software":[{"Name":"case"}]}`,
	`{"Software":[{"name":"case"}],"software":[{"name":"x"}]}`,
	`{"software":[{"name":"a"}],"software":[{"name":"b"}]}`,
	`{"software":[{"name":"a","extra":"x"}]}`,
	`{"software":[{"name":null}]}`,
	`{"software":[null]}`,
	`{"software":null}`,
	`{"software":[{"name":1}]}`,
	`{"software":[{"name":"a"},]}`,
	`{"software":[{"name":"a"}]} x`,
	`{"software":[{"name":"a"}],"cpu":{"cores":"x"}}`,
	`{"hostname":"h","nics":[{"name":"e","mac":"]\"[{"}],"software":[{"name":"a\\"}]}`,
	`{"software" : [ { "name" : "a" , "version" : "1" } ] , "warnings":["w"]}`,
	`{"software":[{"name":"a"}`,
	`{"software":[{"name":"\u00zz"}]}`,
	`{"software":[{"name":"\x"}]}`,
}

// TestDecodeFastMatchesEncodingJSON: on every seed the fast decoder
// declines or agrees with encoding/json; on the reports the collector
// writes (indented, HTML-escaped publishers) it does not decline.
func TestDecodeFastMatchesEncodingJSON(t *testing.T) {
	for _, s := range fastSeeds {
		checkFastDecode(t, []byte(s))
	}
	rep := sampleReport()
	rep.Software = append(rep.Software, Software{Name: "libc6", Version: "2.36-9", Publisher: "GNU Libc Maintainers <debian-glibc@lists.debian.org>", Source: "dpkg", Arch: "amd64"},
		Software{Name: "Zoë's \"tool\"\t", Publisher: "Ünï & Co"})
	for _, indent := range []bool{false, true} {
		var data []byte
		var err error
		if indent {
			data, err = json.MarshalIndent(rep, "", "  ")
		} else {
			data, err = json.Marshal(rep)
		}
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), `\u003c`) {
			t.Fatal("the test means a report with HTML-escaped characters")
		}
		if _, ok := decodeFast(data); !ok {
			t.Fatalf("fast decoder declined the collector's own report (indent %v)", indent)
		}
		checkFastDecode(t, data)
		got, err := ParseReportBytes(data)
		if err != nil || !reflect.DeepEqual(normalizeForCompare(got), normalizeForCompare(rep)) {
			t.Fatalf("ParseReportBytes: %v\n%+v\n%+v", err, got, rep)
		}
	}
}

func checkFastDecode(t *testing.T, data []byte) {
	t.Helper()
	rep, ok := decodeFast(data)
	if !ok {
		return
	}
	var want Report
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("fast decoder accepted what encoding/json refuses (%v):\n%q", err, data)
	}
	if !reflect.DeepEqual(rep, &want) {
		t.Fatalf("fast decoder differs from encoding/json on %q:\n%+v\n%+v", data, rep, &want)
	}
}

// FuzzDecodeFast: whatever the input, the fast decoder declines it or
// decodes it exactly as encoding/json does.
func FuzzDecodeFast(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	b, _ := json.MarshalIndent(sampleReport(), "", "  ")
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFastDecode(t, data)
	})
}
