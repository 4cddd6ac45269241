#!/usr/bin/env bash
# `make shell`: boot the kernel of `make run`'s tour under QEMU with lmm.ko
# loaded, lmm_demo.ko and lmmtop at hand, and leave the caller at an
# interactive busybox shell on the serial console (scripts/guest/shell.sh).
# poweroff, reboot or exit in the guest ends it, and so does Ctrl-A X.
#
# Usage: kernel-shell.sh [6.1|6.12]   (default: 6.1)
#   LMMTOP=path   the static lmmtop to put in the guest (default:
#                 build/lmmtop, built with make when missing)
# Exit: 0, or 3 when the console showed a kernel problem (BUG, WARNING,
# Oops...: scripts/qemu/run.sh); the console is logged in
# build/kernel/<release>/shell.log.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=qemu/lib.sh
. "$root/scripts/qemu/lib.sh"

flavour=${1:-6.1}
lmmtop=${LMMTOP:-$root/build/lmmtop}
[ -x "$lmmtop" ] || make -C "$root" --no-print-directory build/lmmtop >&2

# Not eval "$(...)": a failure there would go unnoticed.
vars=$("$root/scripts/qemu/fetch-kernel.sh" "$flavour") || die "no kernel $flavour"
eval "$vars"
out=$root/build/kernel/$KREL
"$root/scripts/kernel-build.sh" "$KDIR" "$out" >&2

initrd=$out/shell.cpio.gz
inputs=("$root/scripts/guest/shell.sh" "$out/lmm.ko" "$out/lmm_demo.ko" "$lmmtop")
if [ ! -s "$initrd" ] || [ -n "$(find "${inputs[@]}" -newer "$initrd")" ]; then
	"$root/scripts/qemu/mkinitramfs.sh" "$initrd" "${inputs[@]}"
fi

# The guest learns the window's size from the kernel command line: words
# the kernel does not know become environment variables of /init.
size=
if [ -t 0 ] && size=$(stty size 2>/dev/null) && [ -n "$size" ]; then
	size="LMM_ROWS=${size% *} LMM_COLS=${size#* }"
fi

log "booting $KREL under QEMU: an interactive shell (poweroff or Ctrl-A X ends it)"
LOG=$out/shell.log QEMU_INTERACTIVE=1 QEMU_APPEND=$size \
	exec "$root/scripts/qemu/run.sh" "$VMLINUZ" "$initrd"
