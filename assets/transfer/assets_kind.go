package transfer

import (
	"context"
	"fmt"

	"steward/assets"
	"steward/assets/csvio"
	"steward/assets/sqlite"
)

var assetColumns = []string{"tag", "name", "category", "manufacturer", "model", "serial", "status", "location",
	"assigned_to", "purchase_date", "cost", "currency", "supplier", "warranty_end", "os", "eol_date", "notes"}

func init() {
	Register(Kind{Name: "assets", Columns: assetColumns, Required: []string{"name", "category"},
		Import: importAssets, Export: exportAssets})
}

// ParseAssetRow turns one row into an asset, with every cell problem. The
// assigned person is looked up by e-mail through people.
func parseAssetRow(row csvio.Row, people map[string]int64) (assets.Asset, assets.Date, []*csvio.Error) {
	var errs []*csvio.Error
	a := assets.Asset{
		Tag: row.Get("tag"), Name: row.Get("name"), Category: row.Get("category"),
		Manufacturer: row.Get("manufacturer"), Model: row.Get("model"), Serial: row.Get("serial"),
		Location: row.Get("location"), Supplier: row.Get("supplier"), OS: row.Get("os"), Notes: row.Get("notes"),
	}
	var err error
	if a.Status, err = assets.ParseStatus(row.Get("status")); err != nil {
		errs = append(errs, row.Errorf("status", "%v", err))
	}
	if a.PurchaseDate, err = assets.ParseDate(row.Get("purchase_date")); err != nil {
		errs = append(errs, row.Errorf("purchase_date", "%v", err))
	}
	if a.EOLDate, err = assets.ParseDate(row.Get("eol_date")); err != nil {
		errs = append(errs, row.Errorf("eol_date", "%v", err))
	}
	warranty, err := assets.ParseDate(row.Get("warranty_end"))
	if err != nil {
		errs = append(errs, row.Errorf("warranty_end", "%v", err))
	}
	if a.Cost, err = assets.ParseMoney(row.Get("cost"), row.Get("currency")); err != nil {
		col := "cost"
		if row.Get("currency") != "" && !validCurrencyCell(row.Get("currency")) {
			col = "currency"
		}
		errs = append(errs, row.Errorf(col, "%v", err))
	}
	if email := row.Get("assigned_to"); email != "" {
		id, ok := people[normEmail(email)]
		if !ok {
			errs = append(errs, row.Errorf("assigned_to", "nobody with e-mail %q is in the register: import people first or leave it empty", email))
		}
		a.AssignedTo = id
	}
	a.Normalize()
	if err := a.Validate(); err != nil {
		for _, e := range fieldErrors(err) {
			errs = append(errs, row.Errorf(columnFor(e.Field), "%s", e.Msg))
		}
	}
	return a, warranty, errs
}

func importAssets(ctx context.Context, s *sqlite.Store, r *csvio.Reader, opt Options) (Result, error) {
	people, err := s.PeopleEmails(ctx)
	if err != nil {
		return Result{}, err
	}
	var list []assets.Asset
	var warranty []assets.Date // warranty_end per row, stored as a warranty contract
	tags := map[string]int{}
	type parsed struct {
		a        assets.Asset
		warranty assets.Date
	}
	rows, err := readParallel(r, func(row csvio.Row) (parsed, []*csvio.Error) {
		a, w, errs := parseAssetRow(row, people)
		return parsed{a, w}, errs
	}, func(row csvio.Row, p parsed, errs []*csvio.Error) []*csvio.Error {
		if p.a.Tag != "" {
			key := normEmail(p.a.Tag)
			if prev, dup := tags[key]; dup {
				errs = append(errs, row.Errorf("tag", "tag %s is also on line %d", p.a.Tag, prev))
			}
			tags[key] = row.Line
		}
		list = append(list, p.a)
		warranty = append(warranty, p.warranty)
		return errs
	})
	res := Result{Rows: rows}
	if err != nil {
		return res, err
	}
	st, err := s.ImportAssetsWarranty(ctx, list, warranty, opt.DryRun)
	res.Created, res.Updated, res.Unchanged = st.Created, st.Updated, st.Unchanged
	return res, err
}

func exportAssets(ctx context.Context, s *sqlite.Store, opt Options, emit func([]string) error) error {
	emails, err := s.PeopleByID(ctx)
	if err != nil {
		return err
	}
	warranty, err := s.WarrantyEnds(ctx)
	if err != nil {
		return err
	}
	return s.EachAsset(ctx, func(a assets.Asset) error {
		cost := ""
		if a.Cost.Minor != 0 {
			cost = a.Cost.Amount()
		}
		return emit([]string{a.Tag, a.Name, a.Category, a.Manufacturer, a.Model, a.Serial, string(a.Status), a.Location,
			emails[a.AssignedTo], a.PurchaseDate.String(), cost, a.Cost.Currency, a.Supplier, warranty[a.ID].String(),
			a.OS, a.EOLDate.String(), a.Notes})
	})
}

// fieldErrors flattens validation errors to their *assets.Error parts.
func fieldErrors(err error) []*assets.Error {
	var out []*assets.Error
	switch e := err.(type) {
	case assets.ValidationErrors:
		for _, x := range e {
			out = append(out, fieldErrors(x)...)
		}
	case *assets.Error:
		out = append(out, e)
	default:
		out = append(out, &assets.Error{Kind: assets.KindInvalid, Msg: fmt.Sprint(err)})
	}
	return out
}

// columnFor maps a domain field name to its CSV column.
func columnFor(field string) string {
	switch field {
	case "mac", "hostname":
		return "notes"
	}
	return field
}
