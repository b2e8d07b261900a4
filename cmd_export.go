package main

import (
	"bufio"
	"context"
	"io"
	"slices"
	"strings"

	"steward/assets/safefile"
	"steward/assets/transfer"
)

func init() {
	register(command{name: "export", summary: "export records as CSV, XLSX or JSON (--kind, --format, --out)", run: runExport})
}

func runExport(ctx context.Context, args []string) error {
	fs := newFlagSet("export", "Usage: steward export --kind KIND [--format csv|xlsx|json] [--out FILE] [flags]")
	db := dbFlag(fs)
	kind := fs.String("kind", "", "what to export: "+strings.Join(transfer.Kinds(), ", "))
	format := fs.String("format", "csv", "csv, xlsx or json")
	out := fs.String("out", "", "write to this `file` (default: standard output)")
	secrets := fs.Bool("with-secrets", false, "include licence keys and other secrets")
	passFile := passphraseFlag(fs)
	force := forceFlag(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *kind == "" {
		return usagef("--kind is required: say what to export (%s)", strings.Join(transfer.Kinds(), ", "))
	}
	if _, err := transfer.Lookup(*kind); err != nil {
		return usageError{err.Error()}
	}
	if !slices.Contains(transfer.Formats, *format) {
		return usagef("--format must be csv, xlsx or json")
	}
	store, err := openStore(ctx, *db, readRegister)
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
	if *secrets {
		if err := unlockIfGiven(ctx, store, *passFile); err != nil {
			return err
		}
	}
	opt := transfer.Options{WithSecrets: *secrets}
	if *out == "" {
		bw := bufio.NewWriter(dataOut())
		if err := transfer.Export(ctx, store, *kind, *format, bw, opt); err != nil {
			return err
		}
		return bw.Flush()
	}
	return safefile.Write(*out, outputMode, rules, func(w io.Writer) error {
		return transfer.Export(ctx, store, *kind, *format, w, opt)
	})
}
