package main

import (
	"context"
	"fmt"
	"strings"

	"steward/assets/sqlite"
)

func init() {
	register(command{name: "keys", summary: "encrypt licence keys at rest with a passphrase (encrypt|decrypt|passwd|status|reseal-backups)", run: runKeys})
}

// runKeys: steward keys encrypt|decrypt|passwd|status|reseal-backups. The
// passphrase comes from --passphrase-file or $STEWARD_PASSPHRASE
// (golang.org/x/term is not in the module graph, so there is no prompt);
// passwd reads the new one from --new-passphrase-file. Sealing the
// register's keys leaves its backups as they were: encrypt and passwd say
// which still hold keys in plain text, and seal them too with
// --reseal-backups (reseal-backups does it later).
func runKeys(ctx context.Context, args []string) error {
	fs := newFlagSet("keys", "Usage: steward keys encrypt|decrypt|passwd|status [flags]")
	db := dbFlag(fs)
	passFile := passphraseFlag(fs)
	newFile := fs.String("new-passphrase-file", "", "passwd: read the new passphrase from this `file`")
	reseal := fs.Bool("reseal-backups", false, "encrypt, passwd: also seal the keys that the register's backups hold in plain text")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("say what to do: steward keys encrypt|decrypt|passwd|status|reseal-backups [--passphrase-file FILE]")
	}
	action := rest[0]
	switch action {
	case "encrypt", "decrypt", "passwd", "status", "reseal-backups":
	default:
		return usagef("unknown keys action %q: use encrypt, decrypt, passwd, status or reseal-backups", action)
	}
	if *reseal && action != "encrypt" && action != "passwd" {
		return usagef("--reseal-backups goes with encrypt or passwd (or run: steward keys reseal-backups)")
	}
	use := changeRegister
	if action == "status" {
		use = readRegister
	}
	store, err := openStore(ctx, *db, use)
	if err != nil {
		return err
	}
	defer store.Close()
	if action == "status" {
		return printKeyStatus(ctx, store)
	}
	pass, err := readPassphrase(*passFile)
	if err != nil {
		return err
	}
	if pass == "" {
		return usagef("give the passphrase with --passphrase-file FILE or %s", passphraseEnv)
	}
	sealWith := pass // the passphrase the register's keys are sealed with now
	switch action {
	case "encrypt":
		err = store.EnableKeyEncryption(ctx, pass)
	case "decrypt":
		err = store.DisableKeyEncryption(ctx, pass)
	case "passwd":
		if *newFile == "" {
			return usagef("give the new passphrase with --new-passphrase-file FILE")
		}
		if sealWith, err = readPassphrase(*newFile); err != nil {
			return err
		}
		err = store.ChangeKeyPassphrase(ctx, pass, sealWith)
	case "reseal-backups":
		// Only with the register's own passphrase, checked here: a typo
		// must not seal the backups under a passphrase nobody knows.
		if st, err := store.KeyEncryption(ctx); err != nil {
			return err
		} else if !st.Enabled {
			return fmt.Errorf("the register's licence keys are not encrypted: run steward keys encrypt first")
		}
		if err := store.UnlockKeys(ctx, pass); err != nil {
			return err
		}
		return resealCopies(ctx, store, pass)
	}
	if err != nil {
		return err
	}
	if err := printKeyStatus(ctx, store); err != nil {
		return err
	}
	if action == "decrypt" {
		return nil
	}
	if *reseal {
		return resealCopies(ctx, store, sealWith)
	}
	return notePlainCopies(ctx, store)
}

// notePlainCopies says which of the register's backups still hold
// licence keys in plain text, and how to seal them.
func notePlainCopies(ctx context.Context, store registerStore) error {
	copies, err := store.Copies()
	if err != nil {
		return err
	}
	var plain []string
	for _, c := range copies {
		if n, err := sqlite.PlainKeys(ctx, c); err == nil && n > 0 {
			plain = append(plain, fmt.Sprintf("  %s (%s in plain text)", c, countOf(n, "key", "keys")))
		}
	}
	if len(plain) == 0 {
		return nil
	}
	fmt.Fprintf(stdout, "Note: %s of this register still hold licence keys in plain text:\n%s\n", countOf(len(plain), "backup", "backups"), strings.Join(plain, "\n"))
	fmt.Fprintln(stdout, "Seal them with the same passphrase: steward keys reseal-backups --passphrase-file FILE (or give --reseal-backups to encrypt or passwd).")
	return nil
}

// resealCopies seals the plain-text keys of every backup of the register
// with passphrase, each checked before it replaces the backup. A file
// that is not a sound Steward backup is left alone, and said so.
func resealCopies(ctx context.Context, store registerStore, passphrase string) error {
	copies, err := store.Copies()
	if err != nil {
		return err
	}
	sealed, keys, failed := 0, 0, 0
	for _, c := range copies {
		if _, err := sqlite.CheckBackup(ctx, c); err != nil {
			fmt.Fprintf(stderr, "steward: left alone: %v\n", err)
			continue
		}
		n, err := sqlite.ResealCopy(ctx, c, passphrase)
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "steward: %v\n", err)
			continue
		}
		if n > 0 {
			sealed++
			keys += n
			fmt.Fprintf(stdout, "  %s: %s sealed\n", c, countOf(n, "key", "keys"))
		}
	}
	fmt.Fprintf(stdout, "re-sealed %s (%s); each was checked before it replaced the old copy\n", countOf(sealed, "backup", "backups"), countOf(keys, "key", "keys"))
	if failed > 0 {
		return fmt.Errorf("%s could not be re-sealed and were left as they were (see above)", countOf(failed, "backup", "backups"))
	}
	return nil
}

func printKeyStatus(ctx context.Context, store registerStore) error {
	st, err := store.KeyEncryption(ctx)
	if err != nil {
		return err
	}
	state := "off"
	if st.Enabled {
		state = "on"
	}
	fmt.Fprintf(stdout, "licence key encryption: %s (%s sealed, %d in plain text)\n", state, countOf(st.Sealed, "key", "keys"), st.Plain)
	return nil
}
