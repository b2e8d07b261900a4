package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// The Settings screen's budget card: the fiscal year, where the backlog
// goes, and each category's budget policy (price change, depreciation,
// capex or opex).

// monthNames are the months as the fiscal-year picker shows them.
func monthNames() []string {
	out := make([]string, 12)
	for i := range out {
		out[i] = time.Month(i + 1).String()
	}
	return out
}

var backlogLabels = []string{"Plan it into the first year", "Keep it apart"}

type budgetRow struct {
	cat                          assets.CategoryWithBudget
	price, years, rate, residual *widget.Entry
	method, spend                *widget.Select
}

// budgetStore is what the budget card reads and saves.
type budgetStore interface {
	BudgetSettings(ctx context.Context) (assets.BudgetSettings, error)
	CategoriesWithBudget(ctx context.Context) ([]assets.CategoryWithBudget, error)
	SaveBudgetSettings(ctx context.Context, b assets.BudgetSettings) error
	SaveCategoryBudget(ctx context.Context, category string, b assets.CategoryBudget) error
}

type budgetCard struct {
	ui      *UI
	store   budgetStore
	fyStart *widget.Select
	backlog *widget.Select
	rows    []budgetRow
	grid    *fyne.Container
	status  func(string)
}

var methodLabels = []string{"None", "Straight line", "Declining balance"}

func (b *budgetCard) view(status func(string)) fyne.CanvasObject {
	b.status = status
	b.fyStart = widget.NewSelect(monthNames(), nil)
	b.backlog = widget.NewSelect(backlogLabels, nil)
	b.grid = container.NewVBox()
	save := widget.NewButtonWithIcon("Save budget settings", theme.DocumentSaveIcon(), b.save)
	b.ui.only(actSettings, save)
	form := widget.NewForm(widget.NewFormItem("Fiscal year starts in", b.fyStart), widget.NewFormItem("Overdue spending (backlog)", b.backlog))
	form.Items[0].HintText = "the budget's years; January for calendar years"
	b.load()
	return noteCard("Budget", "Fiscal year, backlog, and per category: yearly price change of replacements, depreciation and whether buying is capital (CapEx) or operating (OpEx) spending.",
		// Seven columns need more than a 1024-pixel window leaves them:
		// they scroll sideways rather than widen the window.
		container.NewVBox(form, container.NewHScroll(b.grid), container.NewHBox(save)))
}

func (b *budgetCard) load() {
	type data struct {
		set  assets.BudgetSettings
		cats []assets.CategoryWithBudget
	}
	background(b.ui, func(ctx context.Context) (data, error) {
		var d data
		var err error
		if d.set, err = b.store.BudgetSettings(ctx); err != nil {
			return d, err
		}
		d.cats, err = b.store.CategoriesWithBudget(ctx)
		return d, err
	}, func(d data, err error) {
		if err != nil {
			b.ui.showError("Could not read the budget settings", err)
			return
		}
		b.fyStart.SetSelected(time.Month(d.set.FiscalYearStart).String())
		b.backlog.SetSelected(backlogLabels[map[assets.BacklogMode]int{assets.BacklogPlan: 0, assets.BacklogApart: 1}[d.set.Backlog]])
		b.show(d.cats)
	})
}

func pctText(bp int) string {
	if bp == 0 {
		return ""
	}
	return strings.TrimSuffix(assets.FormatBP(bp), " %")
}

func (b *budgetCard) show(cats []assets.CategoryWithBudget) {
	bold := func(s string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	objs := []fyne.CanvasObject{container.NewGridWithColumns(7, bold("Category"), bold("Price change %/yr"), bold("Depreciation"),
		bold("Years"), bold("Rate %/yr"), bold("Residual %"), bold("Spend"))}
	b.rows = b.rows[:0]
	for _, c := range cats {
		r := budgetRow{cat: c, price: widget.NewEntry(), years: widget.NewEntry(), rate: widget.NewEntry(), residual: widget.NewEntry(),
			method: widget.NewSelect(methodLabels, nil), spend: widget.NewSelect([]string{"CapEx", "OpEx"}, nil)}
		d := c.Budget.Depreciation
		r.price.SetText(pctText(c.Budget.PriceChangeBP))
		r.price.SetPlaceHolder("0")
		r.method.SetSelected(d.Method.Label())
		if d.Years > 0 {
			r.years.SetText(strconv.Itoa(d.Years))
		}
		r.rate.SetText(pctText(d.RateBP))
		r.residual.SetText(pctText(d.ResidualBP))
		// Only the fields the method uses can be typed in.
		r.method.OnChanged = func(label string) {
			m, _ := assets.ParseDepreciationMethod(label)
			enable(r.years, m == assets.DepreciationStraight)
			enable(r.rate, m == assets.DepreciationDeclining)
			enable(r.residual, m != assets.DepreciationNone)
		}
		r.method.OnChanged(r.method.Selected)
		r.spend.SetSelected(map[assets.SpendClass]string{assets.SpendOpex: "OpEx"}[c.Budget.Spend])
		if r.spend.Selected == "" {
			r.spend.SetSelected("CapEx")
		}
		b.rows = append(b.rows, r)
		objs = append(objs, container.NewGridWithColumns(7, widget.NewLabel(c.Category.Label), r.price, r.method, r.years, r.rate, r.residual, r.spend))
	}
	b.grid.Objects = objs
	b.grid.Refresh()
}

// enable turns a field on or off.
func enable(e fyne.Disableable, on bool) {
	if on {
		e.Enable()
	} else {
		e.Disable()
	}
}

// save checks every row, then saves the settings and the policies that changed.
func (b *budgetCard) save() {
	month := 0
	for i, m := range monthNames() {
		if m == b.fyStart.Selected {
			month = i + 1
		}
	}
	set := assets.BudgetSettings{FiscalYearStart: month, Backlog: assets.BacklogPlan}
	if b.backlog.Selected == backlogLabels[1] {
		set.Backlog = assets.BacklogApart
	}
	var problems []string
	if err := set.Validate(); err != nil {
		problems = append(problems, assets.Message(err))
	}
	type change struct {
		name string
		b    assets.CategoryBudget
	}
	var changed []change
	for _, r := range b.rows {
		var nb assets.CategoryBudget
		var errs []string
		pct := func(e *widget.Entry, what string) int {
			v, err := assets.ParseBP(e.Text)
			if err != nil {
				errs = append(errs, what+": "+assets.Message(err))
			}
			return v
		}
		nb.PriceChangeBP = pct(r.price, "price change")
		nb.Depreciation.Method, _ = assets.ParseDepreciationMethod(r.method.Selected)
		if t := strings.TrimSpace(r.years.Text); t != "" && !r.years.Disabled() {
			n, err := strconv.Atoi(t)
			if err != nil {
				errs = append(errs, fmt.Sprintf("years: %q is not a whole number", t))
			}
			nb.Depreciation.Years = n
		}
		if !r.rate.Disabled() {
			nb.Depreciation.RateBP = pct(r.rate, "rate")
		}
		if !r.residual.Disabled() {
			nb.Depreciation.ResidualBP = pct(r.residual, "residual")
		}
		if r.spend.Selected == "OpEx" {
			nb.Spend = assets.SpendOpex
		}
		if len(errs) == 0 {
			if err := nb.Validate(); err != nil {
				errs = append(errs, assets.Message(err))
			}
		}
		if len(errs) > 0 {
			problems = append(problems, r.cat.Category.Label+": "+strings.Join(errs, "; "))
			continue
		}
		old := r.cat.Budget
		if old.Depreciation.Method == "" {
			old.Depreciation.Method = assets.DepreciationNone
		}
		if nb != old {
			changed = append(changed, change{r.cat.Category.Name, nb})
		}
	}
	if len(problems) > 0 {
		b.ui.showError("Could not save the budget settings", errors.New(strings.Join(problems, "\n")))
		return
	}
	background(b.ui, func(ctx context.Context) (int, error) {
		if err := b.store.SaveBudgetSettings(ctx, set); err != nil {
			return 0, err
		}
		for i, c := range changed {
			if err := b.store.SaveCategoryBudget(ctx, c.name, c.b); err != nil {
				return i, fmt.Errorf("%s: %w", c.name, err)
			}
		}
		return len(changed), nil
	}, func(n int, err error) {
		if err != nil {
			b.ui.showError("Could not save the budget settings", err)
		} else {
			b.status(fmt.Sprintf("Budget settings saved (%s changed).", assets.CountOf(n, "category", "categories")))
		}
		b.load()
	})
}
