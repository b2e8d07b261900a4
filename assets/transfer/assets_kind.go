package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"steward/assets"
	"steward/assets/csvio"
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

// assetBatchRows is how many rows the write pass of an asset import hands
// the store at a time.
const assetBatchRows = 4096

// parsedAsset is one row of an assets file, parsed.
type parsedAsset struct {
	a        assets.Asset
	warranty assets.Date
}

// keepRows is how many parsed rows the check of an asset import keeps for
// the write (about 60 MB): a file that fits is parsed once; a longer one is
// parsed again while it is written.
var keepRows = 150_000

// importAssets checks every row (keeping each tag's line, for duplicates,
// and counts), then writes them, a batch at a time, in one transaction. A
// file of up to keepRows rows is written from the rows the check parsed; a
// longer one is read and parsed a second time as it is written. So memory
// does not follow the number of rows, only the tags do (about 50 bytes a
// row).
// assetsKindStore is what the assets kind reads and writes.
type assetsKindStore interface {
	EachAsset(ctx context.Context, fn func(assets.Asset) error) error
	ImportAssetStream(ctx context.Context, plan assets.AssetImportPlan, next func() (assets.AssetBatch, error), dry bool) (assets.ImportStats, error)
	PeopleByID(ctx context.Context) (map[int64]string, error)
	PeopleEmails(ctx context.Context) (map[string]int64, error)
	WarrantyEnds(ctx context.Context) (map[int64]assets.Date, error)
}

func importAssets(ctx context.Context, s Store, r *csvio.Reader, opt Options) (Result, error) {
	people, err := s.PeopleEmails(ctx)
	if err != nil {
		return Result{}, err
	}
	parse := func(row csvio.Row) (parsedAsset, []*csvio.Error) {
		a, w, errs := parseAssetRow(row, people)
		return parsedAsset{a, w}, errs
	}
	var plan assets.AssetImportPlan
	tags := map[string]int32{} // lower-case tag -> its line
	var kept batchList
	rows, err := readParallel(r, parse, func(row csvio.Row, p parsedAsset, errs []*csvio.Error) []*csvio.Error {
		plan.Rows++
		if plan.Rows <= keepRows {
			kept.add(row.Line, p)
		} else if kept != nil {
			// Too long: the file is read again to be written. The kept
			// rows go back to the system now, not when the runtime gets
			// round to it, so they do not add to the peak.
			kept = nil
			debug.FreeOSMemory()
		}
		if p.a.Tag != "" {
			plan.Tagged++
			key := normEmail(p.a.Tag)
			if prev, dup := tags[key]; dup {
				errs = append(errs, row.Errorf("tag", "tag %s is also on line %d", p.a.Tag, prev))
			} else {
				tags[strings.Clone(key)] = int32(row.Line) // not a slice of the row's text
			}
		}
		if p.a.Serial != "" {
			plan.Serials++
		}
		if !p.warranty.IsZero() {
			plan.Warranties++
		}
		return errs
	})
	res := Result{Rows: rows}
	if err != nil {
		return res, err
	}
	plan.TagInFile = func(tag string) bool { _, ok := tags[normEmail(tag)]; return ok }

	next, stop := kept.batches()
	plan.Held = true
	if plan.Rows > keepRows {
		plan.Held = false
		again, err := r.Again()
		if err != nil {
			return res, err
		}
		next, stop = streamAssets(again, parse)
	}
	st, err := s.ImportAssetStream(ctx, plan, next, opt.DryRun)
	stop()
	res.Created, res.Updated, res.Unchanged = st.Created, st.Updated, st.Unchanged
	return res, err
}

// batchList is parsed rows kept in write batches.
type batchList []assets.AssetBatch

func (l *batchList) add(line int, p parsedAsset) {
	if len(*l) == 0 || len((*l)[len(*l)-1].Assets) == assetBatchRows {
		*l = append(*l, newAssetBatch())
	}
	b := &(*l)[len(*l)-1]
	b.Assets = append(b.Assets, p.a)
	b.Warranty = append(b.Warranty, p.warranty)
	b.Lines = append(b.Lines, line)
}

// batches gives the kept batches one after the other, then io.EOF.
func (l batchList) batches() (next func() (assets.AssetBatch, error), stop func()) {
	return func() (assets.AssetBatch, error) {
		if len(l) == 0 {
			return assets.AssetBatch{}, io.EOF
		}
		b := l[0]
		l = l[1:]
		return b, nil
	}, func() {}
}

func newAssetBatch() assets.AssetBatch {
	return assets.AssetBatch{Assets: make([]assets.Asset, 0, assetBatchRows),
		Warranty: make([]assets.Date, 0, assetBatchRows), Lines: make([]int, 0, assetBatchRows)}
}

// streamAssets parses r's rows (checked before) and gives them a batch at a
// time to next, then io.EOF; stop ends the reading early and waits for it.
func streamAssets(r *csvio.Reader, parse func(csvio.Row) (parsedAsset, []*csvio.Error)) (next func() (assets.AssetBatch, error), stop func()) {
	batches := make(chan assets.AssetBatch, 1)
	quit := make(chan struct{})
	var readErr error // set before batches is closed
	go func() {
		defer close(batches)
		var cur assets.AssetBatch
		send := func() error {
			select {
			case batches <- cur:
				cur = assets.AssetBatch{}
				return nil
			case <-quit:
				return errStopped
			}
		}
		_, readErr = eachParsed(r, parse, func(row csvio.Row, p parsedAsset, errs []*csvio.Error) error {
			if len(errs) > 0 {
				// The first pass found no problem: the file changed since.
				return fmt.Errorf("the file changed while it was being imported: %w", errs[0])
			}
			if cur.Assets == nil {
				cur = newAssetBatch()
			}
			cur.Assets = append(cur.Assets, p.a)
			cur.Warranty = append(cur.Warranty, p.warranty)
			cur.Lines = append(cur.Lines, row.Line)
			if len(cur.Assets) == assetBatchRows {
				return send()
			}
			return nil
		})
		if readErr == nil && len(cur.Assets) > 0 {
			readErr = send()
		}
	}()
	next = func() (assets.AssetBatch, error) {
		b, ok := <-batches
		if !ok {
			if readErr != nil {
				return b, readErr
			}
			return b, io.EOF
		}
		return b, nil
	}
	stop = func() {
		close(quit)
		for range batches {
		}
	}
	return next, stop
}

// errStopped ends a second pass whose writer stopped taking rows.
var errStopped = errors.New("import stopped")

func exportAssets(ctx context.Context, s Store, opt Options, emit func([]string) error) error {
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
