package main

import (
	"context"
	"fmt"

	"steward/assets/sqlite"
)

func init() {
	register(command{name: "keys", summary: "encrypt licence keys at rest with a passphrase (encrypt|decrypt|passwd|status)", run: runKeys})
}

// runKeys: steward keys encrypt|decrypt|passwd|status. The passphrase comes
// from --passphrase-file or $STEWARD_PASSPHRASE (golang.org/x/term is not in
// the module graph, so there is no prompt); passwd reads the new one from
// --new-passphrase-file.
func runKeys(ctx context.Context, args []string) error {
	fs := newFlagSet("keys", "Usage: steward keys encrypt|decrypt|passwd|status [flags]")
	db := dbFlag(fs)
	passFile := passphraseFlag(fs)
	newFile := fs.String("new-passphrase-file", "", "passwd: read the new passphrase from this `file`")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("say what to do: steward keys encrypt|decrypt|passwd|status [--passphrase-file FILE]")
	}
	action := rest[0]
	switch action {
	case "encrypt", "decrypt", "passwd", "status":
	default:
		return usagef("unknown keys action %q: use encrypt, decrypt, passwd or status", action)
	}
	store, err := openStore(ctx, *db)
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
	switch action {
	case "encrypt":
		err = store.EnableKeyEncryption(ctx, pass)
	case "decrypt":
		err = store.DisableKeyEncryption(ctx, pass)
	case "passwd":
		if *newFile == "" {
			return usagef("give the new passphrase with --new-passphrase-file FILE")
		}
		var np string
		if np, err = readPassphrase(*newFile); err != nil {
			return err
		}
		err = store.ChangeKeyPassphrase(ctx, pass, np)
	}
	if err != nil {
		return err
	}
	return printKeyStatus(ctx, store)
}

func printKeyStatus(ctx context.Context, store *sqlite.Store) error {
	st, err := store.KeyEncryption(ctx)
	if err != nil {
		return err
	}
	state := "off"
	if st.Enabled {
		state = "on"
	}
	fmt.Fprintf(stdout, "licence key encryption: %s (%d keys sealed, %d in plain text)\n", state, st.Sealed, st.Plain)
	return nil
}
