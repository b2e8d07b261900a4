package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"steward/assets"
)

func init() {
	register(command{name: "visit", summary: "take locations away in a bundle that works offline, and merge it back", run: runVisit})
}

const visitUsage = `Usage: steward visit checkout --location L [--location L2] --out VISIT.steward
       steward visit checkin VISIT.steward [--dry-run] [--theirs | --mine] [--resolve FILE]

checkout writes a Steward register holding the assets at the locations, with
the people holding them, categories, contracts, licences (without their
keys), history, hand-overs and sightings, and a record of what was taken.
Open it like any register (steward --db VISIT.steward) and work offline; new
assets get provisional tags (V-...) that cannot collide.

checkin merges the bundle back in one transaction: a field only the visit
changed is applied, one only the office changed is kept, observations
(location, last audited, OS, host name) take the visit's value; history,
hand-overs, sightings, audits and inventory reports are added. A field both
changed, a record deleted on one side and edited on the other, and a new
asset whose serial, MAC or tag is already registered are conflicts: listed,
and the register's value kept unless --theirs, --mine or --resolve decides.
The same bundle checked in again changes nothing.

A resolution FILE has one decision per line: RECORD FIELD theirs|mine, where
RECORD is a tag, an email, a name or a global id as the conflict list shows
it, and FIELD is - for a whole record. Blank lines and # lines are skipped.`

func runVisit(ctx context.Context, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "checkout":
			return runVisitCheckout(ctx, args[1:])
		case "checkin":
			return runVisitCheckin(ctx, args[1:])
		}
	}
	fs := newFlagSet("visit", visitUsage)
	dbFlag(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unknown visit command %q: say checkout or checkin (see 'steward visit --help')", rest[0])
	}
	return usagef("say checkout or checkin (see 'steward visit --help')")
}

func runVisitCheckout(ctx context.Context, args []string) error {
	fs := newFlagSet("visit checkout", visitUsage)
	db := dbFlag(fs)
	var locations locationFlags
	fs.Var(&locations, "location", "a `location` to take (repeat for several)")
	out := fs.String("out", "", "the bundle `file` to write (VISIT.steward)")
	force := forceFlag(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if len(locations) == 0 {
		return usagef("say which locations to take with --location")
	}
	if *out == "" {
		return usagef("say where to write the bundle with --out FILE")
	}
	store, err := openStore(ctx, *db, changeRegister)
	if err != nil {
		return err
	}
	defer store.Close()
	got, err := store.WriteVisitBundle(ctx, locations, *out, outputRules(store.Path(), *force), *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Took %s (%s) from %s: %s, %s, %s, %s.\n", countOf(got.Counts["assets"], "asset", "assets"),
		strings.Join(got.Locations, ", "), store.Path(), countOf(got.Counts["people"], "person", "people"),
		countOf(got.Counts["contracts"], "contract", "contracts"), countOf(got.Counts["licences"], "licence", "licences"),
		countOf(got.Counts["history"], "history row", "history rows"))
	fmt.Fprintf(stdout, "Work on it with: steward --db %s   (new assets are tagged %s...)\n", *out, got.TagPrefix)
	fmt.Fprintf(stdout, "Bring it back with: steward visit checkin %s\n", *out)
	return nil
}

func runVisitCheckin(ctx context.Context, args []string) error {
	fs := newFlagSet("visit checkin", visitUsage)
	db := dbFlag(fs)
	dry := fs.Bool("dry-run", false, "show every change and conflict; write nothing")
	theirs := fs.Bool("theirs", false, "resolve every conflict with the register's (the office's) value")
	mine := fs.Bool("mine", false, "resolve every conflict with the bundle's (the visit's) value")
	resolve := fs.String("resolve", "", "a `file` of decisions, one conflict per line: RECORD FIELD theirs|mine")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("name one bundle to check in: steward visit checkin VISIT.steward")
	}
	if *theirs && *mine {
		return usagef("--theirs and --mine cannot both be given")
	}
	opt := assets.CheckinOptions{DryRun: *dry}
	switch {
	case *theirs:
		opt.All = assets.Theirs
	case *mine:
		opt.All = assets.Mine
	}
	if *resolve != "" {
		if opt.Per, err = readResolutions(*resolve); err != nil {
			return err
		}
	}
	// Even a dry run opens the register for writing: it works out the plan
	// in the writer's transaction (rolled back), as the check-in would.
	store, err := openStore(ctx, *db, changeRegister)
	if err != nil {
		return err
	}
	defer store.Close()
	plan, err := store.CheckinVisit(ctx, rest[0], opt)
	if err != nil {
		return err
	}
	printPlan(plan)
	return nil
}

// printPlan lists what a check-in did (or would do) and its conflicts.
func printPlan(p assets.MergePlan) {
	if p.AlreadyMerged {
		fmt.Fprintln(stdout, "This bundle, as it is, was checked in already: nothing to do.")
		return
	}
	verb := "Changed"
	if p.DryRun {
		verb = "Would change (dry run, nothing written)"
	}
	fmt.Fprintf(stdout, "%s: %s.\n", verb, countOf(len(p.Changes), "change", "changes"))
	for _, c := range p.Changes {
		switch c.Action {
		case "update":
			fmt.Fprintf(stdout, "  %-8s %s %s: %q -> %q\n", c.Entity, c.Label, c.Field, c.Old, c.New)
		default:
			fmt.Fprintf(stdout, "  %-8s %s %s\n", c.Entity, c.Label, c.Action)
		}
	}
	var added []string
	for k := range p.Added {
		added = append(added, k)
	}
	sort.Strings(added)
	for _, k := range added {
		fmt.Fprintf(stdout, "  + %d %s from the visit\n", p.Added[k], k)
	}
	if len(p.Conflicts) == 0 {
		return
	}
	fmt.Fprintf(stdout, "%s:\n", countOf(len(p.Conflicts), "conflict", "conflicts"))
	for _, c := range p.Conflicts {
		field := c.Field
		if field == "" {
			field = "-"
		}
		line := fmt.Sprintf("  %-8s %s %s: %s", c.Entity, c.Label, field, c.Reason)
		if c.Field != "" {
			line += fmt.Sprintf(" (was %q; office %q; visit %q)", c.Base, c.Theirs, c.Mine)
		}
		if c.Resolved != assets.Undecided {
			line += " -> " + c.Resolved.String()
		}
		fmt.Fprintln(stdout, line)
	}
	switch {
	case p.Unresolved > 0 && p.DryRun:
		fmt.Fprintf(stdout, "%s would be left open (the register keeping its values): decide with --theirs, --mine or --resolve FILE.\n",
			countOf(p.Unresolved, "conflict", "conflicts"))
	case p.Unresolved > 0:
		fmt.Fprintf(stdout, "%s left open: the register keeps its values. Decide with --theirs, --mine or --resolve FILE and check in again.\n",
			countOf(p.Unresolved, "conflict", "conflicts"))
	}
}

// readResolutions reads a resolution file: RECORD FIELD theirs|mine a line.
func readResolutions(path string) (map[string]assets.Side, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the resolution file: %w", err)
	}
	defer f.Close()
	out := map[string]assets.Side{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		words := strings.Fields(line)
		if len(words) != 3 {
			return nil, fmt.Errorf("%s:%d:1: want RECORD FIELD theirs|mine, got %q", path, n, line)
		}
		side, err := assets.ParseSide(words[2])
		if err != nil {
			col := strings.Index(sc.Text(), words[2]) + 1
			return nil, fmt.Errorf("%s:%d:%d: %v", path, n, col, err)
		}
		field := words[1]
		if field == "-" {
			field = ""
		}
		out[assets.ResolutionKey(words[0], field)] = side
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
