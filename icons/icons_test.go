package icons

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// variant forces the default theme into light or dark.
type variant struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

func TestEveryDeviceIconIsEmbedded(t *testing.T) {
	files, err := filepath.Glob("device/*.svg")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(Devices) {
		t.Errorf("device/ has %d SVGs but Devices lists %d", len(files), len(Devices))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".svg")
		if Device(name) == Device("unknown") && name != "unknown" {
			t.Errorf("%s.svg is not in Devices", name)
		}
		b, _ := os.ReadFile(f)
		// Fyne recolours fills only and drops elements it does not know, so
		// strokes and <line> would vanish or keep their colour.
		for _, bad := range []string{"stroke", "<line", "<polyline", "fill-rule", "<text"} {
			if strings.Contains(string(b), bad) {
				t.Errorf("%s uses %q, which theme recolouring does not handle", f, bad)
			}
		}
	}
}

func TestClassAndCategoryMapping(t *testing.T) {
	for in, want := range map[string]string{
		"printer": "printer", "computer": "computer", "nas": "nas", "media": "media",
		"phone": "phone", "iot": "camera", "network": "network", "agent": "agent",
		"unknown": "unknown", " Laptop ": "laptop", "something-new": "unknown", "": "unknown",
	} {
		if got := ForClass(in); got != Device(want) {
			t.Errorf("ForClass(%q) = %s, want %s", in, got.Name(), want)
		}
	}
	for in, want := range map[string]string{
		"laptop": "laptop", "desktop": "computer", "server": "server", "printer": "printer",
		"network": "network", "phone": "phone", "tablet": "tablet", "monitor": "monitor",
		"peripheral": "peripheral", "other": "unknown",
	} {
		if got := ForCategory(in); got != Device(want) {
			t.Errorf("ForCategory(%q) = %s, want %s", in, got.Name(), want)
		}
	}
}

// TestIconsFollowTheTheme draws every device icon in the light and the dark
// theme and checks the ink is dark on light and light on dark: the icons are
// recoloured, not drawn in a fixed colour.
func TestIconsFollowTheTheme(t *testing.T) {
	for _, tc := range []struct {
		name     string
		v        fyne.ThemeVariant
		wantDark bool
	}{{"light", theme.VariantLight, true}, {"dark", theme.VariantDark, false}} {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(variant{theme.DefaultTheme(), tc.v})
			for _, name := range Devices {
				icon := widget.NewIcon(Device(name))
				w := test.NewTempWindow(t, container.NewGridWrap(fyne.NewSize(48, 48), icon))
				w.Resize(fyne.NewSize(64, 64))
				img := w.Canvas().Capture()
				ink, bg := inkAndBackground(img, icon.Position(), icon.Size(), w.Canvas().Scale())
				if ink == 0 {
					t.Errorf("%s: nothing drawn", name)
					continue
				}
				if ink < 60 || ink > 2000 {
					t.Errorf("%s: %d ink pixels out of 2304, not an icon", name, ink)
				}
				if tc.wantDark != (bg > 128) {
					t.Errorf("%s: background luminance %d in %s theme", name, bg, tc.name)
				}
			}
		})
	}
}

// inkAndBackground counts the pixels inside the icon's box that differ
// clearly from the background and returns the background's luminance.
func inkAndBackground(img image.Image, pos fyne.Position, size fyne.Size, scale float32) (ink int, bgLum int) {
	x0, y0 := int(pos.X*scale), int(pos.Y*scale)
	x1, y1 := int((pos.X+size.Width)*scale), int((pos.Y+size.Height)*scale)
	bg := lum(img.At(img.Bounds().Max.X-1, img.Bounds().Max.Y-1))
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			d := lum(img.At(x, y)) - bg
			if d > 100 || d < -100 {
				ink++
			}
		}
	}
	return ink, bg
}

func lum(c color.Color) int {
	r, g, b, _ := c.RGBA()
	return int((299*r + 587*g + 114*b) / 1000 >> 8)
}
