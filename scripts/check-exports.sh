#!/usr/bin/env bash
# The functions lmm exports, counted three ways, must agree:
#
#   declared   in the public headers: the API (common/lmm.h), the front
#              ends' plumbing (common/lmm_frontend.h) and the walks for
#              teaching tools (common/lmm_walk.h); in userspace also
#              the seed APIs (user/uapi_mm.h, user/mem.h) and the stdio
#              printer (user/stdio_printer.h);
#   lmm.ko     kernel/exports.c exports exactly the first three headers'
#              functions;
#   libcommon  user/libcommon.map lists exactly all of them, and the
#              library (when given) defines exactly what the map lists.
#
# So a function added to a header and forgotten in an export list, or
# exported and never declared, fails make check-user.  The declarations are
# read by the compiler itself (gcc's -aux-info), not parsed here.
#
# Usage: check-exports.sh [path/to/libcommon.so]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
cc=${CC:-cc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The functions a header declares itself, not those of what it includes.
declared() {
	"$cc" -fsyntax-only -aux-info "$work/aux" -Icommon -Iuser -x c "$1"
	sed -n "s|^/\* $1:[0-9]*:NC \*/ extern .*[ *]\([A-Za-z_][A-Za-z0-9_]*\) (.*|\1|p" \
		"$work/aux"
}

# The names between "global:" and "local:" of a linker version script.
map_globals() {
	sed -n '/global:/,/local:/p' "$1" | sed -e '/global:/d' -e '/local:/d' |
		tr ';' '\n' | tr -d ' \t' | sed '/^$/d'
}

status=0
# same WHAT LIST_A LIST_B: one name a line, unordered
same() {
	if ! diff -u --label "$2" --label "$3" <(sort -u "$work/$2") \
		<(sort -u "$work/$3") >"$work/diff"; then
		echo "check-exports: $1 ('-' only in $2, '+' only in $3):" >&2
		sed -n '/^[-+][^-+]/p' "$work/diff" >&2
		status=1
	fi
}

{
	declared common/lmm.h
	declared common/lmm_frontend.h
	declared common/lmm_walk.h
} >"$work/headers"
{
	cat "$work/headers"
	for h in user/uapi_mm.h user/mem.h user/stdio_printer.h; do
		declared "$h"
	done
} >"$work/user-headers"
sed -n 's/^EXPORT_SYMBOL_GPL(\(.*\));$/\1/p' kernel/exports.c >"$work/exports.c"
map_globals user/libcommon.map >"$work/libcommon.map"

[ -s "$work/headers" ] || { echo "check-exports: no declaration found" >&2; exit 1; }
same "lmm.ko exports what lmm.h and lmm_frontend.h declare" headers exports.c
same "libcommon.map lists what the installed headers declare" \
	user-headers libcommon.map
if [ $# -gt 0 ]; then
	nm -D --defined-only "$1" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' \
		>"$work/libcommon.so"
	same "libcommon.so defines what its map lists" libcommon.map libcommon.so
fi
[ "$status" -eq 0 ] && echo "exports: $(sort -u "$work/headers" | wc -l) functions in lmm.ko, $(sort -u "$work/user-headers" | wc -l) in libcommon"
exit "$status"
