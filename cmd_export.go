package main

import (
	"bufio"
	"context"
	"flag"
	"os"
	"strings"

	"steward/assets/transfer"
)

func init() {
	register(command{name: "export", summary: "export records as CSV or JSON (--kind, --format, --out)", run: runExport})
}

func runExport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("steward export", flag.ContinueOnError)
	db := dbFlag(fs)
	kind := fs.String("kind", "", "what to export: "+strings.Join(transfer.Kinds(), ", "))
	format := fs.String("format", "csv", "csv or json")
	out := fs.String("out", "", "write to this `file` (default: standard output)")
	secrets := fs.Bool("with-secrets", false, "include licence keys and other secrets")
	passFile := passphraseFlag(fs)
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if _, err := transfer.Lookup(*kind); err != nil {
		return usageError{err.Error()}
	}
	if *format != "csv" && *format != "json" {
		return usagef("--format must be csv or json")
	}
	store, err := openStore(ctx, *db, readRegister)
	if err != nil {
		return err
	}
	defer store.Close()
	if *secrets {
		if err := unlockIfGiven(ctx, store, *passFile); err != nil {
			return err
		}
	}
	w := os.Stdout
	if *out != "" {
		f, err := os.OpenFile(*out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	if err := transfer.Export(ctx, store, *kind, *format, bw, transfer.Options{WithSecrets: *secrets}); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if *out != "" {
		return w.Close()
	}
	return nil
}
