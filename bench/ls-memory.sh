#!/bin/sh
# ls-memory.sh: peak RSS and wall time of "cfconsole ls dns" (table and --json) on a generated zone of RECORDS records, by /usr/bin/time -v; ls streams page by page, so the peak should not grow with the zone.
# Run by hand. Usage: [RECORDS=100000] [SIZES="10000 100000"] bench/ls-memory.sh
set -u
BUILD=${BUILD:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
CFSIM="$TOP/$BUILD/cfsim"
CFCONSOLE="$TOP/$BUILD/cfconsole"
SIZES=${SIZES:-"10000 ${RECORDS:-100000}"}

[ -x /usr/bin/time ] || {
	echo "ls-memory: needs GNU time (apt-get install time)" >&2
	exit 1
}
work=$(mktemp -d "${TMPDIR:-/tmp}/ls-memory.XXXXXX") || exit 1
sim_pid=
stop_sim() {
	if [ -n "$sim_pid" ]; then
		kill "$sim_pid" 2>/dev/null
		wait "$sim_pid" 2>/dev/null
	fi
	sim_pid=
}
cleanup() {
	stop_sim
	rm -rf "$work"
}
trap 'cleanup; exit 130' INT TERM HUP
trap cleanup EXIT

# start_sim N: cfsim with one generated zone of N records, no health engine.
start_sim() {
	: >"$work/sim.out"
	"$CFSIM" --listen 127.0.0.1:0 --no-health --rate-limit 100000/60 \
		--gen "zones=1,records=$1" >"$work/sim.out" 2>"$work/sim.err" &
	sim_pid=$!
	i=0
	while [ "$(wc -l <"$work/sim.out")" -lt 2 ]; do
		i=$((i + 1))
		if [ $i -gt 600 ] || ! kill -0 "$sim_pid" 2>/dev/null; then
			echo "ls-memory: cfsim did not start" >&2
			cat "$work/sim.err" >&2
			exit 1
		fi
		sleep 0.1
	done
	url=$(sed -n '1s/^cfsim listening on //p' "$work/sim.out")
}

# measure LABEL ARGS...: one run of cfconsole ls ARGS; prints the line.
measure() {
	_label=$1
	shift
	CLOUDFLARE_API_TOKEN=cfsim-demo-token /usr/bin/time -v \
		"$CFCONSOLE" --api-base "$url" ls "$@" >"$work/out" 2>"$work/time" ||
		{
			echo "ls-memory: ls $* failed:" >&2
			cat "$work/time" >&2
			exit 1
		}
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")
	lines=$(wc -l <"$work/out" | tr -d ' ')
	printf '%-28s %8s records  peak RSS %6d KB (%5.1f MB)  %s  %s lines\n' \
		"$_label" "$n" "$rss" "$(echo "$rss" | awk '{ print $1 / 1024 }')" \
		"$wall" "$lines"
}

for n in $SIZES; do
	start_sim "$n"
	measure "ls dns ZONE" dns gen-00000.example
	measure "ls dns ZONE --json" dns gen-00000.example --json
	stop_sim
done
