package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDesktopEnv(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	no := func(string) bool { return false }
	yes := func(string) bool { return true }
	// A bare X server: X11, light theme, no notifications.
	set, notify := desktopEnv(env("DISPLAY", ":1"), no, no)
	if set["FYNE_PLATFORM"] != "x11" || set["FYNE_THEME"] != "light" || notify {
		t.Errorf("bare X: %v, notify %v", set, notify)
	}
	// A desktop session: nothing changed.
	set, notify = desktopEnv(env("DISPLAY", ":0", "WAYLAND_DISPLAY", "wayland-0", "XDG_RUNTIME_DIR", "/run/user/1000"), yes, no)
	if len(set) != 0 || !notify {
		t.Errorf("Wayland desktop: %v, notify %v", set, notify)
	}
	// What the person chose stays.
	set, _ = desktopEnv(env("DISPLAY", ":1", "FYNE_PLATFORM", "wayland", "FYNE_THEME", "dark"), no, no)
	if len(set) != 0 {
		t.Errorf("explicit choices overridden: %v", set)
	}
	// dbus-launch can start a bus.
	if _, notify = desktopEnv(env("DISPLAY", ":1"), no, yes); !notify {
		t.Error("with dbus-launch on PATH, notifications are off")
	}
}

// TestWindowStartsQuietly starts the real binary under Xvfb from a bare
// environment (no XDG_RUNTIME_DIR, no session bus, as over ssh or in a
// container): nothing it prints is noise a person cannot act on.
func TestWindowStartsQuietly(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real binary under Xvfb")
	}
	needTools(t)
	bin := stewardBinary(t)
	db := filepath.Join(t.TempDir(), "quiet.db")
	demoFill(t, bin, db, "--assets", "50")
	x := startXvfb(t)
	// A new account: no ~/.config or ~/.cache yet.
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, "cache"))
	t.Setenv("XDG_RUNTIME_DIR", "")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	p := launch(t, bin, x.display, 60*time.Second, "--db", db, "--trace-startup")
	waitReady(t, p, 60*time.Second)
	// The desktop's theme is looked up and new alerts notified just after
	// the first screen: give them time to complain.
	time.Sleep(3 * time.Second)
	p.stop(t)
	for _, line := range strings.Split(p.stderr.String(), "\n") {
		for _, noise := range []string{"XDG_RUNTIME_DIR", "D-Bus", "dbus", "Fyne error"} {
			if strings.Contains(line, noise) {
				t.Errorf("the window printed %q", line)
			}
		}
	}
	// Stopped by a signal (as at a logout), it kept its size for the next start.
	prefs, err := os.ReadFile(filepath.Join(home, "config", "Steward", "preferences.json"))
	if err != nil || !strings.Contains(string(prefs), `"window.width"`) {
		t.Errorf("after SIGTERM the window's size was not kept (%v): %s", err, prefs)
	}
}
