package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"steward/assets"
	"steward/assets/eol"
	"steward/assets/postgres"
	"steward/assets/sqlite"
)

func init() {
	register(command{name: "eol", summary: "end-of-life catalog: check OS strings or device models, import endoflife.date updates", run: runEOL})
}

const eolUsage = `usage:
  steward eol check [--as-of DATE] [--warn-days N] [--json] [--db PATH] OS...
  steward eol check --device [--manufacturer NAME] [flags] MODEL...
  steward eol update [--product ID] [--db PATH] FILE...

check   says what the catalog knows about each operating system string
        ("Windows 10 Pro 22H2") or, with --device, each model ("iPhone 11").
update  merges a file in endoflife.date's API format (the response of
        https://endoflife.date/api/v1/products/<product>, or the older
        /api/<product>.json) into the catalog kept next to the database.`

func runEOL(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("%s", eolUsage)
	}
	switch args[0] {
	case "check":
		return eolCheck(stdout, args[1:])
	case "update":
		return eolUpdate(stdout, args[1:], assets.Today(time.Now()))
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, eolUsage)
		return nil
	}
	return usagef("unknown eol command %q\n%s", args[0], eolUsage)
}

// eolOverridePath is the user catalog for the register --db names (the
// register itself is not opened). A register named with --db (or
// $STEWARD_DB) must exist, and so must any for an update, which writes
// beside it; check without one uses the bundled catalog.
func eolOverridePath(ctx context.Context, db string, update bool) (string, error) {
	if postgres.IsURL(db) {
		// A shared register's alerts use the bundled catalog: an update
		// kept on one computer would make its alerts differ from the
		// team's.
		if update {
			return "", fmt.Errorf("a shared register uses the end-of-life catalog bundled with Steward (the same on every computer); 'eol update' keeps updates beside a register file, so install a newer Steward for a newer catalog")
		}
		return "", nil
	}
	path, err := registerPath(db)
	if err != nil {
		return "", err
	}
	if db != "" || update {
		if err := sqlite.CheckRegister(ctx, path); err != nil {
			return "", err
		}
	}
	return eol.OverridePath(path), nil
}

type eolCheckLine struct {
	Input   string `json:"input"`
	State   string `json:"state"`
	Date    string `json:"date,omitempty"`
	Product string `json:"product,omitempty"`
	Cycle   string `json:"cycle,omitempty"`
	Release string `json:"release,omitempty"`
	Match   string `json:"match"`
	Reason  string `json:"reason"`
	Next    string `json:"next,omitempty"` // an OS past or near its end: the next supported release
}

func eolCheck(w io.Writer, args []string) error {
	fs := newFlagSet("eol check", "Usage: steward eol check [--device] [flags] OS-OR-MODEL...")
	db := dbFlag(fs)
	asOfText := fs.String("as-of", "", "judge end of support on this `date` (YYYY-MM-DD; default today)")
	warn := fs.Int("warn-days", assets.DefaultWarnDays, "\"ending soon\" window in `days`")
	device := fs.Bool("device", false, "the arguments are device models, not operating systems")
	manufacturer := fs.String("manufacturer", "", "device manufacturer (with --device)")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		return usagef("name at least one operating system (or, with --device, model) to check")
	}
	if err := assets.CheckWarnDays(*warn); err != nil {
		return usagef("--warn-days: %v", err)
	}
	asOf := assets.Today(time.Now())
	if *asOfText != "" {
		if asOf, err = assets.ParseDate(*asOfText); err != nil {
			return usagef("--as-of: %v", err)
		}
	}
	path, err := eolOverridePath(context.Background(), *db, false)
	if err != nil {
		return err
	}
	cat, err := eol.LoadWithOverride(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	for _, in := range inputs {
		var m eol.Match
		var v eol.Verdict
		if *device {
			m, v = cat.StatusDevice(*manufacturer, in, asOf, *warn)
		} else {
			m, v = cat.StatusOS(in, asOf, *warn)
		}
		line := eolCheckLine{Input: in, State: v.State.String(), Date: v.Date.String(), Match: m.Problem.String(), Reason: v.Reason}
		if m.Product != nil {
			line.Product = m.Product.ID
		}
		if m.Release != nil {
			line.Cycle, line.Release = m.Release.Cycle, m.Release.Name()
		}
		if !*device && (v.State == eol.EndOfLife || v.State == eol.EndingSoon) {
			if r := cat.NextSupported(m, asOf, *warn); r != nil {
				line.Next = r.Name()
			}
		}
		if *asJSON {
			if err := enc.Encode(line); err != nil {
				return err
			}
			continue
		}
		date := line.Date
		if date == "" {
			date = "-"
		}
		if _, err := fmt.Fprintf(w, "%-12s %-10s %s\n", line.State, date, line.Reason); err != nil {
			return err
		}
		if line.Next != "" {
			if _, err := fmt.Fprintf(w, "%-12s %-10s upgrade to %s\n", "", "", line.Next); err != nil {
				return err
			}
		}
	}
	return nil
}

func eolUpdate(w io.Writer, args []string, today assets.Date) error {
	fs := newFlagSet("eol update", "Usage: steward eol update [--product ID] [flags] FILE...")
	db := dbFlag(fs)
	product := fs.String("product", "", "endoflife.date product `id` (needed for the older /api/<product>.json format; default: the file name)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("name the endoflife.date API file(s) to import")
	}
	path, err := eolOverridePath(context.Background(), *db, true)
	if err != nil {
		return err
	}
	for _, file := range files {
		id := *product
		if id == "" {
			id = eolProductFromFile(file)
		}
		if err := eolImportFile(w, path, file, id, *product != "", today); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "The end-of-life catalog update is kept in %s (delete it to go back to the bundled catalog).\n", path)
	return nil
}

func eolImportFile(w io.Writer, overridePath, file, product string, explicit bool, today assets.Date) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := eol.ImportUpdate(overridePath, f, file, product, today)
	if err != nil && !explicit && product != "" && strings.Contains(err.Error(), "is the end-of-life data of") {
		// The file name was only a guess: an API v1 file names its product itself.
		if _, serr := f.Seek(0, io.SeekStart); serr == nil {
			rep, err = eol.ImportUpdate(overridePath, f, file, "", today)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %s\n", file, rep)
	return nil
}

// eolProductFromFile guesses the product from a file name such as
// "ubuntu.json" or "ubuntu-v1.json".
func eolProductFromFile(file string) string {
	base := strings.ToLower(strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)))
	return strings.TrimSuffix(base, "-v1")
}
