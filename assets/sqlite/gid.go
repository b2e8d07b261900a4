package sqlite

import (
	"fmt"
	"strconv"

	"steward/assets"
)

// gidSeries is a series of global ids for the rows of one set-based
// INSERT ... SELECT, which would otherwise run the global id trigger's
// update (migration 0012_global_ids) once per row: one UUIDv7 made in Go gives the time, version
// and the random bits of the first 24 characters (prefix); its last 48
// random bits (base) plus each row's distinct number make the rest, as
// UUIDv7's counter method allows. gidSeriesSQL is the SQL using them.
func gidSeries() (prefix string, base int64) {
	g := assets.NewGID()
	base, _ = strconv.ParseInt(g[24:], 16, 64)
	return g[:24], base
}

// gidSeriesSQL takes two arguments, gidSeries' prefix and base, in this
// order; n is the row's distinct number (an id).
func gidSeriesSQL(n string) string {
	return `? || printf('%012x', (? + ` + n + `) & 281474976710655)`
}

// gidInSeries is gidSeriesSQL's id for row n, made in Go.
func gidInSeries(prefix string, base, n int64) string {
	return prefix + fmt.Sprintf("%012x", (base+n)&(1<<48-1))
}
