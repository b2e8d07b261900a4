package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// MaxReportSize bounds what ParseReport reads: a report with a few thousand
// software packages is well under 2 MiB, so 32 MiB is generous and still keeps
// a wrong or hostile file from eating the memory.
const MaxReportSize = 32 << 20

// ParseError says what is wrong with a report and where.
type ParseError struct {
	// Line and Column are 1-based; zero when the problem has no position
	// (a missing field, a size limit).
	Line, Column int
	Msg          string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
	return e.Msg
}

// ErrNewerSchema is wrapped by the error ParseReport returns for a report
// written by a newer collector than this one understands.
var ErrNewerSchema = errors.New("report schema is newer than this Steward understands")

// ParseReport reads one JSON report. It refuses input over MaxReportSize,
// input that is not a Steward inventory report, and reports from a newer
// schema version; JSON mistakes come back as *ParseError with line and column.
func ParseReport(r io.Reader) (*Report, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxReportSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading report: %w", err)
	}
	if len(data) > MaxReportSize {
		return nil, &ParseError{Msg: fmt.Sprintf("report is larger than %d MiB; not a Steward inventory report", MaxReportSize>>20)}
	}
	return parseReportBytes(data)
}

// ParseReportBytes is ParseReport for a report already in memory (it is
// not copied).
func ParseReportBytes(data []byte) (*Report, error) {
	if len(data) > MaxReportSize {
		return nil, &ParseError{Msg: fmt.Sprintf("report is larger than %d MiB; not a Steward inventory report", MaxReportSize>>20)}
	}
	return parseReportBytes(data)
}

// ParseReportFile reads one report file; errors name the file.
func ParseReportFile(path string) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rep, err := ParseReport(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rep, nil
}

func parseReportBytes(data []byte) (*Report, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, &ParseError{Msg: "empty input; expected a JSON inventory report"}
	}
	if trimmed[0] != '{' {
		line, col := position(data, int64(len(data)-len(bytes.TrimLeft(data, " \t\r\n"))))
		return nil, &ParseError{Line: line, Column: col, Msg: fmt.Sprintf("expected a JSON object ('{'), found %s", describeByte(trimmed[0]))}
	}
	rep, err := decodeReport(data)
	if err != nil {
		return nil, err
	}
	switch {
	case rep.SchemaVersion == 0:
		return nil, &ParseError{Msg: "missing \"schema_version\"; this is not a Steward inventory report"}
	case rep.SchemaVersion < 0:
		return nil, &ParseError{Msg: fmt.Sprintf("\"schema_version\" is %d; expected 1 to %d", rep.SchemaVersion, SchemaVersion)}
	case rep.SchemaVersion > SchemaVersion:
		return nil, newerSchema(rep.SchemaVersion)
	case rep.CollectedAt.IsZero():
		return nil, &ParseError{Msg: "missing \"collected_at\" (the time the report was collected)"}
	}
	return rep, nil
}

// decodeReport decodes the JSON, the software list by decodeFast when it
// can, and turns encoding/json's errors into ParseErrors.
func decodeReport(data []byte) (*Report, error) {
	if rep, ok := decodeFast(data); ok {
		return rep, nil
	}
	var rep Report
	// One pass in the common case: decode, then check the version. Only when
	// decoding fails do we look at the version on its own, so that a newer
	// report is refused for its version rather than for a field it added.
	if err := json.Unmarshal(data, &rep); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			// Offset counts the offending byte; at the end of the input
			// there is none, so point just past the last one.
			off := syn.Offset - 1
			if syn.Offset >= int64(len(data)) && strings.Contains(syn.Error(), "unexpected end") {
				off = int64(len(bytes.TrimRight(data, " \t\r\n")))
			}
			line, col := position(data, off)
			return nil, &ParseError{Line: line, Column: col, Msg: "invalid JSON: " + strings.TrimPrefix(syn.Error(), "invalid character ")}
		}
		if v, ok := probeVersion(data); ok && v > SchemaVersion {
			return nil, newerSchema(v)
		}
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			// Offset is just past the value; point at its last byte.
			line, col := position(data, typ.Offset-1)
			field := typ.Field
			if field == "" {
				field = "report"
			}
			return nil, &ParseError{Line: line, Column: col, Msg: fmt.Sprintf("field %q: expected %s, found a JSON %s", field, goTypeWords(typ.Type.String()), typ.Value)}
		}
		// Only time.Time has its own decoder in a Report.
		return nil, &ParseError{Msg: "\"collected_at\": expected a time (RFC 3339, e.g. 2026-01-02T15:04:05Z): " + err.Error()}
	}
	return &rep, nil
}

func newerSchema(v int) error {
	return fmt.Errorf("%w: report has schema version %d, this Steward reads up to %d; update Steward to import it", ErrNewerSchema, v, SchemaVersion)
}

// probeVersion reads only schema_version, ignoring every other field, so a
// type error elsewhere does not hide the version.
func probeVersion(data []byte) (int, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil {
		return 0, false
	}
	var n json.Number
	if raw, ok := m["schema_version"]; !ok || json.Unmarshal(raw, &n) != nil {
		return 0, false
	}
	v, err := n.Int64()
	if err != nil {
		return 0, false
	}
	if v > 1<<30 {
		v = 1 << 30
	}
	return int(v), true
}

// position converts the byte offset of a character into its 1-based line
// and column (columns count bytes, as editors do for ASCII JSON).
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func describeByte(b byte) string {
	if b >= 0x20 && b < 0x7f {
		return fmt.Sprintf("%q", rune(b))
	}
	return fmt.Sprintf("byte 0x%02x", b)
}

// goTypeWords turns a Go type into words a person filling a JSON file knows.
func goTypeWords(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint") || strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	case t == "time.Time":
		return "a time (RFC 3339, e.g. 2026-01-02T15:04:05Z)"
	default:
		return "an object"
	}
}
