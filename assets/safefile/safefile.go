// Package safefile writes files so that a failure never leaves half a file
// and a careless path never replaces a file that must be kept (the open
// register, its journal files, its backups, any other SQLite database).
//
// Every write goes to a temporary file in the destination's folder, which
// is renamed into place only once it is complete: the old file (if any)
// stays whole until then, and an interrupted write leaves nothing behind.
// It imports nothing of Steward's, so any package may use it.
package safefile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// Rules say which paths a write must refuse.
type Rules struct {
	// Keep lists files never to be written: the open register and its
	// -wal, -shm and -journal files (whether they exist yet or not); the
	// first is the register itself (messages name it so).
	Keep []string
	// KeepDirs lists folders nothing is written into (the backups).
	KeepDirs []string
	// Force allows replacing an existing SQLite database that Keep does
	// not name; without it such a file is refused.
	Force bool
}

// RefusedError says why a path may not be written.
type RefusedError struct {
	Path   string
	Reason string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("will not write %s: %s", e.Path, e.Reason)
}

// Check tells whether path may be written under r. It follows symbolic
// links, compares files by identity (os.SameFile) where both exist, and
// compares names case-insensitively where one does not exist yet (a
// case-insensitive file system would make them the same file).
func (r Rules) Check(path string) error {
	real, err := resolve(path)
	if err != nil {
		return err
	}
	info, statErr := os.Stat(real)
	exists := statErr == nil
	if exists && !info.Mode().IsRegular() {
		return &RefusedError{path, "it is not a regular file"}
	}
	for _, k := range r.Keep {
		kr, err := resolve(k)
		if err != nil {
			continue
		}
		if samePlace(real, kr) {
			return &RefusedError{path, "it is " + describeKept(k, r.Keep[0]) + "; choose another file"}
		}
	}
	for _, d := range r.KeepDirs {
		dr, err := resolve(d)
		if err != nil {
			continue
		}
		for p := filepath.Dir(real); ; p = filepath.Dir(p) {
			if samePlace(p, dr) {
				return &RefusedError{path, "it is in the register's backups folder (" + d + "); choose another folder"}
			}
			if p == filepath.Dir(p) {
				break
			}
		}
	}
	if exists && !r.Force {
		if db, err := IsSQLite(real); err != nil {
			return err
		} else if db {
			return &RefusedError{path, "it is an SQLite database, which this would destroy (--force replaces it)"}
		}
	}
	return nil
}

// describeKept names a kept file for a message: the register itself or
// one of its companion files.
func describeKept(k, register string) string {
	if k == register {
		return "the register"
	}
	return "a file of the register (" + filepath.Base(k) + ")"
}

// IsSQLite tells whether the file at path starts with SQLite's header.
func IsSQLite(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, err
	}
	return bytes.Equal(head[:n], sqliteHeader), nil
}

// samePlace tells whether a and b (resolved, absolute) name one file: by
// identity where both exist, else by name ignoring case.
func samePlace(a, b string) bool {
	ai, aerr := os.Stat(a)
	bi, berr := os.Stat(b)
	if aerr == nil && berr == nil {
		return os.SameFile(ai, bi)
	}
	return strings.EqualFold(filepath.Clean(a), filepath.Clean(b))
}

// resolve makes path absolute and follows its symbolic links as far as
// they exist: the folder of a file not written yet, and a link at the end
// that points to a file not written yet.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return resolveAbs(abs, 0), nil
}

func resolveAbs(p string, depth int) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	if depth > 40 {
		return p
	}
	dir, base := filepath.Split(p)
	if dir = filepath.Clean(dir); dir != p {
		p = filepath.Join(resolveAbs(dir, depth+1), base)
	}
	if target, err := os.Readlink(p); err == nil {
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		return resolveAbs(target, depth+1)
	}
	return p
}

// ErrExists says a destination that must be new is taken; errors.Is(err,
// fs.ErrExist) holds for it too.
var ErrExists error = existsError{}

type existsError struct{}

func (existsError) Error() string        { return "already exists" }
func (existsError) Is(target error) bool { return target == fs.ErrExist }

// File is a file being written next to its destination. Commit puts it in
// place; Abort (safe to defer, also after Commit) throws it away.
type File struct {
	*os.File
	dest   string
	closed bool
	done   bool
}

// Create checks dest against r and opens a temporary file in dest's folder
// with the given mode. A destination that is a symbolic link is written
// through: the file it points to is replaced.
func Create(dest string, mode fs.FileMode, r Rules) (*File, error) {
	if err := r.Check(dest); err != nil {
		return nil, err
	}
	real, err := resolve(dest)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(real), "."+filepath.Base(real)+".*.tmp")
	if err != nil {
		// Name the file asked for, not the temporary one.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("cannot write %s: the folder %s does not exist", dest, filepath.Dir(dest))
		}
		return nil, fmt.Errorf("cannot write %s: %w", dest, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	return &File{File: tmp, dest: real}, nil
}

// Close closes the temporary file (for a writer that reopens it by name,
// such as SQLite); Commit then only renames it.
func (f *File) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	return f.File.Close()
}

// finish syncs and closes the temporary file; one closed early for
// another writer (SQLite) is reopened to be synced.
func (f *File) finish() error {
	if f.closed {
		return syncPath(f.Name())
	}
	if err := f.File.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// syncPath flushes the file at path to disk.
func syncPath(path string) error {
	g, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := g.Sync(); err != nil {
		g.Close()
		return err
	}
	return g.Close()
}

// Replace puts tmp, a finished file written beside dest by other means,
// in place of dest once it is on disk.
func Replace(tmp, dest string) error {
	if err := syncPath(tmp); err != nil {
		return err
	}
	return os.Rename(tmp, dest)
}

// Commit replaces the destination with the finished file.
func (f *File) Commit() error {
	if err := f.finish(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), f.dest); err != nil {
		return err
	}
	f.done = true
	return nil
}

// CommitNew puts the finished file in place only if the destination does
// not exist: it never replaces anything.
func (f *File) CommitNew() error {
	if err := f.finish(); err != nil {
		return err
	}
	err := os.Link(f.Name(), f.dest)
	if err != nil && !os.IsExist(err) {
		// File systems without hard links (FAT, some network shares):
		// check, then rename.
		if _, serr := os.Lstat(f.dest); serr == nil {
			err = fs.ErrExist
		} else {
			err = os.Rename(f.Name(), f.dest)
			if err == nil {
				f.done = true
				return nil
			}
		}
	}
	if os.IsExist(err) || errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s %w; choose another name", f.dest, ErrExists)
	}
	if err != nil {
		return err
	}
	f.done = true
	return os.Remove(f.Name())
}

// Abort closes and removes the temporary file unless it was committed.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.Close()
	os.Remove(f.Name())
	f.done = true
}

// Write checks dest against r, fills a temporary file through a buffer
// with fill, and renames it over dest. If fill fails, dest is untouched and
// the temporary file is removed.
func Write(dest string, mode fs.FileMode, r Rules, fill func(w io.Writer) error) error {
	f, err := Create(dest, mode, r)
	if err != nil {
		return err
	}
	defer f.Abort()
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := fill(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Commit()
}

// WriteFile writes data to path through a temporary file (no rules: for
// files whose path the program chooses, such as keys and catalogs).
func WriteFile(path string, data []byte, mode fs.FileMode) error {
	return Write(path, mode, Rules{}, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// ForRegister are the rules while the register at db is in use: never the
// register, its -wal, -shm and -journal files (also under the name its
// symbolic links resolve to) nor anything in its backups folder. The
// command line and the window both write through them.
func ForRegister(db string, force bool) Rules {
	r := Rules{Force: force}
	names := []string{db}
	if real, err := filepath.EvalSymlinks(db); err == nil && real != db {
		names = append(names, real)
	}
	for _, n := range names {
		r.Keep = append(r.Keep, n, n+"-wal", n+"-shm", n+"-journal")
		r.KeepDirs = append(r.KeepDirs, filepath.Join(filepath.Dir(n), "backups"))
	}
	return r
}
