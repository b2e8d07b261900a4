package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"steward/assets"
	"steward/assets/demo"
)

func init() {
	register(command{name: "demo", summary: "fill a database with a realistic sample office", run: runDemo})
}

func runDemo(ctx context.Context, args []string) error {
	fs := newFlagSet("demo", "")
	db := dbFlag(fs)
	n := fs.Int("assets", 300, "how many assets to generate")
	people := fs.Int("people", 60, "how many people to generate")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same office")
	currency := fs.String("currency", "EUR", "currency of every cost (ISO 4217 code)")
	force := fs.Bool("force", false, "add the sample even if the database already has assets")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if *n < 1 || *n > 10_000_000 {
		return usagef("--assets must be between 1 and 10000000, not %d", *n)
	}
	if *people < 1 || *people > 1_000_000 {
		return usagef("--people must be between 1 and 1000000, not %d", *people)
	}
	cur := strings.ToUpper(strings.TrimSpace(*currency))
	if _, err := assets.ParseMoney("1", cur); err != nil || cur == "" {
		return usagef("--currency %q: use a three-letter code such as EUR, USD or GBP", *currency)
	}
	store, err := openStore(ctx, *db, createRegister)
	if err != nil {
		return err
	}
	defer store.Close()
	have, err := store.CountAssets(ctx, assets.AssetQuery{})
	if err != nil {
		return err
	}
	if have > 0 && !*force {
		return fmt.Errorf("%s already holds %s; the demo fills empty databases only (use --force to add the sample anyway, or --db with a new file)", store.Path(), countOf(have, "asset", "assets"))
	}
	start := time.Now()
	cfg := demo.Config{Assets: *n, People: *people, Seed: *seed, Currency: cur, Today: time.Now()}
	ds := demo.Generate(cfg)
	lc := demo.GenerateLifecycle(cfg, ds)
	added, err := loadDemo(ctx, store, ds, &lc)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Added %s, %s, %s, %s and %s to %s in %s.\n", countOf(added, "person", "people"), countOf(len(ds.Assets), "asset", "assets"),
		countOf(len(lc.Licences), "licence", "licences"), countOf(len(lc.Contracts), "contract", "contracts"), countOf(len(lc.Tasks), "task", "tasks"),
		store.Path(), time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(stdout, "Open it with: steward --db %s\n", store.Path())
	return nil
}

// loadDemo saves a generated office: people first, managers before the
// people who report to them (reusing anyone already registered under the
// same e-mail), then every asset in one transaction.
func loadDemo(ctx context.Context, store registerStore, ds demo.Dataset, lc *demo.Lifecycle) (int, error) {
	ids := map[string]int64{}
	added := 0
	for i := range ds.People {
		p := ds.People[i]
		if old, err := store.PersonByEmail(ctx, p.Email); err == nil {
			ids[p.Email] = old.ID
			continue
		}
		p.ManagerID = ids[ds.Managers[p.Email]]
		if err := store.CreatePerson(ctx, &p); err != nil {
			return added, fmt.Errorf("person %s: %w", p.Email, err)
		}
		ids[p.Email] = p.ID
		added++
	}
	list := make([]assets.Asset, len(ds.Assets))
	for i, a := range ds.Assets {
		list[i] = a.Asset
		if a.HolderEmail != "" {
			list[i].AssignedTo = ids[a.HolderEmail]
		}
	}
	if err := store.CreateAssets(ctx, list); err != nil {
		return added, err
	}
	// Equipment on loan, with due-back dates (two of them late).
	for _, l := range ds.Loans {
		c := assets.CheckOut{AssetID: list[l.Asset].ID, PersonID: ids[l.HolderEmail], On: l.On, DueBack: l.DueBack,
			Condition: assets.ConditionGood, Note: "loan"}
		if _, err := store.CheckOutAsset(ctx, c); err != nil {
			return added, fmt.Errorf("lending %s: %w", list[l.Asset].Tag, err)
		}
	}
	// Courses and training records (cmd_demo_training.go).
	if err := loadDemoTraining(ctx, store, ds, ids); err != nil {
		return added, err
	}
	if lc == nil {
		return added, nil
	}
	// Licences, contracts, tasks and software (cmd_demo_lifecycle.go).
	return added, loadDemoLifecycle(ctx, store, *lc, list, ids)
}
