#!/usr/bin/env bash
# Self-test of the KUnit pipeline with tests/kunit/selftest/: the module must
# pass as it is, and each mistake it can make on purpose must fail the run for
# the right reason (one boot each). A saved console is judged again with one
# case too many expected, to prove that a missing case fails the run.
#
# Usage: selftest.sh     (env KUNIT_SELFTEST_LOGS=DIR keeps every run's output)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
export LMM_TAG=lmm-kunit-selftest
# shellcheck source-path=SCRIPTDIR source=../lib/kernel.sh
. "$repo/scripts/lib/kernel.sh"

kernel_use test
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
logs=${KUNIT_SELFTEST_LOGS:-$tmp}
mkdir -p "$logs"
passed=0 failed=0

# build VARIANT [KCFLAGS]: the module, built in $tmp/VARIANT. The cases'
# mistakes are compiled in: 6.1 runs the suites before parsing parameters.
build() {
	mkdir "$tmp/$1"
	cp "$repo"/tests/kunit/selftest/{Kbuild,*.c} "$tmp/$1/"
	kernel_make "$tmp/$1" -s KCFLAGS="${2:-}" >&2
}
ko=lmm_kunit_selftest.ko
build clean
build fail -DSELFTEST_FAIL=1
build skip -DSELFTEST_SKIP=1

# check NAME WANT_RC PATTERN RUN.SH-ARGS...: run scripts/kunit/run.sh, which
# must exit WANT_RC (0, or 1 for any failure) and print a line matching PATTERN.
check() {
	local name=$1 want=$2 pattern=$3 rc=0 start=$SECONDS
	shift 3
	EXPECT_CASES=3 LOG=$logs/$name.console "$here/run.sh" -t lmm_kunit_selftest "$@" \
		>"$logs/$name.out" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || rc=1
	if [ "$rc" -eq "$want" ] && grep -qE "$pattern" "$logs/$name.out"; then
		passed=$((passed + 1))
		log "PASS: $name ($((SECONDS - start))s): $(grep -E "$pattern" "$logs/$name.out" | head -n 1)"
	else
		failed=$((failed + 1))
		cat "$logs/$name.out"
		log "FAIL: $name: run.sh exit $rc (wanted $want), or no line matching /$pattern/"
	fi
}

check clean 0 '^3 passed, 0 failed$' "$tmp/clean/$ko"
check missing-case 1 '1 KUnit case\(s\) missing' -e 4 -c "$logs/clean.console"
check failing-case 1 '^2 passed, 1 failed$' "$tmp/fail/$ko"
check skipped-case 1 'case skipped unasked: lmm_kunit_selftest.selftest_kzalloc' "$tmp/skip/$ko"
check allowed-skip 0 '^2 passed, 0 failed, 1 skipped$' \
	-s lmm_kunit_selftest.selftest_kzalloc -c "$logs/skipped-case.console"
check kmemleak 1 'kmemleak reports 1 leak' "$tmp/clean/$ko leak=1"
check lockdep 1 'the kernel reported lockdep' "$tmp/clean/$ko lockdep=1"
check kasan-vmalloc 1 'the kernel reported KASAN' "$tmp/clean/$ko kasan=1"

echo "kunit-selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
