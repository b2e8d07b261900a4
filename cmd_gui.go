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
	store, err := openStore(ctx, *db, createRegister)
	if err != nil {
		return err
	}
	closeStore := sync.OnceValue(store.Close)
	defer closeStore()
	opened := time.Since(started)
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
		Portable:        *db == "" && defaultDB() != "",
		LoadDemo:        func(ctx context.Context) (string, error) { return loadDemoForGUI(ctx, store) },
		AddThisComputer: func(ctx context.Context) (string, error) { return addThisComputer(ctx, store) },
	}
	svc.Ready = func() {
		if *trace {
			fmt.Fprintf(stderr, "steward: database open after %d ms; first screen ready after %d ms\n",
				opened.Milliseconds(), time.Since(started).Milliseconds())
		}
		backup.Add(1)
		go func() {
			defer backup.Done()
			dailyBackup(ctx, store)
		}()
	}
	// Fyne quits on SIGINT and SIGTERM by itself; a second quit from the
	// signal context raced with it and could hang the shutdown.
	return app.Run(context.WithoutCancel(ctx), svc)
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
func loadDemoForGUI(ctx context.Context, store *sqlite.Store) (string, error) {
	have, err := store.CountAssets(ctx, assets.AssetQuery{})
	if err != nil {
		return "", err
	}
	if have > 0 {
		return "", fmt.Errorf("the register already holds %d assets; the demo fills empty registers only", have)
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
	return fmt.Sprintf("Added %d people and %d assets of a sample office. To start afresh later, use a new database (steward --db FILE).", people, len(ds.Assets)), nil
}

// dailyBackup keeps a rotating copy of the register for each day Steward is
// opened (assets.BackupKeep copies). A failure is logged, not
// fatal: the person can still work, and Settings shows the backups.
func dailyBackup(ctx context.Context, store *sqlite.Store) {
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
func addThisComputer(ctx context.Context, store *sqlite.Store) (string, error) {
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
