package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/safefile"
)

// visitStore is what the Site visit screen uses: it writes bundles next to
// the register and checks them back in.
type visitStore interface {
	CheckinVisit(ctx context.Context, path string, opt assets.CheckinOptions) (assets.MergePlan, error)
	Locations(ctx context.Context) ([]string, error)
	Path() string
	WriteVisitBundle(ctx context.Context, locations []string, dest string, rules safefile.Rules, replace bool) (assets.VisitCheckout, error)
}

// visitScreen takes locations away in a bundle (a register for a laptop
// that works offline) and brings one back: the check-in is reviewed first
// (a dry run: every change, and each conflict with the office's and the
// visit's value to choose from), then applied in one step.
type visitScreen struct {
	ui    *UI
	store visitStore

	chosen   []string
	placeBox *fyne.Container
	outPath  *widget.Entry
	takeBtn  *widget.Button
	taken    *widget.Label

	inPath    *widget.Entry
	reviewBtn *widget.Button
	summary   *widget.Label
	conflicts *fyne.Container // one row per conflict: what, and theirs / mine
	choices   []*widget.RadioGroup
	applyBtn  *widget.Button

	plan assets.MergePlan
}

const (
	choiceTheirs = "Office's value"
	choiceMine   = "Visit's value"
)

func newVisitScreen(u *UI) *visitScreen { return &visitScreen{ui: u, store: u.svc.Store} }

func (s *visitScreen) title() string       { return "Visits" }
func (s *visitScreen) icon() fyne.Resource { return theme.MailSendIcon() }

func (s *visitScreen) view() fyne.CanvasObject {
	s.placeBox = container.NewGridWrap(fyne.NewSize(200, 36))
	s.outPath = widget.NewEntry()
	s.outPath.SetPlaceHolder("Bundle file to write, e.g. /media/usb/hagvik.steward")
	s.outPath.OnChanged = func(string) { s.enable() }
	s.takeBtn = widget.NewButtonWithIcon("Take away", theme.DownloadIcon(), s.take)
	s.takeBtn.Importance = widget.HighImportance
	s.taken = widget.NewLabel("")
	s.taken.Wrapping = fyne.TextWrapWord

	s.inPath = widget.NewEntry()
	s.inPath.SetPlaceHolder("Bundle file to bring back")
	s.inPath.OnChanged = func(string) { s.enable() }
	s.reviewBtn = widget.NewButtonWithIcon("Review check-in", theme.SearchIcon(), s.review)
	s.summary = widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord
	s.conflicts = container.NewVBox()
	s.applyBtn = widget.NewButtonWithIcon("Check in", theme.ConfirmIcon(), s.apply)
	s.applyBtn.Importance = widget.HighImportance

	out := container.NewVBox(
		widget.NewLabelWithStyle("Take locations away (checkout)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.placeBox,
		container.NewBorder(nil, nil, nil, s.takeBtn, s.outPath),
		s.taken,
	)
	in := container.NewBorder(
		container.NewVBox(
			widget.NewLabelWithStyle("Bring a visit back (check-in)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			container.NewBorder(nil, nil, nil, s.reviewBtn, s.inPath),
			s.summary,
		),
		container.NewHBox(layout.NewSpacer(), s.applyBtn),
		nil, nil,
		wheelVScroll(s.conflicts),
	)
	s.enable()
	s.refresh()
	return container.NewBorder(container.NewPadded(out), nil, nil, nil, container.NewPadded(in))
}

func (s *visitScreen) refresh() {
	background(s.ui, func(ctx context.Context) ([]string, error) {
		return s.store.Locations(ctx)
	}, func(locs []string, err error) {
		if err != nil {
			s.ui.showError("Could not read the locations", err)
			return
		}
		s.placeBox.Objects = nil
		s.chosen = slices.DeleteFunc(s.chosen, func(l string) bool { return !slices.Contains(locs, l) })
		for _, l := range locs {
			c := widget.NewCheck(l, func(on bool) {
				s.chosen = slices.DeleteFunc(s.chosen, func(x string) bool { return x == l })
				if on {
					s.chosen = append(s.chosen, l)
				}
				s.enable()
			})
			c.Checked = slices.Contains(s.chosen, l)
			s.placeBox.Add(c)
		}
		s.placeBox.Refresh()
		s.enable()
		s.ui.markReady()
	})
}

func (s *visitScreen) enable() {
	setEnabled(s.takeBtn, len(s.chosen) > 0 && strings.TrimSpace(s.outPath.Text) != "")
	setEnabled(s.reviewBtn, strings.TrimSpace(s.inPath.Text) != "")
	setEnabled(s.applyBtn, s.plan.Visit != "" && s.plan.DryRun && !s.plan.AlreadyMerged)
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

func (s *visitScreen) take() {
	locs, dest := slices.Clone(s.chosen), strings.TrimSpace(s.outPath.Text)
	st := s.store
	// Never over the register or its backups; never over another file.
	rules := safefile.Rules{Keep: []string{st.Path(), st.Path() + "-wal", st.Path() + "-shm", st.Path() + "-journal"},
		KeepDirs: []string{filepath.Join(filepath.Dir(st.Path()), "backups")}}
	background(s.ui, func(ctx context.Context) (assets.VisitCheckout, error) {
		return st.WriteVisitBundle(ctx, locs, dest, rules, false)
	}, func(got assets.VisitCheckout, err error) {
		if err != nil {
			s.ui.showError("Could not write the visit bundle", err)
			return
		}
		s.taken.SetText(fmt.Sprintf("Took %s (%s) to %s. Open it with steward --db %s; new assets there are tagged %s….",
			countWords(got.Counts["assets"], "asset", "assets"), strings.Join(got.Locations, ", "), dest, dest, got.TagPrefix))
	})
}

// review runs the check-in as a dry run and lists what it would do.
func (s *visitScreen) review() {
	path := strings.TrimSpace(s.inPath.Text)
	background(s.ui, func(ctx context.Context) (assets.MergePlan, error) {
		return s.store.CheckinVisit(ctx, path, assets.CheckinOptions{DryRun: true})
	}, func(p assets.MergePlan, err error) {
		if err != nil {
			s.ui.showError("Could not read the visit bundle", err)
			return
		}
		s.show(p)
	})
}

// show puts a plan on screen: a summary, and each conflict with a choice.
func (s *visitScreen) show(p assets.MergePlan) {
	s.plan = p
	s.conflicts.Objects = nil
	s.choices = nil
	switch {
	case p.AlreadyMerged:
		s.summary.SetText("This bundle, as it is, was checked in already: nothing to do.")
	case p.DryRun:
		added := 0
		for _, n := range p.Added {
			added += n
		}
		s.summary.SetText(fmt.Sprintf("Checking in would make %s and add %s of history, hand-overs, sightings, audits and inventory; %s to decide (the office's value stays unless you choose the visit's).",
			countWords(len(p.Changes), "change", "changes"), countWords(added, "record", "records"), countWords(len(p.Conflicts), "conflict", "conflicts")))
	default:
		s.summary.SetText(fmt.Sprintf("Checked in: %s; %s left open.", countWords(len(p.Changes), "change", "changes"), countWords(p.Unresolved, "conflict", "conflicts")))
	}
	for _, c := range p.Conflicts {
		what := fmt.Sprintf("%s %s", c.Entity, c.Label)
		if c.Field != "" {
			what += fmt.Sprintf(" — %s: office %q, visit %q (was %q)", c.Field, c.Theirs, c.Mine, c.Base)
		}
		what += ": " + c.Reason
		label := widget.NewLabel(what)
		label.Wrapping = fyne.TextWrapWord
		choice := widget.NewRadioGroup([]string{choiceTheirs, choiceMine}, nil)
		choice.Horizontal = true
		choice.Required = true
		choice.SetSelected(choiceTheirs)
		if c.Resolved == assets.Mine {
			choice.SetSelected(choiceMine)
		}
		if !p.DryRun || c.GID == "" {
			choice.Disable()
		}
		s.choices = append(s.choices, choice)
		s.conflicts.Add(container.NewBorder(nil, nil, nil, choice, label))
	}
	s.conflicts.Refresh()
	s.enable()
}

// apply checks the reviewed bundle in with the sides chosen.
func (s *visitScreen) apply() {
	path := strings.TrimSpace(s.inPath.Text)
	per := map[string]assets.Side{}
	for i, c := range s.plan.Conflicts {
		if c.GID == "" {
			continue // not a record's: nothing to choose
		}
		side := assets.Theirs
		if s.choices[i].Selected == choiceMine {
			side = assets.Mine
		}
		per[assets.ResolutionKey(c.GID, c.Field)] = side
	}
	background(s.ui, func(ctx context.Context) (assets.MergePlan, error) {
		return s.store.CheckinVisit(ctx, path, assets.CheckinOptions{Per: per})
	}, func(p assets.MergePlan, err error) {
		if err != nil {
			s.ui.showError("Could not check the visit in", err)
			return
		}
		s.show(p)
	})
}

// countWords is "1 change", "2 changes".
func countWords(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, pluralWord(n, one, many))
}
