package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"steward/assets"
	"steward/assets/termtext"
)

func init() {
	register(command{name: "alerts", summary: "list every lifecycle alert with its reason, most urgent first (--kind, --severity, --category, --location, --json)", run: runAlerts})
}

func runAlerts(ctx context.Context, args []string) error {
	fs := newFlagSet("alerts", "")
	db := dbFlag(fs)
	asOfText := fs.String("as-of", "", "compute the alerts as of this `date` (YYYY-MM-DD; default today)")
	asJSON := fs.Bool("json", false, "print one JSON object per alert per line")
	warn := fs.Int("warn-days", 0, "how many `days` ahead counts as ending soon (default: the setting, else 90)")
	kinds := fs.String("kind", "", "only alerts of these `kinds` (comma-separated, e.g. leaver_holding,os_support)")
	sevs := fs.String("severity", "", "only alerts of these `severities` (comma-separated: critical, warning, info)")
	category := fs.String("category", "", "only alerts about assets of this `category`")
	location := fs.String("location", "", "only alerts about assets or people at this `location`")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	asOf := assets.Today(time.Now())
	if *asOfText != "" {
		if asOf, err = assets.ParseDate(*asOfText); err != nil {
			return usagef("--as-of: %v", err)
		}
	}
	if err := assets.CheckWarnDays(*warn); err != nil {
		return usagef("--warn-days: %v", err)
	}
	var filter assets.AlertFilter
	for _, k := range splitList(*kinds) {
		if err := assets.CheckAlertKind(k); err != nil {
			return usagef("--kind: %v", err)
		}
		filter.Kinds = append(filter.Kinds, k)
	}
	for _, v := range splitList(*sevs) {
		sev, ok := assets.ParseSeverity(v)
		if !ok {
			return usagef("--severity: no severity %q: use critical, warning or info", v)
		}
		filter.Severities = append(filter.Severities, sev)
	}
	store, err := openStore(ctx, *db, readRegister)
	if err != nil {
		return err
	}
	defer store.Close()
	opt, err := store.AlertOptionsAt(ctx, asOf)
	if err != nil {
		return err
	}
	if *warn > 0 {
		opt.WarnDays = *warn
	}
	if *category != "" {
		if filter.Category, err = alertCategory(ctx, store, *category); err != nil {
			return err
		}
	}
	var places *assets.AlertPlaces
	if *category != "" || *location != "" {
		if places, err = store.AlertPlaces(ctx); err != nil {
			return err
		}
	}
	if *location != "" {
		if filter.Location, err = alertLocation(places, *location); err != nil {
			return err
		}
	}
	alerts, err := store.Alerts(ctx, opt)
	if err != nil {
		return err
	}
	if !filter.IsZero() {
		picked := assets.FilterAlerts(alerts, filter, places)
		list := make([]assets.Alert, len(picked))
		for i, at := range picked {
			list[i] = alerts[at]
		}
		alerts = list
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	if *asJSON {
		enc := json.NewEncoder(out)
		for _, a := range alerts {
			if err := enc.Encode(a); err != nil {
				return err
			}
		}
		return nil
	}
	if len(alerts) == 0 {
		if filter.IsZero() {
			fmt.Fprintf(out, "No alerts as of %s.\n", asOf)
		} else {
			fmt.Fprintf(out, "No alerts as of %s match the filters.\n", asOf)
		}
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEVERITY\tKIND\tDATE\tSUBJECT\tREASON")
	for _, a := range alerts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Severity, a.Kind, a.Date, termtext.Escape(a.Subject), termtext.Escape(a.Reason))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "\n%s as of %s (ending soon = within %s).\n", countOf(len(alerts), "alert", "alerts"), asOf, countOf(opt.Window(), "day", "days"))
	return nil
}

// splitList reads a comma-separated flag value, trimming the items and
// dropping empty ones.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// alertCategory is the category named by name or label, or a plain error
// listing the categories.
func alertCategory(ctx context.Context, store registerStore, name string) (string, error) {
	cats, err := store.Categories(ctx)
	if err != nil {
		return "", err
	}
	var names []string
	for _, c := range cats {
		if c.Name == assets.NormalizeCategory(name) || strings.EqualFold(c.Label, strings.TrimSpace(name)) {
			return c.Name, nil
		}
		names = append(names, c.Name)
	}
	return "", usagef("--category: no category %q: use one of %s", name, strings.Join(names, ", "))
}

// alertLocation is the location as the register spells it, when an asset
// or a person is there; else a plain error.
func alertLocation(places *assets.AlertPlaces, name string) (string, error) {
	want := strings.TrimSpace(name)
	for _, p := range places.Assets {
		if strings.EqualFold(p.Location, want) && p.Location != "" {
			return p.Location, nil
		}
	}
	for _, l := range places.People {
		if strings.EqualFold(l, want) {
			return l, nil
		}
	}
	return "", usagef("--location: no asset or person is at %q", name)
}
