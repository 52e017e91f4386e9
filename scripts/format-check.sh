#!/bin/sh
# format-check.sh: check (or with --fix, apply) .clang-format on the C sources, with clang-format 14.
# Usage: scripts/format-check.sh [--fix]
# The files: every tracked .c/.h under src, include, tests and bench, but
# those listed in .clang-format-pending (one path a line, # comments: files
# not reformatted yet, because someone is rewriting them). Exits 1 listing
# the files that differ (and how, for the first few).
set -u
cd "$(dirname "$0")/.." || exit 2
CF=${CLANG_FORMAT:-}
if [ -z "$CF" ]; then
	for c in clang-format-14 clang-format; do
		if command -v "$c" >/dev/null 2>&1; then
			CF=$c
			break
		fi
	done
fi
if [ -z "$CF" ]; then
	echo "format-check: clang-format 14 not found (apt-get install clang-format-14)" >&2
	exit 2
fi
case "$("$CF" --version)" in
*" 14."*) ;;
*) echo "format-check: $CF is not clang-format 14; layouts differ between versions" >&2
	exit 2 ;;
esac
files=$(git ls-files 'src/*.c' 'src/*.h' 'include/*.h' 'tests/*.c' 'tests/*.h' 'bench/*.c' 2>/dev/null)
if [ -f .clang-format-pending ]; then
	pending=$(grep -v '^[[:space:]]*\(#\|$\)' .clang-format-pending)
	files=$(for f in $files; do
		case " $(echo $pending) " in
		*" $f "*) ;;
		*) echo "$f" ;;
		esac
	done)
fi
if [ "${1:-}" = "--fix" ]; then
	# shellcheck disable=SC2086
	exec "$CF" -i $files
fi
bad=0
shown=0
for f in $files; do
	if ! "$CF" "$f" | cmp -s "$f" -; then
		bad=$((bad + 1))
		echo "format-check: $f differs from .clang-format" >&2
		if [ $shown -lt 3 ]; then
			"$CF" "$f" | diff -u "$f" - | head -n 20 >&2
			shown=$((shown + 1))
		fi
	fi
done
if [ $bad -gt 0 ]; then
	echo "format-check: $bad file(s) to reformat: make format" >&2
	exit 1
fi
exit 0
