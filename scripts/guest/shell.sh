#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The guest side of `make shell` (this is /init-tour in the initramfs;
# scripts/kernel-shell.sh boots it): load lmm.ko, say what to try, and
# hand the serial console to an interactive busybox shell.  The session
# ends with poweroff, reboot, exit or Ctrl-D (or Ctrl-A X in QEMU).
M=/lib/modules-extra

# The modules where a student's `insmod lmm_demo.ko` finds them (the shell
# starts in /, the prompt is "/ # "), lmmtop on the PATH.
for f in lmm.ko lmm_demo.ko; do
	ln -sf "$M/$f" "/$f"
done
ln -sf "$M/lmmtop" /usr/bin/lmmtop

# A serial console knows nothing of the host terminal's size: the host
# passes it on the kernel command line (LMM_ROWS, LMM_COLS reach us as
# environment variables), so that lmmtop and line editing fit the window.
if [ -n "${LMM_ROWS:-}" ] && [ -n "${LMM_COLS:-}" ]; then
	stty -F /dev/console rows "$LMM_ROWS" cols "$LMM_COLS" 2>/dev/null
fi

if ! insmod "$M/lmm.ko"; then
	echo "make shell: insmod lmm.ko failed; the shell starts without it"
fi

# PID 1 is a plain shell script (scripts/guest/init), not an init
# that understands poweroff's signal: make poweroff and reboot act at once.
cat >/etc/lmm-shell.rc <<'RC'
poweroff() { sync; command poweroff -f; }
reboot() { sync; command reboot -f; }
halt() { sync; command poweroff -f; }
RC

cat <<BANNER

======================================================================
 lmm shell: Linux $(uname -r) in QEMU, lmm.ko loaded.  Try:
   cat /proc/lmm                       what lmm holds, in text
   insmod lmm_demo.ko                  a client: families emp_t, student_t
   lmmtop                              live view; n p u f r a sort, q quits
   echo register point 24 > /proc/lmm  a family of 24-byte units
   echo alloc point 3 > /proc/lmm      3 units: handle 1 (free 1 frees it)
   rmmod lmm_demo; rmmod lmm           unload, the client first (lmm refuses)
 Documentation/module.rst explains /proc/lmm.  poweroff ends the session
 (Ctrl-A X too).
======================================================================
BANNER

# setsid + cttyhack: a session of its own with the console's real tty
# (ttyS0) as controlling terminal, so Ctrl-C and job control work.
ENV=/etc/lmm-shell.rc setsid cttyhack /bin/sh -i
