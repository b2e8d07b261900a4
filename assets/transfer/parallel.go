package transfer

import (
	"errors"
	"io"
	"runtime"
	"sync"

	"steward/assets/csvio"
)

// chunkRows is how many rows a parsing goroutine takes at a time.
const chunkRows = 1024

// rowChunk is a run of consecutive rows and what parsing made of them.
type rowChunk[T any] struct {
	rows []csvio.Row
	out  []T
	errs [][]*csvio.Error
	done chan struct{}
}

// readParallel is readAll for big files: rows are read in order, parsed
// by parse on every core (parse must not touch shared state), then handed
// to keep in file order on one goroutine, with the problems parse found
// (keep adds the ones that need earlier rows, such as duplicates). Problems
// are reported as readAll reports them: in row order, by column within a
// row, the first csvio.MaxErrors listed and the rest counted, stopping only
// at a broken file.
func readParallel[T any](r *csvio.Reader, parse func(csvio.Row) (T, []*csvio.Error),
	keep func(row csvio.Row, v T, errs []*csvio.Error) []*csvio.Error) (int, error) {
	var col collector
	rows, err := eachParsed(r, parse, func(row csvio.Row, v T, errs []*csvio.Error) error {
		col.addRow(keep(row, v, errs))
		return nil
	})
	if err != nil {
		var ce *csvio.Error
		if !errors.As(err, &ce) {
			return rows, err
		}
		col.add(ce)
	}
	return rows, col.err()
}

// eachParsed reads r's rows in order, parses them on every core (parse
// must not touch shared state) and hands each row with what parse made of
// it to use, in file order, on one goroutine. It holds a few chunks of
// rows at a time, however long the file. It stops at the end of the file,
// at a broken line (that error is returned after the rows before it were
// used), or at the first error use returns (returned as is). rows counts
// the rows read.
func eachParsed[T any](r *csvio.Reader, parse func(csvio.Row) (T, []*csvio.Error),
	use func(row csvio.Row, v T, errs []*csvio.Error) error) (rows int, err error) {
	work := make(chan *rowChunk[T])
	ordered := make(chan *rowChunk[T], 2*runtime.GOMAXPROCS(0))
	var workers sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for c := range work {
				c.out = make([]T, len(c.rows))
				c.errs = make([][]*csvio.Error, len(c.rows))
				for i, row := range c.rows {
					c.out[i], c.errs[i] = parse(row)
				}
				close(c.done)
			}
		}()
	}

	var (
		useErr  error
		stopped = make(chan struct{}) // closed when use failed: stop reading
		used    = make(chan struct{})
	)
	go func() {
		defer close(used)
		for c := range ordered {
			<-c.done
			if useErr != nil {
				continue
			}
			for i, row := range c.rows {
				if useErr = use(row, c.out[i], c.errs[i]); useErr != nil {
					close(stopped)
					break
				}
			}
		}
	}()

	var broken error
	next := &rowChunk[T]{done: make(chan struct{})}
	send := func() {
		if len(next.rows) > 0 {
			ordered <- next
			work <- next
			next = &rowChunk[T]{done: make(chan struct{})}
		}
	}
read:
	for {
		select {
		case <-stopped:
			break read
		default:
		}
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			broken = err
			break
		}
		rows++
		next.rows = append(next.rows, row)
		if len(next.rows) == chunkRows {
			send()
		}
	}
	send()
	close(ordered)
	close(work)
	workers.Wait()
	<-used
	if useErr != nil {
		return rows, useErr
	}
	return rows, broken
}
