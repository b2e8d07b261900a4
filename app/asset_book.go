package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// bookStore is what the asset page's book value and its dialog read and
// save.
type bookStore interface {
	AssetBook(ctx context.Context, assetID int64) (*assets.Depreciation, assets.Date, error)
	AssetBookValue(ctx context.Context, a *assets.Asset, on assets.Date) (value assets.Money, policy assets.Depreciation, ok bool, err error)
	SetAssetDepreciation(ctx context.Context, assetID int64, d *assets.Depreciation) error
	SetDisposalDate(ctx context.Context, assetID int64, d assets.Date) error
}

// bookValueText is an asset's book value today as its page shows it, with
// the policy that gives it ("" when it is not depreciated or not on the
// books).
func bookValueText(ctx context.Context, store bookStore, a *assets.Asset, today assets.Date) (string, error) {
	v, policy, ok, err := store.AssetBookValue(ctx, a, today)
	if err != nil || !ok || policy.Method == assets.DepreciationNone {
		return "", err
	}
	return v.String() + " on " + today.String() + " (" + policy.String() + ")", nil
}

// bookButton opens the selected asset's depreciation dialog.
func (s *assetsScreen) bookButton() *widget.Button {
	return widget.NewButtonWithIcon("Depreciation…", theme.DocumentCreateIcon(), func() {
		if s.selectedID != 0 && s.selected.ID == s.selectedID {
			s.showBookDialog(s.selected)
		}
	})
}

const categoryPolicy = "As its category"

// showBookDialog edits an asset's own depreciation policy and, for an
// asset no longer in the fleet, the day it left (when the book value ends).
func (s *assetsScreen) showBookDialog(a assets.Asset) {
	store := s.store
	type data struct {
		own      *assets.Depreciation
		disposed assets.Date
	}
	background(s.ui, func(ctx context.Context) (data, error) {
		own, disposed, err := store.AssetBook(ctx, a.ID)
		return data{own, disposed}, err
	}, func(d data, err error) {
		if err != nil {
			s.ui.showError("Could not read the asset's depreciation", err)
			return
		}
		method := formSelect(append([]string{categoryPolicy}, methodLabels...), nil)
		years, rate, residual := formEntry("", ""), formEntry("", ""), formEntry("", "")
		method.OnChanged = func(label string) {
			m, _ := assets.ParseDepreciationMethod(label)
			own := label != categoryPolicy
			enable(years, own && m == assets.DepreciationStraight)
			enable(rate, own && m == assets.DepreciationDeclining)
			enable(residual, own && m != assets.DepreciationNone)
		}
		method.SetSelected(categoryPolicy)
		if d.own != nil {
			method.SetSelected(d.own.Method.Label())
			if d.own.Years > 0 {
				years.SetText(strconv.Itoa(d.own.Years))
			}
			rate.SetText(pctText(d.own.RateBP))
			residual.SetText(pctText(d.own.ResidualBP))
		}
		left := formEntry(d.disposed.String(), "YYYY-MM-DD")
		items := []*widget.FormItem{widget.NewFormItem("Depreciation", method), widget.NewFormItem("Years", years),
			widget.NewFormItem("Rate % a year", rate), widget.NewFormItem("Residual % of cost", residual)}
		if !a.Status.Active() {
			items = append(items, widget.NewFormItem("Left the fleet on", left))
		}
		dlg := dialog.NewForm("Depreciation of "+a.Tag, "Save", "Cancel", items, func(ok bool) {
			if !ok {
				return
			}
			var own *assets.Depreciation
			var problems []string
			if method.Selected != categoryPolicy {
				p := assets.Depreciation{}
				p.Method, _ = assets.ParseDepreciationMethod(method.Selected)
				if t := strings.TrimSpace(years.Text); t != "" && !years.Disabled() {
					n, err := strconv.Atoi(t)
					if err != nil {
						problems = append(problems, fmt.Sprintf("years: %q is not a whole number", t))
					}
					p.Years = n
				}
				var err error
				if !rate.Disabled() {
					if p.RateBP, err = assets.ParseBP(rate.Text); err != nil {
						problems = append(problems, "rate: "+assets.Message(err))
					}
				}
				if !residual.Disabled() {
					if p.ResidualBP, err = assets.ParseBP(residual.Text); err != nil {
						problems = append(problems, "residual: "+assets.Message(err))
					}
				}
				own = &p
			}
			on, err := assets.ParseDate(left.Text)
			if err != nil {
				problems = append(problems, "left the fleet on: "+assets.Message(err))
			}
			if len(problems) > 0 {
				s.ui.showError("The depreciation was not saved", errors.New(strings.Join(problems, "\n")))
				return
			}
			background(s.ui, func(ctx context.Context) (struct{}, error) {
				if err := store.SetAssetDepreciation(ctx, a.ID, own); err != nil {
					return struct{}{}, err
				}
				if !a.Status.Active() && on != d.disposed {
					return struct{}{}, store.SetDisposalDate(ctx, a.ID, on)
				}
				return struct{}{}, nil
			}, func(_ struct{}, err error) {
				if err != nil {
					s.ui.showError("The depreciation was not saved", err)
					return
				}
				s.loadDetail()
			})
		}, s.ui.win)
		dlg.Resize(fyne.NewSize(440, 0))
		s.ui.showKeyedForm(dlg, items)
	})
}
