package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
)

// passphraseEnv names the environment variable that may hold the licence-key
// passphrase. A plain flag value is not offered: it would show in ps and in
// shell history.
const passphraseEnv = "STEWARD_PASSPHRASE"

// passphraseFlag adds --passphrase-file to a command's flags.
func passphraseFlag(fs *flag.FlagSet) *string {
	return fs.String("passphrase-file", "", "read the licence-key passphrase from this `file` (first line; or set "+passphraseEnv+")")
}

// readPassphrase returns the passphrase from file (first line) or, when file
// is "", from $STEWARD_PASSPHRASE; "" when neither is given.
func readPassphrase(file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("reading the passphrase: %w", err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		line = strings.TrimRight(line, "\r")
		if line == "" {
			return "", fmt.Errorf("%s: the passphrase file is empty", file)
		}
		return line, nil
	}
	return os.Getenv(passphraseEnv), nil
}

// unlockIfGiven unlocks the store's licence keys when a passphrase was given
// and encryption is on; a wrong passphrase is an error.
func unlockIfGiven(ctx context.Context, store registerStore, file string) error {
	pass, err := readPassphrase(file)
	if err != nil || pass == "" {
		return err
	}
	st, err := store.KeyEncryption(ctx)
	if err != nil || !st.Enabled {
		return err
	}
	if err := store.UnlockKeys(ctx, pass); err != nil {
		return fmt.Errorf("cannot unlock the licence keys: %w", err)
	}
	return nil
}
