//go:build !js && !wasm && !android && !ios && !mobile

package app

import (
	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.4/glfw"
)

// screenSize is the primary monitor's size in Fyne units (false when it
// cannot be told). It must run on the main thread after the first window
// is made (GLFW is initialised then).
func screenSize(a fyne.App) (fyne.Size, bool) {
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}, false
	}
	mode := m.GetVideoMode()
	if mode == nil || mode.Width <= 0 || mode.Height <= 0 {
		return fyne.Size{}, false
	}
	sx, sy := m.GetContentScale()
	user := a.Settings().Scale()
	if user <= 0 { // fyne.SettingsScaleAuto
		user = 1
	}
	scale := max(sx, sy, 1) * user
	return fyne.NewSize(float32(mode.Width)/scale, float32(mode.Height)/scale), true
}
