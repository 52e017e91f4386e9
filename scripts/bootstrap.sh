#!/bin/sh
# bootstrap.sh: install the Debian packages the build needs when pkg-config cannot find them.
# Costs one pkg-config call when everything is present; prints only when it acts.
set -u

# pkg-config module -> Debian package that provides it
MODULES="ncursesw:libncurses-dev libcurl:libcurl4-openssl-dev libcjson:libcjson-dev libconfig:libconfig-dev cmocka:libcmocka-dev libmicrohttpd:libmicrohttpd-dev"
# commands the tests and demo drive -> Debian package
COMMANDS="tmux:tmux curl:curl jq:jq npm:npm clang-format-14:clang-format-14"

missing=""
if ! command -v pkg-config >/dev/null 2>&1; then
	missing="pkg-config"
fi
for pair in $MODULES; do
	mod=${pair%%:*}
	pkg=${pair#*:}
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$mod" 2>/dev/null; then
		missing="$missing $pkg"
	fi
done
for pair in $COMMANDS; do
	cmd=${pair%%:*}
	pkg=${pair#*:}
	command -v "$cmd" >/dev/null 2>&1 || missing="$missing $pkg"
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "bootstrap: missing Debian packages:$missing" >&2
	echo "bootstrap: not root and no sudo; install them and run make again" >&2
	exit 1
fi

echo "bootstrap: installing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2 || { echo "bootstrap: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq $missing >&2 || { echo "bootstrap: apt-get install failed" >&2; exit 1; }
echo "bootstrap: done" >&2
exit 0
