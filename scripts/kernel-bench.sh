#!/usr/bin/env bash
# lmm against kmem_cache and kmalloc, inside a kernel under QEMU: build
# lmm.ko and bench/kernel/lmm_kbench.ko, boot, print the figures.  Under
# TCG the nanoseconds are not absolute; the ratios within a boot are.
#
# Usage: kernel-bench.sh [6.1|6.12]   (default 6.1)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LMM_TAG=lmm-bench
# shellcheck source-path=SCRIPTDIR source=lib/kernel.sh
. "$root/scripts/lib/kernel.sh"

kernel_use "${1:-6.1}"
out=$root/build/kernel/$KREL
kernel_build_lmm "$out"
mirror_tree "$root/bench/kernel" "$out/kbench" Kbuild lmm_kbench.c
kernel_make "$out/kbench" -s LMM_COMMON="$root/common" \
	KBUILD_EXTRA_SYMBOLS="$out/src/Module.symvers" >&2
"$root/scripts/boot.sh" -k "$KERNEL_IMAGE" -o "$out/bench" -T 600 -e '^BENCH OK' \
	"$root/bench/kernel/guest.sh" "$out/lmm.ko" "$out/kbench/lmm_kbench.ko" \
	>/dev/null || die "the kernel benchmark failed; see $out/bench.log"
echo "kernel benchmark on $KREL (QEMU TCG: compare ratios, not nanoseconds):"
grep 'lmm_kbench:' "$out/bench.log" | sed 's/^.*lmm_kbench: /  /'
