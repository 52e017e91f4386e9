#!/bin/sh
# demo.sh: runs cfconsole against a fresh cfsim --demo world (no config file or credentials needed); stops cfsim when the console exits, even on Ctrl-C.
# Usage: scripts/demo.sh [BUILD_DIR]   (make demo)
set -u
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
CFSIM="$TOP/$BUILD/cfsim"
CFCONSOLE="$TOP/$BUILD/cfconsole"
[ -x "$CFSIM" ] && [ -x "$CFCONSOLE" ] || {
	echo "demo: build first (make)" >&2
	exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfconsole-demo.XXXXXX") || exit 1
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap 'cleanup; exit 130' INT TERM HUP

# Create the file first: the background job opens it asynchronously.
: >"$tmp/out"
"$CFSIM" --demo --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
i=0
while [ "$(wc -l <"$tmp/out")" -lt 2 ]; do
	i=$((i + 1))
	if [ $i -gt 150 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "demo: cfsim did not start:" >&2
		cat "$tmp/err" >&2
		cleanup
		exit 1
	fi
	sleep 0.1
done
url=$(sed -n '1s/^cfsim listening on //p' "$tmp/out")
account=$(sed -n '2s/^account //p' "$tmp/out")

trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# An empty config file: the demo never depends on the user's profiles.
: >"$tmp/demo.conf"
CLOUDFLARE_API_TOKEN=cfsim-demo-token \
	"$CFCONSOLE" -c "$tmp/demo.conf" --api-base "$url" --account "$account"
