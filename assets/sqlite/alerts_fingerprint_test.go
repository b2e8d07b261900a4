package sqlite_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"os"
	"testing"

	"steward/assets"
	"steward/assets/sqlite/fixture"
)

// TestAlertsFingerprintOnFixture guards speed work on the alert rules: the
// full alert list on the large benchmark register, in order and word for
// word, must not change. It runs only on a built register
// (STEWARD_BENCH_DB=path to an existing file) and compares with a golden
// list (STEWARD_ALERTS_GOLDEN=path, one JSON alert per line), writing the
// golden file when it does not exist yet: make it with the build before
// the change, then run the build after it against the same file.
func TestAlertsFingerprintOnFixture(t *testing.T) {
	db, golden := os.Getenv("STEWARD_BENCH_DB"), os.Getenv("STEWARD_ALERTS_GOLDEN")
	if db == "" || golden == "" {
		t.Skip("set STEWARD_BENCH_DB (an existing large register) and STEWARD_ALERTS_GOLDEN")
	}
	if _, err := os.Stat(db); err != nil {
		t.Skipf("no register at %s: %v", db, err)
	}
	s := fixture.OpenLarge(t)
	got, err := s.Alerts(context.Background(), assets.AlertOptions{AsOf: fixture.AsOf})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, a := range got {
		line, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	t.Logf("%d alerts, sha256 %x", len(got), sha256.Sum256(buf.Bytes()))
	want, err := os.ReadFile(golden)
	if os.IsNotExist(err) {
		if err := os.WriteFile(golden, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote the golden list to %s", golden)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(want, buf.Bytes()) {
		return
	}
	// Name the first difference: a hash alone says nothing about the cause.
	ws, gs := bufio.NewScanner(bytes.NewReader(want)), bufio.NewScanner(bytes.NewReader(buf.Bytes()))
	ws.Buffer(nil, 1<<20)
	gs.Buffer(nil, 1<<20)
	for line := 1; ; line++ {
		wok, gok := ws.Scan(), gs.Scan()
		if !wok || !gok || ws.Text() != gs.Text() {
			t.Fatalf("alert list differs from %s (%d alerts now) at line %d:\nwant %s\ngot  %s", golden, len(got), line, describe(wok, ws.Text()), describe(gok, gs.Text()))
		}
	}
}

func describe(ok bool, s string) string {
	if !ok {
		return "(end of list)"
	}
	return s
}
