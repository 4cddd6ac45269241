#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# `make bench-floor`: what the hardening costs, and what exact worst fit
# costs without it.  Builds a throw-away copy of the tree in which the
# checks a free block, a header and a link get are switched off (for this
# measurement only: it is never built into a library), and prints callgrind
# instructions per operation of timed_loop() for
#
#   lmm            the library as shipped (native API; lmm-xcalloc: the
#                  seed API, XCALLOC/XFREE)
#   lmm-unchecked  the same worst-fit engine with no header check value,
#                  no link key and no ownership or extent check of the
#                  blocks the free queue hands out (statistics, page map,
#                  live map and handles stay)
#   glibc          malloc/free, for the issue's targets
#   freelist       one fixed-size free list: the loop's own cost, nearly
#
# Usage: floor.sh [N] [SIZE]   (default: 100000 36)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LMM_TAG=lmm-bench-floor
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/util.sh
. "$root/scripts/lib/util.sh"
n=${1:-100000} size=${2:-36}
need_pkgs valgrind python3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$work")

# Insert "if (1) return VALUE;" as the first statement of each function
# named here, in the copy: the check is then a constant the compiler folds.
python3 - "$work" <<'PY'
import re, sys
stubs = {
    "common/internal.h": [("lmm_block_check", "0"), ("lmm_link_key", "0")],
    "common/freeq.h": [("lmm_freeq_owns", "true"),
                       ("lmm_freeq_block_ok", "true")],
}
for path, funcs in stubs.items():
    name = f"{sys.argv[1]}/{path}"
    text = open(name).read()
    for func, value in funcs:
        pat = re.compile(r"(static inline [^;{]*\b%s\([^)]*\)\s*\{\n)" % func)
        text, hits = pat.subn(r"\1\tif (1)\n\t\treturn %s;\n" % value, text)
        if hits != 1:
            sys.exit(f"bench-floor: {func} not found once in {path}")
    open(name, "w").write(text)
PY

make -C "$root" --no-print-directory build/bench/lmm_bench >&2
make -C "$work" --no-print-directory build/bench/lmm_bench >/dev/null

count() {
	valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
		--collect-atstart=no --toggle-collect=timed_loop \
		"$1" "$2" "$3" "$n" "$size" 42 2>&1 >/dev/null |
		sed -n 's/.*Collected : //p'
}

ops=$((10 * n))
printf 'instructions per operation, N=%d, %d-byte struct (callgrind, timed loop)\n' \
	"$n" "$size"
printf '%-14s %8s %8s\n' allocator churn mixed
for row in "lmm:$root:lmm" "lmm-xcalloc:$root:lmm-xcalloc" \
	"lmm-unchecked:$work:lmm" "glibc:$root:libc" \
	"freelist:$root:freelist"; do
	label=${row%%:*} rest=${row#*:}
	tree=${rest%%:*} api=${rest#*:}
	churn=$(count "$tree/build/bench/lmm_bench" "$api" churn)
	mixed=-
	[ "$api" = freelist ] || mixed=$(count "$tree/build/bench/lmm_bench" "$api" mixed)
	awk -v l="$label" -v c="$churn" -v m="$mixed" -v o="$ops" 'BEGIN {
		printf "%-14s %8.1f %8s\n", l, c / o,
			m == "-" ? "-" : sprintf("%.1f", m / o) }'
done
