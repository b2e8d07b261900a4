package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// lifecycleStore is what the asset list's badges and the lifecycle pane read.
type lifecycleStore interface {
	AlertOptionsAt(ctx context.Context, asOf assets.Date) (assets.AlertOptions, error)
	Asset(ctx context.Context, id int64) (assets.Asset, error)
	FlagsFor(ctx context.Context, ids []int64, opt assets.AlertOptions) (map[int64]assets.AssetFlags, error)
	Lifecycle(ctx context.Context, assetID int64, opt assets.AlertOptions) (assets.AssetLifecycle, error)
}

// lifecyclePane shows an asset's end-of-life state with every reason, its
// warranty and contracts, its tasks and its licence seats. The assets
// screen's detail pane and the alert dialog both use it.
type lifecyclePane struct {
	text *widget.Label
	root fyne.CanvasObject
}

func newLifecyclePane() *lifecyclePane {
	p := &lifecyclePane{text: widget.NewLabel("")}
	p.text.Wrapping = fyne.TextWrapWord
	p.text.Selectable = true
	p.root = container.NewVScroll(p.text)
	return p
}

func (p *lifecyclePane) set(lc assets.AssetLifecycle, asOf assets.Date) {
	p.text.SetText(lifecycleText(lc, asOf))
}

// lifecycleText is the asset's lifecycle in words.
func lifecycleText(lc assets.AssetLifecycle, asOf assets.Date) string {
	var b strings.Builder
	fmt.Fprintf(&b, "End of life: %s", lc.EOL.State.Label())
	if !lc.EOL.Date.IsZero() {
		fmt.Fprintf(&b, " (%s)", lc.EOL.Date)
	}
	b.WriteString("\n")
	for _, r := range lc.EOL.Reasons {
		src := r.Source
		if src == "" {
			src = "why"
		}
		fmt.Fprintf(&b, "  • %s: %s\n", src, r.Text)
	}
	// The OS or firmware apart from the hardware: an update, not a
	// replacement, brings it back into support.
	fmt.Fprintf(&b, "OS and firmware support: %s", lc.OS.Label())
	if !lc.OS.Date.IsZero() {
		fmt.Fprintf(&b, " (%s)", lc.OS.Date)
	}
	fmt.Fprintf(&b, "\n  • %s\n", lc.OS.Reason) // with the upgrade path, when the catalog knows it
	fmt.Fprintf(&b, "\nWarranty and support: %s\n  %s\n", lc.Coverage.State.Label(), lc.Coverage.Reason)
	for _, c := range lc.Contracts {
		st, _ := assets.ContractState(&c, asOf, assets.DefaultWarnDays)
		fmt.Fprintf(&b, "  • %s %s, %s to %s (%s)", c.Kind, c.Title(), orDash(c.Start.String()), c.End, st.Label())
		if c.Cost.Minor != 0 {
			fmt.Fprintf(&b, ", %s", c.Cost)
		}
		b.WriteString("\n")
	}
	b.WriteString("\nTasks:\n")
	if len(lc.Tasks) == 0 {
		b.WriteString("  none planned\n")
	}
	for _, t := range lc.Tasks {
		st, left := assets.TaskDueState(&t, asOf, assets.DefaultWarnDays)
		when := ""
		switch st {
		case assets.DueOverdue:
			when = " — overdue by " + assets.CountOf(-left, "day", "days")
		case assets.DueClosed:
			when = " — " + strings.ToLower(t.Status.Label()) + " " + t.Completed.String()
		}
		fmt.Fprintf(&b, "  • %s due %s%s\n", t.Name(), t.Due, when)
	}
	if len(lc.Licences) > 0 {
		b.WriteString("\nLicence seats:\n")
		for _, l := range lc.Licences {
			fmt.Fprintf(&b, "  • %s\n", l.Title())
		}
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// showAssetLifecycle opens an asset's lifecycle in a dialog.
func (u *UI) showAssetLifecycle(id int64) {
	asOf := u.today()
	type result struct {
		a  assets.Asset
		lc assets.AssetLifecycle
	}
	background(u, func(ctx context.Context) (result, error) {
		var r result
		var err error
		if r.a, err = u.svc.Store.Asset(ctx, id); err != nil {
			return r, err
		}
		opt, err := u.svc.Store.AlertOptionsAt(ctx, asOf)
		if err != nil {
			return r, err
		}
		r.lc, err = u.svc.Store.Lifecycle(ctx, id, opt)
		return r, err
	}, func(r result, err error) {
		if err != nil {
			u.showError("Could not open the asset", err)
			return
		}
		p := newLifecyclePane()
		p.set(r.lc, asOf)
		u.showCustom(r.a.Tag+" "+r.a.Name, "Close", p.root, fyne.NewSize(640, 480))
	})
}

// lifecycleColumn is the assets table's EOL/warranty badge column.
const lifecycleColumn = "EOL · Cover"

func (s *assetsScreen) lifecyclePane() *lifecyclePane {
	if s.lifecycle == nil {
		s.lifecycle = newLifecyclePane()
	}
	return s.lifecycle
}

// loadFlags computes the badges of newly loaded rows (one page: two
// queries), unless a newer query has replaced them.
func (s *assetsScreen) loadFlags(rows []assets.Asset) {
	if len(rows) == 0 {
		return
	}
	ids := make([]int64, len(rows))
	for i := range rows {
		ids[i] = rows[i].ID
	}
	asOf := s.ui.today()
	store := s.store
	follow(s.ui, &s.load, func(ctx context.Context) (map[int64]assets.AssetFlags, error) {
		opt, err := store.AlertOptionsAt(ctx, asOf)
		if err != nil {
			return nil, err
		}
		return store.FlagsFor(ctx, ids, opt)
	}, func(flags map[int64]assets.AssetFlags, err error) {
		if err != nil {
			s.ui.showError("Could not compute end-of-life and warranty flags", err)
			return
		}
		if s.flags == nil || len(s.flags) > 20_000 {
			s.flags = map[int64]assets.AssetFlags{}
		}
		for id, f := range flags {
			s.flags[id] = f
		}
		s.table.Refresh()
	})
}

// badge is an asset's EOL and cover state in a few characters, coloured by
// the worse of the two. Its first part is the hardware's end of life, or
// the OS or firmware's when that is the more urgent ("OS ended": update it,
// the hardware is fine).
func (s *assetsScreen) badge(a *assets.Asset) (string, widget.Importance) {
	f, ok := s.flags[a.ID]
	if !ok {
		return "", widget.MediumImportance
	}
	eol := map[assets.EOLState]string{assets.EOLReached: "EOL", assets.EOLEnding: "EOL soon", assets.EOLSupported: "OK", assets.EOLUnknown: "?"}[f.EOL.State]
	cover := map[assets.CoverageState]string{assets.CoverageActive: "covered", assets.CoverageEnding: "cover ends", assets.CoverageExpired: "no cover", assets.CoverageNone: "—"}[f.Coverage.State]
	switch {
	case f.EOL.State == assets.EOLReached:
	case f.OS.State == assets.EOLReached:
		eol = "OS ended"
	case f.EOL.State == assets.EOLEnding:
	case f.OS.State == assets.EOLEnding:
		eol = "OS soon"
	}
	imp := widget.MediumImportance
	switch {
	case f.EOL.State == assets.EOLReached || f.OS.State == assets.EOLReached && f.OS.Extended.IsZero():
		imp = widget.DangerImportance
	case f.EOL.State == assets.EOLEnding || f.OS.State == assets.EOLReached || f.OS.State == assets.EOLEnding || f.Coverage.State == assets.CoverageEnding:
		imp = widget.WarningImportance
	case f.EOL.State == assets.EOLSupported && f.Coverage.State == assets.CoverageActive:
		imp = widget.SuccessImportance
	}
	return eol + " · " + cover, imp
}

// loadLifecycle fills the detail pane's Lifecycle tab for asset id.
func (s *assetsScreen) loadLifecycle(id int64) {
	asOf := s.ui.today()
	store := s.store
	background(s.ui, func(ctx context.Context) (assets.AssetLifecycle, error) {
		opt, err := store.AlertOptionsAt(ctx, asOf)
		if err != nil {
			return assets.AssetLifecycle{}, err
		}
		return store.Lifecycle(ctx, id, opt)
	}, func(lc assets.AssetLifecycle, err error) {
		if id != s.selectedID {
			return
		}
		if err != nil {
			if assets.KindOf(err) != assets.KindNotFound {
				s.ui.showError("Could not load the asset's lifecycle", err)
			}
			return
		}
		s.lifecyclePane().set(lc, asOf)
	})
}

// openRecord shows asset id (from an alert): filters cleared, the search
// set to its tag, and the asset selected with its detail pane.
func (s *assetsScreen) openRecord(id int64) {
	store := s.store
	background(s.ui, func(ctx context.Context) (assets.Asset, error) {
		return store.Asset(ctx, id)
	}, func(a assets.Asset, err error) {
		if err != nil {
			s.ui.showError("Could not open the asset", err)
			return
		}
		if s.table == nil {
			return
		}
		s.clearFilters()
		s.selectedID = a.ID
		s.search.SetText(a.Tag)
		s.runSearch()
	})
}

// recordEntity: this screen opens asset alerts' records.
func (s *assetsScreen) recordEntity() string { return "asset" }
