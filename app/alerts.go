package app

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

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

// severityIcon is the icon of an alert's severity.
func severityIcon(s assets.Severity) fyne.Resource {
	switch s {
	case assets.SeverityCritical:
		return theme.ErrorIcon()
	case assets.SeverityWarning:
		return theme.WarningIcon()
	}
	return theme.InfoIcon()
}

func alertSummary(list []assets.Alert, opt assets.AlertOptions) string {
	if len(list) == 0 {
		return fmt.Sprintf("No alerts as of %s: nothing at end of life, no cover ending within %s, every licence covered, no task overdue.", opt.AsOf, assets.CountOf(opt.Window(), "day", "days"))
	}
	bySev := map[assets.Severity]int{}
	for _, a := range list {
		bySev[a.Severity]++
	}
	return fmt.Sprintf("%s %s as of %s: %d critical, %s, %d for information. Click one to open it.",
		thousands(len(list)), assets.Plural(len(list), "alert", "alerts"), opt.AsOf, bySev[assets.SeverityCritical],
		assets.CountOf(bySev[assets.SeverityWarning], "warning", "warnings"), bySev[assets.SeverityInfo])
}

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
	prev, err := st.Setting(ctx, assets.SettingSeenAlerts)
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
	if err := st.SetSetting(ctx, assets.SettingSeenAlerts, encodeSeen(keys)); err != nil {
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
