#!/usr/bin/env bash
# Prove that the files of lmm.ko (kernel/*.c) call each other one way only.
#
# Each kernel/X.c has its interface in kernel/X.h (port.c's is lmm_kernel.h,
# which also draws the map).  The kernel builds with
# -Werror=implicit-function-declaration, so a file can call another only
# through that file's header; and no header of kernel/ includes another.
# The include lines of kernel/*.c are therefore the call graph, and this
# script fails when:
#   - a header of kernel/ includes another header of kernel/;
#   - a file includes a header of kernel/ that belongs to no file;
#   - the graph has a circle (tsort finds it);
#   - a variable is shared between files (an extern, or a lock or list
#     defined without static): each lock belongs to one file.
# It prints the graph, one "caller -> callee" line per edge.
#
# Usage: kernel-layers.sh [DIR]   (default: kernel/ of this tree)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:-$root/kernel}
status=0
fail() {
	echo "kernel-layers: $*"
	status=1
}

# The file that a header of kernel/ belongs to.
owner_of() {
	case $1 in
	lmm_kernel.h) echo port.c ;;
	*) echo "${1%.h}.c" ;;
	esac
}

# The headers of kernel/ that a file includes with quotes.
kernel_includes() {
	sed -n 's/^#include "\([^"]*\)".*/\1/p' "$1" | while read -r h; do
		[ -f "$dir/$h" ] && echo "$h"
	done
}

for h in "$dir"/*.h; do
	for inc in $(kernel_includes "$h"); do
		fail "${h##*/} includes $inc: headers of kernel/ include none of each other"
	done
done

edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for c in "$dir"/*.c; do
	file=${c##*/}
	echo "$file $file" >>"$edges"	# every file is a node, even alone
	for inc in $(kernel_includes "$c"); do
		callee=$(owner_of "$inc")
		if [ ! -f "$dir/$callee" ]; then
			fail "$file includes $inc, which belongs to no file ($callee)"
			continue
		fi
		[ "$callee" = "$file" ] && continue
		echo "$file -> $callee"
		echo "$file $callee" >>"$edges"
	done
done

if ! tsort "$edges" >/dev/null 2>"$edges.err"; then
	fail "the files of kernel/ call each other in a circle:"
	sed 's/^/  /' "$edges.err"
fi
rm -f "$edges.err"

# A variable of one file that another can name: extern declarations, and
# locks, lists and arrays defined without static.
shared=$({
	grep -nE '^extern ' "$dir"/*.[ch]
	grep -nE '^(DEFINE_[A-Z_]+|LIST_HEAD)\(' "$dir"/*.c
} || true)
if [ -n "$shared" ]; then
	fail "variables shared between files (make them static, pass functions):"
	while IFS= read -r line; do
		echo "  $line"
	done <<<"$shared"
fi

[ "$status" -ne 0 ] || echo "kernel-layers: one way, no circle, no shared variable"
exit "$status"
