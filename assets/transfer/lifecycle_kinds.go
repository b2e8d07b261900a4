package transfer

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"steward/assets"
	"steward/assets/csvio"
)

// The column lists are the CSV headers issue 3 fixes (matched in any case).
var (
	licenceColumns  = []string{"product", "vendor", "edition", "key", "type", "seats", "cost", "currency", "purchase_date", "expiry_date", "assigned_to", "covers", "renews", "term_months"}
	contractColumns = []string{"provider", "reference", "level", "start", "end", "cost", "currency", "assets"}
	taskColumns     = []string{"asset", "kind", "due", "every_months", "cost", "currency", "status", "note", "spend"}
)

func init() {
	Register(Kind{Name: "licences", Columns: licenceColumns, Required: []string{"product"}, Import: importLicences, Export: exportLicences})
	Register(Kind{Name: "contracts", Columns: contractColumns, Required: []string{"provider", "end"}, Import: importContracts, Export: exportContracts})
	Register(Kind{Name: "tasks", Columns: taskColumns, Required: []string{"kind", "due"}, Import: importTasks, Export: exportTasks})
}

// splitCell splits a ";"-separated cell, dropping empty parts.
func splitCell(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseDateCell(row csvio.Row, col string, errs *[]*csvio.Error) assets.Date {
	d, err := assets.ParseDate(row.Get(col))
	if err != nil {
		*errs = append(*errs, row.Errorf(col, "%v", err))
	}
	return d
}

func parseMoneyCell(row csvio.Row, errs *[]*csvio.Error) assets.Money {
	m, err := assets.ParseMoney(row.Get("cost"), row.Get("currency"))
	if err != nil {
		col := "cost"
		if row.Get("currency") != "" && !validCurrencyCell(row.Get("currency")) {
			col = "currency"
		}
		*errs = append(*errs, row.Errorf(col, "%v", err))
	}
	return m
}

func parseIntCell(row csvio.Row, col, what string, errs *[]*csvio.Error) int {
	s := strings.TrimSpace(row.Get(col))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		*errs = append(*errs, row.Errorf(col, "%q is not %s: write a whole number such as 12", s, what))
	}
	return n
}

// validationCells adds a record's validation errors to errs as cell
// errors, skipping cells that already have one (a date that did not parse
// need not also be reported as missing).
func validationCells(row csvio.Row, errs []*csvio.Error, err error, column func(field string) string) []*csvio.Error {
	if err == nil {
		return errs
	}
	for _, e := range fieldErrors(err) {
		col := column(e.Field)
		if !hasErrorIn(errs, col) {
			errs = append(errs, row.Errorf(col, "%s", e.Msg))
		}
	}
	return errs
}

// resolveTags maps ";"-separated asset tags to IDs, one error per unknown tag.
func resolveTags(row csvio.Row, col string, tags map[string]int64, errs *[]*csvio.Error) []int64 {
	var ids []int64
	for _, t := range splitCell(row.Get(col)) {
		id, ok := tags[strings.ToLower(t)]
		if !ok {
			*errs = append(*errs, row.Errorf(col, "no asset has the tag %q: import the assets first or correct the tag", t))
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

func parseLicenceRow(row csvio.Row, people, tags map[string]int64) (assets.LicenceImport, []*csvio.Error) {
	var errs []*csvio.Error
	it := assets.LicenceImport{Line: row.Line}
	l := &it.Licence
	l.Product, l.Vendor, l.Edition, l.Key = row.Get("product"), row.Get("vendor"), row.Get("edition"), row.Get("key")
	var err error
	if l.Type, err = assets.ParseLicenceType(row.Get("type")); err != nil {
		errs = append(errs, row.Errorf("type", "%v", err))
	}
	l.Seats = parseIntCell(row, "seats", "a number of seats", &errs)
	l.Cost = parseMoneyCell(row, &errs)
	l.Purchase = parseDateCell(row, "purchase_date", &errs)
	l.Expiry = parseDateCell(row, "expiry_date", &errs)
	for _, c := range splitCell(row.Get("covers")) {
		name, pub, _ := strings.Cut(c, "|")
		l.Covers = append(l.Covers, assets.SoftwarePattern{Name: strings.TrimSpace(name), Publisher: strings.TrimSpace(pub)})
	}
	l.NoRenew = !parseYesCell(row, "renews", &errs)
	l.TermMonths = parseIntCell(row, "term_months", "a number of months", &errs)
	it.SetSeats = true
	for _, who := range splitCell(row.Get("assigned_to")) {
		if strings.Contains(who, "@") {
			id, ok := people[normEmail(who)]
			if !ok {
				errs = append(errs, row.Errorf("assigned_to", "nobody with e-mail %q is in the register: import people first", who))
				continue
			}
			it.Seats = append(it.Seats, assets.SeatAssignment{PersonID: id})
			continue
		}
		id, ok := tags[strings.ToLower(who)]
		if !ok {
			errs = append(errs, row.Errorf("assigned_to", "%q is neither a known e-mail nor an asset tag", who))
			continue
		}
		it.Seats = append(it.Seats, assets.SeatAssignment{AssetID: id})
	}
	l.Normalize()
	errs = validationCells(row, errs, l.Validate(), func(f string) string {
		switch f {
		case "contract_ref", "supplier", "notes", "renewal_date":
			return "product"
		}
		return f
	})
	return it, errs
}

// lifecycleKindsStore is what the licences, contracts and tasks kinds read
// and write.
type lifecycleKindsStore interface {
	AssetTagIDs(ctx context.Context) (map[string]int64, error)
	ImportContracts(ctx context.Context, items []assets.ContractImport, dry bool) (assets.ImportStats, error)
	ImportLicences(ctx context.Context, items []assets.LicenceImport, dry bool) (assets.ImportStats, error)
	ImportTasks(ctx context.Context, items []assets.TaskImport, dry bool) (assets.ImportStats, error)
	KeysReadable(ctx context.Context) (bool, error)
	ListContracts(ctx context.Context, q assets.ContractQuery) ([]assets.ContractRow, error)
	ListLicences(ctx context.Context, q assets.LicenceQuery) ([]assets.LicenceStatus, error)
	ListTasks(ctx context.Context, q assets.TaskQuery) ([]assets.Task, error)
	PeopleEmails(ctx context.Context) (map[string]int64, error)
	SeatTargets(ctx context.Context) (map[int64][]string, error)
}

func importLicences(ctx context.Context, s Store, r *csvio.Reader, opt Options) (Result, error) {
	people, err := s.PeopleEmails(ctx)
	if err != nil {
		return Result{}, err
	}
	tags, err := s.AssetTagIDs(ctx)
	if err != nil {
		return Result{}, err
	}
	var items []assets.LicenceImport
	hasSeats := r.Has("assigned_to")
	rows, err := readAll(r, func(row csvio.Row) []*csvio.Error {
		it, errs := parseLicenceRow(row, people, tags)
		it.SetSeats = hasSeats
		it.KeepRenews, it.KeepTerm = !r.Has("renews"), !r.Has("term_months")
		items = append(items, it)
		return errs
	})
	res := Result{Rows: rows}
	if err != nil {
		return res, err
	}
	st, err := s.ImportLicences(ctx, items, opt.DryRun)
	res.Created, res.Updated, res.Unchanged = st.Created, st.Updated, st.Unchanged
	return res, err
}

func moneyCells(m assets.Money) (string, string) {
	if m.Minor == 0 {
		return "", m.Currency
	}
	return m.Amount(), m.Currency
}

func exportLicences(ctx context.Context, s Store, opt Options, emit func([]string) error) error {
	if opt.WithSecrets {
		// Sealed values in an export would look like keys but open nowhere.
		if ok, err := s.KeysReadable(ctx); err != nil {
			return err
		} else if !ok {
			return errors.New("licence keys are encrypted: exporting them (--with-secrets) needs the passphrase (--passphrase-file FILE or STEWARD_PASSPHRASE)")
		}
	}
	list, err := s.ListLicences(ctx, assets.LicenceQuery{})
	if err != nil {
		return err
	}
	seats, err := s.SeatTargets(ctx)
	if err != nil {
		return err
	}
	for _, l := range list {
		key := ""
		if opt.WithSecrets {
			key = l.Key
		}
		var covers []string
		for _, c := range l.Covers {
			if c.Publisher != "" {
				covers = append(covers, c.Name+"|"+c.Publisher)
			} else {
				covers = append(covers, c.Name)
			}
		}
		cost, cur := moneyCells(l.Cost)
		seatCount := strconv.Itoa(l.Seats)
		if err := emit([]string{l.Product, l.Vendor, l.Edition, key, string(l.Type), seatCount, cost, cur,
			l.Purchase.String(), l.Expiry.String(), strings.Join(seats[l.ID], ";"), strings.Join(covers, ";"),
			yesNo(!l.NoRenew), termCell(l.TermMonths)}); err != nil {
			return err
		}
	}
	return nil
}

// parseYesCell reads yes/no (true/false, 1/0, y/n) in any case; empty is yes.
func parseYesCell(row csvio.Row, col string, errs *[]*csvio.Error) bool {
	switch strings.ToLower(strings.TrimSpace(row.Get(col))) {
	case "", "yes", "y", "true", "1":
		return true
	case "no", "n", "false", "0":
		return false
	}
	*errs = append(*errs, row.Errorf(col, "%q is neither yes nor no", row.Get(col)))
	return true
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func termCell(months int) string {
	if months == 0 {
		return ""
	}
	return strconv.Itoa(months)
}

func parseContractRow(row csvio.Row, tags map[string]int64) (assets.ContractImport, []*csvio.Error) {
	var errs []*csvio.Error
	it := assets.ContractImport{Line: row.Line}
	c := &it.Contract
	c.Provider, c.Reference, c.Level = row.Get("provider"), row.Get("reference"), row.Get("level")
	c.Start = parseDateCell(row, "start", &errs)
	c.End = parseDateCell(row, "end", &errs)
	c.Cost = parseMoneyCell(row, &errs)
	c.AssetIDs = resolveTags(row, "assets", tags, &errs)
	// The file has no kind column: a level or reference naming a warranty
	// makes one (as exports of warranties carry), anything else is support.
	c.Kind = assets.ContractSupport
	if strings.Contains(strings.ToLower(c.Level+" "+c.Reference), "warranty") {
		c.Kind = assets.ContractWarranty
	}
	c.Normalize()
	errs = validationCells(row, errs, c.Validate(), func(f string) string {
		if f == "kind" || f == "notes" {
			return "level"
		}
		return f
	})
	return it, errs
}

func hasErrorIn(errs []*csvio.Error, col string) bool {
	for _, e := range errs {
		if strings.EqualFold(e.Name, col) {
			return true
		}
	}
	return false
}

func importContracts(ctx context.Context, s Store, r *csvio.Reader, opt Options) (Result, error) {
	tags, err := s.AssetTagIDs(ctx)
	if err != nil {
		return Result{}, err
	}
	var items []assets.ContractImport
	rows, err := readAll(r, func(row csvio.Row) []*csvio.Error {
		it, errs := parseContractRow(row, tags)
		items = append(items, it)
		return errs
	})
	res := Result{Rows: rows}
	if err != nil {
		return res, err
	}
	st, err := s.ImportContracts(ctx, items, opt.DryRun)
	res.Created, res.Updated, res.Unchanged = st.Created, st.Updated, st.Unchanged
	return res, err
}

func exportContracts(ctx context.Context, s Store, opt Options, emit func([]string) error) error {
	list, err := s.ListContracts(ctx, assets.ContractQuery{})
	if err != nil {
		return err
	}
	for _, c := range list {
		cost, cur := moneyCells(c.Cost)
		if err := emit([]string{c.Provider, c.Reference, c.Level, c.Start.String(), c.End.String(), cost, cur, strings.Join(c.AssetTags, ";")}); err != nil {
			return err
		}
	}
	return nil
}

func parseTaskRow(row csvio.Row, tags map[string]int64) (assets.TaskImport, []*csvio.Error) {
	var errs []*csvio.Error
	it := assets.TaskImport{Line: row.Line}
	t := &it.Task
	var err error
	if t.Kind, err = assets.ParseTaskKind(row.Get("kind")); err != nil {
		errs = append(errs, row.Errorf("kind", "%v", err))
	}
	if t.Status, err = assets.ParseTaskStatus(row.Get("status")); err != nil {
		errs = append(errs, row.Errorf("status", "%v", err))
	}
	t.Due = parseDateCell(row, "due", &errs)
	t.EveryMonths = parseIntCell(row, "every_months", "a number of months", &errs)
	t.Cost = parseMoneyCell(row, &errs)
	t.Note = row.Get("note")
	if t.Spend, err = assets.ParseSpendClass(row.Get("spend")); err != nil {
		errs = append(errs, row.Errorf("spend", "%v", err))
	}
	t.AssetIDs = resolveTags(row, "asset", tags, &errs)
	if t.Status == assets.TaskDone {
		t.Completed = t.Due // the file has no completion date; the due date stands in
	}
	t.Normalize()
	errs = validationCells(row, errs, t.Validate(), func(f string) string {
		switch f {
		case "completed":
			return "status"
		case "title":
			return "note"
		}
		return f
	})
	return it, errs
}

func importTasks(ctx context.Context, s Store, r *csvio.Reader, opt Options) (Result, error) {
	tags, err := s.AssetTagIDs(ctx)
	if err != nil {
		return Result{}, err
	}
	var items []assets.TaskImport
	rows, err := readAll(r, func(row csvio.Row) []*csvio.Error {
		it, errs := parseTaskRow(row, tags)
		it.KeepSpend = !r.Has("spend")
		items = append(items, it)
		return errs
	})
	res := Result{Rows: rows}
	if err != nil {
		return res, err
	}
	st, err := s.ImportTasks(ctx, items, opt.DryRun)
	res.Created, res.Updated, res.Unchanged = st.Created, st.Updated, st.Unchanged
	return res, err
}

func exportTasks(ctx context.Context, s Store, opt Options, emit func([]string) error) error {
	list, err := s.ListTasks(ctx, assets.TaskQuery{})
	if err != nil {
		return err
	}
	for _, t := range list {
		cost, cur := moneyCells(t.Cost)
		every := ""
		if t.EveryMonths > 0 {
			every = fmt.Sprint(t.EveryMonths)
		}
		if err := emit([]string{strings.Join(t.AssetTags, ";"), string(t.Kind), t.Due.String(), every, cost, cur, string(t.Status), t.Note, string(t.Spend)}); err != nil {
			return err
		}
	}
	return nil
}
