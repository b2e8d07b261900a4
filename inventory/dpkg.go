package inventory

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// maxDpkgStatusSize bounds the status file we read; a large desktop install
// has a few MiB.
const maxDpkgStatusSize = 256 << 20

// DpkgError is a malformed line in a dpkg status file.
type DpkgError struct {
	Line int
	Msg  string
}

func (e *DpkgError) Error() string { return fmt.Sprintf("dpkg status line %d: %s", e.Line, e.Msg) }

// ParseDpkgStatus reads dpkg's status file (/var/lib/dpkg/status, deb822
// stanzas separated by blank lines) and returns the packages whose status is
// "installed", in file order. Reading the file directly is an order of
// magnitude faster than running dpkg-query.
//
// On a malformed line it returns the packages read so far and a *DpkgError.
func ParseDpkgStatus(r io.Reader) ([]Software, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxDpkgStatusSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxDpkgStatusSize {
		return nil, &DpkgError{Msg: fmt.Sprintf("file is larger than %d MiB", maxDpkgStatusSize>>20)}
	}
	return parseDpkgStatus(data)
}

func parseDpkgStatus(data []byte) ([]Software, error) {
	// Roughly one package per 900 bytes on a real system.
	out := make([]Software, 0, len(data)/900+1)
	var (
		cur        Software
		installed  bool
		inStanza   bool
		stanzaLine int
	)
	flush := func() error {
		if inStanza {
			if cur.Name == "" {
				return &DpkgError{Line: stanzaLine, Msg: "stanza has no \"Package\" field"}
			}
			if installed {
				cur.Source = "dpkg"
				out = append(out, cur)
			}
		}
		cur, installed, inStanza = Software{}, false, false
		return nil
	}
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(bytes.TrimSpace(line)) == 0 {
			if err := flush(); err != nil {
				return out, err
			}
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if !inStanza {
				return out, &DpkgError{Line: lineNo, Msg: "continuation line outside a stanza"}
			}
			continue // continuation of a multi-line field we do not keep
		}
		if line[0] == '#' {
			continue
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 {
			return out, &DpkgError{Line: lineNo, Msg: fmt.Sprintf("expected \"Field: value\", found %q", truncate(string(line), 40))}
		}
		if !inStanza {
			inStanza, stanzaLine = true, lineNo
		}
		name := line[:colon]
		value := string(bytes.TrimSpace(line[colon+1:]))
		// dpkg writes field names in their canonical case.
		switch string(name) {
		case "Package":
			cur.Name = value
		case "Version":
			cur.Version = value
		case "Architecture":
			if value != "all" {
				cur.Arch = value
			}
		case "Maintainer":
			cur.Publisher = personName(value)
		case "Status":
			// "want flag status": only the last word says what is on disk.
			f := strings.Fields(value)
			installed = len(f) == 3 && f[2] == "installed"
		}
	}
	if err := flush(); err != nil {
		return out, err
	}
	return out, nil
}

// personName drops the e-mail part of "Name <address>".
func personName(s string) string {
	if i := strings.IndexByte(s, '<'); i >= 0 {
		if n := strings.TrimSpace(s[:i]); n != "" {
			return n
		}
	}
	return strings.TrimSpace(s)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
