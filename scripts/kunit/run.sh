#!/usr/bin/env bash
# Run KUnit test modules in the test kernel (build-kernel.sh) under QEMU and
# judge the run by KUnit's results and by every report of the kernel's
# checkers. The guest loads the modules in order (a module's suites run
# while it loads), unloads them in reverse, then kmemleak scans (tour.sh).
#
# Usage: run.sh [-t TEST_MODULE]... [-e CASES] [-s SUITE.CASE]... [-T SECONDS]
#               'MODULE.ko [PARAM=VALUE...]'...
#        run.sh -c CONSOLE_LOG [-t ...] [-e ...] [-s ...]   (judge a saved log)
#   -t  name of a module that holds KUnit suites (at least one, each must
#       print one); its KTAP is taken from the console, timestamps stripped
#       under a top-level header, and parsed with the kernel's kunit.py
#   -e  exactly CASES cases must be reported (default: $EXPECT_CASES)
#   -s  this case may skip itself (default: the words of $ALLOW_SKIP)
#   -T  QEMU time limit (default: $KUNIT_TIMEOUT, else 900)
#   env LOG=FILE keeps the console there; QEMU_MEM (MiB, default 1024).
# Fails when a case fails, skips unasked or is missing, when a module does not
# load or unload, or when the console shows a KASAN, lockdep, UBSAN, WARNING,
# BUG, Oops or kmemleak report. The last line reads "N passed, N failed"
# (KUnit cases; a missing or unasked-for skipped case counts as failed).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
export LMM_TAG=lmm-kunit
# shellcheck source-path=SCRIPTDIR source=../lib/kernel.sh
. "$repo/scripts/lib/kernel.sh"
# shellcheck source-path=SCRIPTDIR source=../lib/boot.sh
. "$repo/scripts/lib/boot.sh"
usage() { sed -n '/^# Usage:/,/^#   env LOG/s/^# \{0,1\}//p' "$0" >&2; exit 2; }

tests=() console_in=
expect=${EXPECT_CASES:-} limit=${KUNIT_TIMEOUT:-900}
read -ra allow_skip <<<"${ALLOW_SKIP:-}"
while getopts 't:e:s:c:T:' opt; do
	case $opt in
	t) tests+=("${OPTARG//-/_}") ;;
	e) expect=$OPTARG ;;
	s) allow_skip+=("$OPTARG") ;;
	c) console_in=$OPTARG ;;
	T) limit=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ "${#tests[@]}" -gt 0 ] || usage
[ -n "$console_in" ] || [ "$#" -gt 0 ] || usage
[ -z "$expect" ] || [[ $expect =~ ^[0-9]+$ ]] || die "-e wants a number, not '$expect'"

kernel_use test
need_pkgs kmod python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- Boot: the modules and their load order go into the initramfs.
qemu_rc=0
if [ -n "$console_in" ]; then
	[ -f "$console_in" ] || die "no such console log: $console_in"
	console=$console_in
	# Judged again as scripts/boot.sh judged it when it was written.
	boot_judge "$console" 0 "$limit" 2>/dev/null || qemu_rc=$?
else
	console=${LOG:-$work/console.log}
	files=()
	for arg in "$@"; do
		ko=${arg%% *} params=${arg#"${arg%% *}"}
		[ -f "$ko" ] || die "no such module: $ko"
		# A module built against another kernel would not load: say so now.
		vermagic=$(modinfo -F vermagic "$ko")
		[ "${vermagic%% *}" = "$KREL" ] ||
			die "$ko is built for '${vermagic%% *}', not the test kernel $KREL (KDIR=$KDIR)"
		name=$(basename "$ko" .ko)
		echo "${name//-/_} $(basename "$ko")$params" >>"$work/kunit-modules"
		files+=("$ko")
	done
	log "booting $KERNEL_IMAGE (TCG, KASAN: expect a minute or two)"
	start=$SECONDS
	# 1 GiB: KASAN takes an eighth. One CPU (see tests/kunit/kernel.config).
	"$repo/scripts/boot.sh" -k "$KERNEL_IMAGE" -o "$work/boot" -T "$limit" \
		-M "${QEMU_MEM:-1024}" "$here/tour.sh" "$work/kunit-modules" \
		"${files[@]}" || qemu_rc=$?
	cp "$work/boot.log" "$console" 2>/dev/null || true
	log "QEMU ran for $((SECONDS - start))s (exit $qemu_rc)"
fi

# --- The console without carriage returns and printk timestamps.
tr -d '\r' <"$console" | sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' >"$work/console.txt"

# --- KTAP: the kernel's lines printed while a test module was loading
# (between the tour's "loading" and "loaded" markers). 6.1 prints each suite
# as an indented subtest without the top-level header kunit.py wants: count
# the suites and add "KTAP version 1" and "1..N" above them.
awk -v tests=" ${tests[*]} " -v body="$work/ktap.body" '
	/^lmm-kunit: loading / { cur = index(tests, " " $3 " ") ? $3 : ""; next }
	/^lmm-kunit: (loaded|load-failed) / { cur = ""; next }
	cur == "" { next }
	/^    KTAP version 1$/ { suites[cur]++; total++ }
	{ print > body }
	END {
		n = split(tests, t, " ")
		for (i = 1; i <= n; i++) printf "%s %d\n", t[i], suites[t[i]]
		printf "total %d\n", total
	}' "$work/console.txt" >"$work/suites"
touch "$work/ktap.body"
nsuites=$(sed -n 's/^total //p' "$work/suites")
{ printf 'KTAP version 1\n1..%d\n' "$nsuites"; cat "$work/ktap.body"; } >"$work/ktap"

problems=()
while read -r name n; do
	[ "$name" = total ] || [ "$n" -gt 0 ] || problems+=("no KUnit suite ran in $name")
done <"$work/suites"

# kunit.py exits 0 when it only found errors (a suite without its result
# line, a plan not met): read its summary line too.
echo "== KUnit results (kunit.py parse)"
py_rc=0
python3 "$KSRC/tools/testing/kunit/kunit.py" parse "$work/ktap" | tee "$work/parsed" ||
	py_rc=$?
if [ "$py_rc" -ne 0 ] || ! grep -q 'Testing complete\.' "$work/parsed" ||
	grep -q 'Testing complete\..*errors:' "$work/parsed"; then
	problems+=("kunit.py parse reports failures or errors")
fi

# --- Our own count of the cases: one result line each, at the suites' indent.
# Prints "pass|fail|skip SUITE.CASE", and "plan N" per suite.
awk '
	/^    # Subtest: / { suite = substr($0, 15) }
	/^    1\.\.[0-9]+$/ { print "plan", substr($0, 8) }
	/^    (not )?ok [0-9]+ / {
		line = $0
		st = (line ~ /^    not ok/) ? "fail" : "pass"
		sub(/^    (not )?ok [0-9]+ (- )?/, "", line)
		if (line ~ / # SKIP/) st = "skip"
		sub(/ # .*/, "", line)
		print st, suite "." line
	}' "$work/ktap.body" >"$work/cases"
passed=0 failed=0 skipped=0 reported=0 planned=0
while read -r st case; do
	case $st in
	plan) planned=$((planned + case)); continue ;;
	pass) passed=$((passed + 1)) ;;
	fail) failed=$((failed + 1)); log "case failed: $case" ;;
	skip)
		if [[ " ${allow_skip[*]} " == *" $case "* ]]; then
			skipped=$((skipped + 1))
		else
			failed=$((failed + 1)); log "case skipped unasked: $case"
		fi
		;;
	esac
	reported=$((reported + 1))
done <"$work/cases"
absent=$((planned - reported))
if [ -n "$expect" ] && [ $((expect - reported)) -gt "$absent" ]; then
	absent=$((expect - reported))
fi
if [ -n "$expect" ] && [ "$reported" -gt "$expect" ]; then
	problems+=("$reported cases reported, $expect expected (-e/EXPECT_CASES is stale?)")
fi
if [ "$absent" -gt 0 ]; then
	failed=$((failed + absent))
	problems+=("$absent KUnit case(s) missing ($reported reported, ${expect:-$planned} expected)")
fi
[ "$failed" -eq 0 ] || problems+=("$failed KUnit case(s) failed, skipped unasked or missing")

# --- The kernel's checkers. The tour's own lines and the kmemleak report
# (judged below) are left out of the scan.
awk '/^lmm-kunit: kmemleak report begin$/ { skip = 1 }
	!skip && !/^lmm-kunit: / { print }
	/^lmm-kunit: kmemleak report end$/ { skip = 0 }' \
	"$work/console.txt" >"$work/kernel.txt"
while read -r n name; do
	problems+=("the kernel reported $name ($n line(s))")
done < <(kernel_problems "$work/kernel.txt")
if grep -qE "$(kernel_problem_regex)" "$work/kernel.txt"; then
	log "kernel report lines (first 30):"
	grep -E "$(kernel_problem_regex)" "$work/kernel.txt" | head -n 30 >&2 || true
fi
sed -n '/^lmm-kunit: kmemleak report begin$/,/^lmm-kunit: kmemleak report end$/p' \
	"$work/console.txt" | sed '1d;$d' >"$work/kmemleak"
if grep -q . "$work/kmemleak"; then
	problems+=("kmemleak reports $(grep -c '^unreferenced object' "$work/kmemleak") leak(s)")
elif ! grep -q '^lmm-kunit: kmemleak report end$' "$work/console.txt"; then
	problems+=("the tour did not get to the kmemleak report")
fi

case $qemu_rc in
0 | 3) ;; # 3: scripts/boot.sh saw a kernel problem, detailed above
124) problems+=("QEMU timed out after ${limit}s") ;;
*) problems+=("the guest tour failed (exit $qemu_rc): see the lmm-kunit lines above") ;;
esac

if [ "${#problems[@]}" -gt 0 ]; then
	log "FAIL:"
	printf '  %s\n' "${problems[@]}" >&2
fi
closing="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || closing+=", $skipped skipped"
echo "$closing"
[ "${#problems[@]}" -eq 0 ]
