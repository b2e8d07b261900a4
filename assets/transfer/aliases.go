package transfer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"strings"

	"steward/assets/csvio"
)

// renameHeader rewrites the header line of r, giving aliased columns their
// kind's name, and passes the rest through untouched (so line numbers stay
// right). A header it cannot read is passed on as it is, for csvio to report.
func renameHeader(r io.Reader, aliases map[string]string) io.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	line, err := br.ReadSlice('\n')
	line = append([]byte(nil), line...) // ReadSlice's bytes are only lent
	if err != nil && err != io.EOF {
		return io.MultiReader(bytes.NewReader(line), br)
	}
	head := bytes.TrimPrefix(line, []byte{0xEF, 0xBB, 0xBF})
	cells, perr := csv.NewReader(bytes.NewReader(head)).Read()
	if perr != nil {
		return io.MultiReader(bytes.NewReader(line), br)
	}
	changed := false
	for i, c := range cells {
		if to, ok := aliases[csvio.Canon(c)]; ok {
			cells[i], changed = to, true
		}
	}
	if !changed {
		return io.MultiReader(bytes.NewReader(line), br)
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(cells)
	w.Flush()
	return io.MultiReader(strings.NewReader(b.String()), br)
}

// lmsAliases are the column names learning systems commonly export, for the
// training kind. Only names that cannot mean anything else are listed: an
// unknown column is still refused, so a typo never drops data silently.
var lmsAliases = map[string]string{
	"user_email": "email", "e_mail": "email", "email_address": "email", "learner_email": "email",
	"course_name": "course", "course_title": "course", "training_name": "course",
	"completed": "completed_on", "completion_date": "completed_on", "date_completed": "completed_on",
	"completed_at": "completed_on", "completed_date": "completed_on", "completion_time": "completed_on",
	"expires": "expires_on", "expiry": "expires_on", "expiry_date": "expires_on", "expiration_date": "expires_on",
	"expires_at": "expires_on", "valid_until": "expires_on",
	"grade": "score", "score_(%)": "score", "score_%": "score", "percent": "score", "percentage": "score",
	"certificate_id": "certificate", "certificate_number": "certificate", "certificate_ref": "certificate",
	"certificate_reference": "certificate", "cert": "certificate", "cert_id": "certificate",
	"notes": "note", "comment": "note", "comments": "note",
}
