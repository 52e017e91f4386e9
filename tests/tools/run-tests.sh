#!/bin/sh
# run-tests.sh: run test programs and scripts, show the output of failures, end with "N passed, N failed".
# Usage: BUILD=build tests/tools/run-tests.sh TEST...
# Each test runs with a time limit (TEST_TIMEOUT, default 300 s) so a hang is a failure, not a stuck CI.
set -u
BUILD=${BUILD:-build}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export TOP
export CFSIM="$TOP/$BUILD/cfsim"
export CFCONSOLE="$TOP/$BUILD/cfconsole"
export CFCONSOLE_FIXTURES="$TOP/tests/fixtures"
export TZ=UTC
export LC_ALL=C.UTF-8
# Tests must never pick up a developer's real credentials or config.
unset CLOUDFLARE_API_TOKEN CF_API_TOKEN CLOUDFLARE_API_KEY CLOUDFLARE_EMAIL CLOUDFLARE_ACCOUNT_ID
TEST_TIMEOUT=${TEST_TIMEOUT:-300}
logdir="$TOP/$BUILD/test-logs"
mkdir -p "$logdir"

passed=0
failed=0
failures=""
for t in "$@"; do
	name=$(echo "$t" | sed "s|^$TOP/||; s|^$BUILD/tests/||")
	log="$logdir/$(echo "$name" | tr '/' '_').log"
	start=$(date +%s)
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfc-test.XXXXXX")
	# Per-test runtime dir too: the pool locks (cfconsole(1)) live there.
	mkdir -m 700 "$tmp/run"
	if (cd "$tmp" && HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state" \
		XDG_RUNTIME_DIR="$tmp/run" \
		timeout -k 10 "$TEST_TIMEOUT" "$TOP/$t") >"$log" 2>&1; then
		passed=$((passed + 1))
		printf 'PASS %-50s %3ss\n' "$name" $(( $(date +%s) - start ))
	else
		rc=$?
		failed=$((failed + 1))
		failures="$failures $name"
		printf 'FAIL %-50s %3ss (exit %s)\n' "$name" $(( $(date +%s) - start )) "$rc"
		sed 's/^/    | /' "$log" | tail -n 80
	fi
	rm -rf "$tmp"
done
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
