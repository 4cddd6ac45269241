#!/usr/bin/env bash
# Smoke test of the QEMU plumbing: for each kernel flavour, build a hello
# module against its headers, boot it in an initramfs, load/unload it, and
# check that an unprivileged user exists. A second boot loads the module with
# warn=1 and must be flagged by run.sh (exit 3) because of the WARNING.
#
# Usage: selftest.sh [FLAVOUR...]     (default: 6.1 6.12)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

flavours=("$@")
[ "${#flavours[@]}" -gt 0 ] || flavours=(6.1 6.12)
need_pkgs make gcc-12 kmod

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 times=()
pass() { passed=$((passed + 1)); log "PASS: $*"; }
fail() { failed=$((failed + 1)); log "FAIL: $*"; }

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
MODULE_DESCRIPTION("lmm QEMU plumbing self-test module");
C
echo 'obj-m := hello.o' >"$tmp/src/Kbuild"

cat >"$tmp/tour-ok.sh" <<'TOUR'
#!/bin/sh
set -e
insmod /lib/modules-extra/hello.ko
cat /proc/modules
rmmod hello
dmesg | grep 'lmm-hello:'
su nobody -s /bin/sh -c id
TOUR
cat >"$tmp/tour-warn.sh" <<'TOUR'
#!/bin/sh
insmod /lib/modules-extra/hello.ko warn=1
TOUR

for fl in "${flavours[@]}"; do
	eval "$("$here/fetch-kernel.sh" "$fl")"
	dir=$tmp/$fl
	cp -r "$tmp/src" "$dir"
	log "building hello.ko for $KREL"
	if ! make -s -C "$KDIR" M="$dir" modules >&2; then
		fail "$fl: module build"
		continue
	fi
	vermagic=$(modinfo -F vermagic "$dir/hello.ko")
	case $vermagic in
	"$KREL "*) pass "$fl: vermagic $vermagic" ;;
	*) fail "$fl: vermagic '$vermagic' does not start with $KREL" ;;
	esac

	"$here/mkinitramfs.sh" "$dir/ok.cpio.gz" "$tmp/tour-ok.sh" "$dir/hello.ko"
	start=$(date +%s.%N)
	rc=0
	LOG=$dir/ok.log "$here/run.sh" "$VMLINUZ" "$dir/ok.cpio.gz" 180 || rc=$?
	secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	times+=("$fl ($KREL): ${secs}s")
	if [ "$rc" -eq 0 ] &&
		grep -q '^hello [0-9]* 0 - Live' "$dir/ok.log" &&
		grep -q 'lmm-hello: init' "$dir/ok.log" &&
		grep -q 'lmm-hello: exit' "$dir/ok.log" &&
		grep -q '^uid=65534(nobody)' "$dir/ok.log"; then
		pass "$fl: boot, insmod, rmmod, su nobody (${secs}s)"
	else
		fail "$fl: boot (run.sh exit $rc), see the console above"
	fi

	"$here/mkinitramfs.sh" "$dir/warn.cpio.gz" "$tmp/tour-warn.sh" "$dir/hello.ko"
	rc=0
	"$here/run.sh" "$VMLINUZ" "$dir/warn.cpio.gz" 180 >"$dir/warn.log" || rc=$?
	if [ "$rc" -eq 3 ]; then
		pass "$fl: a WARN_ON in a module fails the run (exit 3)"
	else
		cat "$dir/warn.log"
		fail "$fl: WARN_ON run exited $rc, expected 3"
	fi
done

for t in "${times[@]}"; do log "boot time under TCG, $t"; done
echo "selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
