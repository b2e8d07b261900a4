package sqlite

import "testing"

// TestShardRangesCoverEveryIDOnce: whatever the id span (negative ids,
// spans shorter than a range, unaligned ends) and the number of shards,
// the shards' ranges together hold every id from lo to hi exactly once.
func TestShardRangesCoverEveryIDOnce(t *testing.T) {
	for _, span := range [][2]int64{{1, 1}, {1, 0}, {1, 100}, {7, 93}, {-25, 40}, {-9, -1}, {10, 10}, {16, 47}, {0, 64}} {
		for _, size := range []int64{1, 4, 16, 100} {
			for of := 1; of <= 5; of++ {
				lo, hi := span[0], span[1]
				seen := map[int64]int{}
				for k := range of {
					for from, to := range shardRanges(lo, hi, size, shard{k, of}) {
						if from > to || from < lo || to > hi {
							t.Fatalf("%v size %d shard %d/%d: range %d..%d", span, size, k, of, from, to)
						}
						if n := (from - ((from%size)+size)%size) / size; ((n%int64(of))+int64(of))%int64(of) != int64(k) {
							t.Errorf("%v size %d shard %d/%d: range %d..%d belongs to another shard", span, size, k, of, from, to)
						}
						for id := from; id <= to; id++ {
							seen[id]++
						}
					}
				}
				for id := lo; id <= hi; id++ {
					if seen[id] != 1 {
						t.Fatalf("%v size %d in %d shards: id %d read %d times", span, size, of, id, seen[id])
					}
				}
				if hi < lo && len(seen) != 0 {
					t.Fatalf("%v: empty span read %v", span, seen)
				}
			}
		}
	}
}
