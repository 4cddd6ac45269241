#!/usr/bin/env bash
# The kernel part of `make check`: for each kernel, build lmm.ko and
# lmm_demo.ko with W=1 (warnings fail), boot the kernel under QEMU with
# scripts/guest/test.sh as the tour, and judge the console:
#   - the guest's own tests (every /proc/lmm command, accepted and refused,
#     privileges, thousands of pages, parameters, the client module,
#     unload/reload) all passed;
#   - run.sh saw no BUG, WARNING, Oops, Call Trace... on the console;
#   - no kernel address appears anywhere in what the tests printed.
#
# Usage: kernel-test.sh [6.1|6.12]...   (default: both)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=qemu/lib.sh
. "$root/scripts/qemu/lib.sh"

flavours=("$@")
[ "${#flavours[@]}" -gt 0 ] || flavours=(6.1 6.12)
need_pkgs gcc libc6-dev

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# The guest's write() helper: static, the initramfs has no libc.
helper=$root/build/kernel/lmm-write
if [ ! -x "$helper" ] || [ "$root/scripts/guest/lmm-write.c" -nt "$helper" ]; then
	mkdir -p "$(dirname "$helper")"
	gcc -static -O2 -Wall -Wextra -Werror -o "$helper" "$root/scripts/guest/lmm-write.c"
fi

for fl in "${flavours[@]}"; do
	# Not eval "$(...)": its failure would go unnoticed, and the previous
	# flavour's KDIR and VMLINUZ would be tested a second time.
	if ! vars=$("$root/scripts/qemu/fetch-kernel.sh" "$fl"); then
		fail "$fl: no kernel image or headers"
		continue
	fi
	eval "$vars"
	echo "==== lmm.ko on $KREL"
	out=$root/build/kernel/$KREL
	mkdir -p "$out"
	if "$root/scripts/kernel-build.sh" "$KDIR" "$out" >"$out.build.log" 2>&1; then
		pass "$fl: W=1 build without a warning"
	else
		cat "$out.build.log"
		fail "$fl: W=1 build"
		continue
	fi

	initrd=$out/test.cpio.gz
	inputs=("$root/scripts/guest/test.sh" "$out/lmm.ko" "$out/lmm_demo.ko" "$helper")
	if [ ! -s "$initrd" ] || [ -n "$(find "${inputs[@]}" -newer "$initrd")" ]; then
		"$root/scripts/qemu/mkinitramfs.sh" "$initrd" "${inputs[@]}"
	fi

	log="$out/test.log"
	start=$(date +%s)
	rc=0
	LOG=$log "$root/scripts/qemu/run.sh" "$VMLINUZ" "$initrd" 600 >/dev/null || rc=$?
	secs=$(($(date +%s) - start))
	grep -aE '^(==== |FAIL: |[0-9]+ passed, [0-9]+ failed$)' "$log" || true
	summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
	if [ "$rc" -eq 0 ] && [ -n "$summary" ] && [ "${summary#* passed, }" = "0 failed" ]; then
		pass "$fl: guest tests, $summary (${secs}s in QEMU)"
	else
		echo "---- console of the failed run ($log):"
		cat "$log"
		fail "$fl: guest tests (run.sh exit $rc${summary:+, $summary})"
	fi
	# What the tests printed (/proc/lmm, lmm's log lines): other kernel
	# messages, such as TCG's clocksource complaints, may show addresses.
	sed -n '/^LMM-TEST-BEGIN/,$p' "$log" |
		awk '!/^\[ *[0-9]+\.[0-9]+\] / || /^\[[ 0-9.]+\] lmm/' >"$log.ours"
	if grep -aEiq '(0x)?ffff[0-9a-f]{8}' "$log.ours"; then
		grep -aEi '(0x)?ffff[0-9a-f]{8}' "$log.ours" | head >&2
		fail "$fl: a kernel address in what the tests printed"
	else
		pass "$fl: no kernel address in what the tests printed"
	fi
done

echo "check-kernel: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
