#!/bin/sh
# writers-bench.sh: 4 headless `cfconsole origin` writers x 100 toggles of their own origin of one pool, all at once (issue 8, item 16); prints the PATCHes that undid another writer's change.
# Run by hand (never in CI): make bench-bin && bench/writers-bench.sh
# Env: BUILD (default build), WRITERS (4), ROUNDS (100), LATENCY_MS (30: a
#      second scenario where cfsim delays health and reference answers, as a
#      distant API does; 0 skips it), CFCONSOLE (default $BUILD/cfconsole:
#      point it at another build to compare).
# Target: reverts=0 and wrong_final=0 in every scenario (exit status 0 only then).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
WRITERS=${WRITERS:-4}
ROUNDS=${ROUNDS:-100}
LATENCY_MS=${LATENCY_MS:-30}
CFSIM="$TOP/$BUILD/cfsim"
CFCONSOLE=${CFCONSOLE:-$TOP/$BUILD/cfconsole}
BIN="$TOP/$BUILD/bench/writers"
export CFSIM
[ -x "$BIN" ] || { echo "writers-bench: build it first: make bench-bin" >&2; exit 1; }
scenarios=0
[ "$LATENCY_MS" = 0 ] || scenarios="0 $LATENCY_MS"
status=0
for lat in $scenarios; do
	out=$("$BIN" -c "$CFCONSOLE" -w "$WRITERS" -r "$ROUNDS" -l "$lat") || { echo "writers-bench: run failed" >&2; exit 1; }
	echo "latency_ms=$lat $out"
	case "$out" in
	*" reverts=0 wrong_final=0 "*) ;;
	*) status=1 ;;
	esac
done
exit $status
