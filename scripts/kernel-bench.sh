#!/usr/bin/env bash
# lmm against kmem_cache and kmalloc, inside a kernel under QEMU: build
# lmm.ko and bench/kernel/lmm_kbench.ko, boot, print the figures.  Under
# TCG the nanoseconds are not absolute; the ratios within a boot are.
#
# Usage: kernel-bench.sh [6.1|6.12]   (default 6.1)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=qemu/lib.sh
. "$root/scripts/qemu/lib.sh"

flavour=${1:-6.1}
eval "$("$root/scripts/qemu/fetch-kernel.sh" "$flavour")"
out=$root/build/kernel/$KREL
"$root/scripts/kernel-build.sh" "$KDIR" "$out" >/dev/null

kb=$out/kbench
mkdir -p "$kb"
cp "$root/bench/kernel/Kbuild" "$root/bench/kernel/lmm_kbench.c" "$kb/"
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS KBUILD_OUTPUT
make -s -C "$KDIR" M="$kb" LMM_COMMON="$root/common" \
	KBUILD_EXTRA_SYMBOLS="$out/src/Module.symvers" modules >&2

initrd=$out/bench.cpio.gz
"$root/scripts/qemu/mkinitramfs.sh" "$initrd" "$root/bench/kernel/guest.sh" \
	"$out/lmm.ko" "$kb/lmm_kbench.ko" >&2
LOG=$out/bench.log "$root/scripts/qemu/run.sh" "$VMLINUZ" "$initrd" 600 >/dev/null
grep -q '^BENCH OK' "$out/bench.log" || die "the kernel benchmark failed; see $out/bench.log"
echo "kernel benchmark on $KREL (QEMU TCG: compare ratios, not nanoseconds):"
grep 'lmm_kbench:' "$out/bench.log" | sed 's/^.*lmm_kbench: /  /'
