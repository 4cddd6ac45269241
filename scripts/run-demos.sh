#!/usr/bin/env bash
# Run the userspace demos, plainly or under valgrind.
# Usage: scripts/run-demos.sh BUILD_DIR [valgrind]
set -euo pipefail
build=$1
mode=${2:-plain}
for demo in lmm_demo mem_demo; do
	echo "==== $demo"
	if [ "$mode" = valgrind ]; then
		valgrind --quiet --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect \
			"$build/$demo" >/dev/null
		echo "$demo: valgrind clean"
	else
		"$build/$demo"
	fi
done
