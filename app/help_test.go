package app

import (
	"os"
	"strings"
	"testing"
)

// Every key the window wires is listed in the Help menu's table.
func TestHelpListsEveryShortcut(t *testing.T) {
	src, err := os.ReadFile("app.go")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, s := range shortcutHelp {
		listed[s[0]] = true
	}
	for key, name := range map[string]string{"fyne.KeyN": "Ctrl+N", "fyne.KeyF": "Ctrl+F", "fyne.KeyDelete": "Delete"} {
		if strings.Contains(string(src), key) && !listed[name] {
			t.Errorf("app.go wires %s but the Help menu does not list %s", key, name)
		}
	}
	for _, name := range []string{"Ctrl+P", "Enter", "Escape"} {
		if !listed[name] {
			t.Errorf("the Help menu does not list %s", name)
		}
	}
}

// The sidebar is as wide as its widest title on every screen.
func TestSidebarKeepsItsWidth(t *testing.T) {
	u, _ := newTestUI(t, 3)
	want := u.navWidth()
	for i := range u.screens {
		u.nav.Select(i)
		u.wait()
		if w := u.nav.Size().Width; w != want {
			t.Fatalf("on %s the sidebar is %.0f wide, want %.0f", u.screens[i].title(), w, want)
		}
	}
	if u.win.MainMenu() == nil || len(u.win.MainMenu().Items) == 0 || u.win.MainMenu().Items[0].Label != "Help" {
		t.Fatalf("no Help menu")
	}
}
