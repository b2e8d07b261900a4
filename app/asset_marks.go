package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// Several assets at once: each row of the assets table has a box by its
// tag; ticking boxes (across searches and filters) marks assets, and the
// bar under the table checks the marked ones out or in, or changes them
// in bulk (bulk.go). With none marked, the bar offers to change every
// asset the list shows.

// assetMarks is the marked assets and the bar that acts on them.
type assetMarks struct {
	s       *assetsScreen
	ids     map[int64]bool
	order   []int64 // in the order they were ticked
	label   *widget.Label
	out, in *widget.Button
	change  *widget.Button
	clear   *widget.Button
	bar     *fyne.Container
}

// markCol is the column whose cells carry the box: the tag's.
const markCol = 0

func (s *assetsScreen) assetMarks() *assetMarks {
	if s.marks != nil {
		return s.marks
	}
	m := &assetMarks{s: s, ids: map[int64]bool{}}
	m.label = widget.NewLabel("")
	m.label.Truncation = fyne.TextTruncateEllipsis
	m.out = widget.NewButtonWithIcon("Check out…", theme.LoginIcon(), m.checkOut)
	m.in = widget.NewButtonWithIcon("Check in…", theme.LogoutIcon(), m.checkIn)
	m.change = widget.NewButtonWithIcon("Change…", theme.DocumentCreateIcon(), func() { s.showBulkChange() })
	m.clear = widget.NewButtonWithIcon("Unmark all", theme.ContentClearIcon(), m.unmarkAll)
	s.ui.only(actEdit, m.out, m.in, m.change)
	m.bar = container.NewBorder(nil, nil, nil, container.NewHBox(m.out, m.in, m.change, m.clear), m.label)
	s.marks = m
	m.update()
	return m
}

// marksBar is the bar under the assets table.
func (s *assetsScreen) marksBar() fyne.CanvasObject { return s.assetMarks().bar }

func (m *assetMarks) marked(id int64) bool { return m.ids[id] }

// toggle ticks or unticks one asset.
func (m *assetMarks) toggle(id int64) {
	if m.ids[id] {
		delete(m.ids, id)
		for i, x := range m.order {
			if x == id {
				m.order = append(m.order[:i:i], m.order[i+1:]...)
				break
			}
		}
	} else {
		m.ids[id] = true
		m.order = append(m.order, id)
	}
	m.update()
	m.s.table.Refresh()
}

func (m *assetMarks) unmarkAll() {
	m.ids, m.order = map[int64]bool{}, nil
	m.update()
	if m.s.table != nil {
		m.s.table.Refresh()
	}
}

// update says how many are marked and shows what can be done with them.
func (m *assetMarks) update() {
	n := len(m.order)
	if n == 0 {
		m.label.SetText("Tick the boxes by the tags to check out, check in or change several assets at once.")
		m.label.Importance = widget.LowImportance
		m.out.Hide()
		m.in.Hide()
		m.clear.Hide()
		m.change.SetText("Change all shown…")
	} else {
		m.label.SetText(fmt.Sprintf("%d %s marked", n, pluralWord(n, "asset", "assets")))
		m.label.Importance = widget.MediumImportance
		m.out.Show()
		m.in.Show()
		m.clear.Show()
		m.change.SetText("Change…")
	}
	m.s.ui.only(actEdit, m.out, m.in, m.change)
	m.label.Refresh()
}

// load reads the marked assets as they are now, then hands them to use.
func (m *assetMarks) load(use func([]assets.Asset)) {
	ids := append([]int64(nil), m.order...)
	store := m.s.ui.handoverStore()
	background(m.s.ui, func(ctx context.Context) ([]assets.Asset, error) {
		var out []assets.Asset
		for _, id := range ids {
			a, err := store.Asset(ctx, id)
			if assets.KindOf(err) == assets.KindNotFound {
				continue // deleted since it was marked
			}
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
		return out, nil
	}, func(list []assets.Asset, err error) {
		if err != nil {
			m.s.ui.showError("Could not read the marked assets", err)
			return
		}
		use(list)
	})
}

// done unmarks and reloads after the marked assets were acted on.
func (m *assetMarks) done() {
	m.unmarkAll()
	m.s.refresh()
}

func (m *assetMarks) checkOut() {
	m.load(func(list []assets.Asset) { m.s.ui.showCheckOut(nil, list, m.done) })
}

func (m *assetMarks) checkIn() {
	m.load(func(list []assets.Asset) { m.s.ui.showCheckIn(list, "", m.done) })
}

// --- the box in the tag cell ---

// markBox is the tickable box by an asset's tag.
type markBox struct {
	widget.Icon
	onTap func()
}

func newMarkBox() *markBox {
	b := &markBox{}
	b.ExtendBaseWidget(b)
	b.SetResource(theme.CheckButtonIcon())
	return b
}

// Tapped ticks or unticks the row's asset (and does not select the row).
func (b *markBox) Tapped(*fyne.PointEvent) {
	if b.onTap != nil {
		b.onTap()
	}
}

// markCell shows the box in the tag column's cells and hides it in the
// others. box is a cell made by the table's CreateCell.
func (s *assetsScreen) markCell(id widget.TableCellID, box *fyne.Container) {
	if len(box.Objects) < 3 {
		return
	}
	b := box.Objects[2].(*markBox)
	if id.Col != markCol || id.Row >= len(s.rows) {
		b.onTap = nil
		if b.Visible() {
			b.Hide()
			box.Refresh()
		}
		return
	}
	m := s.assetMarks()
	assetID := s.rows[id.Row].ID
	res := theme.CheckButtonIcon()
	if m.marked(assetID) {
		res = theme.CheckButtonCheckedIcon()
	}
	if b.Resource != res {
		b.SetResource(res)
	}
	b.onTap = func() { m.toggle(assetID) }
	if !b.Visible() {
		b.Show()
		box.Refresh()
	}
}

// markCellLayout is a table cell: the background filling it, the box (when
// shown) at the left and the text beside it.
type markCellLayout struct{}

func (markCellLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[1].MinSize()
	if len(objs) > 2 && objs[2].Visible() {
		s.Width += objs[2].MinSize().Width + theme.Padding()
	}
	return s
}

func (markCellLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	x := float32(0)
	if len(objs) > 2 && objs[2].Visible() {
		ms := objs[2].MinSize()
		objs[2].Move(fyne.NewPos(theme.Padding(), (size.Height-ms.Height)/2))
		objs[2].Resize(ms)
		x = ms.Width + theme.Padding()
	}
	objs[1].Move(fyne.NewPos(x, 0))
	objs[1].Resize(fyne.NewSize(size.Width-x, size.Height))
}
