#!/bin/sh
# console-bench.sh: cfconsole against a 100 000-record zone: time to first rows, filter keystroke latency, idle CPU, peak RSS.
# Run by hand (make bench): needs tmux. Targets: first rows < 1 s, filter < 16 ms median, idle CPU < 1 %, peak RSS < 150 MB.
set -u
BUILD=${BUILD:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
CFSIM="$TOP/$BUILD/cfsim"
CFCONSOLE="$TOP/$BUILD/cfconsole"
RECORDS=${RECORDS:-100000}
IDLE_SECONDS=${IDLE_SECONDS:-60}
SOCK="cfc-bench-$$"

work=$(mktemp -d "${TMPDIR:-/tmp}/console-bench.XXXXXX") || exit 1
sim_pid=
cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	if [ -n "$sim_pid" ]; then
		kill "$sim_pid" 2>/dev/null
		wait "$sim_pid" 2>/dev/null
	fi
	rm -rf "$work"
}
trap 'cleanup; exit 130' INT TERM HUP

# Create the files first: the background job opens them asynchronously.
: >"$work/sim.out"
"$CFSIM" --listen 127.0.0.1:0 --gen "zones=1,records=$RECORDS" --no-health \
	--rate-limit 100000/300 >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
i=0
while [ "$(wc -l <"$work/sim.out")" -lt 2 ]; do
	i=$((i + 1))
	if [ $i -gt 600 ] || ! kill -0 "$sim_pid" 2>/dev/null; then
		cat "$work/sim.err" >&2
		cleanup
		echo "cfsim did not start" >&2
		exit 1
	fi
	sleep 0.1
done
url=$(sed -n '1s/^cfsim listening on //p' "$work/sim.out")
account=$(sed -n '2s/^account //p' "$work/sim.out")
: >"$work/empty.conf"
export CLOUDFLARE_API_TOKEN=cfsim-demo-token LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC

# 1 + 2: headless, scripted: open the big zone as soon as the zone list
# shows, wait for every record, then type a filter key by key. The console
# logs timings (CFCONSOLE_TIMING): first rows per pane, and per key the time
# to apply it and redraw.
cat >"$work/script" <<'SCRIPT'
:wait-rows
<Enter>
:wait-rows
:wait-idle
/gen-00000-r9999
<Esc>
/R12345
<Esc>
SCRIPT
start=$(date +%s.%N)
CFCONSOLE_NO_DISPLAY=1 LINES=50 COLUMNS=160 TERM=xterm-256color \
	CFCONSOLE_SCRIPT="$work/script" CFCONSOLE_TIMING="$work/timing" \
	"$CFCONSOLE" -c "$work/empty.conf" --api-base "$url" \
	--account "$account" 2>"$work/console.err" ||
	{ cat "$work/console.err" >&2; cleanup; exit 1; }
end=$(date +%s.%N)
first=$(awk '/^first-rows dns/ { print $(NF-3) }' "$work/timing")
zones_first=$(awk '/^first-rows zones/ { print $(NF-3) }' "$work/timing")
first_start=$(awk '/^first-rows dns/ { print $(NF-3) + z }' z="$zones_first" "$work/timing")
# Filter keys: printable characters typed after '/' (codes 32..126 except '/').
median=$(awk '/^key/ && $2 >= 32 && $2 < 127 && $2 != 47 { print $3 }' "$work/timing" |
	sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
keys=$(awk '/^key/ && $2 >= 32 && $2 < 127 && $2 != 47' "$work/timing" | wc -l | tr -d ' ')
max=$(awk '/^key/ && $2 >= 32 && $2 < 127 && $2 != 47 { print $3 }' "$work/timing" | sort -n | tail -1)

# 3 + 4: in a real terminal (tmux), idle CPU over IDLE_SECONDS after the
# big zone is on screen, and the peak RSS.
TERM=xterm-256color tmux -L "$SOCK" -f /dev/null new-session -d -x 160 -y 50 -s b \
	"'$CFCONSOLE' -c '$work/empty.conf' --api-base '$url' --account '$account'; sleep 600"
pane_pid=$(tmux -L "$SOCK" display -p -t b '#{pane_pid}')
pid=
i=0
while [ -z "$pid" ] && [ $i -lt 100 ]; do
	pid=$(pgrep -P "$pane_pid" -x cfconsole)
	i=$((i + 1))
	sleep 0.1
done
[ -n "$pid" ] || { cleanup; echo "console did not start" >&2; exit 1; }
i=0
until tmux -L "$SOCK" capture-pane -p -t b | grep -q 'gen-00000.example'; do
	i=$((i + 1)); [ $i -gt 300 ] && { cleanup; echo "no zones" >&2; exit 1; }
	sleep 0.1
done
tmux -L "$SOCK" send-keys -t b Enter
i=0
until tmux -L "$SOCK" capture-pane -p -t b | grep -q "DNS gen-00000.example .*updated" &&
	! tmux -L "$SOCK" capture-pane -p -t b | grep -q 'loading'; do
	i=$((i + 1)); [ $i -gt 600 ] && { tmux -L "$SOCK" capture-pane -p -t b | head -5 >&2; cleanup; echo "records did not load" >&2; exit 1; }
	sleep 0.1
done
rows_line=$(tmux -L "$SOCK" capture-pane -p -t b | sed -n 3p)
tmux -L "$SOCK" send-keys -t b / r 4 2 Escape
sleep 1
hz=$(getconf CLK_TCK)
t0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
sleep "$IDLE_SECONDS"
t1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
idle=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$IDLE_SECONDS" \
	'BEGIN { printf "%.3f", (b - a) * 100 / (hz * s) }')
rss=$(awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")

echo "cfconsole bench: one zone of $RECORDS DNS records (cfsim --gen)"
echo "  zone list on screen after start:         ${zones_first:-n/a} ms"
echo "  first DNS rows after Enter on the zone:  ${first:-n/a} ms (target < 1000)"
echo "  first DNS rows after start (both):       ${first_start:-n/a} ms"
echo "  filter keystroke, apply + redraw:        median ${median} ms, max ${max:-n/a} ms over $keys keys (target < 16)"
echo "  idle CPU over ${IDLE_SECONDS} s (tmux, all rows loaded): ${idle} % (target < 1)"
echo "  peak RSS (VmHWM):                        ${rss} MB (target < 150)"
echo "  screen: $rows_line"
echo "  headless run wall time: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s"
cleanup
