package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"steward/assets"
	"steward/assets/termtext"
)

func init() {
	register(command{name: "alerts", summary: "list every lifecycle alert with its reason (--as-of, --json)", run: runAlerts})
}

func runAlerts(ctx context.Context, args []string) error {
	fs := newFlagSet("alerts", "")
	db := dbFlag(fs)
	asOfText := fs.String("as-of", "", "compute the alerts as of this `date` (YYYY-MM-DD; default today)")
	asJSON := fs.Bool("json", false, "print one JSON object per alert per line")
	warn := fs.Int("warn-days", 0, "how many `days` ahead counts as ending soon (default: the setting, else 90)")
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
	store, err := openStore(ctx, *db, readRegister)
	if err != nil {
		return err
	}
	defer store.Close()
	alerter, ok := store.(alertRegister)
	if !ok {
		return fmt.Errorf("this Steward cannot list the alerts of a shared register yet (its PostgreSQL store has no alerts): use a register file, or a newer Steward")
	}
	opt, err := alerter.AlertOptionsAt(ctx, asOf)
	if err != nil {
		return err
	}
	if *warn > 0 {
		opt.WarnDays = *warn
	}
	alerts, err := alerter.Alerts(ctx, opt)
	if err != nil {
		return err
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
		fmt.Fprintf(out, "No alerts as of %s.\n", asOf)
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
