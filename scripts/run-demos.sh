#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# Run the userspace demos: plainly (make run), under valgrind, or checked
# against their saved output in tests/demos/ (make check-user).
# Usage: scripts/run-demos.sh BUILD_DIR [plain|valgrind|check]
#
# mem_demo runs once per policy (LMM_MEM_POLICY): its last steps differ.
set -euo pipefail
build=$1
mode=${2:-plain}
expected_dir=$(dirname "$0")/../tests/demos

# name, then the command's environment and program
runs=(
	"lmm_demo|env|lmm_demo"
	"mem_demo-worst|env LMM_MEM_POLICY=worst|mem_demo"
	"mem_demo-best|env LMM_MEM_POLICY=best|mem_demo"
	"mem_demo-first|env LMM_MEM_POLICY=first|mem_demo"
	"check_demo|env|check_demo"
)

failed=0
for run in "${runs[@]}"; do
	IFS='|' read -r name envs prog <<<"$run"
	case $mode in
	valgrind)
		$envs valgrind --quiet --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect \
			"$build/$prog" >/dev/null 2>&1
		echo "$name: valgrind clean"
		;;
	check)
		# stdout and stderr in one stream, as a student would see them
		if $envs "$build/$prog" 2>&1 | diff -u "$expected_dir/$name.out" - \
			>"$build/$name.diff"; then
			echo "$name: output as in tests/demos/$name.out"
		else
			echo "$name: output differs from tests/demos/$name.out:"
			cat "$build/$name.diff"
			failed=1
		fi
		;;
	*)
		echo "==== $name"
		$envs "$build/$prog" 2>&1
		;;
	esac
done
exit $failed
