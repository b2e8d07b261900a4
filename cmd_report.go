package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"steward/assets"
	"steward/assets/report"
	"steward/assets/report/storesource"
)

func init() {
	register(command{name: "report", summary: "print a report as PDF, CSV or XLSX (budget, depreciation, register, eol, licences, training, site-visit, labels)", run: runReport})
}

func runReport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("steward report", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: steward report KIND --out FILE [flags]\n\nKIND is one of %s.\n\nFlags:\n", strings.Join(report.Kinds, ", "))
		fs.PrintDefaults()
	}
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
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) || strings.Contains(err.Error(), flag.ErrHelp.Error()) {
			return nil
		}
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

	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	doc, err := report.Build(ctx, storesource.New(store), req)
	if err != nil {
		return err
	}
	// Write next to the target and rename, so a failed report never leaves
	// half a file where the old one was.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".steward-report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := report.Write(bw, doc, f, req.Paper); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s (%s, %s)\n", *out, report.KindTitles[kind], strings.ToUpper(f))
	return nil
}
