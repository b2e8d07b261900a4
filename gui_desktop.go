package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// desktopEnv is what the window's environment needs so that a start from
// a terminal prints nothing a user cannot act on, and whether desktop
// notifications can be shown. getenv reads the environment; exists and
// onPath look for a file and a program.
//
// On an X11 session (DISPLAY set, WAYLAND_DISPLAY not), GLFW would first
// try Wayland, whose library prints "error: XDG_RUNTIME_DIR is invalid or
// not set" where that is unset: Fyne is told to use X11 (FYNE_PLATFORM),
// which it would have ended up using anyway. Without a D-Bus session bus
// (none named, none in XDG_RUNTIME_DIR, no dbus-launch to start one), Fyne
// logs "Unable to connect to session D-Bus" when it watches the desktop's
// light/dark setting and for each notification: with no bus to ask, the
// theme is light (what Fyne falls back to) and no notification is sent.
func desktopEnv(getenv func(string) string, exists, onPath func(string) bool) (set map[string]string, notify bool) {
	set = map[string]string{}
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return set, true
	}
	if getenv("FYNE_PLATFORM") == "" && getenv("DISPLAY") != "" && getenv("WAYLAND_DISPLAY") == "" {
		set["FYNE_PLATFORM"] = "x11"
	}
	run := getenv("XDG_RUNTIME_DIR")
	bus := getenv("DBUS_SESSION_BUS_ADDRESS") != "" || run != "" && exists(filepath.Join(run, "bus")) || onPath("dbus-launch")
	if !bus && getenv("FYNE_THEME") == "" {
		set["FYNE_THEME"] = "light"
	}
	return set, bus
}

// prepareDesktop applies desktopEnv to this process and says whether
// notifications can be shown.
func prepareDesktop() bool {
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	onPath := func(p string) bool { _, err := exec.LookPath(p); return err == nil }
	set, notify := desktopEnv(os.Getenv, exists, onPath)
	for k, v := range set {
		os.Setenv(k, v)
	}
	return notify
}
