package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"steward/assets/move"
	"steward/assets/postgres"
)

const dbPushHelp = `Usage: steward db push [--from FILE] --to URL

Copies the whole register in FILE (its records, history, settings and sealed
licence keys, which open with the same passphrase there) into the empty
shared register at URL, made by 'steward db init' on a new database. A
register that holds anything is refused and left as it is. FILE is only
read: keep it as the copy from before the move.

Everything is copied in one transaction: if the copy fails or is stopped
(Ctrl-C), the shared register stays empty. Other Stewards connected to it
wait until the copy ends. It takes a Steward administrator.`

func runDBPush(ctx context.Context, args []string) error {
	fs := newFlagSet("db push", dbPushHelp)
	def := os.Getenv("STEWARD_DB")
	if postgres.IsURL(def) {
		def = ""
	}
	from := fs.String("from", def, "the register `file` to copy (default: $STEWARD_DB when it is a file, else your register)")
	defTo := os.Getenv("STEWARD_DB")
	if !postgres.IsURL(defTo) {
		defTo = ""
	}
	to := fs.String("to", defTo, "the empty shared register's PostgreSQL `URL` (postgres://user@host/database); default $STEWARD_DB when it is one")
	verbose := fs.Bool("verbose", false, "list the rows copied, table by table")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q: name the file with --from and the register with --to", pos[0])
	}
	if postgres.IsURL(*from) {
		return usagef("--from names a register file; to copy between two shared registers, back one up (steward backup --db URL --out FILE) and push the file")
	}
	if *to == "" {
		return usagef("give the shared register's address: steward db push --from FILE --to postgres://USER@HOST/DATABASE")
	}
	url, err := registerURL(nil, *to, "push --from FILE --to")
	if err != nil {
		return err
	}
	path, err := registerPath(*from)
	if err != nil {
		return err
	}
	src, err := move.OpenSource(ctx, path)
	if err != nil {
		return err
	}
	defer src.Close()
	conn, err := postgres.Connect(ctx, url, dbOptions())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	show := progressLines("db push")
	sum, err := move.Push(ctx, src, conn, move.Options{Progress: show})
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "steward db push: nothing was copied: the register at %s is as it was, empty\n", postgres.WithoutPassword(url))
		}
		return err
	}
	fmt.Fprintf(stdout, "Copied %s into %s in %s: %s, %s, %s (%s in all).\n", path, postgres.WithoutPassword(url), sum.Elapsed.Round(100*time.Millisecond),
		countOf(int(sum.Rows["assets"]), "asset", "assets"), countOf(int(sum.Rows["people"]), "person", "people"),
		countOf(int(sum.Rows["history"]), "history row", "history rows"), countOf(int(sum.TotalRows()), "row", "rows"))
	if *verbose {
		fmt.Fprint(stdout, tableCounts(sum.Rows))
	}
	if sum.NewGIDs > 0 {
		fmt.Fprintf(stdout, "%s had no global id yet and got one.\n", countOf(int(sum.NewGIDs), "record", "records"))
	}
	fmt.Fprintf(stdout, "%s was not changed. The team can now open the shared register: steward --db %s\n", path, postgres.WithoutPassword(url))
	return nil
}

// progressLines tells on stderr how far a long copy is: nothing for the
// first two seconds (a small register is done by then), then a line every
// two seconds at most.
func progressLines(cmd string) func(move.Progress) {
	start := time.Now()
	var mu sync.Mutex
	var last time.Time
	return func(p move.Progress) {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		if now.Sub(start) < 2*time.Second || now.Sub(last) < 2*time.Second {
			return
		}
		last = now
		line := fmt.Sprintf("steward %s: %s", cmd, p.Step)
		if p.Total > 0 {
			line += fmt.Sprintf(" (%s of %s rows, %d%%)", thousands(p.Rows), thousands(p.Total), p.Rows*100/p.Total)
		}
		fmt.Fprintln(stderr, line)
	}
}

// thousands writes n with a comma between each group of three digits.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// tableCounts lists a copy's tables and rows, largest first (--verbose).
func tableCounts(rows map[string]int64) string {
	names := make([]string, 0, len(rows))
	for n := range rows {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if rows[names[i]] != rows[names[j]] {
			return rows[names[i]] > rows[names[j]]
		}
		return names[i] < names[j]
	})
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "  %-22s %s\n", n, thousands(rows[n]))
	}
	return b.String()
}
