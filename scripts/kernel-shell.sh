#!/usr/bin/env bash
# `make shell`: boot the kernel of `make run`'s tour under QEMU with lmm.ko
# loaded, lmm_demo.ko and lmmtop at hand, and leave the caller at an
# interactive busybox shell on the serial console (scripts/guest/shell.sh).
# poweroff, reboot or exit in the guest ends it, and so does Ctrl-A X.
#
# Usage: kernel-shell.sh [6.1|6.12]   (default: 6.1)
#   LMMTOP=path   the static lmmtop to put in the guest (default:
#                 build/lmmtop, built with make when missing)
# Exit: QEMU's status, or 3 when the console showed a kernel problem
# (KERNEL_PROBLEMS in scripts/lib/boot.sh); the console is logged in
# build/kernel/<release>/shell.log.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LMM_TAG=lmm-shell
# shellcheck source-path=SCRIPTDIR source=lib/kernel.sh
. "$root/scripts/lib/kernel.sh"

lmmtop=${LMMTOP:-$root/build/lmmtop}
[ -x "$lmmtop" ] || make -C "$root" --no-print-directory build/lmmtop >&2
kernel_use "${1:-6.1}"
out=$root/build/kernel/$KREL
kernel_build_lmm "$out"

# The guest learns the window's size from the kernel command line: words
# the kernel does not know become environment variables of /init.
size=
if [ -t 0 ] && size=$(stty size 2>/dev/null) && [ -n "$size" ]; then
	size="LMM_ROWS=${size% *} LMM_COLS=${size#* }"
fi

log "booting $KREL under QEMU: an interactive shell (poweroff or Ctrl-A X ends it)"
exec "$root/scripts/boot.sh" -i -k "$KERNEL_IMAGE" -o "$out/shell" -a "$size" \
	"$root/scripts/guest/shell.sh" "$out/lmm.ko" "$out/lmm_demo.ko" "$lmmtop"
