package report

import (
	"context"
	"fmt"
	"io"
	"strings"

	"steward/assets"
)

// Kinds lists the reports, in the order menus show them.
var Kinds = []string{"budget", "depreciation", "register", "eol", "licences", "training", "site-visit", "labels"}

// KindTitles are the reports' names as people read them.
var KindTitles = map[string]string{
	"budget": "Budget and refresh forecast", "depreciation": "Depreciation and book value", "register": "Asset register", "eol": "End-of-life and warranty exposure",
	"licences": "Licence compliance", "training": "Training compliance", "site-visit": "Site visit", "labels": "Asset labels",
}

// Source is what every report reads from the store.
type Source interface {
	Setting(ctx context.Context, key string) (string, error)
	Categories(ctx context.Context) ([]assets.Category, error)
	EachAsset(ctx context.Context, fn func(assets.Asset) error) error
	ListAssets(ctx context.Context, q assets.AssetQuery) (assets.AssetPage, error)
}

// The data below lives in other parts of the store. A Source that can give
// it implements the interface; a report that needs it and cannot get it says
// so in plain words (a budget without them says what it leaves out).

// ActiveSource streams the assets still in the fleet with the fields
// planning reads (faster than EachAsset on large registers); reports use it
// when the Source has it.
type ActiveSource interface {
	EachActiveAsset(ctx context.Context, fn func(*assets.Asset) error) error
}

// eachActive calls fn for every asset in the fleet (and, without an
// ActiveSource, for retired ones too: the models skip those themselves).
func eachActive(ctx context.Context, src Source, fn func(*assets.Asset)) error {
	if as, ok := src.(ActiveSource); ok {
		return as.EachActiveAsset(ctx, func(a *assets.Asset) error { fn(a); return nil })
	}
	return src.EachAsset(ctx, func(a assets.Asset) error { fn(&a); return nil })
}

// RenewalSource gives licence and support contract renewals.
type RenewalSource interface {
	LicenceRenewals(ctx context.Context, asOf assets.Date) ([]Renewal, error)
	ContractRenewals(ctx context.Context, asOf assets.Date) ([]Renewal, error)
}

// BudgetSource gives the budget settings, the categories' budget policies
// and people's departments (for a budget grouped by department).
type BudgetSource interface {
	BudgetSettings(ctx context.Context) (assets.BudgetSettings, error)
	CategoryBudgets(ctx context.Context) (map[string]assets.CategoryBudget, error)
	PersonDepartments(ctx context.Context) (map[int64]string, error)
	AssetDepreciations(ctx context.Context) (map[int64]assets.Depreciation, error)
	ModelCosts(ctx context.Context) (map[string]assets.Money, error)
}

// BookSource streams the assets that can be on the books.
type BookSource interface {
	EachBookAsset(ctx context.Context, fn func(*BookAsset) error) error
}

// LicenceNoteSource explains licences the budget leaves out.
type LicenceNoteSource interface {
	LicenceBudgetNotes(ctx context.Context, asOf assets.Date) ([]string, error)
}

// TaskSource gives open upgrade tasks.
type TaskSource interface {
	PlannedTasks(ctx context.Context, asOf assets.Date) ([]PlannedTask, error)
}

// WarrantySource gives asset warranties and end-of-life findings.
type WarrantySource interface {
	Warranties(ctx context.Context) ([]Warranty, error)
}

// EOLSource gives end-of-life findings from a catalogue, by asset ID.
type EOLSource interface {
	EOLStates(ctx context.Context, asOf assets.Date) (map[int64]EOLState, error)
}

// LicenceSource gives licence seat counts.
type LicenceSource interface {
	LicenceUses(ctx context.Context, asOf assets.Date) ([]LicenceUse, error)
}

// TrainingSource gives each person's standing on their required courses
// (Records, or Cells with the people overdue in Records).
type TrainingSource interface {
	TrainingCompliance(ctx context.Context, asOf assets.Date) (TrainingInput, error)
}

// ScanSource gives a scan's devices and the scan of the same site before it.
type ScanSource interface {
	SiteVisit(ctx context.Context, scanID int64) (SiteVisitInput, error)
}

// Request says which report to build and how.
type Request struct {
	Kind    string
	AsOf    assets.Date
	Years   int               // budget: whole fiscal years ahead; depreciation: fiscal years from the current one (0: 5)
	WhatIf  *WhatIf           // budget: a category's refresh cycle changed
	Months  int               // eol: look-ahead in months (0: 12)
	Query   assets.AssetQuery // register and labels: which assets
	GroupBy GroupBy           // register; budget (department or location)
	Paper   Paper             // labels: the sheet follows the paper
	ScanID  int64             // site-visit: which scan (0: the latest)
	Skip    int               // labels: used labels on the first sheet
	MaxRows int               // refuse a report of more table rows (0: no limit; see MaxRows)
}

// Build loads what req's report needs from src and builds its document.
// A report over its size limit (MaxLabels, req.MaxRows) is refused, before
// any asset is read where src can count them.
func Build(ctx context.Context, src Source, req Request) (*Document, error) {
	doc, err := build(ctx, src, req)
	if err != nil {
		return nil, err
	}
	if err := checkCount("rows", doc.Rows(), req.MaxRows); err != nil {
		return nil, err
	}
	return doc, nil
}

func build(ctx context.Context, src Source, req Request) (*Document, error) {
	if req.AsOf.IsZero() {
		return nil, fmt.Errorf("say which date the report is as of")
	}
	org, err := src.Setting(ctx, assets.SettingOrgName)
	if err != nil {
		return nil, fmt.Errorf("reading the organisation's name: %w", err)
	}
	currency, err := src.Setting(ctx, assets.SettingCurrency)
	if err != nil {
		return nil, fmt.Errorf("reading the currency setting: %w", err)
	}
	currency = strings.ToUpper(strings.TrimSpace(currency))
	switch req.Kind {
	case "budget":
		return buildBudget(ctx, src, req, org, currency)
	case "depreciation":
		return buildDepreciation(ctx, src, req, org, currency)
	case "register":
		cats, err := src.Categories(ctx)
		if err != nil {
			return nil, err
		}
		if err := precount(ctx, src, req.Query, "rows", req.MaxRows); err != nil {
			return nil, err
		}
		in := RegisterInput{Org: org, AsOf: req.AsOf, Query: req.Query, GroupBy: req.GroupBy, Currency: currency, Categories: cats}
		if bs, ok := src.(BudgetSource); ok {
			if in.Policies, err = bs.CategoryBudgets(ctx); err != nil {
				return nil, err
			}
			if in.Overrides, err = bs.AssetDepreciations(ctx); err != nil {
				return nil, err
			}
		}
		b := NewRegister(in)
		if err := eachMatching(ctx, src, req.Query, b.Add); err != nil {
			return nil, err
		}
		return b.Document(), nil
	case "eol":
		cats, err := src.Categories(ctx)
		if err != nil {
			return nil, err
		}
		in := ExposureInput{Org: org, AsOf: req.AsOf, Months: req.Months, Categories: cats}
		if ws, ok := src.(WarrantySource); ok {
			if in.Warranties, err = ws.Warranties(ctx); err != nil {
				return nil, err
			}
			if in.Warranties == nil {
				in.Warranties = []Warranty{}
			}
		}
		if es, ok := src.(EOLSource); ok {
			if in.EOL, err = es.EOLStates(ctx, req.AsOf); err != nil {
				return nil, err
			}
		}
		b := NewExposure(in)
		if err := eachActive(ctx, src, b.Add); err != nil {
			return nil, err
		}
		return b.Build().Document(), nil
	case "licences":
		ls, ok := src.(LicenceSource)
		if !ok {
			return nil, notKept("licence seat records")
		}
		list, err := ls.LicenceUses(ctx, req.AsOf)
		if err != nil {
			return nil, err
		}
		return Licences(LicenceInput{Org: org, AsOf: req.AsOf, Currency: currency, Licences: list}), nil
	case "training":
		ts, ok := src.(TrainingSource)
		if !ok {
			return nil, notKept("training records")
		}
		in, err := ts.TrainingCompliance(ctx, req.AsOf)
		if err != nil {
			return nil, err
		}
		in.Org, in.AsOf = org, req.AsOf
		return Training(in), nil
	case "site-visit":
		ss, ok := src.(ScanSource)
		if !ok {
			return nil, notKept("network scans")
		}
		in, err := ss.SiteVisit(ctx, req.ScanID)
		if err != nil {
			return nil, err
		}
		in.Org, in.AsOf = org, req.AsOf
		return SiteVisit(in), nil
	case "labels":
		if err := precount(ctx, src, req.Query, "labels", MaxLabels); err != nil {
			return nil, err
		}
		var list []assets.Asset
		if err := eachMatching(ctx, src, req.Query, func(a *assets.Asset) { list = append(list, *a) }); err != nil {
			return nil, err
		}
		if err := checkCount("labels", len(list), MaxLabels); err != nil {
			return nil, err
		}
		return Labels(LabelsInput{Org: org, AsOf: req.AsOf, Paper: req.Paper, Assets: list, Skip: req.Skip}), nil
	}
	return nil, fmt.Errorf("%q is not a report: use one of %s", req.Kind, strings.Join(Kinds, ", "))
}

// ErrNotKept is returned for a report whose data this database does not keep.
type ErrNotKept struct{ What string }

func (e ErrNotKept) Error() string {
	return "this version of Steward does not keep " + e.What + " yet, so this report cannot be made"
}

func notKept(what string) error { return ErrNotKept{what} }

func buildBudget(ctx context.Context, src Source, req Request, org, currency string) (*Document, error) {
	cats, err := src.Categories(ctx)
	if err != nil {
		return nil, err
	}
	in := ForecastInput{Org: org, AsOf: req.AsOf, Years: req.Years, Currency: currency, Categories: cats, GroupBy: req.GroupBy, WhatIf: req.WhatIf}
	if req.GroupBy != GroupNone && req.GroupBy != GroupDepartment && req.GroupBy != GroupLocation {
		return nil, fmt.Errorf("the budget is grouped by department or location, not %s", req.GroupBy)
	}
	if bs, ok := src.(BudgetSource); ok {
		set, err := bs.BudgetSettings(ctx)
		if err != nil {
			return nil, err
		}
		in.FiscalYearStart, in.Backlog = set.FiscalYearStart, set.Backlog
		if in.CategoryBudgets, err = bs.CategoryBudgets(ctx); err != nil {
			return nil, err
		}
		if in.ModelCosts, err = bs.ModelCosts(ctx); err != nil {
			return nil, err
		}
		if req.GroupBy == GroupDepartment {
			if in.Departments, err = bs.PersonDepartments(ctx); err != nil {
				return nil, err
			}
		}
	}
	if ns, ok := src.(LicenceNoteSource); ok {
		if in.LicenceNotes, err = ns.LicenceBudgetNotes(ctx, req.AsOf); err != nil {
			return nil, err
		}
	}
	if req.WhatIf != nil {
		found := false
		for _, c := range cats {
			found = found || c.Name == req.WhatIf.Category
		}
		if !found {
			return nil, fmt.Errorf("what-if: there is no category %q", req.WhatIf.Category)
		}
	}
	var missing []string
	if rs, ok := src.(RenewalSource); ok {
		if in.Licences, err = rs.LicenceRenewals(ctx, req.AsOf); err != nil {
			return nil, err
		}
		if in.Contracts, err = rs.ContractRenewals(ctx, req.AsOf); err != nil {
			return nil, err
		}
	} else {
		missing = append(missing, "licence and support contract renewals")
	}
	if ts, ok := src.(TaskSource); ok {
		if in.Tasks, err = ts.PlannedTasks(ctx, req.AsOf); err != nil {
			return nil, err
		}
	} else {
		missing = append(missing, "upgrade tasks")
	}
	b := NewForecast(in)
	if err := eachActive(ctx, src, b.Add); err != nil {
		return nil, err
	}
	f := b.Build()
	if f.Overflow {
		return nil, fmt.Errorf("the budget's totals go past the largest amount Steward can hold: check the costs entered for mistakes")
	}
	doc := f.Document()
	if len(missing) > 0 {
		doc.Notes = append(doc.Notes, "This database does not keep "+strings.Join(missing, " or ")+" yet: the forecast covers asset refresh only.")
	}
	return doc, nil
}

func buildDepreciation(ctx context.Context, src Source, req Request, org, currency string) (*Document, error) {
	bk, ok := src.(BookSource)
	bs, ok2 := src.(BudgetSource)
	if !ok || !ok2 {
		return nil, notKept("depreciation policies")
	}
	cats, err := src.Categories(ctx)
	if err != nil {
		return nil, err
	}
	set, err := bs.BudgetSettings(ctx)
	if err != nil {
		return nil, err
	}
	pol, err := bs.CategoryBudgets(ctx)
	if err != nil {
		return nil, err
	}
	b := NewDepreciation(DepreciationInput{Org: org, AsOf: req.AsOf, Years: req.Years, FiscalYearStart: set.FiscalYearStart,
		Currency: currency, Categories: cats, Policies: pol})
	if err := bk.EachBookAsset(ctx, func(a *BookAsset) error { b.Add(a); return ctx.Err() }); err != nil {
		return nil, err
	}
	r := b.Build()
	if r.Overflow {
		return nil, fmt.Errorf("the book values go past the largest amount Steward can hold: check the costs entered for mistakes")
	}
	return r.Document(), nil
}

// eachMatching calls fn for every asset the query matches, a page at a time.
func eachMatching(ctx context.Context, src Source, q assets.AssetQuery, fn func(*assets.Asset)) error {
	q.After, q.Limit = nil, 1000
	for {
		page, err := src.ListAssets(ctx, q)
		if err != nil {
			return err
		}
		for i := range page.Assets {
			fn(&page.Assets[i])
		}
		if page.Next == nil {
			return nil
		}
		q.After = page.Next
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// Write writes doc in a format: pdf, csv or xlsx. It stops with ctx's
// error soon after ctx is cancelled.
func Write(ctx context.Context, w io.Writer, doc *Document, format string, paper Paper) error {
	switch strings.ToLower(format) {
	case "", "pdf":
		return writePDFContext(ctx, w, doc, paper)
	case "csv":
		return writeCSVContext(ctx, w, doc)
	case "xlsx":
		return writeXLSXContext(ctx, w, doc)
	}
	return fmt.Errorf("%q is not a format: use pdf, csv or xlsx", format)
}
