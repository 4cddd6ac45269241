#!/usr/bin/env bash
# Print how many KUnit cases lmm_kunit.ko must report, counted from the
# lists of cases, never kept by hand: the portable cases as the CUnit
# runner lists them (the lists at the end of tests/cases/*_cases.c, as
# compiled into build/lmm_tests), plus the kernel-only cases of
# tests/kunit/lmm_kunit/lmm_kunit_cases.h, expanded by the preprocessor.
# A case added to a list is counted; a case function left out of its list
# does not build.
#
# Usage: count-cases.sh LMM_TESTS   (the CUnit runner, build/lmm_tests)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ "$#" -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 build/lmm_tests" >&2
	exit 2
fi

portable=$("$1" --list-portable | wc -l)
kernel_only=$(printf '%s\n' '#include "lmm_kunit_cases.h"' \
	'#define LMM_COUNT_ONE(...) + 1' '0 LMM_KUNIT_ONLY_CASES(LMM_COUNT_ONE)' |
	"${CC:-cc}" -E -P -I"$here/lmm_kunit" - | grep -E '^0( \+ 1)+$')
total=$((portable + kernel_only))
if [ "$portable" -eq 0 ] || [ "$total" -le "$portable" ]; then
	echo "count-cases.sh: $portable portable and $((total - portable)) kernel-only cases: a list is missing" >&2
	exit 1
fi
echo "$total"
