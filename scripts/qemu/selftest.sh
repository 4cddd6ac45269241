#!/usr/bin/env bash
# Self-test of the boot pipeline (scripts/boot.sh) on Debian's kernels: a
# hello module built against each kernel's headers loads and unloads and an
# unprivileged user exists; and each verdict the pipeline gives has a boot
# that must get it: a WARN_ON in a module (3), a failing guest script (its
# status), a missing success line (4), a guest that hangs (124); and,
# interactive (-i, as make shell boots), 3 for a WARN_ON and QEMU's own 0
# otherwise.  First, without a boot, the one list of kernel problems
# (KERNEL_PROBLEMS) must name each kind from a line the kernel prints for
# it, and no line of a healthy boot.
#
# Usage: selftest.sh [FLAVOUR...]     (default: 6.1 6.12)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export LMM_TAG=lmm-boot-selftest
# shellcheck source-path=SCRIPTDIR source=../lib/kernel.sh
. "$root/scripts/lib/kernel.sh"
# shellcheck source-path=SCRIPTDIR source=../lib/boot.sh
. "$root/scripts/lib/boot.sh"

flavours=("$@")
[ "${#flavours[@]}" -gt 0 ] || flavours=(6.1 6.12)
need_pkgs make gcc-12 kmod
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
pass() { passed=$((passed + 1)); log "PASS: $*"; }
fail() { failed=$((failed + 1)); log "FAIL: $*"; }

# problem_named NAME LINE: kernel_problems names NAME for a log of LINE.
problem_named() {
	local found
	printf '%s\n' "$2" >"$tmp/line.log"
	found=$(kernel_problems "$tmp/line.log")
	if grep -qx "1 $1" <<<"$found"; then
		pass "problem list: '$2' is $1"
	else
		fail "problem list: '$2' is not reported as $1"
	fi
}
problem_named WARNING 'WARNING: CPU: 0 PID: 1 at lib/foo.c:12 foo+0x1/0x2'
problem_named Oops 'Oops: 0000 [#1] PREEMPT SMP NOPTI'
problem_named lockdep 'WARNING: possible circular locking dependency detected'
problem_named 'sleep in atomic' 'BUG: sleeping function called from invalid context at mm/slab.h:1'
problem_named KASAN 'BUG: KASAN: slab-out-of-bounds in lmm_alloc+0x10/0x20'
problem_named kmemleak 'kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)'
problem_named 'hung task' 'INFO: task insmod:71 blocked for more than 120 seconds.'
for line in 'lmm: loading out-of-tree module taints kernel.' \
	'lmm: module verification failed: signature and/or required key missing - tainting kernel' \
	'lmm: check: all invariants hold'; do
	printf '%s\n' "$line" >"$tmp/line.log"
	if [ -z "$(kernel_problems "$tmp/line.log")" ]; then
		pass "problem list: '$line' is no problem"
	else
		fail "problem list: '$line' taken for $(kernel_problems "$tmp/line.log")"
	fi
done

# The module: one line on load and on unload; warn=1 triggers a WARN_ON.
mkdir "$tmp/src"
cat >"$tmp/src/hello.c" <<'C'
// SPDX-License-Identifier: GPL-2.0
#include <linux/init.h>
#include <linux/module.h>

static bool warn;
module_param(warn, bool, 0444);
MODULE_PARM_DESC(warn, "trigger a WARN_ON() when loaded");

static int __init hello_init(void)
{
	pr_info("lmm-hello: init\n");
	WARN_ON(warn);
	return 0;
}

static void __exit hello_exit(void)
{
	pr_info("lmm-hello: exit\n");
}

module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("lmm boot pipeline self-test module");
C
echo 'obj-m := hello.o' >"$tmp/src/Kbuild"

# guest NAME BODY: a guest script.
guest() { printf '#!/bin/sh\n%s\n' "$2" >"$tmp/$1.sh"; }
guest ok 'set -e
insmod /lib/modules-extra/hello.ko
grep "^hello " /proc/modules
rmmod hello
dmesg | grep "lmm-hello:"
su nobody -s /bin/sh -c id
echo HELLO OK'
guest warn 'insmod /lib/modules-extra/hello.ko warn=1'
guest status7 'exit 7'
guest silent 'true'
guest hang 'sleep 1000'

# expect FLAVOUR NAME WANT [BOOT.SH-ARGS...] GUEST [FILE...]: one boot,
# whose exit status must be WANT.
expect() {
	local fl=$1 name=$2 want=$3 rc=0 start=$SECONDS
	shift 3
	"$root/scripts/boot.sh" -k "$KERNEL_IMAGE" -o "$tmp/$fl/$name" "$@" \
		>/dev/null 2>"$tmp/$fl/$name.err" || rc=$?
	if [ "$rc" -eq "$want" ]; then
		pass "$fl: $name: exit $rc ($((SECONDS - start))s)"
	else
		cat "$tmp/$fl/$name.err" "$tmp/$fl/$name.log" >&2
		fail "$fl: $name: exit $rc, expected $want"
	fi
}

for fl in "${flavours[@]}"; do
	kernel_use "$fl" || { fail "$fl: no kernel"; continue; }
	cp -r "$tmp/src" "$tmp/$fl"
	kernel_make "$tmp/$fl" -s >&2 || { fail "$fl: hello.ko build"; continue; }
	ko=$tmp/$fl/hello.ko
	expect "$fl" ok 0 -T 180 -e '^uid=65534\(nobody\)' "$tmp/ok.sh" "$ko"
	if ! grep -q '^hello [0-9]* 0 - Live' "$tmp/$fl/ok.log" ||
		! grep -q 'lmm-hello: exit' "$tmp/$fl/ok.log"; then
		fail "$fl: ok: the module did not load and unload"
	fi
	expect "$fl" warn 3 -T 180 "$tmp/warn.sh" "$ko"
	expect "$fl" status7 7 -T 180 "$tmp/status7.sh"
	expect "$fl" no-success-line 4 -T 180 -e '^NEVER PRINTED$' "$tmp/silent.sh"
	expect "$fl" timeout 124 -T 25 "$tmp/hang.sh"
	# Interactive: no time limit and no terminal here (stdin /dev/null);
	# these guests end the boot themselves.
	expect "$fl" interactive-warn 3 -i "$tmp/warn.sh" "$ko" </dev/null
	expect "$fl" interactive-ok 0 -i "$tmp/ok.sh" "$ko" </dev/null
done

echo "boot-selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
