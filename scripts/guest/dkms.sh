#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The guest side of `make check-dkms` (scripts/dkms.sh test): the lmm.ko
# that DKMS built and installed loads, serves /proc/lmm, and unloads.
M=/lib/modules-extra

# run CMD: show it, run it, stop with a failure if it fails.
run() {
	echo "# $1"
	eval "$1" || { echo "DKMS FAILED: '$1'"; exit 1; }
}

run "insmod $M/lmm.ko"
run "head -n 1 /proc/lmm"
run "head -n 1 /proc/lmm | grep -q \"^lmm version \$(cat /sys/module/lmm/version), \""
run "echo register dkms 24 > /proc/lmm"
run "echo alloc dkms 2 > /proc/lmm"
run "grep -q '^proc  *dkms  *24 ' /proc/lmm"
run "echo free 1 > /proc/lmm"
run "echo check > /proc/lmm"
run "dmesg | grep -q 'lmm: check: all invariants hold'"
run "echo reset > /proc/lmm"
run "rmmod lmm"
run "test ! -e /proc/lmm"
echo "DKMS OK"
