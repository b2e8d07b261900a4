package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"steward/assets"
	"steward/assets/termtext"
)

func init() {
	register(command{name: "assets", summary: "change many assets at once: status, location, category or holder (assets set)", run: runAssets})
}

const assetsSetHead = `Usage: steward assets set (--tags TAG,... | --all | --search TEXT | --where-category C | --where-status S | --where-location L) CHANGES [flags]

Changes the status, location, category or holder of every asset selected, in
one transaction, with one history line per asset. It prints what changes for
how many assets first; --dry-run stops there. Assets the change cannot apply
to (a retired asset handed to someone) are left out and listed.`

func runAssets(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "set" {
		args = args[1:]
	} else if !helpAsked(args) {
		return usagef("a subcommand is needed: set (see 'steward assets --help')")
	}
	fs := newFlagSet("assets set", assetsSetHead)
	db := dbFlag(fs)
	tags := fs.String("tags", "", "the assets to change, by `tag` (comma-separated)")
	all := fs.Bool("all", false, "change every asset in the register")
	search := fs.String("search", "", "select the assets the register's search finds for `text`")
	whereCat := fs.String("where-category", "", "select the assets in this `category`")
	whereStatus := fs.String("where-status", "", "select the assets with this `status`")
	whereLoc := fs.String("where-location", "", "select the assets at this `location`")
	status := fs.String("status", "", "new `status`: in stock, deployed, in repair, retired, disposed, lost")
	location := fs.String("location", "", "new `location`")
	category := fs.String("category", "", "new `category`")
	holder := fs.String("holder", "", "hand the assets to the person with this `e-mail` (checked in from their holders first)")
	noHolder := fs.Bool("no-holder", false, "check the assets in from whoever holds them")
	onText := fs.String("on", "", "the `date` of the hand-overs (YYYY-MM-DD; default today)")
	dry := fs.Bool("dry-run", false, "say what would change, write nothing")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	var sel assets.BulkSelection
	q := assets.AssetQuery{Search: *search, Category: assets.NormalizeCategory(*whereCat), Location: strings.TrimSpace(*whereLoc)}
	if *whereStatus != "" {
		if q.Status, err = assets.ParseStatus(*whereStatus); err != nil {
			return usagef("--where-status: %v", err)
		}
	}
	filtering := *search != "" || *whereCat != "" || *whereStatus != "" || *whereLoc != ""
	switch {
	case *tags != "" && (filtering || *all):
		return usagef("choose the assets either by --tags or by --all / --search / --where-*, not both")
	case *tags == "" && !filtering && !*all:
		return usagef("choose the assets: --tags, --all, --search or --where-category/--where-status/--where-location")
	case *tags == "":
		sel.Query = &q
	}
	var c assets.BulkChange
	if *status != "" {
		if c.Status, err = assets.ParseStatus(*status); err != nil {
			return usagef("--status: %v", err)
		}
	}
	c.Location, c.Category = *location, *category
	if *holder != "" && *noHolder {
		return usagef("give --holder or --no-holder, not both")
	}
	c.SetHolder = *holder != "" || *noHolder
	c.On = assets.Today(time.Now())
	if *onText != "" {
		if c.On, err = assets.ParseDate(*onText); err != nil {
			return usagef("--on: %v", err)
		}
	}
	if c.Status == "" && c.Location == "" && c.Category == "" && !c.SetHolder {
		return usagef("say what to change: --status, --location, --category, --holder or --no-holder")
	}
	use := changeRegister
	if *dry {
		use = readRegister
	}
	store, err := openStore(ctx, *db, use)
	if err != nil {
		return err
	}
	defer store.Close()
	if *holder != "" {
		p, err := store.PersonByEmail(ctx, strings.TrimSpace(*holder))
		if err != nil {
			return fmt.Errorf("--holder: nobody with e-mail %q is in the register", *holder)
		}
		c.Holder = p
	}
	if *tags != "" {
		for _, t := range strings.Split(*tags, ",") {
			if t = strings.TrimSpace(t); t == "" {
				continue
			}
			a, err := store.AssetByTag(ctx, t)
			if err != nil {
				return fmt.Errorf("--tags: there is no asset with tag %q", t)
			}
			sel.IDs = append(sel.IDs, a.ID)
		}
		if len(sel.IDs) == 0 {
			return usagef("--tags names no asset")
		}
	}
	var sum assets.BulkSummary
	if *dry {
		sum, err = store.PreviewBulkChange(ctx, sel, c)
	} else {
		sum, err = store.ApplyBulkChange(ctx, sel, c)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(struct {
			DryRun bool `json:"dry_run"`
			assets.BulkSummary
		}{*dry, sum})
	}
	for _, l := range sum.Lines() {
		fmt.Fprintln(stdout, termtext.Escape(l))
	}
	switch {
	case *dry:
		fmt.Fprintln(stdout, "Dry run: nothing written.")
	default:
		fmt.Fprintf(stdout, "Changed %s.\n", countOf(sum.Changing, "asset", "assets"))
	}
	return nil
}

// helpAsked says whether args ask for the help.
func helpAsked(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			return true
		}
	}
	return false
}
