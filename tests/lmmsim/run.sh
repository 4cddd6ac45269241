#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# lmmsim's tests: every NAME.args here holds lmmsim's arguments, NAME.out
# the exact output (stdout and stderr) and exit status they must give.
# Then: the same bytes with and without ASLR, no error under valgrind,
# and the HTML timeline in a real headless browser (html.sh).
#
# Usage: tests/lmmsim/run.sh build/lmmsim [--update]
set -euo pipefail
sim=$(realpath "$1")
update=${2:-}
here=$(dirname "$(realpath "$0")")
root=$(dirname "$(dirname "$here")")
fail=0

# Run lmmsim with the arguments of a .args file, from the repository root.
run_cmd() {
	local args
	args=$(cat "$1")
	(cd "$root" && eval "set -- $args" && "$sim" "$@" 2>&1; echo "exit $?")
}

for cmd in "$here"/*.args; do
	name=${cmd%.args}
	if [ "$update" = --update ]; then
		run_cmd "$cmd" > "$name.out" || true
		continue
	fi
	if ! diff -u "$name.out" <(run_cmd "$cmd") > "$name.diff"; then
		echo "FAIL lmmsim $(cat "$cmd")"
		head -40 "$name.diff"
		fail=1
	fi
	rm -f "$name.diff"
done
[ "$update" = --update ] && exit 0
echo "lmmsim: $(ls "$here"/*.args | wc -l) expected outputs compared"

# Addresses never show: the output is the same with ASLR on and off.
args=(-c --compare --family node_t:200 -A "+15,+15,+15,-0,+3,-1,+2,-2")
a=$("$sim" "${args[@]}")
b=$(setarch "$(uname -m)" -R "$sim" "${args[@]}")
if [ "$a" != "$b" ]; then
	echo "FAIL lmmsim: output differs with ASLR off"
	fail=1
fi

# Longer random traces: lmmsim checks the heap and the free-list order
# after every step itself (exit status 3 on a broken promise).
for seed in 1 2 3 4 5 6; do
	for args in "-S 65536 -r 1500" "--family emp_t:24 -r 200" \
		    "-C off -r 300"; do
		# shellcheck disable=SC2086
		if ! "$sim" -c --compare -s $seed -n 400 -P 55 $args > /dev/null; then
			echo "FAIL lmmsim -c --compare -s $seed -n 400 -P 55 $args"
			fail=1
		fi
	done
done

# No error and no leak under valgrind, in region and family mode.
for args in "-c --compare -s 5 -n 40 -r 900" \
	    "-c --compare --family emp_t:36 -s 5 -n 40 -r 200" \
	    "-c -C off -s 7 -n 30"; do
	# shellcheck disable=SC2086
	if ! valgrind --quiet --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		"$sim" $args > /dev/null; then
		echo "FAIL lmmsim $args under valgrind"
		fail=1
	fi
done
echo "lmmsim: valgrind clean"

"$here/html.sh" "$sim" || fail=1
exit $fail
