package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// wheelDownOver scrolls the wheel down (dy < 0) over the middle of o and tells
// how far o moved up on the window.
func wheelDownOver(t *testing.T, c fyne.Canvas, o fyne.CanvasObject, dy float32) float32 {
	t.Helper()
	drv := fyne.CurrentApp().Driver()
	before := drv.AbsolutePositionForObject(o)
	at := before.Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
	if at.Y >= c.Size().Height {
		t.Fatalf("%T at %v is below the window (%v)", o, at, c.Size())
	}
	test.Scroll(c, at, 0, dy)
	return before.Y - drv.AbsolutePositionForObject(o).Y
}

func TestSettingsScrollWithTheWheelOverAField(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openSettings(t, u)
	u.win.Resize(fyne.NewSize(1000, 420))
	c := u.win.Canvas()
	// Over an entry (it carries its own text scroller), a select and a
	// one-line field of the budget card: the page scrolls every time.
	for _, o := range []fyne.CanvasObject{s.orgName, s.currency, s.dateFormat} {
		if moved := wheelDownOver(t, c, o, -30); moved <= 0 {
			t.Errorf("wheel over %T: the page moved %v, want it scrolled down", o, moved)
		}
	}
}

func TestWheelScrollGivesTheWheelToAnInnerListFirst(t *testing.T) {
	test.NewTempApp(t)
	items := make([]string, 50)
	list := widget.NewList(func() int { return len(items) }, func() fyne.CanvasObject { return widget.NewLabel("item") }, func(int, fyne.CanvasObject) {})
	inner := container.NewGridWrap(fyne.NewSize(300, 150), list)
	field := widget.NewEntry()
	pad := widget.NewLabel("pad")
	page := wheelVScroll(container.NewVBox(field, inner, container.NewGridWrap(fyne.NewSize(300, 900), pad)))
	w := test.NewWindow(page)
	defer w.Close()
	w.Resize(fyne.NewSize(320, 300))
	c := w.Canvas()

	if moved := wheelDownOver(t, c, field, -20); moved <= 0 {
		t.Fatalf("wheel over the field: the page moved %v", moved)
	}
	// test.Scroll carries no pointer position: route as glfw does.
	drv := fyne.CurrentApp().Driver()
	at := drv.AbsolutePositionForObject(list).Add(fyne.NewPos(10, 10))
	pageBefore, listBefore := page.Offset().Y, list.GetScrollOffset()
	page.catch.Scrolled(wheelAt(at, -40))
	if list.GetScrollOffset() <= listBefore || page.Offset().Y != pageBefore {
		t.Errorf("wheel over the list: list %v -> %v, page %v -> %v; want the list scrolled, the page still",
			listBefore, list.GetScrollOffset(), pageBefore, page.Offset().Y)
	}
	// Back at the list's top, the wheel up goes on to the page.
	list.ScrollToTop()
	page.catch.Scrolled(wheelAt(at, 10))
	if page.Offset().Y >= pageBefore {
		t.Errorf("wheel up over a list at its top: page %v -> %v, want it scrolled up", pageBefore, page.Offset().Y)
	}
}

func wheelAt(at fyne.Position, dy float32) *fyne.ScrollEvent {
	ev := &fyne.ScrollEvent{Scrolled: fyne.Delta{DY: dy}}
	ev.AbsolutePosition = at
	return ev
}

func TestAssetFormScrollsWithTheWheelOverAField(t *testing.T) {
	u, _ := newTestUI(t, 3)
	s := openAssets(t, u)
	u.win.Resize(fyne.NewSize(1000, 400)) // smaller than the form: it scrolls
	pressShortcut(t, u, &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault})
	u.wait()
	f := s.form
	if f == nil {
		t.Fatal("Ctrl+N did not open the form")
	}
	if moved := wheelDownOver(t, u.win.Canvas(), f.serial, -30); moved <= 0 {
		t.Errorf("wheel over the serial number field: the form moved %v, want it scrolled down", moved)
	}
}

// TestEveryScrollerInAPageGetsTheWheel opens every screen and checks that each
// list and scroll container inside a wheelScroll is one the page hands the
// wheel to: one hidden inside a widget the page does not look into would no
// longer scroll with the wheel.
func TestEveryScrollerInAPageGetsTheWheel(t *testing.T) {
	u, _ := newTestUI(t, 30)
	pages := 0
	for _, sc := range u.screens {
		if !u.ShowScreen(sc.title()) {
			t.Fatalf("no screen %q", sc.title())
		}
		u.wait()
		walkAll(u.win.Canvas().Content(), func(o fyne.CanvasObject) {
			w, ok := o.(*wheelScroll)
			if !ok {
				return
			}
			pages++
			var seen []fyne.CanvasObject
			collectScrollers(w.scroll.Content, &seen)
			walkAll(w.scroll.Content, func(in fyne.CanvasObject) {
				switch in.(type) {
				case *widget.List, *widget.GridWrap, *widget.Table, *container.Scroll, *wheelScroll:
				default:
					return
				}
				for _, s := range seen {
					if s == in {
						return
					}
				}
				t.Errorf("%s: a %T inside the page does not get the wheel", sc.title(), in)
			})
		})
	}
	if pages == 0 {
		t.Fatal("no wheelScroll on any screen")
	}
}

// walkAll visits o and everything drawn inside it, stopping at entries (their
// own text scroller is not one the page should hand the wheel to) and at the
// inside of lists and scrollers that are themselves checked.
func walkAll(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch c := o.(type) {
	case *widget.Entry, *widget.SelectEntry, *widget.List, *widget.GridWrap, *widget.Table:
		return
	case *fyne.Container:
		for _, child := range c.Objects {
			walkAll(child, visit)
		}
	case *container.Scroll:
		walkAll(c.Content, visit)
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			walkAll(child, visit)
		}
	}
}
