#!/usr/bin/env bash
# The kernel part of `make check`: for each kernel, build lmm.ko and
# lmm_demo.ko with W=1 (warnings fail), boot the kernel under QEMU with
# scripts/guest/test.sh as the guest script, and judge the console:
#   - the guest's own tests (every /proc/lmm command, accepted and refused,
#     privileges, thousands of pages, parameters, the client module,
#     unload/reload) all passed;
#   - scripts/boot.sh saw no kernel problem (BUG, WARNING, Oops, ...);
#   - no kernel address appears anywhere in what the tests printed.
#
# Usage: kernel-test.sh [6.1|6.12]...   (default: both)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LMM_TAG=lmm-check-kernel
# shellcheck source-path=SCRIPTDIR source=lib/kernel.sh
. "$root/scripts/lib/kernel.sh"

flavours=("$@")
[ "${#flavours[@]}" -gt 0 ] || flavours=(6.1 6.12)
need_pkgs gcc libc6-dev

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# The guest's write() helper: static, the initramfs has no libc.
helper=$root/build/kernel/lmm-write
if stale "$helper" "$root/scripts/guest/lmm-write.c"; then
	mkdir -p "$(dirname "$helper")"
	gcc -static -O2 -Wall -Wextra -Werror -o "$helper" "$root/scripts/guest/lmm-write.c"
fi

# no_kernel_address LOG: what the tests printed (/proc/lmm, lmm's log
# lines) shows no kernel address.  Other kernel messages, such as TCG's
# clocksource complaints, may.
no_kernel_address() {
	sed -n '/^LMM-TEST-BEGIN/,$p' "$1" |
		awk '!/^\[ *[0-9]+\.[0-9]+\] / || /^\[[ 0-9.]+\] lmm/' >"$1.ours"
	if grep -aEi '(0x)?ffff[0-9a-f]{8}' "$1.ours" >"$1.addresses"; then
		head "$1.addresses" >&2
		return 1
	fi
}

for fl in "${flavours[@]}"; do
	if ! kernel_use "$fl"; then
		fail "$fl: no kernel image or headers"
		continue
	fi
	echo "==== lmm.ko on $KREL"
	out=$root/build/kernel/$KREL
	mkdir -p "$out"
	if kernel_build_lmm "$out" 2>"$out.build.log"; then
		pass "$fl: W=1 build without a warning"
	else
		cat "$out.build.log"
		fail "$fl: W=1 build"
		continue
	fi

	start=$SECONDS
	rc=0
	"$root/scripts/boot.sh" -k "$KERNEL_IMAGE" -o "$out/test" -T 600 -e '^[0-9]+ passed, 0 failed$' \
		"$root/scripts/guest/test.sh" "$out/lmm.ko" "$out/lmm_demo.ko" "$helper" \
		>/dev/null || rc=$?
	log=$out/test.log
	grep -aE '^(==== |FAIL: |[0-9]+ passed, [0-9]+ failed$)' "$log" || true
	summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
	if [ "$rc" -eq 0 ]; then
		pass "$fl: guest tests, $summary ($((SECONDS - start))s in QEMU)"
	else
		echo "---- console of the failed run ($log):"
		cat "$log"
		fail "$fl: guest tests (boot.sh exit $rc${summary:+, $summary})"
	fi
	if no_kernel_address "$log"; then
		pass "$fl: no kernel address in what the tests printed"
	else
		fail "$fl: a kernel address in what the tests printed"
	fi
done

echo "check-kernel: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
