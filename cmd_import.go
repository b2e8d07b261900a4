package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"steward/assets/sqlite"
	"steward/assets/transfer"
)

// fileImporters handle kinds that are not CSV (inventory reports, say):
// they get the open store and the files, and print their own summary.
var fileImporters = map[string]func(ctx context.Context, s registerStore, files []string, dryRun, asJSON bool) error{}

func init() {
	register(command{name: "import", summary: "import records from CSV or XLSX files (--kind, --dry-run)", run: runImport})
}

func runImport(ctx context.Context, args []string) error {
	fs := newFlagSet("import", "Usage: steward import --kind KIND [flags] FILE...")
	db := dbFlag(fs)
	kind := fs.String("kind", "", "what the files hold: "+strings.Join(importKinds(), ", "))
	dry := fs.Bool("dry-run", false, "check the files and show what would change, writing nothing")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	passFile := passphraseFlag(fs)
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *kind == "" {
		return usagef("say what the files hold with --kind (%s)", strings.Join(importKinds(), ", "))
	}
	if len(files) == 0 {
		return usagef("name at least one file to import")
	}
	store, done, err := openImportTarget(ctx, *db, *dry)
	if err != nil {
		return err
	}
	defer done()
	if err := unlockIfGiven(ctx, store, *passFile); err != nil {
		return err
	}
	if fi, ok := fileImporters[*kind]; ok {
		return fi(ctx, store, files, *dry, *asJSON)
	}
	if _, err := transfer.Lookup(*kind); err != nil {
		return usageError{err.Error()}
	}
	failed := 0
	for _, f := range files {
		res, err := transfer.ImportFile(ctx, store, *kind, f, transfer.Options{DryRun: *dry})
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "%v\n%s: nothing was imported from this file\n", err, f)
			continue
		}
		if *asJSON {
			b, _ := json.Marshal(res)
			fmt.Fprintln(stdout, string(b))
		} else {
			fmt.Fprintln(stdout, res.Summary())
			for _, n := range res.Notes {
				fmt.Fprintln(stdout, "  "+n)
			}
		}
	}
	if failed > 0 {
		return errors.New(notImported(failed, len(files)))
	}
	return nil
}

func importKinds() []string {
	kinds := transfer.Kinds()
	for k := range fileImporters {
		kinds = append(kinds, k)
	}
	return kinds
}

// openImportTarget opens the register to import into, creating it if need
// be; done closes it. A dry run creates nothing: where there is no register
// yet it checks the files against a new, empty one in a temporary folder,
// which done removes.
func openImportTarget(ctx context.Context, db string, dry bool) (store registerStore, done func(), err error) {
	closeIt := func() { store.Close() }
	if !dry {
		store, err = openStore(ctx, db, createRegister)
		return store, closeIt, err
	}
	store, err = openStore(ctx, db, changeRegister)
	var none *sqlite.NoRegisterError
	if !errors.As(err, &none) {
		return store, closeIt, err
	}
	dir, err := os.MkdirTemp("", "steward-dry-run-")
	if err != nil {
		return nil, nil, err
	}
	if store, err = sqlite.Create(ctx, filepath.Join(dir, "steward.db")); err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	fmt.Fprintf(stderr, "steward: %v yet; checking against a new, empty register (nothing is created)\n", none)
	return store, func() { store.Close(); os.RemoveAll(dir) }, nil
}
