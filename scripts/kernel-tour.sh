#!/usr/bin/env bash
# The kernel part of `make run`: build lmm.ko and lmm_demo.ko against
# Debian's headers, boot Debian's kernel under QEMU (TCG) with a busybox
# initramfs, and take the guided tour of scripts/guest/tour.sh on its
# console.  Exits 0 only if every step of the tour worked and the kernel
# log shows no BUG, WARNING or Oops.
#
# Usage: kernel-tour.sh [6.1|6.12]   (default: 6.1, Debian 12's kernel)
# Everything downloaded or built is cached: the kernel image under
# ${XDG_CACHE_HOME:-~/.cache}/lmm/, the modules and initramfs in build/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=qemu/lib.sh
. "$root/scripts/qemu/lib.sh"

flavour=${1:-6.1}
eval "$("$root/scripts/qemu/fetch-kernel.sh" "$flavour")"
out=$root/build/kernel/$KREL
"$root/scripts/kernel-build.sh" "$KDIR" "$out"

initrd=$out/tour.cpio.gz
inputs=("$root/scripts/guest/tour.sh" "$out/lmm.ko" "$out/lmm_demo.ko")
if [ ! -s "$initrd" ] || [ -n "$(find "${inputs[@]}" -newer "$initrd")" ]; then
	"$root/scripts/qemu/mkinitramfs.sh" "$initrd" "${inputs[@]}"
fi

log "booting $KREL under QEMU for the tour"
start=$(date +%s)
rc=0
LOG=$out/tour.log "$root/scripts/qemu/run.sh" "$VMLINUZ" "$initrd" 300 || rc=$?
secs=$(($(date +%s) - start))
if [ "$rc" -ne 0 ] || ! grep -q '^TOUR OK' "$out/tour.log"; then
	die "the tour of lmm.ko on $KREL failed (exit $rc); console log: $out/tour.log"
fi
echo "kernel tour on $KREL: success (${secs}s in QEMU)"
