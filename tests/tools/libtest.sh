# libtest.sh: shell helpers for script tests (source it): start_cfsim, assert_equals, die, wait_until.
# Needs CFSIM (absolute path of build/cfsim), as tests/tools/run-tests.sh sets it.

die() {
	echo "FAIL: $*" >&2
	# A console's request log (tests/ui/console.sh) says what the API did.
	if [ -s console.log ]; then
		echo "--- last requests (console.log) ---" >&2
		tail -n 20 console.log >&2
	fi
	exit 1
}

# assert_equals NAME EXPECTED ACTUAL: fails with a diff when they differ.
assert_equals() {
	if [ "$2" != "$3" ]; then
		printf '%s\n' "$2" >"${TMPDIR:-/tmp}/libtest.expected.$$"
		printf '%s\n' "$3" >"${TMPDIR:-/tmp}/libtest.actual.$$"
		echo "FAIL: $1" >&2
		diff -u "${TMPDIR:-/tmp}/libtest.expected.$$" \
			"${TMPDIR:-/tmp}/libtest.actual.$$" >&2
		rm -f "${TMPDIR:-/tmp}/libtest.expected.$$" \
			"${TMPDIR:-/tmp}/libtest.actual.$$"
		exit 1
	fi
}

# _cfsim_log_check: shows cfsim's stderr when a sanitizer complained (and
# fails), then removes the log.
_cfsim_log_check() {
	[ -n "${CFSIM_LOG:-}" ] && [ -f "$CFSIM_LOG" ] || return 0
	if grep -q 'Sanitizer\|runtime error' "$CFSIM_LOG"; then
		echo "FAIL: cfsim reported a sanitizer error:" >&2
		cat "$CFSIM_LOG" >&2
		rm -f "$CFSIM_LOG"
		CFSIM_LOG=
		return 1
	fi
	rm -f "$CFSIM_LOG"
	CFSIM_LOG=
	return 0
}

_libtest_cleanup() {
	_rc=$?
	if [ -n "${CFSIM_PID:-}" ]; then
		kill "$CFSIM_PID" 2>/dev/null
		wait "$CFSIM_PID" 2>/dev/null
		CFSIM_PID=
	fi
	_cfsim_log_check || exit 1
	exit $_rc
}

# stop_cfsim: SIGTERM the cfsim started by start_cfsim and wait for it;
# returns its exit status (1 when a sanitizer reported an error).
stop_cfsim() {
	[ -n "${CFSIM_PID:-}" ] || return 0
	kill "$CFSIM_PID" 2>/dev/null
	wait "$CFSIM_PID"
	_rc=$?
	CFSIM_PID=
	_cfsim_log_check || return 1
	return $_rc
}

# start_cfsim [ARGS...]: starts cfsim on 127.0.0.1 (ephemeral port) and sets
# CFSIM_URL (…/client/v4), CFSIM_ADMIN (http://127.0.0.1:PORT),
# CFSIM_ACCOUNT, CFSIM_PORT, CFSIM_TOKEN and CFSIM_PID. cfsim is killed on
# EXIT; its stderr goes to CFSIM_LOG, checked for sanitizer reports when it
# stops (the test then fails) and removed.
start_cfsim() {
	[ -n "${CFSIM:-}" ] || die "CFSIM is not set"
	_cfsim_log_check || die "the previous cfsim reported errors"
	_out=$(mktemp "${TMPDIR:-/tmp}/cfsim-out.XXXXXX")
	CFSIM_LOG="$_out.err"
	"$CFSIM" --listen 127.0.0.1:0 "$@" >"$_out" 2>"$CFSIM_LOG" &
	CFSIM_PID=$!
	trap _libtest_cleanup EXIT
	# The runner's timeout sends TERM: a shell killed by a signal skips
	# its EXIT trap unless the signal is trapped, and cfsim would outlive
	# the test (found running for hours after a TSan timeout).
	trap 'exit 143' TERM INT HUP
	_i=0
	while [ "$(wc -l <"$_out")" -lt 2 ]; do
		_i=$((_i + 1))
		if [ $_i -gt 150 ] || ! kill -0 "$CFSIM_PID" 2>/dev/null; then
			cat "$CFSIM_LOG" >&2
			rm -f "$_out"
			die "cfsim did not start"
		fi
		sleep 0.1
	done
	CFSIM_URL=$(sed -n '1s/^cfsim listening on //p' "$_out")
	CFSIM_PORT=$(echo "$CFSIM_URL" | sed 's|^http://[^:]*:\([0-9]*\)/.*|\1|')
	CFSIM_ADMIN="http://127.0.0.1:$CFSIM_PORT"
	CFSIM_ACCOUNT=$(sed -n '2s/^account //p' "$_out")
	CFSIM_TOKEN=cfsim-demo-token
	_prev=
	for _a in "$@"; do
		if [ "$_prev" = "--token" ]; then
			CFSIM_TOKEN=$_a
			break
		fi
		_prev=$_a
	done
	rm -f "$_out"
	[ -n "$CFSIM_URL" ] || die "no listening line from cfsim"
	export CFSIM_URL CFSIM_ADMIN CFSIM_ACCOUNT CFSIM_PORT CFSIM_TOKEN CFSIM_PID
}

# wait_until TENTHS CMD...: runs CMD every 0.1 s until it succeeds; fails the
# test after TENTHS tries. For conditions a test waits on (a file's content,
# cfsim's request log), never for time itself.
wait_until() {
	_n=$1
	shift
	_i=0
	until "$@" >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ $_i -le "$_n" ] || die "timed out waiting for: $*"
		sleep 0.1
	done
}
