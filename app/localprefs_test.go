package app

import (
	"bytes"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestFilePrefsKeepValuesAcrossStarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Steward", "preferences.json")
	p := OpenFilePrefs(path, nil)
	p.SetFloat(prefWidth, 1100)
	p.SetString(PrefSharedRegister, "postgres://ann@db/steward")
	p.SetBool(receiptPref, true)
	next := OpenFilePrefs(path, nil)
	if next.Float(prefWidth) != 1100 || next.String(PrefSharedRegister) != "postgres://ann@db/steward" || !next.Bool(receiptPref) {
		t.Fatalf("after a restart: width %v, register %q, receipt %v", next.Float(prefWidth), next.String(PrefSharedRegister), next.Bool(receiptPref))
	}
	// Written whole by a rename: nothing but the file is left beside it.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want only preferences.json", len(entries))
	}
}

func TestFilePrefsStartFromFynesOnce(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetString(PrefSharedRegister, "postgres://ann@db/steward")
	a.Preferences().SetFloat(prefHeight, 650)
	path := filepath.Join(t.TempDir(), "preferences.json")
	p := OpenFilePrefs(path, a.Preferences())
	if p.String(PrefSharedRegister) != "postgres://ann@db/steward" || p.Float(prefHeight) != 650 {
		t.Fatalf("what an older Steward kept was not carried over: %q %v", p.String(PrefSharedRegister), p.Float(prefHeight))
	}
	p.SetString(PrefSharedRegister, "")
	// Once Steward's own file exists, Fyne's is not read again.
	if got := OpenFilePrefs(path, a.Preferences()).String(PrefSharedRegister); got != "" {
		t.Errorf("the register file was chosen, yet the next start opens %q", got)
	}
}

func TestFilePrefsSurviveADamagedFile(t *testing.T) {
	var logged bytes.Buffer
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	path := filepath.Join(t.TempDir(), "preferences.json")
	for _, damaged := range []string{"", `{"window.width": 11`, "\x00\x00\x00"} {
		if err := os.WriteFile(path, []byte(damaged), 0o600); err != nil {
			t.Fatal(err)
		}
		p := OpenFilePrefs(path, nil)
		if p.Float(prefWidth) != 0 {
			t.Fatalf("%q: width %v from a damaged file", damaged, p.Float(prefWidth))
		}
		p.SetFloat(prefWidth, 900)
		if OpenFilePrefs(path, nil).Float(prefWidth) != 900 {
			t.Fatalf("%q: the damaged file was not replaced at the next change", damaged)
		}
	}
	if !strings.Contains(logged.String(), "damaged") {
		t.Errorf("a damaged file was not reported: %q", logged.String())
	}
}

func TestFyneLogFilterDropsOnlyThePreferencesReport(t *testing.T) {
	var out bytes.Buffer
	l := log.New(&fyneLogFilter{out: &out}, "", 0)
	l.Println("Fyne error:  Preferences load error:")
	l.Println("  Cause: EOF")
	l.Printf("  At: /x/fyne/app/preferences.go:105")
	l.Println("Fyne error:  Failed to create app storage space")
	l.Println("  Cause: permission denied")
	l.Println("steward: daily backup written")
	want := "Fyne error:  Failed to create app storage space\n  Cause: permission denied\nsteward: daily backup written\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestDamagedFynePreferencesAreRepaired(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	path := filepath.Join(dir, "fyne", AppID, "preferences.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ before, after string }{
		{"", "{}\n"},             // emptied by a crash mid-write
		{`{"window.wid`, "{}\n"}, // cut short
		{`{"a":1}`, `{"a":1}`},   // whole: left alone
	} {
		if err := os.WriteFile(path, []byte(c.before), 0o600); err != nil {
			t.Fatal(err)
		}
		healFynePreferences()
		if got, _ := os.ReadFile(path); string(got) != c.after {
			t.Errorf("%q became %q, want %q", c.before, got, c.after)
		}
	}
}
