package app

import (
	"context"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// A picker is a search field with its matches listed under it. Typing
// searches as you type (after a short pause); tapping a match picks it;
// Up and Down move through the matches and Enter picks the one marked.
// Enter on what was typed picks the record it names exactly (an asset's tag
// or serial, a person's e-mail): a USB barcode scanner types a tag and
// Enter, so scanning a label picks the asset at once, whatever the list
// shows. Enter never confirms the dialog the picker is in.

// pickerRows is how many matches a picker lists (more are reached by
// typing more).
const pickerRows = 8

type picker[T any] struct {
	ui    *UI
	entry *pickerEntry
	list  *widget.List
	hint  *widget.Label
	root  *fyne.Container

	// search lists the matches of text; exact finds the record text names
	// exactly (ok false when none does).
	search func(ctx context.Context, text string) ([]T, error)
	exact  func(ctx context.Context, text string) (T, bool, error)
	label  func(T) string
	// pick is called with the chosen record; it returns "" when it was
	// taken, else why not (shown under the field).
	pick func(T) string
	// keep says the field keeps the chosen record's label (one person);
	// otherwise it is emptied for the next one (assets, scan after scan).
	keep bool
	// idle is the hint shown while nothing is typed.
	idle string

	matches []T
	marked  int // the match Up/Down marked; -1 for none

	// load runs the search; a newer one drops the older (query.go).
	load latest[[]T]
}

func newPicker[T any](u *UI, placeholder, idle string) *picker[T] {
	p := &picker[T]{ui: u, marked: -1, idle: idle}
	p.entry = newPickerEntry()
	p.entry.SetPlaceHolder(placeholder)
	p.entry.OnChanged = func(string) { p.schedule() }
	p.entry.OnSubmitted = func(text string) { p.submit(text) }
	p.entry.onMove = p.move
	p.hint = widget.NewLabel(idle)
	p.hint.Importance = widget.LowImportance
	p.hint.Truncation = fyne.TextTruncateEllipsis
	p.list = widget.NewList(
		func() int { return len(p.matches) },
		func() fyne.CanvasObject {
			bg := canvas.NewRectangle(color.Transparent)
			l := widget.NewLabel("ST-000000  Template row")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(bg, l)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.matches) {
				return
			}
			box := o.(*fyne.Container)
			bg := box.Objects[0].(*canvas.Rectangle)
			want := color.Color(color.Transparent)
			if id == p.marked {
				want = theme.Color(theme.ColorNameSelection)
			}
			if bg.FillColor != want {
				bg.FillColor = want
				bg.Refresh()
			}
			box.Objects[1].(*widget.Label).SetText(p.label(p.matches[id]))
		},
	)
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		if id < len(p.matches) {
			p.choose(p.matches[id])
		}
		// A tapped list keeps the keyboard and ignores Escape and what a
		// scanner types: give it back to the field.
		if c := p.ui.win.Canvas(); c.Focused() != nil {
			c.Focus(p.entry)
		}
	}
	return p
}

// view is the field, the matches (rows high) and the hint line.
func (p *picker[T]) view(rows int) *fyne.Container {
	if p.root == nil {
		p.root = container.NewBorder(p.entry, p.hint, nil, nil,
			container.New(fixedHeight{listHeight(rows)}, p.list))
	}
	return p.root
}

// listHeight is the height of a list showing rows rows.
func listHeight(rows int) float32 {
	row := widget.NewLabel("X").MinSize().Height + theme.SeparatorThicknessSize()
	return float32(rows) * row
}

// schedule runs the search once typing pauses.
func (p *picker[T]) schedule() {
	p.load.later(p.ui, searchDelay, func() { p.runSearch(p.entry.Text) })
}

// stopSearch drops a search still waiting for typing to pause.
func (p *picker[T]) stopSearch() {
	p.load.stopLater(p.ui)
}

func (p *picker[T]) runSearch(text string) {
	if strings.TrimSpace(text) == "" {
		p.load.drop(p.ui) // a search still running is for text no longer there
		p.show(nil, p.idle)
		return
	}
	p.load.run(p.ui, func(ctx context.Context) ([]T, error) {
		return p.search(ctx, text)
	}, func(list []T, err error) {
		switch {
		case err != nil:
			p.show(nil, "The search failed: "+assets.Message(err))
		case len(list) == 0:
			p.show(nil, fmt.Sprintf("Nothing matches %q.", strings.TrimSpace(text)))
		case len(list) > pickerRows:
			p.show(list[:pickerRows], fmt.Sprintf("The first %d matches: type more to narrow them.", pickerRows))
		default:
			p.show(list, "Tap one, or Up/Down and Enter.")
		}
	})
}

func (p *picker[T]) show(list []T, hint string) {
	p.matches, p.marked = list, -1
	p.say(hint, widget.LowImportance)
	p.list.Refresh()
	p.list.ScrollToTop()
}

// move marks the next (+1) or previous (-1) match.
func (p *picker[T]) move(d int) {
	if len(p.matches) == 0 {
		return
	}
	p.marked = min(max(p.marked+d, 0), len(p.matches)-1)
	p.list.Refresh()
	p.list.ScrollTo(p.marked)
}

// submit is Enter: the record the text names exactly, else the marked
// match, else the only match.
func (p *picker[T]) submit(text string) {
	p.stopSearch()
	if strings.TrimSpace(text) == "" {
		return
	}
	marked, shown := p.marked, p.matches
	if !p.keep {
		// The next scan may be typed before this one is looked up: it
		// starts in an empty field.
		p.entry.SetText("")
		p.stopSearch()
		p.show(nil, "Looking up "+strings.TrimSpace(text)+"…")
	}
	background(p.ui, func(ctx context.Context) (struct {
		v  T
		ok bool
	}, error) {
		v, ok, err := p.exact(ctx, text)
		return struct {
			v  T
			ok bool
		}{v, ok}, err
	}, func(r struct {
		v  T
		ok bool
	}, err error) {
		switch {
		case err != nil:
			p.say("The search failed: "+assets.Message(err), widget.DangerImportance)
		case r.ok:
			p.choose(r.v)
		case marked >= 0 && marked < len(shown):
			p.choose(shown[marked])
		case len(shown) == 1:
			p.choose(shown[0])
		default:
			if !p.keep && p.entry.Text == "" {
				p.setQuietly(strings.TrimSpace(text)) // to correct it
			}
			why := fmt.Sprintf("Nothing is exactly %q: pick one of the matches.", strings.TrimSpace(text))
			if len(shown) == 0 {
				why = fmt.Sprintf("Nothing is %q, and nothing matches it.", strings.TrimSpace(text))
			}
			p.show(shown, "")
			p.say(why, widget.WarningImportance)
		}
	})
}

// choose offers v to the dialog; taken, the field is emptied for the next
// one (or shows v, when it keeps its choice).
func (p *picker[T]) choose(v T) {
	if why := p.pick(v); why != "" {
		p.say(why, widget.DangerImportance)
		return
	}
	p.load.drop(p.ui) // a search still waiting or running is for text no longer there
	if p.keep {
		p.setQuietly(p.label(v))
		p.show(nil, "Chosen. Type to choose someone else.")
	} else {
		p.entry.SetText("")
		p.stopSearch()
		p.show(nil, "Added "+p.label(v)+". Scan or type the next one.")
	}
	p.ui.win.Canvas().Focus(p.entry)
}

// say puts a hint (low importance) or a refusal (danger) under the field.
func (p *picker[T]) say(text string, imp widget.Importance) {
	p.hint.Importance = imp
	p.hint.SetText(text)
}

// setQuietly puts text in the field without searching for it.
func (p *picker[T]) setQuietly(text string) {
	p.entry.OnChanged = nil
	p.entry.SetText(text)
	p.entry.OnChanged = func(string) { p.schedule() }
}

// pickerEntry is a picker's field: Escape cancels the dialog, Up and Down
// move through the matches.
type pickerEntry struct {
	widget.Entry
	escape func()
	onMove func(int)
}

func newPickerEntry() *pickerEntry {
	e := &pickerEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrapOff
	return e
}

// setDialogKeys: Escape cancels the dialog; Enter stays the picker's own.
func (e *pickerEntry) setDialogKeys(cancel, _ func()) { e.escape = cancel }

// TypedKey passes Escape to the dialog and Up/Down to the matches.
func (e *pickerEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		if e.escape != nil {
			e.escape()
			return
		}
	case fyne.KeyDown:
		e.onMove(1)
		return
	case fyne.KeyUp:
		e.onMove(-1)
		return
	}
	e.Entry.TypedKey(ev)
}

// fixedWidth lays its objects out w wide, filling the height.
type fixedWidth struct{ w float32 }

func (f fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(f.w, h)
}

func (f fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// fixedHeight lays its objects out filling the width, h high.
type fixedHeight struct{ h float32 }

func (f fixedHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := float32(0)
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, f.h)
}

func (f fixedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// --- the two pickers the hand-over and bulk dialogs use ---

// pickerStore is what the pickers read.
type pickerStore interface {
	People(ctx context.Context, text string, limit int) ([]assets.Person, error)
	PersonByEmail(ctx context.Context, email string) (assets.Person, error)
	ListAssets(ctx context.Context, q assets.AssetQuery) (assets.AssetPage, error)
	AssetByTag(ctx context.Context, tag string) (assets.Asset, error)
}

// newPersonPicker finds people by name, e-mail or department; Enter on an
// e-mail picks that person. It keeps the choice in its field.
func newPersonPicker(u *UI, st pickerStore, asOf assets.Date, pick func(assets.Person) string) *picker[assets.Person] {
	p := newPicker[assets.Person](u, "Type a name, e-mail or department", "Type part of a name, an e-mail or a department.")
	p.keep = true
	p.search = func(ctx context.Context, text string) ([]assets.Person, error) {
		return st.People(ctx, text, pickerRows+1)
	}
	p.exact = func(ctx context.Context, text string) (assets.Person, bool, error) {
		t := strings.TrimSpace(text)
		if !strings.Contains(t, "@") {
			return assets.Person{}, false, nil
		}
		pp, err := st.PersonByEmail(ctx, t)
		if assets.KindOf(err) == assets.KindNotFound {
			return pp, false, nil
		}
		return pp, err == nil, err
	}
	p.label = func(pp assets.Person) string { return personPickLabel(pp, asOf) }
	p.pick = pick
	return p
}

// personPickLabel is a person as a picker lists them: name, e-mail,
// department, and whether they have left.
func personPickLabel(pp assets.Person, asOf assets.Date) string {
	s := pp.Subject()
	if pp.Department != "" {
		s += " — " + pp.Department
	}
	if assets.IsLeaver(pp, asOf) {
		s += " (left)"
	}
	return s
}

// newAssetPicker finds assets by tag, name or serial (and the other fields
// the register's search knows); Enter on a tag or a serial, typed or
// scanned, picks that asset. It empties its field after each pick.
func newAssetPicker(u *UI, st pickerStore, pick func(assets.Asset) string) *picker[assets.Asset] {
	p := newPicker[assets.Asset](u, "Scan a label or type a tag, name or serial", "Scan labels one after another, or type to search.")
	p.search = func(ctx context.Context, text string) ([]assets.Asset, error) {
		page, err := st.ListAssets(ctx, assets.AssetQuery{Search: text, Sort: assets.SortTag, Limit: pickerRows + 1})
		return page.Assets, err
	}
	p.exact = func(ctx context.Context, text string) (assets.Asset, bool, error) {
		tag := assets.ScanTag(text)
		if tag == "" {
			return assets.Asset{}, false, nil
		}
		a, err := st.AssetByTag(ctx, tag)
		if err == nil {
			return a, true, nil
		}
		if assets.KindOf(err) != assets.KindNotFound {
			return a, false, err
		}
		// A serial number's barcode (on the maker's sticker).
		page, err := st.ListAssets(ctx, assets.AssetQuery{Search: tag, Limit: 20})
		if err != nil {
			return assets.Asset{}, false, err
		}
		for _, a := range page.Assets {
			if a.Serial != "" && strings.EqualFold(a.Serial, tag) {
				return a, true, nil
			}
		}
		return assets.Asset{}, false, nil
	}
	p.label = assetPickLabel
	p.pick = pick
	return p
}

// assetPickLabel is an asset as a picker lists it: tag, name, serial,
// status and holder.
func assetPickLabel(a assets.Asset) string {
	s := a.Tag + "  " + a.Name + "  (" + a.Status.Label()
	if a.AssignedName != "" {
		s += ", " + a.AssignedName
	}
	s += ")"
	if a.Serial != "" {
		s += "  · SN " + a.Serial
	}
	return s
}
