// Package icons holds Steward's bundled artwork: the application icon and
// one icon per kind of device, for lists and cards. The SVG sources live
// next to this file; `make icons` regenerates the PNG sizes from them.
//
// Device icons are single-colour SVGs drawn with fills only (Fyne recolours
// fills, not strokes), so they follow the theme's foreground colour in light
// and dark mode.
package icons

import (
	"embed"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

//go:embed device/*.svg
var deviceFS embed.FS

//go:embed steward.svg steward-small.svg png/steward-256.png
var appFS embed.FS

// Devices lists the names of the bundled device icons.
var Devices = []string{
	"agent", "camera", "computer", "laptop", "media", "monitor", "nas",
	"network", "peripheral", "phone", "printer", "server", "tablet", "unknown",
}

var devices = func() map[string]fyne.Resource {
	m := make(map[string]fyne.Resource, len(Devices))
	for _, name := range Devices {
		b, err := deviceFS.ReadFile("device/" + name + ".svg")
		if err != nil {
			panic("icons: missing device/" + name + ".svg") // caught by the tests
		}
		m[name] = theme.NewThemedResource(fyne.NewStaticResource("device-"+name+".svg", b))
	}
	return m
}()

// Device is the themed icon with the given name (see Devices), or the
// "unknown" icon.
func Device(name string) fyne.Resource {
	if r, ok := devices[name]; ok {
		return r
	}
	return devices["unknown"]
}

// classIcons maps discovery's device classes (and their common synonyms)
// onto icons.
var classIcons = map[string]string{
	"printer": "printer", "scanner": "printer", "mfp": "printer",
	"computer": "computer", "desktop": "computer", "workstation": "computer", "pc": "computer",
	"laptop": "laptop", "notebook": "laptop",
	"server": "server",
	"nas":    "nas", "storage": "nas", "fileserver": "nas",
	"media": "media", "cast": "media", "tv": "media", "speaker": "media",
	"phone": "phone", "mobile": "phone",
	"tablet": "tablet",
	"iot":    "camera", "camera": "camera", "smart home": "camera",
	"network": "network", "router": "network", "switch": "network", "access point": "network",
	"agent":   "agent",
	"monitor": "monitor", "display": "monitor",
	"peripheral": "peripheral", "keyboard": "peripheral", "mouse": "peripheral",
	"unknown": "unknown",
}

// ForClass is the icon for a discovered device's class ("printer", "nas",
// "iot", ...). Unknown classes get the question-mark icon.
func ForClass(class string) fyne.Resource {
	return Device(classIcons[strings.ToLower(strings.TrimSpace(class))])
}

// ForCategory is the icon for an asset category ("laptop", "desktop",
// "server", ...). Categories a person made up get the question-mark icon.
func ForCategory(category string) fyne.Resource {
	return ForClass(category)
}

// App is Steward's application icon (256 px PNG), for the window and the
// about box.
func App() fyne.Resource { return appIcon }

// AppSVG is the application icon's vector source.
func AppSVG() fyne.Resource { return appSVG }

var (
	appIcon = mustStatic("steward.png", "png/steward-256.png")
	appSVG  = mustStatic("steward.svg", "steward.svg")
)

func mustStatic(name, path string) fyne.Resource {
	b, err := appFS.ReadFile(path)
	if err != nil {
		panic("icons: " + err.Error())
	}
	return fyne.NewStaticResource(name, b)
}
