#!/bin/sh
# plan-apply-bench.sh: `cfconsole apply` of examples/inference-endpoint.plan.json against cfsim --demo: the API requests one apply makes (cfsim's request log, by phase and method) and its wall time, without and with --fault latency=100:1.
# Run by hand: needs curl and python3. Usage: [RUNS=5] bench/plan-apply-bench.sh
# Each run applies the plan, then rolls it back (not timed), so every run
# starts from the same world. Wall time is from starting `cfconsole apply
# --yes` to its exit: session start (token check, account name), the
# plan's online checks, the four creates with their read-backs.
set -u
BUILD=${BUILD:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
CFSIM="$TOP/$BUILD/cfsim"
CFCONSOLE="$TOP/$BUILD/cfconsole"
RUNS=${RUNS:-5}

work=$(mktemp -d "${TMPDIR:-/tmp}/plan-bench.XXXXXX") || exit 1
sim_pid=
cleanup() {
	if [ -n "$sim_pid" ]; then
		kill "$sim_pid" 2>/dev/null
		wait "$sim_pid" 2>/dev/null
	fi
	rm -rf "$work"
}
trap 'cleanup; exit 130' INT TERM HUP
fail() {
	echo "plan-apply-bench: $*" >&2
	cleanup
	exit 1
}

start_sim() {
	: >"$work/sim.out"
	"$CFSIM" --demo --no-health --listen 127.0.0.1:0 "$@" >"$work/sim.out" 2>"$work/sim.err" &
	sim_pid=$!
	i=0
	while [ "$(wc -l <"$work/sim.out")" -lt 2 ]; do
		i=$((i + 1))
		[ $i -le 150 ] && kill -0 "$sim_pid" 2>/dev/null || fail "cfsim did not start"
		sleep 0.1
	done
	url=$(sed -n '1s/^cfsim listening on //p' "$work/sim.out")
	account=$(sed -n '2s/^account //p' "$work/sim.out")
	admin=${url%/client/v4}
}

stop_sim() {
	kill "$sim_pid" 2>/dev/null
	wait "$sim_pid" 2>/dev/null
	sim_pid=
}

# GNU date: milliseconds since the epoch, without a process start of its own.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# One measured apply; prints "MS TOTAL WRITES ENGINE".
one_run() {
	cp "$TOP/examples/inference-endpoint.plan.json" "$work/plan.json"
	curl -s -X DELETE "$admin/__cfsim/requests" >/dev/null
	t0=$(now_ms)
	CLOUDFLARE_API_TOKEN=cfsim-demo-token XDG_STATE_HOME="$work/state" \
		"$CFCONSOLE" --api-base "$url" --account "$account" apply --yes \
		"$work/plan.json" >"$work/out" 2>"$work/err" || fail "apply: $(cat "$work/err")"
	t1=$(now_ms)
	curl -s "$admin/__cfsim/requests" >"$work/log.json"
	CLOUDFLARE_API_TOKEN=cfsim-demo-token XDG_STATE_HOME="$work/state" \
		"$CFCONSOLE" --api-base "$url" --account "$account" apply --rollback --yes \
		"$work/plan.json" >/dev/null 2>&1 || fail "rollback failed"
	python3 - "$work/log.json" $((t1 - t0)) <<'EOF'
import json, sys
reqs = json.load(open(sys.argv[1]))["requests"]
# The engine's requests start with its first list before the first POST.
first_post = next(i for i, r in enumerate(reqs) if r["method"] == "POST")
engine = len(reqs) - (first_post - 1)
writes = sum(1 for r in reqs if r["method"] != "GET")
print(sys.argv[2], len(reqs), writes, engine)
EOF
}

report() { # LABEL
	python3 - "$1" "$work/runs" <<'EOF'
import statistics, sys
rows = [list(map(int, l.split())) for l in open(sys.argv[2])]
ms = [r[0] for r in rows]
print("%-28s runs %d  wall ms: median %d  min %d  max %d" % (
    sys.argv[1], len(ms), statistics.median(ms), min(ms), max(ms)))
r = rows[0]
print("%-28s requests per apply: %d (%d writes); of them the plan engine %d, "
      "session start and checks %d" % ("", r[1], r[2], r[3], r[1] - r[3]))
EOF
}

for mode in plain latency; do
	if [ $mode = plain ]; then
		start_sim
		label="cfsim --demo"
	else
		start_sim --fault latency=100:1
		label="cfsim --fault latency=100:1"
	fi
	: >"$work/runs"
	n=0
	while [ $n -lt "$RUNS" ]; do
		one_run >>"$work/runs"
		n=$((n + 1))
	done
	report "$label"
	if [ $mode = plain ]; then
		echo "requests of the last apply, in order:"
		python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["requests"]:
    print("  %-6s %s%s" % (r["method"], r["path"].replace("/client/v4", ""),
                           "?" + r["query"] if r["query"] else ""))' "$work/log.json"
	fi
	stop_sim
done
cleanup
