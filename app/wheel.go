package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Why a page did not scroll under the pointer: Fyne hands a wheel event to
// the deepest fyne.Scrollable under the pointer, and every widget.Entry
// (so every SelectEntry and password field) carries an internal scroller,
// even when it is one line high (its default wrapping, TextTruncateClip,
// scrolls the text inside the field). That scroller takes the event and,
// having nothing to scroll vertically, drops it or turns it into a
// sideways scroll of the field's text: the page stops under every field.
//
// wheelScroll is a vertical scroll container that gets the wheel first: a
// transparent catcher lies over the whole scroll area, above the fields, so
// Fyne hands it every wheel event. It is only fyne.Scrollable (not tappable,
// hoverable or draggable), so clicks, typing, hovering and dragging still
// reach what lies below. The catcher gives the event to a list or a scroll
// container inside the page that lies under the pointer and can still move
// that way, and otherwise scrolls the page.
type wheelScroll struct {
	widget.BaseWidget
	scroll *container.Scroll
	catch  *wheelCatcher
}

// wheelVScroll is container.NewVScroll(content) with the wheel working over
// every field of content.
func wheelVScroll(content fyne.CanvasObject) *wheelScroll {
	return wheelOver(container.NewVScroll(content))
}

// wheelOver puts the wheel catcher over a scroll container made elsewhere
// (container.NewScroll for a page that also scrolls sideways).
func wheelOver(s *container.Scroll) *wheelScroll {
	w := &wheelScroll{scroll: s}
	w.catch = &wheelCatcher{owner: w}
	w.catch.ExtendBaseWidget(w.catch)
	w.ExtendBaseWidget(w)
	return w
}

func (w *wheelScroll) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(w.scroll, w.catch))
}

// Offset is the page's scroll offset.
func (w *wheelScroll) Offset() fyne.Position { return w.scroll.Offset }

// ScrollToTop shows the top of the page.
func (w *wheelScroll) ScrollToTop() { w.scroll.ScrollToTop() }

// route scrolls what lies under the pointer that can move, innermost first,
// else the page; it tells whether anything moved.
func (w *wheelScroll) route(ev *fyne.ScrollEvent) bool {
	var inner []fyne.CanvasObject
	collectScrollers(w.scroll.Content, &inner)
	var drv fyne.Driver
	if a := fyne.CurrentApp(); a != nil {
		drv = a.Driver()
	}
	if drv != nil && len(inner) > 0 {
		// The pointer in window coordinates: glfw sets AbsolutePosition, a
		// synthetic event may carry only Position (relative to the page).
		at := ev.AbsolutePosition
		if at.IsZero() {
			at = drv.AbsolutePositionForObject(w).Add(ev.Position)
		}
		for i := len(inner) - 1; i >= 0; i-- { // innermost first
			o := inner[i]
			if !o.Visible() || !under(drv, o, at) {
				continue
			}
			if scrollInner(drv, o, ev, at) {
				return true
			}
		}
	}
	return scrollBy(w.scroll, ev)
}

// under tells whether the window position at lies on o.
func under(drv fyne.Driver, o fyne.CanvasObject, at fyne.Position) bool {
	p := drv.AbsolutePositionForObject(o)
	s := o.Size()
	return at.X >= p.X && at.Y >= p.Y && at.X < p.X+s.Width && at.Y < p.Y+s.Height
}

// scrollInner offers the event to a scroller inside the page.
func scrollInner(drv fyne.Driver, o fyne.CanvasObject, ev *fyne.ScrollEvent, at fyne.Position) bool {
	switch s := o.(type) {
	case *wheelScroll:
		e := *ev
		e.Position = at.Subtract(drv.AbsolutePositionForObject(s))
		return s.route(&e)
	case *container.Scroll:
		return scrollBy(s, ev)
	case *widget.List:
		if ev.Scrolled.DY == 0 {
			return false
		}
		old := s.GetScrollOffset()
		s.ScrollToOffset(old - ev.Scrolled.DY)
		return s.GetScrollOffset() != old
	case *widget.GridWrap:
		if ev.Scrolled.DY == 0 {
			return false
		}
		old := s.GetScrollOffset()
		s.ScrollToOffset(old - ev.Scrolled.DY)
		return s.GetScrollOffset() != old
	}
	return false
}

// scrollBy scrolls s by the event if s can move that way (a vertical wheel
// never turns into a sideways scroll here) and tells whether it moved.
func scrollBy(s *container.Scroll, ev *fyne.ScrollEvent) bool {
	if s.Content == nil {
		return false
	}
	dx, dy := ev.Scrolled.DX, ev.Scrolled.DY
	if s.Direction == container.ScrollNone || s.Direction == container.ScrollHorizontalOnly {
		dy = 0
	}
	if s.Direction == container.ScrollNone || s.Direction == container.ScrollVerticalOnly {
		dx = 0
	}
	if dx == 0 && dy == 0 {
		return false
	}
	size, min := s.Size(), s.Content.MinSize()
	if dx == 0 && min.Height <= size.Height {
		return false // Fyne would turn it into a sideways scroll
	}
	old := s.Offset
	e := *ev
	e.Scrolled = fyne.Delta{DX: dx, DY: dy}
	s.Scrolled(&e)
	return s.Offset != old
}

// collectScrollers lists, outer before inner, the scrollers inside o that
// the page can see: lists, scroll containers and nested wheelScrolls, inside
// containers, cards, forms, tabs and splits. An entry's own scroller is not
// among them: the wheel over a field scrolls the page.
func collectScrollers(o fyne.CanvasObject, out *[]fyne.CanvasObject) {
	switch c := o.(type) {
	case nil:
	case *fyne.Container:
		for _, child := range c.Objects {
			collectScrollers(child, out)
		}
	case *wheelScroll:
		*out = append(*out, c) // routes inside itself
	case *container.Scroll:
		*out = append(*out, c)
		collectScrollers(c.Content, out)
	case *widget.List, *widget.GridWrap:
		*out = append(*out, c)
	case *widget.Card:
		collectScrollers(c.Content, out)
	case *widget.Form:
		for _, it := range c.Items {
			collectScrollers(it.Widget, out)
		}
	case *container.AppTabs:
		if sel := c.Selected(); sel != nil {
			collectScrollers(sel.Content, out)
		}
	case *container.Split:
		collectScrollers(c.Leading, out)
		collectScrollers(c.Trailing, out)
	}
}

// wheelCatcher is the transparent layer of a wheelScroll that takes the
// wheel before the fields below it.
type wheelCatcher struct {
	widget.BaseWidget
	owner *wheelScroll
}

func (c *wheelCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}

// Scrolled routes the wheel (fyne.Scrollable).
func (c *wheelCatcher) Scrolled(ev *fyne.ScrollEvent) { c.owner.route(ev) }

// MinSize is nothing: the catcher only covers the page.
func (c *wheelCatcher) MinSize() fyne.Size { return fyne.Size{} }
