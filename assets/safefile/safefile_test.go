package safefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// register makes a fake register (an SQLite header is all Check reads) and
// the rules that protect it.
func register(t *testing.T) (dir, db string, r Rules) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "s.db")
	if err := os.WriteFile(db, append([]byte("SQLite format 3\x00"), make([]byte, 100)...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db+"-wal", []byte("wal"), 0o600); err != nil {
		t.Fatal(err)
	}
	backups := filepath.Join(dir, "backups")
	if err := os.Mkdir(backups, 0o700); err != nil {
		t.Fatal(err)
	}
	r = Rules{Keep: []string{db, db + "-wal", db + "-shm", db + "-journal"}, KeepDirs: []string{backups}}
	return dir, db, r
}

func TestCheckRefusesTheRegisterHoweverNamed(t *testing.T) {
	dir, db, r := register(t)
	t.Chdir(dir)
	if err := os.Symlink(db, filepath.Join(dir, "link.pdf")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(db+"-journal", filepath.Join(dir, "dangling.pdf")); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(db, filepath.Join(dir, "hard.pdf")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		db, "s.db", "./sub/../s.db", "S.DB-SHM", // relative, dotted, another case (a file not there yet)
		db + "-wal", db + "-shm", db + "-journal",
		"link.pdf", "dangling.pdf", "hard.pdf", // symbolic links, a hard link
		filepath.Join(dir, "backups", "steward-2026-01-01.db"), "backups/new.pdf",
	} {
		err := r.Check(p)
		var re *RefusedError
		if !errors.As(err, &re) {
			t.Errorf("Check(%q) = %v, want a refusal", p, err)
		}
	}
	for _, p := range []string{"report.pdf", "sub/report.pdf", "s.db.pdf", "backups-2.pdf"} {
		if err := r.Check(p); err != nil {
			t.Errorf("Check(%q) = %v, want nil", p, err)
		}
	}
}

func TestCheckRefusesAnotherSQLiteFileUnlessForced(t *testing.T) {
	dir, db, r := register(t)
	other := filepath.Join(dir, "other.db")
	data, _ := os.ReadFile(db)
	if err := os.WriteFile(other, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := r.Check(other); err == nil || !strings.Contains(err.Error(), "SQLite database") {
		t.Fatalf("Check(other SQLite file) = %v", err)
	}
	r.Force = true
	if err := r.Check(other); err != nil {
		t.Fatalf("forced: %v", err)
	}
	// --force never reaches the register itself.
	if err := r.Check(db); err == nil {
		t.Fatal("forced: the register was allowed")
	}
	if err := r.Check(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("Check(a folder) = %v", err)
	}
}

func TestWriteReplacesWholeOrNotAtAll(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.csv")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(out, 0o600, Rules{}, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "old" {
		t.Fatalf("after a failed write the file holds %q", b)
	}
	if err := Write(out, 0o600, Rules{}, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	fi, _ := os.Stat(out)
	if string(b) != "new" || fi.Mode().Perm() != 0o600 {
		t.Fatalf("after a write: %q, mode %v", b, fi.Mode().Perm())
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 1 {
		t.Fatalf("temporary files left: %v", left)
	}
}

func TestWriteThroughASymlinkKeepsTheLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.txt")
	link := filepath.Join(dir, "link.txt")
	os.WriteFile(target, []byte("old"), 0o600)
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(target); string(b) != "new" {
		t.Fatalf("target holds %q", b)
	}
}

func TestCommitNewNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "b.db")
	os.WriteFile(dest, []byte("keep"), 0o600)
	f, err := Create(dest, 0o600, Rules{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	f.WriteString("new")
	if err := f.CommitNew(); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("CommitNew over a file = %v", err)
	}
	f.Abort()
	if b, _ := os.ReadFile(dest); string(b) != "keep" {
		t.Fatalf("dest holds %q", b)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Fatalf("temporary files left: %v", left)
	}
}

func TestCreateNamesTheFileAskedFor(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "no", "such", "r.pdf")
	_, err := Create(dest, 0o600, Rules{})
	if err == nil || !strings.Contains(err.Error(), dest) || strings.Contains(err.Error(), ".tmp") {
		t.Fatalf("Create in a missing folder: %v", err)
	}
}
