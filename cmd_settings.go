package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"steward/assets"
)

func init() {
	register(command{name: "settings", summary: "show or change the organisation's name, fiscal year and budget backlog setting", run: runSettings})
}

// parseMonth reads a month as a number (1..12) or a name in English
// ("April", "apr").
func parseMonth(s string) (int, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 12 {
		return n, nil
	}
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if l := strings.ToLower(s); len(l) >= 3 && strings.HasPrefix(name, l) {
			return int(m), nil
		}
	}
	return 0, fmt.Errorf("%q is not a month: give 1 to 12 or a month's name, for example April", s)
}

func runSettings(ctx context.Context, args []string) error {
	fs := newFlagSet("settings", "Usage: steward settings [flags]\n\nWithout flags, prints the settings.")
	db := dbFlag(fs)
	org := fs.String("org", "", "the organisation's `name`, printed on every report")
	fyStart := fs.String("fiscal-year-start", "", "the `month` the fiscal year starts: 1-12 or a name (April)")
	backlog := fs.String("backlog", "", "where the budget puts spending overdue on its date: plan (into the first year) or apart")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("settings takes no arguments, only flags")
	}
	var month int
	if *fyStart != "" {
		if month, err = parseMonth(*fyStart); err != nil {
			return usagef("--fiscal-year-start: %v", err)
		}
	}
	var mode assets.BacklogMode
	if *backlog != "" {
		if mode, err = assets.ParseBacklogMode(*backlog); err != nil {
			return usagef("--backlog: %v", err)
		}
	}
	use := readRegister
	if *org != "" || *fyStart != "" || *backlog != "" {
		use = changeRegister
	}
	store, err := openStore(ctx, *db, use)
	if err != nil {
		return err
	}
	defer store.Close()
	set, err := store.BudgetSettings(ctx)
	if err != nil {
		return err
	}
	if *org != "" {
		st := assets.DefaultSettings()
		st.OrgName = *org
		if err := st.Validate(); err != nil {
			return usagef("--org: %v", err)
		}
		if err := store.SetSetting(ctx, assets.SettingOrgName, st.OrgName); err != nil {
			return err
		}
	}
	if month != 0 || mode != "" {
		if month != 0 {
			set.FiscalYearStart = month
		}
		if mode != "" {
			set.Backlog = mode
		}
		if err := store.SaveBudgetSettings(ctx, set); err != nil {
			return err
		}
	}
	name, err := store.Setting(ctx, assets.SettingOrgName)
	if err != nil {
		return err
	}
	if name == "" {
		name = "(not set: steward settings --org NAME)"
	}
	fmt.Fprintf(stdout, "Organisation:       %s\nFiscal year starts: %s\nBudget backlog:     %s\n", name,
		time.Month(set.FiscalYearStart), map[assets.BacklogMode]string{assets.BacklogPlan: "planned into the first year", assets.BacklogApart: "kept apart"}[set.Backlog])
	return nil
}
