#!/usr/bin/env bash
# The QEMU and verdict steps of the boot pipeline alone (scripts/boot.sh
# runs all of it), for an initramfs made already.
#
# Usage: [LOG=file] [QEMU_MEM=512] [QEMU_SMP=1] run.sh VMLINUZ INITRAMFS [TIMEOUT_SECONDS]
#   exit: as scripts/boot.sh's (3 kernel problem, 124 timeout, 1 no marker).
set -euo pipefail
export LMM_TAG=lmm-qemu
# shellcheck source-path=SCRIPTDIR source=../lib/boot.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/boot.sh"
if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
	echo "usage: $0 VMLINUZ INITRAMFS [TIMEOUT_SECONDS]" >&2
	exit 2
fi
[ -f "$1" ] || die "no such kernel: $1"
[ -f "$2" ] || die "no such initramfs: $2"
log_file=${LOG:-$(mktemp)}
[ -n "${LOG:-}" ] || trap 'rm -f "$log_file"' EXIT
need_pkgs qemu-system-x86
rc=0
boot_qemu "$1" "$2" "$log_file" "${3:-120}" "${QEMU_MEM:-512}" || rc=$?
boot_judge "$log_file" "$rc" "${3:-120}"
