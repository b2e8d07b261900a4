package transfer

import (
	"errors"
	"io"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

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
// row, stopping at csvio.MaxErrors or at a broken file.
func readParallel[T any](r *csvio.Reader, parse func(csvio.Row) (T, []*csvio.Error),
	keep func(row csvio.Row, v T, errs []*csvio.Error) []*csvio.Error) (int, error) {
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
		col     collector
		full    atomic.Bool // too many problems: stop reading
		kept    = make(chan struct{})
		keptAll int // rows handed to keep, the last one included
	)
	go func() {
		defer close(kept)
		for c := range ordered {
			<-c.done
			if full.Load() {
				continue
			}
			for i, row := range c.rows {
				keptAll++
				errs := keep(row, c.out[i], c.errs[i])
				sort.SliceStable(errs, func(a, b int) bool { return errs[a].Column < errs[b].Column })
				for _, e := range errs {
					if !col.add(e) {
						full.Store(true)
						break
					}
				}
				if full.Load() {
					break
				}
			}
		}
	}()

	rows := 0
	var broken error
	next := &rowChunk[T]{done: make(chan struct{})}
	send := func() {
		if len(next.rows) > 0 {
			ordered <- next
			work <- next
			next = &rowChunk[T]{done: make(chan struct{})}
		}
	}
	for !full.Load() {
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
	<-kept
	if full.Load() {
		return keptAll, col.err() // as readAll: the rows up to the one that filled the list
	}
	if broken != nil {
		var ce *csvio.Error
		if !errors.As(broken, &ce) {
			return rows, broken
		}
		col.add(ce)
	}
	return rows, col.err()
}
