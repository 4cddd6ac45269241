#!/usr/bin/env bash
# Build lmm.ko and lmm_demo.ko with W=1 and fail on any compiler warning.
#
# Usage: kernel-build.sh KDIR [OUTDIR]
#   Without OUTDIR the modules are built in the source tree (make module).
#   With OUTDIR, the module's sources (module_sources in scripts/lib/
#   kernel.sh: Kbuild, kernel/ with types/, common/) are copied to
#   OUTDIR/src and built there, and the .ko files land in OUTDIR: one tree
#   per kernel, so
#   builds for 6.1 and 6.12 do not undo each other (mirror_tree in
#   scripts/lib/util.sh: an unchanged tree is not rebuilt).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LMM_TAG=lmm-build
# shellcheck source-path=SCRIPTDIR source=lib/kernel.sh
. "$root/scripts/lib/kernel.sh"

if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
	echo "usage: $0 KDIR [OUTDIR]" >&2
	exit 2
fi
kdir=$1 out=${2:-}
[ -f "$kdir/Makefile" ] || die "$kdir is not a kernel build directory"
need_pkgs make gcc-12 kmod

if [ -n "$out" ]; then
	src=$out/src
	mapfile -t sources < <(module_sources)
	mirror_tree "$root" "$src" "${sources[@]}"
else
	src=$root
fi

# Not the caller's make: its command-line variables (CC=, CFLAGS=) are
# not the kernel's.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS KBUILD_OUTPUT
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
make -C "$kdir" M="$src" W=1 -j"$(nproc)" modules 2>&1 | tee "$log" || rc=$?
[ "$rc" -eq 0 ] || die "module build failed against $kdir"
if grep -q 'warning:' "$log"; then
	log "compiler warnings (W=1) against $kdir:"
	grep -A3 'warning:' "$log" >&2
	die "the module build must be warning-free"
fi
if [ -n "$out" ]; then
	cp "$src/lmm.ko" "$src/lmm_demo.ko" "$out/"
	log "built $out/lmm.ko and lmm_demo.ko, W=1 clean"
fi
