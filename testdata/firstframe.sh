#!/bin/bash
# firstframe.sh BIN DB [RUNS] [DISPLAY_NUMBER]
#
# Times the real binary's first frame on a large register (BENCHMARKS.md,
# issue 16: the dashboard at 1,000,000 assets). It starts its own Xvfb on
# :DISPLAY_NUMBER (default 95), then RUNS times (default 3): starts
# `BIN --db DB --screen Dashboard --trace-startup`, polls xwininfo for the
# window becoming viewable, waits for the trace's "first screen ready" line
# and stops the binary by its PID. Each run prints the load average, the
# time the window was mapped, and steward's own trace lines (counts shown,
# every alert shown). Build a 1M register with
#   STEWARD_BUILD_1M=/tmp/r1m.db go test -tags migrated_fynedo,sqlite_fts5 \
#     ./assets/sqlite/fixture/ -run TestBuild1M -v
# Settings and Fyne's cache go to a temporary HOME; the day's backup is
# written next to DB by the first run (run once more to warm the cache).
set -u
BIN=$1 DB=$2 RUNS=${3:-3} NUM=${4:-95}
work=$(mktemp -d)
mkdir -p "$work/home/.cache" "$work/home/.config"
Xvfb ":$NUM" -screen 0 1024x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill -TERM $xvfb; wait $xvfb 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do xwininfo -root -display ":$NUM" >/dev/null 2>&1 && break; sleep 0.05; done
export DISPLAY=":$NUM" HOME="$work/home"
for i in $(seq 1 "$RUNS"); do
	err="$work/run-$i.err"
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	t0=$(date +%s%N)
	"$BIN" --db "$DB" --screen Dashboard --trace-startup 2>"$err" &
	pid=$!
	mapped=""
	for _ in $(seq 1 12000); do
		if [ -z "$mapped" ] && xwininfo -display ":$NUM" -name Steward 2>/dev/null | grep -q IsViewable; then
			mapped=$((($(date +%s%N) - t0) / 1000000))
		fi
		grep -q "first screen ready" "$err" && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.01
	done
	echo "run $i: load $load; window mapped after ${mapped:-?} ms"
	grep -h "^steward: .* after" "$err" | sed 's/^/  /'
	kill -TERM $pid
	wait $pid 2>/dev/null
done
