package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"sync"
	"time"

	"steward/app"
	"steward/assets"
	"steward/assets/demo"
	"steward/assets/postgres"
	"steward/assets/sqlite"
	"steward/inventory"
	"steward/inventory/intake"
)

// started is when the process began, for --trace-startup.
var started = time.Now()

func init() {
	register(command{name: "gui", summary: "open the window (the default)", run: runGUI})
}

func runGUI(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("steward", flag.ContinueOnError)
	fs.Usage = func() {
		printUsage(fs.Output())
		fmt.Fprintln(fs.Output(), "\nFlags of the window (steward [flags]):")
		printFlags(fs.Output(), fs)
	}
	db := dbFlag(fs)
	screen := fs.String("screen", "", "open on this screen (Dashboard, Assets, ...)")
	trace := fs.Bool("trace-startup", false, "print how long the window took to show its first screen's data")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	desk := app.NewDesktop(preferencesPath())
	where := *db
	if where == "" {
		// No --db or STEWARD_DB: the shared register chosen in Settings,
		// if any (this computer's preference, without a password).
		where = desk.SharedRegister()
	}
	opened, err := openStore(ctx, where, createRegister)
	if err != nil {
		if where != *db {
			return fmt.Errorf("%w\n(this is the shared register chosen in Settings; to open your register file instead: steward --db FILE)", err)
		}
		return err
	}
	store, ok := opened.(app.Store)
	if !ok {
		opened.Close()
		return fmt.Errorf("this Steward's window cannot open a shared register yet (its PostgreSQL store has no alerts): use the command line (steward help) or a register file (steward --db FILE)")
	}
	closeStore := sync.OnceValue(opened.Close)
	defer closeStore()
	openedAfter := time.Since(started)
	// The day's backup copies the whole file: it starts once the window
	// shows its data (not competing with startup), reads a consistent
	// snapshot while the person works, and finishes before the store closes.
	var backup sync.WaitGroup
	defer backup.Wait()
	go quitWatchdog(ctx, quitGrace, func() {
		backup.Wait()
		closeStore()
	}, os.Exit)
	notify := prepareDesktop()
	svc := app.Services{
		Store: store, CheckBackup: sqlite.CheckBackup, Version: version, StartScreen: *screen, NoNotifications: !notify,
		Portable:        where == "" && defaultDB() != "",
		LoadDemo:        func(ctx context.Context) (string, error) { return loadDemoForGUI(ctx, opened) },
		AddThisComputer: func(ctx context.Context) (string, error) { return addThisComputer(ctx, opened) },
		ConnectTest:     connectTest,
		WithoutPassword: postgres.WithoutPassword,
	}
	if *trace {
		svc.CountsShown = func() {
			fmt.Fprintf(stderr, "steward: dashboard counts shown after %d ms (alerts still computing)\n", time.Since(started).Milliseconds())
		}
	}
	svc.Ready = func() {
		if *trace {
			fmt.Fprintf(stderr, "steward: database open after %d ms; first screen ready after %d ms\n",
				openedAfter.Milliseconds(), time.Since(started).Milliseconds())
		}
		backup.Add(1)
		go func() {
			defer backup.Done()
			dailyBackup(ctx, opened)
		}()
	}
	// Fyne quits on SIGINT and SIGTERM by itself; a second quit from the
	// signal context raced with it and could hang the shutdown.
	return desk.Run(context.WithoutCancel(ctx), svc)
}

// connectTest is Settings' "Test connection": it connects to a shared
// register as the window would open it and says who is connected, or what
// failed in plain words.
func connectTest(ctx context.Context, address, password string) (string, error) {
	st, err := postgres.Probe(ctx, address, password)
	if err != nil {
		return "", err
	}
	role := st.Role.String()
	if st.Superuser {
		role = "superuser"
	}
	return fmt.Sprintf("Connected to the register in database %s (PostgreSQL %s) as %s, role %s.", st.Database, st.Server, st.User, role), nil
}

// quitGrace is how long the window gets to close after SIGTERM or SIGINT.
const quitGrace = 5 * time.Second

// quitWatchdog ends the process if the window has not closed grace after
// a signal (ctx is cancelled by SIGTERM/SIGINT). Fyne quits on those
// signals by itself, but rarely stays blocked waiting for window events
// (seen under load, in GLFW's WaitForEvents); a service manager's stop must
// not hang. cleanup finishes the backup and closes the register first,
// so the file is left whole either way.
func quitWatchdog(ctx context.Context, grace time.Duration, cleanup func(), exit func(int)) {
	<-ctx.Done()
	time.Sleep(grace)
	log.Printf("steward: the window did not close within %v of the signal; closing the register and exiting", grace)
	cleanup()
	exit(0)
}

// loadDemoForGUI fills an empty register with the sample office, in the
// register's default currency, for the first-run choice "Load the demo".
func loadDemoForGUI(ctx context.Context, store registerStore) (string, error) {
	have, err := store.CountAssets(ctx, assets.AssetQuery{})
	if err != nil {
		return "", err
	}
	if have > 0 {
		return "", fmt.Errorf("the register already holds %s; the demo fills empty registers only", countOf(have, "asset", "assets"))
	}
	cur, err := store.Setting(ctx, assets.SettingCurrency)
	if err != nil {
		return "", err
	}
	cfg := assets.SettingsFrom(func(k string) string { return map[string]string{assets.SettingCurrency: cur}[k] })
	dc := demo.Config{Seed: 1, Currency: cfg.Currency, Today: time.Now()}
	ds := demo.Generate(dc)
	lc := demo.GenerateLifecycle(dc, ds)
	people, err := loadDemo(ctx, store, ds, &lc)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Added %s and %s of a sample office. To start afresh later, use a new database (steward --db FILE).", countOf(people, "person", "people"), countOf(len(ds.Assets), "asset", "assets")), nil
}

// dailyBackup keeps a rotating copy of the register for each day Steward is
// opened (assets.BackupKeep copies). A failure is logged, not
// fatal: the person can still work, and Settings shows the backups.
func dailyBackup(ctx context.Context, store registerStore) {
	v, _ := store.Setting(ctx, assets.SettingBackupKeep)
	keep := assets.BackupKeep(v)
	if path, made, err := store.DailyBackup(ctx, "", keep); err != nil {
		log.Printf("daily backup failed: %v", err)
	} else if made {
		log.Printf("daily backup written to %s", path)
	}
}

// addThisComputer collects this machine's inventory and reconciles it into
// the register (the first-run choice "Add this computer").
func addThisComputer(ctx context.Context, store registerStore) (string, error) {
	rep, err := inventory.Collect(ctx, inventory.Options{})
	if err != nil {
		return "", err
	}
	in, err := intake.FromReport(rep, "this computer")
	if err != nil {
		return "", err
	}
	res, err := store.ImportInventory(ctx, in, false)
	if err != nil {
		return "", err
	}
	return intake.Outcome(res), nil
}
