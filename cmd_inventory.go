package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"steward/assets"
	"steward/assets/safefile"
	"steward/inventory"
	"steward/inventory/intake"
)

func init() {
	register(command{name: "inventory", summary: "collect this computer's hardware, OS and software (or fetch an agent's)", run: runInventory})
}

const inventoryUsage = `Usage:
  steward inventory [--json] [--out FILE] [--root DIR | --snapshot FILE] [--no-software]
  steward inventory --from HOST[:PORT] --code CODE [--fingerprint SHA256] [--json] [--out FILE]

Collects this computer's hardware, operating system and installed software
and prints a summary (or JSON with --json). --out FILE writes the JSON report
to FILE (readable by you only), ready for 'steward import --kind inventory'.

--root DIR reads a mounted system disk or an unpacked ghw snapshot instead of
this computer (as the GHW_CHROOT environment variable does); --snapshot FILE
unpacks a ghw snapshot (.tar.gz) and reads that.

--from fetches the report of a Steward agent ('steward agent' prints its
pairing code and certificate fingerprint). Without --fingerprint the
certificate is trusted on first use and its fingerprint printed, to pin with
--fingerprint next time.
`

func runInventory(ctx context.Context, args []string) error {
	fs := newFlagSet("inventory", inventoryUsage)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	out := fs.String("out", "", "write the JSON report to `FILE` (mode 0600)")
	root := fs.String("root", "", "read the system under `DIR` (default $GHW_CHROOT or /)")
	snap := fs.String("snapshot", "", "read a ghw snapshot `FILE` (.tar.gz)")
	noSoftware := fs.Bool("no-software", false, "leave installed software out")
	from := fs.String("from", "", "fetch the report of the agent at `HOST[:PORT]`")
	code := fs.String("code", "", "the agent's pairing `CODE`")
	fingerprint := fs.String("fingerprint", "", "expected SHA-256 `FINGERPRINT` of the agent's certificate")
	force := forceFlag(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q (see 'steward inventory --help')", rest[0])
	}

	// The register is not opened here, but --out must not replace it.
	register, _ := registerPath(os.Getenv("STEWARD_DB"))
	rules := outputRules(register, *force)
	if *out != "" {
		if err := rules.Check(*out); err != nil {
			return err
		}
	}
	var rep *inventory.Report
	if *from != "" {
		if *root != "" || *snap != "" || *noSoftware {
			return usagef("--from cannot be combined with --root, --snapshot or --no-software")
		}
		if *code == "" {
			return usagef("--from needs --code CODE (the agent prints its pairing code when it starts)")
		}
		r, seen, err := inventory.FetchFromAgent(ctx, *from, *code, *fingerprint)
		if err != nil {
			if errors.Is(err, inventory.ErrFingerprintMismatch) && seen != "" {
				fmt.Fprintf(stderr, "steward inventory: the agent presented certificate %s\n", seen)
			}
			return err
		}
		if *fingerprint == "" {
			fmt.Fprintf(stderr, "Agent certificate fingerprint (trusted on first use): %s\nPin it next time with --fingerprint %s\n", seen, seen)
		}
		rep = r
	} else {
		if *code != "" || *fingerprint != "" {
			return usagef("--code and --fingerprint go with --from HOST")
		}
		if *root != "" && *snap != "" {
			return usagef("give --root or --snapshot, not both")
		}
		r, err := inventory.Collect(ctx, inventory.Options{Root: *root, Snapshot: *snap, NoSoftware: *noSoftware, CollectorVersion: version})
		if err != nil {
			return err
		}
		rep = r
		if *root == "" && *snap == "" {
			for _, h := range inventory.RootHints("") {
				fmt.Fprintf(stderr, "Note: %s.\n", h)
			}
		}
	}

	if *out != "" {
		if err := invWriteReportFile(*out, rep, rules); err != nil {
			return err
		}
		if !*asJSON {
			fmt.Fprintf(stderr, "Wrote %s (%s, %s, %s, %s).\n", *out, countOf(len(rep.Disks), "disk", "disks"), countOf(len(rep.NICs), "NIC", "NICs"),
				countOf(len(rep.Software), "software package", "software packages"), countOf(len(rep.Warnings), "warning", "warnings"))
			return nil
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return inventory.WriteSummary(stdout, rep)
}

// invWriteReportFile writes the JSON report readable by its owner only (it
// holds serial numbers and the software list), never over the register.
func invWriteReportFile(path string, rep *inventory.Report, rules safefile.Rules) error {
	return safefile.Write(path, outputMode, rules, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return nil
	})
}

func init() {
	// steward import --kind inventory FILE...
	fileImporters["inventory"] = importInventoryFiles
}

// importInventoryFiles attaches each report file to its asset (or creates
// one) and says what each did. Files go to the store in batches of 100, one
// transaction per batch with a savepoint per file: a bad file is reported
// and skipped; the others still import.
func importInventoryFiles(ctx context.Context, store registerStore, files []string, dryRun, asJSON bool) error {
	const batchSize = 100
	// Decoding reports allocates a great deal that lives only for its
	// batch; collecting garbage less often saves about a sixth of the CPU
	// for a few dozen MiB more heap.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	failed := 0
	report := func(f string, res assets.InventoryResult, err error) {
		if err != nil {
			failed++
		}
		if asJSON {
			line := map[string]any{"file": f}
			if err != nil {
				line["error"] = err.Error()
			} else {
				line["result"] = res
			}
			b, _ := json.Marshal(line)
			fmt.Fprintln(stdout, string(b))
			return
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n%s: nothing was imported from this file\n", f, err, f)
			return
		}
		printInventoryResult(stdout, f, res, dryRun)
	}
	// Parsing (CPU) and storing (mostly SQLite) overlap: the next batch is
	// read and parsed, on every core, while the current one is stored.
	// (A dry run rolls back each batch, so two files of one new computer in
	// different batches both show "created".)
	parseCtx, stopParsing := context.WithCancel(ctx)
	defer stopParsing()
	batches := make(chan parsedBatch, 1)
	go func() {
		defer close(batches)
		for start := 0; start < len(files) && parseCtx.Err() == nil; start += batchSize {
			select {
			case batches <- parseBatch(files[start:min(start+batchSize, len(files))]):
			case <-parseCtx.Done():
				return
			}
		}
	}()
	for b := range batches {
		var ins []assets.InventoryImport
		var at []int
		for i := range b.files {
			if b.errs[i] == nil {
				ins, at = append(ins, b.ins[i]), append(at, i)
			}
		}
		results := make([]assets.InventoryResult, len(b.files))
		if len(ins) > 0 {
			res, ierrs, err := store.ImportInventories(ctx, ins, dryRun)
			if err != nil {
				stopParsing()
				for range batches { // let the parser goroutine end
				}
				return err
			}
			for j, i := range at {
				results[i], b.errs[i] = res[j], ierrs[j]
			}
		}
		// Outcomes in the order the files were named.
		for i, f := range b.files {
			report(f, results[i], b.errs[i])
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if failed > 0 {
		return errors.New(notImported(failed, len(files)))
	}
	return nil
}

// parsedBatch is a batch of report files read and parsed, ready to store.
type parsedBatch struct {
	files []string
	ins   []assets.InventoryImport
	errs  []error
}

// parseBatch reads and parses files on every core.
func parseBatch(files []string) parsedBatch {
	ins, errs := intake.ReadFiles(files)
	return parsedBatch{files: files, ins: ins, errs: errs}
}

func printInventoryResult(w io.Writer, file string, res assets.InventoryResult, dryRun bool) {
	prefix := file + ": "
	if dryRun {
		prefix += "(dry run) "
	}
	intake.WriteResult(w, prefix, res)
}
