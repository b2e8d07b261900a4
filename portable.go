package main

import (
	"os"
	"path/filepath"
)

// portable is set by --portable. A portable Steward (on a USB stick, say)
// keeps its database next to the binary instead of in the user's config
// folder. Everything Steward keeps (settings included) lives in that
// database, so the stick carries the whole register.
var portable bool

// portableMarkers are files whose presence next to the binary switches
// portable mode on without the flag ("portable.txt" because that is what
// Windows Explorer makes of a new text file).
var portableMarkers = []string{"portable", "portable.txt"}

// portableDBName is the database file a portable Steward uses, next to the binary.
const portableDBName = "steward.db"

// portablePath says where a portable Steward keeps its database: next to
// the executable exe, when the flag is on or a marker file is there.
func portablePath(exe string, flag bool) (string, bool) {
	if exe == "" {
		return "", false
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	dir := filepath.Dir(exe)
	on := flag
	for _, m := range portableMarkers {
		if _, err := os.Stat(filepath.Join(dir, m)); err == nil {
			on = true
		}
	}
	if !on {
		return "", false
	}
	return filepath.Join(dir, portableDBName), true
}

// executable is the running binary's path ("" if the OS cannot say).
func executable() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return exe
}

// preferencesPath is where the window keeps this computer's preferences
// (its size, the shared register to open): next to a portable Steward's
// register, else in the user's Steward folder beside the default register
// ("" when the OS has no configuration folder: Fyne's preferences).
func preferencesPath() string {
	if db := defaultDB(); db != "" {
		return filepath.Join(filepath.Dir(db), "steward-preferences.json")
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "Steward", "preferences.json")
}
