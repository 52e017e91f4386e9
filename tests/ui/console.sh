# console.sh: helpers for the console's screen tests (source after libtest.sh): headless scripts and tmux.

# run_console SCRIPT [ARGS...]: runs cfconsole headless (newterm on /dev/null,
# LINES x COLUMNS, default 24 x 80) against the cfsim started by start_cfsim,
# feeding SCRIPT (keys and :commands), with its request log in console.log.
# Fails the test on a non-zero exit.
run_console() {
	_script=$1
	shift
	env CLOUDFLARE_API_TOKEN="$CFSIM_TOKEN" CFCONSOLE_NO_DISPLAY=1 \
		CFCONSOLE_SCRIPT="$_script" LINES="${LINES:-24}" \
		COLUMNS="${COLUMNS:-80}" TERM=xterm-256color TZ=UTC \
		CFCONSOLE_NOW=2026-01-01T00:00:00Z \
		"$CFCONSOLE" --api-base "$CFSIM_URL" --account "$CFSIM_ACCOUNT" \
		--log console.log "$@" 2>console.err || die "cfconsole exit $?: $(cat console.err)"
}

# run_console_bg SCRIPT [ARGS...]: like run_console, in the background, so
# the test can act (curl, cfsim's admin API) while the script waits for a
# file to appear or for a :wait-health. End with wait_console.
run_console_bg() {
	_script=$1
	shift
	env CLOUDFLARE_API_TOKEN="$CFSIM_TOKEN" CFCONSOLE_NO_DISPLAY=1 \
		CFCONSOLE_SCRIPT="$_script" LINES="${LINES:-24}" \
		COLUMNS="${COLUMNS:-80}" TERM=xterm-256color TZ=UTC \
		CFCONSOLE_NOW=2026-01-01T00:00:00Z \
		"$CFCONSOLE" --api-base "$CFSIM_URL" --account "$CFSIM_ACCOUNT" \
		--log console.log "$@" 2>console.err &
	CONSOLE_PID=$!
}

# wait_console: waits for run_console_bg's console; fails on a non-zero exit.
wait_console() {
	wait "$CONSOLE_PID" || die "cfconsole exit $?: $(cat console.err)"
}

# wait_file FILE [TENTHS]: waits until FILE exists and is not empty (default
# 30 s), e.g. a :save-display the script writes at the point to act.
wait_file() {
	_n=0
	while [ ! -s "$1" ]; do
		_n=$((_n + 1))
		[ $_n -gt "${2:-300}" ] && die "timed out waiting for $1: $(cat console.err)"
		sleep 0.1
	done
	sleep 0.1
}

# masked FILE: a screen dump with what changes from run to run masked:
# ids, times, the request budget, ports.
masked() {
	sed -e 's/[0-9a-f]\{32\}/<ID>/g' \
		-e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]/<TIME>/g' \
		-e 's/budget [0-9]*\/[0-9]*/budget <N>/' \
		-e 's/│ poll [^│]*│/│ poll <P> │/' "$1"
}

# rows FILE FIRST LAST: lines FIRST..LAST of a dump.
rows() {
	sed -n "$2,$3p" "$1"
}

# ---- tmux: the real binary in a real terminal, as a person uses it ----------

TMUX_SOCK="cfc-$$"

# tmux_start WIDTH HEIGHT [ARGS...]: runs cfconsole in a detached tmux
# session (private socket) against cfsim; when it exits the pane shows
# "EXIT=<status>".
tmux_start() {
	_w=$1
	_h=$2
	shift 2
	TERM=xterm-256color tmux -L "$TMUX_SOCK" -f /dev/null new-session -d \
		-x "$_w" -y "$_h" -s t \
		"env CLOUDFLARE_API_TOKEN='$CFSIM_TOKEN' LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
		'$CFCONSOLE' --api-base '$CFSIM_URL' --account '$CFSIM_ACCOUNT' $* \
		2>'$PWD/console.err'; echo EXIT=\$?; sleep 60" ||
		die "tmux did not start"
	trap 'tmux_stop; _libtest_cleanup' EXIT
}

# tmux_stop: kills the private tmux server. It keeps $? so that, run from an
# EXIT trap before _libtest_cleanup, the test's own exit status survives.
tmux_stop() {
	_tmux_rc=$?
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	return $_tmux_rc
}

tmux_keys() {
	tmux -L "$TMUX_SOCK" send-keys -t t "$@"
}

tmux_screen() {
	tmux -L "$TMUX_SOCK" capture-pane -p -t t
}

# tmux_wait TEXT [TENTHS]: waits until the screen shows TEXT (fixed
# string), up to TENTHS tenths of a second (default 100).
tmux_wait() {
	_n=0
	while ! tmux_screen | grep -qF -- "$1"; do
		_n=$((_n + 1))
		if [ $_n -gt "${2:-100}" ]; then
			echo "--- screen:" >&2
			tmux_screen >&2
			die "timed out waiting for '$1'"
		fi
		sleep 0.1
	done
}

# title FILE: the title line (row 3) without its right-aligned "updated
# HH:MM:SS" (checked once, in zones/start-test).
title() {
	sed -n 3p "$1" | sed 's/  *updated [0-9][0-9]:[0-9][0-9]:[0-9][0-9]$//'
}
