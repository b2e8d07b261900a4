package app

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// today is the date every lifecycle rule in the window uses.
func (u *UI) today() assets.Date { return assets.Today(u.svc.Now()) }

// recordOpener is a screen that shows one kind of record and can open one
// of them (an alert's link). recordEntity is the assets.Ref entity it
// shows ("licence", "contract", "task", "asset"; other screens add theirs
// by implementing this).
type recordOpener interface {
	recordEntity() string
	openRecord(id int64)
}

// openRef opens the record an alert is about: switches to the screen that
// shows that kind of record and selects it there. An asset with no Assets
// screen gets its lifecycle in a dialog.
func (u *UI) openRef(ref assets.Ref) {
	for i, s := range u.screens {
		if o, ok := s.(recordOpener); ok && o.recordEntity() == ref.Entity {
			u.nav.Select(i)
			o.openRecord(ref.ID)
			return
		}
	}
	if ref.Entity == "asset" {
		u.showAssetLifecycle(ref.ID)
		return
	}
	u.showInfo("Not shown here", fmt.Sprintf("Steward has no screen for this %s yet.", ref.Entity))
}

// alertsCard is the dashboard's list of every alert with its reason; a
// click opens the record. It is virtualised: a large fleet has thousands.
type alertsCard struct {
	ui      *UI
	alerts  []assets.Alert
	summary *widget.Label
	list    *widget.List
	box     fyne.CanvasObject
}

func newAlertsCard(u *UI) *alertsCard {
	c := &alertsCard{ui: u}
	c.summary = widget.NewLabel("Computing alerts…")
	c.summary.Wrapping = fyne.TextWrapWord
	c.list = widget.NewList(func() int { return len(c.alerts) },
		func() fyne.CanvasObject {
			subject := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			subject.Truncation = fyne.TextTruncateEllipsis
			reason := widget.NewLabel("")
			reason.Truncation = fyne.TextTruncateEllipsis
			date := widget.NewLabel("2026-01-01")
			subjectBox := container.NewGridWrap(fyne.NewSize(260, subject.MinSize().Height), subject)
			return container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(nil), date), nil,
				container.NewBorder(nil, nil, subjectBox, nil, reason))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			a := c.alerts[id]
			box := o.(*fyne.Container)
			left := box.Objects[1].(*fyne.Container)
			left.Objects[0].(*widget.Icon).SetResource(severityIcon(a.Severity))
			left.Objects[1].(*widget.Label).SetText(a.Date.String())
			cols := box.Objects[0].(*fyne.Container)
			cols.Objects[0].(*widget.Label).SetText(a.Reason)
			cols.Objects[1].(*fyne.Container).Objects[0].(*widget.Label).SetText(a.Subject)
		})
	c.list.OnSelected = func(id widget.ListItemID) {
		c.list.UnselectAll()
		if id >= 0 && id < len(c.alerts) {
			u.openRef(c.alerts[id].Ref)
		}
	}
	space := canvas.NewRectangle(color.Transparent)
	space.SetMinSize(fyne.NewSize(600, 380))
	c.box = widget.NewCard("", "Alerts", container.NewBorder(c.summary, nil, nil, nil, container.NewStack(space, c.list)))
	return c
}

func severityIcon(s assets.Severity) fyne.Resource {
	switch s {
	case assets.SeverityCritical:
		return theme.ErrorIcon()
	case assets.SeverityWarning:
		return theme.WarningIcon()
	}
	return theme.InfoIcon()
}

// set shows the alerts computed as of asOf.
func (c *alertsCard) set(list []assets.Alert, opt assets.AlertOptions) {
	c.alerts = list
	c.summary.SetText(alertSummary(list, opt))
	c.list.Refresh()
}

func alertSummary(list []assets.Alert, opt assets.AlertOptions) string {
	if len(list) == 0 {
		return fmt.Sprintf("No alerts as of %s: nothing at end of life, no cover ending within %d days, every licence covered, no task overdue.", opt.AsOf, opt.Window())
	}
	bySev := map[assets.Severity]int{}
	for _, a := range list {
		bySev[a.Severity]++
	}
	return fmt.Sprintf("%s alerts as of %s: %d critical, %d warnings, %d for information. Click one to open it.",
		thousands(len(list)), opt.AsOf, bySev[assets.SeverityCritical], bySev[assets.SeverityWarning], bySev[assets.SeverityInfo])
}

// SeenAlertsSetting holds the alerts shown last time (hashes), so the
// window can tell at start which ones are new.
const SeenAlertsSetting = "alerts.seen"

// alertKey identifies an alert across runs: its kind, record and date
// (FNV-1a of "kind|entity|id|date"; stored, so the bytes must not change).
func alertKey(a assets.Alert) uint64 {
	var buf [96]byte
	b := append(buf[:0], a.Kind...)
	b = append(append(b, '|'), a.Ref.Entity...)
	b = strconv.AppendInt(append(b, '|'), a.Ref.ID, 10)
	b = append(append(b, '|'), a.Date.String()...)
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

func encodeSeen(keys []uint64) string {
	slices.Sort(keys)
	keys = slices.Compact(keys)
	b := make([]byte, 8*len(keys))
	for i, k := range keys {
		binary.LittleEndian.PutUint64(b[8*i:], k)
	}
	return base64.StdEncoding.EncodeToString(b)
}

func decodeSeen(s string) map[uint64]bool {
	out := map[uint64]bool{}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return out
	}
	for i := 0; i+8 <= len(b); i += 8 {
		out[binary.LittleEndian.Uint64(b[i:])] = true
	}
	return out
}

// alertsStore is what the alert list keeps between starts: the alerts seen
// last time, in a setting.
type alertsStore interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// newAlerts compares list with the set seen last time, stores the new set
// and returns the alerts not seen before. The first run counts nothing as
// new only if nothing was ever stored and the list is empty.
func newAlerts(ctx context.Context, st alertsStore, list []assets.Alert) ([]assets.Alert, error) {
	prev, err := st.Setting(ctx, SeenAlertsSetting)
	if err != nil {
		return nil, err
	}
	seen := decodeSeen(prev)
	var fresh []assets.Alert
	keys := make([]uint64, len(list))
	for i, a := range list {
		keys[i] = alertKey(a)
		if !seen[keys[i]] {
			fresh = append(fresh, a)
		}
	}
	if err := st.SetSetting(ctx, SeenAlertsSetting, encodeSeen(keys)); err != nil {
		return nil, err
	}
	return fresh, nil
}

// notifyNew sends one desktop notification summing up the new alerts.
func (u *UI) notifyNew(fresh []assets.Alert) {
	if len(fresh) == 0 || u.svc.NoNotifications {
		return
	}
	var parts []string
	for i, a := range fresh {
		if i == 2 {
			parts = append(parts, fmt.Sprintf("and %d more", len(fresh)-2))
			break
		}
		parts = append(parts, a.Subject+": "+a.Reason)
	}
	title := "1 new alert"
	if len(fresh) > 1 {
		title = fmt.Sprintf("%s new alerts", thousands(len(fresh)))
	}
	u.app.SendNotification(fyne.NewNotification("Steward: "+title, strings.Join(parts, "\n")))
}
