//go:build js || wasm || android || ios || mobile

package app

import "fyne.io/fyne/v2"

// screenSize is unknown here: the platform sizes the window.
func screenSize(fyne.App) (fyne.Size, bool) { return fyne.Size{}, false }
