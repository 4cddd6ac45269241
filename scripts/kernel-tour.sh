#!/usr/bin/env bash
# The kernel part of `make run`: build lmm.ko and lmm_demo.ko against
# Debian's headers, boot Debian's kernel under QEMU (TCG) and take the
# guided tour of scripts/guest/tour.sh on its console.  Exits 0 only if
# every step of the tour worked and the kernel reported no problem.
#
# Usage: kernel-tour.sh [6.1|6.12]   (default: 6.1, Debian 12's kernel)
# The kernel image is cached under ${XDG_CACHE_HOME:-~/.cache}/lmm/, the
# modules, initramfs and console log (tour.log) under build/kernel/<release>/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LMM_TAG=lmm-tour
# shellcheck source-path=SCRIPTDIR source=lib/kernel.sh
. "$root/scripts/lib/kernel.sh"

kernel_use "${1:-6.1}"
out=$root/build/kernel/$KREL
kernel_build_lmm "$out"
log "booting $KREL under QEMU for the tour"
start=$SECONDS
"$root/scripts/boot.sh" -k "$KERNEL_IMAGE" -o "$out/tour" -T 300 -e '^TOUR OK' \
	"$root/scripts/guest/tour.sh" "$out/lmm.ko" "$out/lmm_demo.ko" ||
	die "the tour of lmm.ko on $KREL failed (exit $?); console log: $out/tour.log"
echo "kernel tour on $KREL: success ($((SECONDS - start))s in QEMU)"
