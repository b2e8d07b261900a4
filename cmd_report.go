package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"steward/assets"
	"steward/assets/report"
	"steward/assets/report/storesource"
	"steward/assets/safefile"
)

func init() {
	register(command{name: "report", summary: "print a report as PDF, CSV or XLSX (budget, depreciation, register, eol, licences, training, site-visit, labels)", run: runReport})
}

// reportLimits is the report's size limits, for its help.
var reportLimits = fmt.Sprintf("\nA report holds at most %d table rows as PDF, %d as CSV or XLSX, and\n%d labels; narrow a larger one down with --category, --location,\n--status or --search (steward export writes whole registers).\n",
	report.MaxPDFRows, report.MaxSheetRows, report.MaxLabels)

func runReport(ctx context.Context, args []string) error {
	fs := newFlagSet("report", fmt.Sprintf("Usage: steward report KIND --out FILE [flags]\n\nKIND is one of %s.\n%s", strings.Join(report.Kinds, ", "), reportLimits))
	db := dbFlag(fs)
	asOf := fs.String("as-of", "", "the `date` the report describes, YYYY-MM-DD (default: today)")
	years := fs.Int("years", 5, "budget: how many whole fiscal `years` ahead; depreciation: fiscal years from the current one")
	whatIf := fs.String("what-if", "", "budget: change one category's refresh cycle, CATEGORY=+N or -N years (laptop=+1), to show the saving")
	months := fs.Int("months", 12, "eol: flag what reaches end of life or leaves warranty within this many `months`")
	format := fs.String("format", "", "pdf, csv or xlsx (default: from the --out file's extension, else pdf)")
	paper := fs.String("paper", "a4", "a4 or letter (labels: A4 3x8 or Letter 3x10 sheets)")
	out := fs.String("out", "", "write the report to this `file` (required)")
	search := fs.String("search", "", "register, labels: free text, as in the Assets screen")
	category := fs.String("category", "", "register, labels: only this category")
	status := fs.String("status", "", "register, labels: only this status")
	location := fs.String("location", "", "register, labels: only this location")
	groupBy := fs.String("group-by", "", "register: location, category or none; budget: department, location or none")
	scan := fs.Int64("scan", 0, "site-visit: the scan's `ID` (default: the latest)")
	skip := fs.Int("skip", 0, "labels: labels already used on the first sheet")
	force := forceFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one report kind: %s", strings.Join(report.Kinds, ", "))
	}
	kind := strings.ToLower(pos[0])
	if _, ok := report.KindTitles[kind]; !ok {
		return usagef("%q is not a report: use one of %s", pos[0], strings.Join(report.Kinds, ", "))
	}
	if *out == "" {
		return usagef("say where to write the report with --out FILE")
	}
	req := report.Request{Kind: kind, Years: *years, Months: *months, ScanID: *scan, Skip: *skip}
	if *years < 1 || *years > 30 {
		return usagef("--years must be between 1 and 30")
	}
	if *months < 1 || *months > 120 {
		return usagef("--months must be between 1 and 120")
	}
	if *asOf == "" {
		req.AsOf = assets.Today(time.Now())
	} else if req.AsOf, err = assets.ParseDate(*asOf); err != nil {
		return usagef("--as-of: %v", err)
	}
	if req.Paper, err = report.ParsePaper(*paper); err != nil {
		return usagef("--paper: %v", err)
	}
	if kind == "budget" {
		req.GroupBy, err = report.ParseBudgetGroupBy(*groupBy)
	} else {
		req.GroupBy, err = report.ParseGroupBy(*groupBy)
	}
	if err != nil {
		return usagef("--group-by: %v", err)
	}
	if req.WhatIf, err = report.ParseWhatIf(*whatIf); err != nil {
		return usagef("--what-if: %v", err)
	}
	req.Query = assets.AssetQuery{Search: *search, Category: assets.NormalizeCategory(*category), Location: *location}
	if *status != "" {
		st, err := assets.ParseStatus(*status)
		if err != nil {
			return usagef("--status: %v", err)
		}
		req.Query.Status = st
	}
	f := strings.ToLower(*format)
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
		if f != "csv" && f != "xlsx" {
			f = "pdf"
		}
	}
	if f != "pdf" && f != "csv" && f != "xlsx" {
		return usagef("--format must be pdf, csv or xlsx")
	}

	req.MaxRows = report.MaxRows(f)

	store, err := openStore(ctx, *db, readRegister)
	if err != nil {
		return err
	}
	defer store.Close()
	rules := outputRules(store.Path(), *force)
	if err := rules.Check(*out); err != nil {
		return err
	}
	doc, err := report.Build(ctx, storesource.New(store), req)
	if err != nil {
		return err
	}
	err = safefile.Write(*out, outputMode, rules, func(w io.Writer) error {
		return report.Write(ctx, w, doc, f, req.Paper)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (%s, %s)\n", *out, report.KindTitles[kind], strings.ToUpper(f))
	return nil
}
