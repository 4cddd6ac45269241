#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Run lmm's libFuzzer targets (tests/fuzz/fuzz.mk calls this).
#
#   tests/fuzz/run.sh grow  SECONDS BUILD_DIR TARGET...
#       fuzz each target for SECONDS, starting from its committed corpus
#       (tests/fuzz/corpus/TARGET), then merge what was found into that
#       corpus, keeping only inputs that add coverage (-merge=1).
#   tests/fuzz/run.sh check SECONDS BUILD_DIR TARGET...
#       fuzz each target for SECONDS with the committed corpus as a
#       read-only seed (new inputs go under BUILD_DIR), then replay every
#       reproducer in tests/fuzz/repro/ through its target.  The tree is
#       never written.
#
# Either way: the executions each target reached are printed, and the exit
# status is non-zero if any target crashed or broke an invariant.
set -uo pipefail

mode=$1 seconds=$2 build=$3
shift 3
corpus_root=tests/fuzz/corpus
repro_root=tests/fuzz/repro
failed=()
summary=()

# Options every run shares: a hang is a failure after 25 s, not 20
# minutes; programs of at most 512 bytes (about a hundred operations) keep
# the corpus small and the executions fast.
common_opts=(-print_final_stats=1 -timeout=25 -rss_limit_mb=2048
	     -max_len=512)

dict_opts() {
	local dict=tests/fuzz/$1.dict
	[ -f "$dict" ] && echo "-dict=$dict"
}

executions() {
	sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -n 1
}

# fuzz TARGET WRITABLE_DIR LOG: SECONDS of fuzzing; status of libFuzzer.
fuzz() {
	local target=$1 out=$2 log=$3
	mkdir -p "$out" "$corpus_root/$target"
	# shellcheck disable=SC2046
	"$build/$target" "${common_opts[@]}" $(dict_opts "$target") \
		-max_total_time="$seconds" \
		-artifact_prefix="$build/artifacts/$target-" \
		"$out" "$corpus_root/$target" >"$log" 2>&1
}

# The committed corpus becomes the smallest set with all the coverage.
# The hand-written seeds (seed-*) stay, under their names, whatever the
# merge thinks of them: they document the input format.
merge_into_corpus() {
	local target=$1 found=$2 merged=$build/merged/$target
	rm -rf "$merged"
	mkdir -p "$merged"
	cp "$corpus_root/$target"/seed-* "$merged"/ 2>/dev/null
	"$build/$target" -merge=1 "$merged" "$corpus_root/$target" "$found" \
		>"$build/logs/$target.merge.log" 2>&1 || return 1
	rm -f "$corpus_root/$target"/*
	cp "$merged"/* "$corpus_root/$target"/ 2>/dev/null
	return 0
}

# Reproducers are named after their target: corrupt-*.bin is fuzz_corrupt's.
# Each runs alone, so that every failing one is named, not just the first.
replay() {
	local target=$1 file status=0 files
	shopt -s nullglob
	files=("$repro_root/${target#fuzz_}"-*.bin)
	shopt -u nullglob
	[ "${#files[@]}" -eq 0 ] && return 0
	echo "   replaying ${#files[@]} reproducer(s) through $target"
	for file in "${files[@]}"; do
		if ! "$build/$target" "$file" \
			>"$build/logs/$target.replay.log" 2>&1; then
			echo "   $file fails:"
			grep -E 'ERROR|SUMMARY|invariant broken' \
				"$build/logs/$target.replay.log" | head -n 3 |
				sed 's/^/     /'
			status=1
		fi
	done
	return $status
}

mkdir -p "$build/logs" "$build/artifacts"
for target in "$@"; do
	log=$build/logs/$target.log
	echo "== $target: $seconds s"
	if [ "$mode" = grow ]; then
		rm -rf "$build/found/$target"
		fuzz "$target" "$build/found/$target" "$log"
	else
		rm -rf "$build/check/$target"
		fuzz "$target" "$build/check/$target" "$log"
	fi
	status=$?
	runs=$(executions "$log")
	summary+=("$(printf '%-14s %12s executions%s' "$target" "${runs:-?}" \
		"$([ $status -ne 0 ] && echo '   CRASH')")")
	if [ $status -ne 0 ]; then
		failed+=("$target")
		echo "   FAILED (status $status); the report, from $log:"
		grep -E 'ERROR|SUMMARY|invariant broken|Test unit written' "$log" |
			head -n 8 | sed 's/^/   /'
	fi
	if [ "$mode" = grow ]; then
		merge_into_corpus "$target" "$build/found/$target" ||
			failed+=("$target (merge)")
		echo "   corpus: $(find "$corpus_root/$target" -type f | wc -l) inputs"
	elif ! replay "$target"; then
		failed+=("$target (reproducer)")
	fi
done

echo "== executions in $seconds s per target"
printf '   %s\n' "${summary[@]}"
if [ "${#failed[@]}" -ne 0 ]; then
	echo "== failed: ${failed[*]}"
	exit 1
fi
