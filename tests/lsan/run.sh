#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Run the LeakSanitizer programs (tests/lsan/*.c, built with ASan+UBSan
# into DIR by the top Makefile) and fail unless each exits 0 with nothing
# from a sanitizer on stderr.
#
# Usage: tests/lsan/run.sh DIR
set -uo pipefail
dir=${1:?usage: $0 DIR}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=23
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
failed=0

# run NAME [ARG...]: one program, judged by its status and its stderr.
run() {
	local err status
	err=$("$dir/$1" "${@:2}" 2>&1 >/dev/null)
	status=$?
	if [ "$status" -ne 0 ] || grep -q 'Sanitizer' <<<"$err"; then
		printf 'FAIL %s (exit %d)\n%s\n' "$*" "$status" "$err"
		failed=1
	else
		printf 'ok   %s\n' "$*"
	fi
}

run native_api
run native_api shutdown
run seed_api
run mem_api
exit "$failed"
