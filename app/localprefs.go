package app

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"

	"steward/assets/safefile"
)

// Prefs are this computer's preferences (not the register's): the window's
// size, the shared register to open, hand-over receipt habits.
// fyne.Preferences satisfies it (tests use the test app's, in memory).
type Prefs interface {
	Bool(key string) bool
	SetBool(key string, value bool)
	Float(key string) float64
	SetFloat(key string, value float64)
	String(key string) string
	SetString(key string, value string)
}

// localPrefKeys are every key Steward keeps in Prefs: what is copied from
// Fyne's preferences file the first time Steward's own file is made.
var localPrefKeys = []string{prefWidth, prefHeight, PrefSharedRegister, receiptPref, staffPref}

// FilePrefs keeps Prefs in a JSON file of Steward's own, replaced whole by
// a rename at every change. Fyne's preferences file is rewritten in place
// (truncated, then written) while every open window watches its folder and
// reads it on any change: a window reading it mid-write printed
// "Preferences load error: EOF" (one start in five under test), and a
// crash mid-write left it empty for good.
type FilePrefs struct {
	path   string
	mu     sync.Mutex
	values map[string]any
}

// OpenFilePrefs reads the preferences at path. A missing file starts from
// what older Stewards kept in Fyne's preferences (legacy, may be nil); an
// unreadable one starts empty, with the reason logged once, and is
// replaced at the next change.
func OpenFilePrefs(path string, legacy Prefs) *FilePrefs {
	p := &FilePrefs{path: path, values: map[string]any{}}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if legacy != nil {
			p.adopt(legacy)
		}
	case err != nil:
		log.Printf("steward: cannot read this computer's preferences (%v); using the defaults", err)
	default:
		if err := json.Unmarshal(data, &p.values); err != nil {
			log.Printf("steward: this computer's preferences in %s are damaged (%v); using the defaults", path, err)
			p.values = map[string]any{}
		}
	}
	return p
}

// adopt copies the keys Steward uses from legacy, once, without writing
// until something changes.
func (p *FilePrefs) adopt(legacy Prefs) {
	for _, k := range localPrefKeys {
		switch k {
		case prefWidth, prefHeight:
			if v := legacy.Float(k); v != 0 {
				p.values[k] = v
			}
		case receiptPref:
			if legacy.Bool(k) {
				p.values[k] = true
			}
		default:
			if v := legacy.String(k); v != "" {
				p.values[k] = v
			}
		}
	}
}

func (p *FilePrefs) get(key string) any {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.values[key]
}

// set stores value and writes the whole file through a temporary file
// and a rename: a reader (another window) sees the old file or the new
// one, never a part.
func (p *FilePrefs) set(key string, value any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if old, ok := p.values[key]; ok && old == value {
		return
	}
	p.values[key] = value
	data, err := json.MarshalIndent(p.values, "", "  ")
	if err == nil {
		err = os.MkdirAll(filepath.Dir(p.path), 0o700)
	}
	if err == nil {
		err = safefile.WriteFile(p.path, append(data, '\n'), 0o600)
	}
	if err != nil {
		log.Printf("steward: cannot save this computer's preferences to %s: %v", p.path, err)
	}
}

// Bool is the value at key, false if unset or not a bool.
func (p *FilePrefs) Bool(key string) bool { v, _ := p.get(key).(bool); return v }

// Float is the value at key, 0 if unset or not a number.
func (p *FilePrefs) Float(key string) float64 { v, _ := p.get(key).(float64); return v }

// String is the value at key, "" if unset or not a string.
func (p *FilePrefs) String(key string) string { v, _ := p.get(key).(string); return v }

// SetBool stores value at key.
func (p *FilePrefs) SetBool(key string, value bool) { p.set(key, value) }

// SetFloat stores value at key.
func (p *FilePrefs) SetFloat(key string, value float64) { p.set(key, value) }

// SetString stores value at key.
func (p *FilePrefs) SetString(key string, value string) { p.set(key, value) }

// prepareFyneFolders makes the folders Fyne expects to exist: it creates
// its cache folder with a plain mkdir and printed "Failed to create fyne
// cache space" for a user without ~/.cache (a new account, a container).
func prepareFyneFolders() {
	if dir, err := os.UserCacheDir(); err == nil {
		_ = os.MkdirAll(filepath.Join(dir, "fyne", AppID), 0o700)
	}
}

// healFynePreferences replaces Fyne's own preferences file with an empty
// one when it is damaged (left empty or cut short by a crash in an older
// Steward): Fyne would otherwise print "Preferences load error" at every
// start. Steward keeps nothing there any more.
func healFynePreferences() {
	dir, err := os.UserConfigDir()
	if err != nil {
		return
	}
	path := filepath.Join(dir, "fyne", AppID, "preferences.json")
	data, err := os.ReadFile(path)
	if err != nil || json.Valid(data) {
		return
	}
	if err := safefile.WriteFile(path, []byte("{}\n"), 0o600); err != nil {
		log.Printf("steward: cannot repair %s: %v", path, err)
	}
}

// ensure the fyne interface still fits (Fyne's preferences are the
// fallback for tests and for a computer without a configuration folder).
var _ Prefs = fyne.Preferences(nil)

// fyneLogFilter drops Fyne's "Preferences load error" report (its reason,
// Cause and At lines) and passes every other log line on. Fyne re-reads
// its preferences file whenever its folder changes, and at quit it writes
// that file (truncate, then write) on one goroutine while another re-reads
// it: the read can see the empty middle and report EOF (fyne-io/fyne#2936,
// one quit in five here). Steward keeps nothing in that file (FilePrefs),
// so the report never means anything a person could act on.
type fyneLogFilter struct {
	mu       sync.Mutex
	out      io.Writer
	dropping bool
}

// Write receives one log entry per call (the log package's contract).
func (f *fyneLogFilter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	line := string(p)
	switch {
	case strings.Contains(line, "Fyne error:  Preferences load error"):
		f.dropping = true
		return len(p), nil
	case f.dropping && (strings.Contains(line, "  Cause: ") || strings.Contains(line, "  At: ")):
		return len(p), nil
	}
	f.dropping = false
	return f.out.Write(p)
}
