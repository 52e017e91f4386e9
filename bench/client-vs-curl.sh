#!/bin/sh
# client-vs-curl.sh: cf_dns_list vs plain curl over a 100 000-record zone.
# Compares sequential and --parallel curl downloads of the same pages.
# Run by hand (never in CI): make bench-bin && bench/client-vs-curl.sh
# Env: BUILD (default build), RECORDS (default 100000), PER_PAGE (default 5000), PARALLEL (default 4),
#      LATENCY_MS (default 50; 0 skips the second scenario).
# Targets: client >= 2x faster than sequential curl, within 1.5x of curl --parallel, peak RSS < 80 MB.
# Two scenarios, each printed and judged on its own:
#  1. zero latency: cfsim on loopback, sharing the CPUs with the client;
#  2. realistic latency: cfsim adds LATENCY_MS to every DNS list request
#     (--fault latency=MS:1:/dns_records), as the real API's round trips do.
# Exit status 0 only when every target of every scenario passes.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
RECORDS=${RECORDS:-100000}
PER_PAGE=${PER_PAGE:-5000}
PARALLEL=${PARALLEL:-4}
LATENCY_MS=${LATENCY_MS:-50}
CFSIM="$TOP/$BUILD/cfsim"
LOADER="$TOP/$BUILD/bench/client_load"
TOKEN="bench-token-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

for f in "$CFSIM" "$LOADER"; do
	[ -x "$f" ] || { echo "missing $f: run 'make bench-bin' first" >&2; exit 2; }
done
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfbench.XXXXXX")
simpid=""
stop_sim() {
	[ -n "$simpid" ] && kill "$simpid" 2>/dev/null && wait "$simpid" 2>/dev/null
	simpid=""
}
cleanup() {
	stop_sim
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# scenario LABEL [cfsim args...]: one full comparison; 1 when a target fails.
scenario() {
	label=$1
	shift
	# cfsim picks a free loopback port and prints it; no health engine,
	# and a rate limit that never gets in the way of a benchmark.
	: >"$tmp/sim.out"
	"$CFSIM" --listen 127.0.0.1:0 --token "$TOKEN" --no-health \
		--rate-limit 1000000/60 --gen "zones=1,records=$RECORDS" "$@" \
		>"$tmp/sim.out" 2>"$tmp/sim.err" &
	simpid=$!
	i=0
	while ! grep -q '^account ' "$tmp/sim.out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 600 ] || ! kill -0 "$simpid" 2>/dev/null; then
			echo "cfsim did not start:" >&2
			cat "$tmp/sim.err" >&2
			exit 1
		fi
		sleep 0.1
	done
	BASE=$(sed -n 's/^cfsim listening on //p' "$tmp/sim.out")
	AUTH="Authorization: Bearer $TOKEN"
	ZONE=$(curl -sf -H "$AUTH" "$BASE/zones?per_page=5" |
		grep -o '"id":"[0-9a-f]*"' | head -1 | cut -d'"' -f4)
	[ -n "$ZONE" ] || { echo "no zone in cfsim" >&2; exit 1; }
	# cfsim sorts a zone's records on the first listing and caches the
	# order: warm it so the client, timed first, does not pay for that
	# while curl, timed after it, would not.
	curl -sf -H "$AUTH" "$BASE/zones/$ZONE/dns_records?per_page=5" >/dev/null

	# The client: every record decoded into structs.
	out=$(CLOUDFLARE_API_TOKEN="$TOKEN" "$LOADER" -u "$BASE" -z "$ZONE" \
		-p "$PER_PAGE" -j "$PARALLEL")
	client_ms=$(echo "$out" | sed -n 's/.*elapsed_ms=\([0-9]*\).*/\1/p')
	count=$(echo "$out" | sed -n 's/.*records=\([0-9]*\).*/\1/p')
	rss_kb=$(echo "$out" | sed -n 's/.*peak_rss_kb=\([0-9]*\).*/\1/p')
	cpu_ms=$(echo "$out" | sed -n 's/.*cpu_ms=\([0-9]*\).*/\1/p')

	# The same pages with curl, bodies discarded.
	pages=$(((RECORDS + PER_PAGE - 1) / PER_PAGE))
	: >"$tmp/urls"
	p=1
	while [ $p -le $pages ]; do
		printf 'url = "%s/zones/%s/dns_records?page=%d&per_page=%d"\noutput = "/dev/null"\n' \
			"$BASE" "$ZONE" $p "$PER_PAGE" >>"$tmp/urls"
		p=$((p + 1))
	done
	t0=$(now_ms)
	curl -sf -H "$AUTH" -K "$tmp/urls"
	seq_ms=$(($(now_ms) - t0))
	t0=$(now_ms)
	curl -sf -H "$AUTH" --parallel --parallel-max "$PARALLEL" -K "$tmp/urls" 2>/dev/null
	par_ms=$(($(now_ms) - t0))
	stop_sim

	echo "== $label"
	# Others' work on the box skews every figure: say how busy it was.
	echo "load average (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
	echo "records: $count (expected $RECORDS), $pages pages of $PER_PAGE"
	echo "client (cf_dns_list, $PARALLEL parallel, decoded): ${client_ms} ms, peak RSS $((rss_kb / 1024)) MB, CPU ${cpu_ms:-?} ms"
	echo "curl sequential:                       ${seq_ms} ms"
	echo "curl --parallel --parallel-max $PARALLEL:        ${par_ms} ms"
	awk -v c="$client_ms" -v s="$seq_ms" -v p="$par_ms" -v r="$rss_kb" \
	    -v n="$count" -v want="$RECORDS" 'BEGIN {
		if (c < 1) c = 1
		fail = 0
		printf "sequential/client = %.2fx (target >= 2.00x): %s\n", s / c, (s / c >= 2) ? "PASS" : "FAIL"
		if (s / c < 2) fail = 1
		printf "client/parallel   = %.2fx (target <= 1.50x): %s\n", c / p, (c / p <= 1.5) ? "PASS" : "FAIL"
		if (c / p > 1.5) fail = 1
		printf "peak RSS          = %.1f MB (target < 80 MB): %s\n", r / 1024, (r < 80 * 1024) ? "PASS" : "FAIL"
		if (r >= 80 * 1024) fail = 1
		if (n != want) { printf "record count mismatch: FAIL\n"; fail = 1 }
		exit fail
	}'
}

rc=0
scenario "zero latency (loopback, client and cfsim share the CPUs)" || rc=1
if [ "$LATENCY_MS" -gt 0 ]; then
	echo
	scenario "realistic latency: +${LATENCY_MS} ms per DNS list request (cfsim --fault latency=${LATENCY_MS}:1:/dns_records)" \
		--fault "latency=${LATENCY_MS}:1:/dns_records" || rc=1
fi
exit $rc
