package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"steward/assets"
	"steward/assets/report"
	"steward/assets/safefile"
)

func init() {
	register(command{name: "audit", summary: "stocktake: check scanned labels against what the register expects at locations", run: runAudit})
}

// locationFlags collects repeated --location flags.
type locationFlags []string

func (l *locationFlags) String() string     { return strings.Join(*l, ", ") }
func (l *locationFlags) Set(v string) error { *l = append(*l, v); return nil }

func runAudit(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "interval" {
		return runAuditInterval(ctx, args[1:])
	}
	fs := newFlagSet("audit", `Usage: steward audit --location L [--location L2] --found FILE [--apply] [--out REPORT]
       steward audit --audit ID --found FILE [--apply] [--out REPORT]   (resume an open audit)
       steward audit interval CATEGORY MONTHS                            (audit-due alerts; 0: none)

FILE has one scanned tag or label payload per line, as a USB barcode scanner
types them. Blank lines and lines starting with # are skipped; a line
"@LOCATION" says the labels after it were scanned there (default: the first
--location).`)
	db := dbFlag(fs)
	var locations locationFlags
	fs.Var(&locations, "location", "a `location` to audit (repeat for several)")
	resume := fs.Int64("audit", 0, "add the scans to the open audit with this `ID` instead of starting one")
	found := fs.String("found", "", "`file` of scanned tags, one per line (- for standard input)")
	apply := fs.Bool("apply", false, "write the moves (assets found elsewhere than registered) to the register, with history")
	out := fs.String("out", "", "write the audit report to this `file` (.pdf, .csv or .xlsx)")
	format := fs.String("format", "", "pdf, csv or xlsx (default: from the --out file's extension, else pdf)")
	paper := fs.String("paper", "a4", "a4 or letter")
	auditor := fs.String("auditor", "", "who audited (default: your user name)")
	force := fs.Bool("force", false, "replace an existing SQLite database named by --out (never the register or its backups)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if *found == "" {
		return usagef("say which scans to check with --found FILE")
	}
	if (*resume == 0) == (len(locations) == 0) {
		return usagef("give the locations to audit with --location, or the open audit to resume with --audit ID")
	}
	pap, err := report.ParsePaper(*paper)
	if err != nil {
		return usagef("--paper: %v", err)
	}
	outFormat := ""
	if *out != "" {
		if outFormat, err = reportFormat(*format, *out); err != nil {
			return err
		}
	}
	store, err := openStore(ctx, *db, changeRegister)
	if err != nil {
		return err
	}
	defer store.Close()
	rules := outputRules(store.Path(), *force)
	if *out != "" {
		if err := rules.Check(*out); err != nil {
			return err
		}
	}

	var audit assets.Audit
	if *resume != 0 {
		if audit, err = store.Audit(ctx, *resume); err != nil {
			return err
		}
		if !audit.Open() {
			return fmt.Errorf("audit %d is finished already: start a new one with --location", audit.ID)
		}
	} else {
		// The locations are checked against the file before anything is written.
		audit = assets.Audit{Locations: locations}
	}
	scans, err := readFound(*found, audit)
	if err != nil {
		return err
	}
	if *resume == 0 {
		if audit, err = store.StartAudit(ctx, locations, *auditor); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Audit %d of %s started.\n", audit.ID, strings.Join(audit.Locations, ", "))
	}
	for _, sc := range scans {
		loc := sc.location
		if loc == "" {
			loc = audit.Locations[0]
		}
		got, err := store.AddAuditScan(ctx, audit.ID, loc, sc.code)
		if err != nil {
			return fmt.Errorf("%s:%d: %w (audit %d stays open: resume it with --audit %d)", sc.file, sc.line, err, audit.ID, audit.ID)
		}
		fmt.Fprintln(stdout, auditScanLine(got))
	}
	res, err := store.FinishAudit(ctx, audit.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Finished: %d found, %d missing, %d moved, %d unknown (%s, %d twice).\n",
		res.Count(assets.OutcomeFound, ""), res.Count(assets.OutcomeMissing, ""), res.Count(assets.OutcomeMoved, ""),
		res.Count(assets.OutcomeUnknown, ""), countOf(res.Scans, "scan", "scans"), res.Dupes)
	for _, l := range res.Lines {
		if l.Outcome == assets.OutcomeMissing {
			fmt.Fprintf(stdout, "  missing  %s %s (%s)\n", l.Tag, l.Name, l.Location)
		}
	}
	if *apply {
		n, err := store.ApplyAuditMoves(ctx, audit.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Applied %s to the register.\n", countOf(n, "move", "moves"))
		if res, err = store.AuditResult(ctx, audit.ID); err != nil {
			return err
		}
	} else if m := len(res.Moves()); m > 0 {
		fmt.Fprintf(stdout, "%s not applied: run again with --apply, or use the Stocktake screen.\n", countOf(m, "move", "moves"))
	}
	network, err := store.AuditNetwork(ctx, res)
	if err != nil {
		return err
	}
	for _, nc := range network {
		fmt.Fprintf(stdout, "Network scan %d of %s: %d on shelf and network, %d on the network but not on the shelf, %d on the shelf but not on the network.\n",
			nc.ScanID, nc.Location, len(nc.Matched), len(nc.SeenNotFound), len(nc.FoundNotSeen))
	}
	if *out == "" {
		return nil
	}
	org, _ := store.Setting(ctx, assets.SettingOrgName)
	doc := report.Audit(report.AuditInput{Org: org, AsOf: assets.Today(time.Now()), Result: res, Network: network})
	if err := writeDocument(ctx, *out, rules, doc, outFormat, pap); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (Stocktake, %s)\n", *out, strings.ToUpper(outFormat))
	return nil
}

// auditScanLine is one scan's answer as the command prints it.
func auditScanLine(sc assets.AuditScan) string {
	s := fmt.Sprintf("%-28s %s", sc.Result.Label(), sc.Tag)
	if sc.AssetName != "" {
		s += " " + sc.AssetName
	}
	if sc.Result == assets.ScanMoved {
		reg := sc.Registered
		if reg == "" {
			reg = "no location"
		}
		s += " (registered at " + reg + ")"
	}
	return s
}

// foundScan is one line of a --found file.
type foundScan struct {
	file     string
	line     int
	location string // "" is the audit's first
	code     string
}

// readFound reads a --found file, checking every line before anything is
// written: a location line must name one of the audit's locations.
func readFound(path string, a assets.Audit) ([]foundScan, error) {
	var r io.Reader = os.Stdin
	name := "standard input"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r, name = f, path
	}
	var out []foundScan
	loc := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF"))
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "@"):
			want := strings.TrimSpace(line[1:])
			loc = ""
			for _, l := range a.Locations {
				if assets.SameLocation(l, want) {
					loc = l
				}
			}
			if loc == "" {
				return nil, fmt.Errorf("%s:%d:1: %q is not one of the audit's locations (%s)", name, n, want, strings.Join(a.Locations, ", "))
			}
			continue
		}
		if assets.ScanTag(line) == "" {
			return nil, fmt.Errorf("%s:%d:1: %q holds no asset tag", name, n, line)
		}
		out = append(out, foundScan{file: name, line: n, location: loc, code: line})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	return out, nil
}

// reportFormat is the format asked for, else the one the file name says.
func reportFormat(format, out string) (string, error) {
	f := strings.ToLower(format)
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
		if f != "csv" && f != "xlsx" {
			f = "pdf"
		}
	}
	if f != "pdf" && f != "csv" && f != "xlsx" {
		return "", usagef("--format must be pdf, csv or xlsx")
	}
	return f, nil
}

// writeDocument writes a report through safefile (never over the register,
// its journal files or backups; whole or not at all).
func writeDocument(ctx context.Context, out string, rules safefile.Rules, doc *report.Document, format string, paper report.Paper) error {
	return safefile.Write(out, outputMode, rules, func(w io.Writer) error {
		return report.Write(ctx, w, doc, format, paper)
	})
}

func runAuditInterval(ctx context.Context, args []string) error {
	fs := newFlagSet("audit interval", "Usage: steward audit interval CATEGORY MONTHS [flags]")
	db := dbFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("usage: steward audit interval CATEGORY MONTHS (0: no audit-due alerts)")
	}
	months, err := strconv.Atoi(pos[1])
	if err != nil {
		return usagef("%q is not a number of months", pos[1])
	}
	store, err := openStore(ctx, *db, changeRegister)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.SetAuditInterval(ctx, pos[0], months); err != nil {
		return err
	}
	if months == 0 {
		fmt.Fprintf(stdout, "%s: no audit interval (no audit-due alerts).\n", pos[0])
	} else {
		fmt.Fprintf(stdout, "%s: audited every %s; steward alerts lists the assets due.\n", pos[0], countOf(months, "month", "months"))
	}
	return nil
}
