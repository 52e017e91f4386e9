#!/bin/sh
# wizard-apply-bench.sh: the setup wizard's apply in the console: the time from the key that confirms Apply to the outcome (success) screen, and the API requests of the apply in cfsim's request log, against cfsim --demo without and with --fault latency=100:1.
# Run by hand: needs curl, jq and python3. Usage: [RUNS=5] bench/wizard-apply-bench.sh
# Each run drives the console headless (CFCONSOLE_SCRIPT) from the preset
# to Review, confirms the apply, waits for the outcome and quits; the
# console's CFCONSOLE_TIMING line gives the time and the wall-clock window
# of the apply, whose requests are counted in cfsim's log (the health
# poller's polls and event reads left out; it is set to its slowest).
# Then `cfconsole apply --rollback` removes the setup (not measured), so
# every run starts from the same world.
set -u
BUILD=${BUILD:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
CFSIM="$TOP/$BUILD/cfsim"
CFCONSOLE="$TOP/$BUILD/cfconsole"
RUNS=${RUNS:-5}

work=$(mktemp -d "${TMPDIR:-/tmp}/wizard-bench.XXXXXX") || exit 1
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
	echo "wizard-apply-bench: $*" >&2
	cleanup
	exit 1
}
for t in curl jq python3; do
	command -v $t >/dev/null || fail "$t is not installed"
done
[ -x "$CFCONSOLE" ] && [ -x "$CFSIM" ] || fail "build first (make)"

mkdir -p "$work/config/cfconsole"
cat >"$work/config/cfconsole/cfconsole.conf" <<'EOF'
ui = {
  health_poll_interval = 86400;
  idle_poll_interval = 86400;
  poll_interval = 86400;
};
EOF

start_sim() {
	: >"$work/sim.out"
	"$CFSIM" --demo --listen 127.0.0.1:0 "$@" >"$work/sim.out" 2>"$work/sim.err" &
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
	origins=$(curl -s "$admin/__cfsim/origins")
	a1=$(echo "$origins" | jq -r '.origins[] | select(.name == "cpu-a") | .address')
	a2=$(echo "$origins" | jq -r '.origins[] | select(.name == "cpu-b") | .address')
	port=$(echo "$origins" | jq -r '.origins[0].port')
	cat >"$work/script" <<EOF
:wait-idle
:wizard example.com
<Enter>
<Enter>
<Enter>
$a1
<Down>$a2
<Enter>
<Tab><Tab><Tab><Tab><^U>$port
<Enter>
:wait-tasks
<Enter>
:wait-tasks
<Tab><^U>predict.example.com
<Enter>
:wait-tasks
a
y
:wait-tasks
:save-display $work/outcome.screen
Q
EOF
}

stop_sim() {
	kill "$sim_pid" 2>/dev/null
	wait "$sim_pid" 2>/dev/null
	sim_pid=
}

# One measured apply; prints "MS REQUESTS WRITES".
one_run() {
	rm -f "$work/timing" "$work/outcome.screen"
	curl -s -X DELETE "$admin/__cfsim/requests" >/dev/null
	env CLOUDFLARE_API_TOKEN=cfsim-demo-token XDG_STATE_HOME="$work/state" \
		XDG_CONFIG_HOME="$work/config" CFCONSOLE_NO_DISPLAY=1 \
		CFCONSOLE_SCRIPT="$work/script" CFCONSOLE_TIMING="$work/timing" \
		LINES=24 COLUMNS=80 TERM=xterm-256color \
		"$CFCONSOLE" --api-base "$url" --account "$account" 2>"$work/err" ||
		fail "console: $(cat "$work/err")"
	grep -q 'Created and verified' "$work/outcome.screen" ||
		fail "no success screen: $(cat "$work/outcome.screen")"
	line=$(grep '^wizard-apply ok ' "$work/timing") || fail "no timing line: $(cat "$work/timing")"
	curl -s "$admin/__cfsim/requests" >"$work/log.json"
	plan=$(ls -t "$work"/state/cfconsole/plans/*.plan.json | head -1)
	env CLOUDFLARE_API_TOKEN=cfsim-demo-token XDG_STATE_HOME="$work/state" \
		"$CFCONSOLE" --api-base "$url" --account "$account" apply --rollback --yes \
		"$plan" >/dev/null 2>&1 || fail "rollback failed"
	python3 - "$work/log.json" "$line" <<'EOF'
import datetime, json, re, sys
# The apply's requests: from the key to the worker's result (the lists
# reloaded after it are not the apply's).
m = re.search(r"ok ([0-9.]+) ms .*\(wall ([0-9]+) ([0-9]+) ([0-9]+)", sys.argv[2])
ms, t0, t1 = float(m.group(1)), int(m.group(2)), int(m.group(3))
def wall(s):
    d = datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")
    return d.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000
reqs = [r for r in json.load(open(sys.argv[1]))["requests"]
        if t0 <= wall(r["time"]) <= t1 and not r["path"].endswith("/health")
        and "/load_balancing_analytics/" not in r["path"]]
json.dump(reqs, open(sys.argv[1] + ".apply", "w"))
print("%.0f %d %d" % (ms, len(reqs), sum(1 for r in reqs if r["method"] != "GET")))
EOF
}

report() { # LABEL
	python3 - "$1" "$work/runs" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[2])]
ms = [float(r[0]) for r in rows]
print("%-28s runs %d  key -> success screen ms: median %.0f  min %.0f  max %.0f" % (
    sys.argv[1], len(ms), statistics.median(ms), min(ms), max(ms)))
print("%-28s API requests per apply: %s (%s writes)" % ("", rows[0][1], rows[0][2]))
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
	while [ "$n" -lt "$RUNS" ]; do
		one_run >>"$work/runs"
		n=$((n + 1))
	done
	report "$label"
	if :; then
		echo "requests of the last apply, in order (cfsim's time):"
		jq -r '.[] | "  \(.time[11:23]) \(.method)\t\(.path | sub("/client/v4"; ""))\(if .query != "" and .query != null then "?" + .query else "" end)"' \
			"$work/log.json.apply"
	fi
	stop_sim
done
cleanup
