#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The guided tour of lmm.ko that `make run` shows on the QEMU console
# (this is /init-tour in the initramfs; scripts/kernel-tour.sh runs it).
# Each step prints the command, then what it did; the first step that
# does not do what it should ends the tour with a failure.
M=/lib/modules-extra

step() {
	echo
	echo "======== $*"
}

# do CMD: show it, run it, stop the tour if it fails.
do_() {
	echo "# $1"
	eval "$1" || { echo "TOUR FAILED: '$1' did not work"; exit 1; }
}

# refused CMD: show it, run it, stop the tour if it works.
refused() {
	echo "# $1    (must be refused)"
	if eval "$1"; then
		echo "TOUR FAILED: '$1' was accepted"
		exit 1
	fi
}

show() {
	do_ "cat /proc/lmm"
}

step "Load lmm.ko: /proc/lmm appears, the tunables are module parameters"
do_ "insmod $M/lmm.ko"
do_ "ls -l /proc/lmm"
do_ "grep . /sys/module/lmm/parameters/*"
show

step "Register a family of 24-byte structs"
do_ "echo register point 24 > /proc/lmm"
show

step "Allocate 3 points (handle 1), then 1 point twice (handles 2 and 3)"
do_ "echo alloc point 3 > /proc/lmm"
do_ "echo alloc point 1 > /proc/lmm"
do_ "echo alloc point 1 > /proc/lmm"
show

step "Free handle 2: a hole of 24 usable bytes (a 32-byte block) between handles 1 and 3"
do_ "echo free 2 > /proc/lmm"
show

step "Free handle 3: it merges with the hole before it and the free space after"
do_ "echo free 3 > /proc/lmm"
show

step "Bad commands are refused, and change nothing"
refused "echo alloc nosuch 1 > /proc/lmm"
refused "echo alloc point -1 > /proc/lmm"
refused "echo unregister point > /proc/lmm"
refused "su nobody -s /bin/sh -c 'echo register mine 8 > /proc/lmm'"
show

step "lmm_demo.ko, a client module: emp_t and student_t, as in the LMM seed; cross=1 crosses pages: 87 employees need a second page, and a run of 100 students takes 2 pages and gives them back (pg_rel 2)"
do_ "insmod $M/lmm_demo.ko cross=1"
show
refused "rmmod lmm"
do_ "lsmod | grep '^lmm'"

step "Check every invariant of every family"
do_ "echo check > /proc/lmm"
do_ "dmesg | grep 'lmm.*check'"

step "Unload the client; reset /proc's own families and handles"
do_ "rmmod lmm_demo"
do_ "echo reset > /proc/lmm"
show

step "Unload lmm.ko"
do_ "rmmod lmm"
do_ "test ! -e /proc/lmm"
do_ "dmesg | grep -E 'lmm(_demo)?:'"

echo
echo "TOUR OK: every step worked"
