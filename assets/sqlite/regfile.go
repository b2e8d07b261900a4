package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// NoRegisterError says there is no register at Path: no file, or an empty
// one. Only the commands that may create a register (sqlite.Create) go on.
type NoRegisterError struct {
	Path  string
	Empty bool // the file exists but holds nothing
}

func (e *NoRegisterError) Error() string {
	if e.Empty {
		return "no register at " + e.Path + " (the file is empty)"
	}
	return "no register at " + e.Path
}

// CheckRegister tells, without writing, whether path holds a Steward
// register (nil), nothing (a *NoRegisterError), or something else.
func CheckRegister(ctx context.Context, path string) error {
	f, err := inspectFile(ctx, path)
	if err == nil && f.blank {
		err = &NoRegisterError{Path: path, Empty: !f.missing}
	}
	return err
}

// regFile is what a file holds, learned without writing to it.
type regFile struct {
	blank   bool // missing, zero bytes, or an SQLite file with nothing in it
	missing bool // no file at all
	version int  // PRAGMA user_version
}

// sqliteMagic opens every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// inspectFile tells whether path is a Steward register, a blank file, or
// something else (an error), before anything opens it for writing. It reads
// the file's header; only when the header may be stale (a WAL-mode file
// whose log is not empty) does it ask SQLite, on a read-only connection.
func inspectFile(ctx context.Context, path string) (regFile, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return regFile{blank: true, missing: true}, nil
	}
	if err != nil {
		return regFile{}, fmt.Errorf("cannot open %s: %w", path, err)
	}
	if fi.IsDir() {
		return regFile{}, fmt.Errorf("%s is a folder, not a register", path)
	}
	walSize := int64(0)
	if wi, err := os.Stat(path + "-wal"); err == nil {
		walSize = wi.Size()
	}
	if fi.Size() == 0 && walSize == 0 {
		return regFile{blank: true}, nil
	}
	var head [100]byte
	if fi.Size() > 0 {
		f, err := os.Open(path)
		if err != nil {
			return regFile{}, fmt.Errorf("cannot open %s: %w", path, err)
		}
		_, err = io.ReadFull(f, head[:])
		f.Close()
		if err != nil || !bytes.HasPrefix(head[:], sqliteMagic) {
			return regFile{}, fmt.Errorf("%s is not a Steward database: it is not an SQLite file at all", path)
		}
		appID := binary.BigEndian.Uint32(head[68:])
		version := int(binary.BigEndian.Uint32(head[60:]))
		schemaCookie := binary.BigEndian.Uint32(head[40:])
		walMode := head[18] == 2
		switch {
		case appID == ApplicationID:
			return regFile{version: version}, nil
		case !(walMode && walSize > 0):
			// The header is the whole truth: nothing waits in a log.
			if appID == 0 && version == 0 && schemaCookie == 0 {
				return regFile{blank: true}, nil
			}
			return regFile{}, notSteward(path)
		}
	}
	// The header may lag behind the log (a register created, then the
	// process killed before the log was copied in): ask SQLite.
	return inspectWithSQLite(ctx, path)
}

func notSteward(path string) error {
	return fmt.Errorf("%s is not a Steward database: it is another program's SQLite database; it was left untouched", path)
}

// inspectWithSQLite reads the identity of a WAL-mode file through SQLite,
// read-only.
func inspectWithSQLite(ctx context.Context, path string) (regFile, error) {
	db, err := sql.Open("sqlite3", dsn(path, "&mode=ro"))
	if err != nil {
		return regFile{}, err
	}
	defer db.Close()
	var appID, version, objects int
	err = db.QueryRowContext(ctx, "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)").Scan(&appID, &version, &objects)
	if err != nil {
		return regFile{}, openError(path, err)
	}
	switch {
	case appID == ApplicationID:
		return regFile{version: version}, nil
	case appID == 0 && version == 0 && objects == 0:
		return regFile{blank: true}, nil
	}
	return regFile{}, notSteward(path)
}
