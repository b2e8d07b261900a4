package transfer

import (
	"io"
	"os"
)

// source is an import's file, readable once per pass: an import checks
// every row, then reads the file again to write them, so that it never
// holds the whole file's rows. A file that can seek is read again from where
// it started; anything else (a pipe) is copied to a private temporary file
// while the first pass reads it. (csvio notices a file changed between the
// passes.)
type source struct {
	r      io.Reader
	seeker io.ReadSeeker
	start  int64
	spool  *os.File // the bytes of a reader that cannot seek, for the second pass
	passes int
}

func newSource(r io.Reader) *source {
	s := &source{r: r}
	if rs, ok := r.(io.ReadSeeker); ok {
		if at, err := rs.Seek(0, io.SeekCurrent); err == nil {
			s.seeker, s.start = rs, at
		}
	}
	return s
}

// open gives the file from its start: the first call the reader itself,
// later calls the same bytes again.
func (s *source) open() (io.Reader, error) {
	var r io.Reader
	switch {
	case s.passes == 0 && s.seeker != nil:
		r = s.r
	case s.passes == 0:
		f, err := os.CreateTemp("", "steward-import-*.csv") // mode 0600
		if err != nil {
			return nil, err
		}
		s.spool = f
		r = io.TeeReader(s.r, f)
	case s.seeker != nil:
		if _, err := s.seeker.Seek(s.start, io.SeekStart); err != nil {
			return nil, err
		}
		r = s.seeker
	default:
		// Whatever the first pass left unread is copied first.
		if _, err := io.Copy(s.spool, s.r); err != nil {
			return nil, err
		}
		if _, err := s.spool.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		r = s.spool
	}
	s.passes++
	return r, nil
}

// close removes the temporary copy, if any.
func (s *source) close() {
	if s.spool != nil {
		s.spool.Close()
		os.Remove(s.spool.Name())
	}
}
