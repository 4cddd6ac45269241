#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The one boot pipeline: a kernel image, a guest script and its files ->
# initramfs -> QEMU (TCG) -> console log -> verdict.  Every QEMU run of
# the project is a call of this script (steps in scripts/lib/boot.sh).
#
# Usage: boot.sh [-k IMAGE | -K 6.1|6.12|test] [-o PREFIX] [-T SECONDS]
#                [-M MIB] [-e REGEX] [-a WORDS] [-i]
#                GUEST_SCRIPT [FILE[:GUEST_PATH]]...
#   -k  the kernel image (default $KERNEL_IMAGE); -K: find it (kernel_use)
#   -o  write PREFIX.cpio.gz and PREFIX.log (default: a temporary directory)
#   -T  time limit (default 300), -M memory (default 512)
#   -e  the console must show a line matching REGEX (the guest's "OK")
#   -a  more words for the kernel command line; those the kernel does not
#       know reach the guest's /init as environment variables (NAME=VALUE)
#   -i  interactive: the terminal is the console, with no time limit; the
#       verdict is then only about kernel problems (3), else QEMU's status
#   Each FILE goes to /lib/modules-extra/ unless GUEST_PATH is given; so do
#   the words of env LMM_BOOT_EXTRA (the hook for guest tools).
# Exit status: 0 when all is well; 3 when the console shows a kernel
# problem; 124 on timeout; 1 without the guest's exit marker; 4 without
# the -e line; else the guest script's own non-zero status.
set -euo pipefail
LMM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LMM_TAG=lmm-boot
# shellcheck source-path=SCRIPTDIR source=lib/boot.sh
. "$LMM_ROOT/scripts/lib/boot.sh"
# shellcheck source-path=SCRIPTDIR source=lib/kernel.sh
. "$LMM_ROOT/scripts/lib/kernel.sh"
usage() { sed -n '/^# Usage:/,/^#   the words/s/^# \{0,1\}//p' "$0" >&2; exit 2; }

image=${KERNEL_IMAGE:-} prefix='' limit=300 mem=512 want='' interactive=''
append=''
while getopts 'k:K:o:T:M:e:a:i' opt; do
	case $opt in
	k) image=$OPTARG ;;
	K) kernel_use "$OPTARG"; image=$KERNEL_IMAGE ;;
	o) prefix=$OPTARG ;;
	T) limit=$OPTARG ;;
	M) mem=$OPTARG ;;
	e) want=$OPTARG ;;
	a) append=$OPTARG ;;
	i) interactive=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ "$#" -ge 1 ] || usage
[ -f "$image" ] || die "no such kernel image: '$image' (give -k or -K)"
if [ -z "$prefix" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	prefix=$tmp/boot
fi
mkdir -p "$(dirname "$prefix")"
need_pkgs qemu-system-x86

boot_initramfs "$prefix.cpio.gz" "$@"
rc=0
BOOT_APPEND=$append boot_qemu "$image" "$prefix.cpio.gz" "$prefix.log" \
	"$limit" "$mem" "$interactive" || rc=$?
if [ -n "$interactive" ]; then
	# A person ended the session (poweroff, Ctrl-A X): no exit marker.
	boot_check_kernel "$prefix.log" || exit 3
	exit "$rc"
fi
boot_judge "$prefix.log" "$rc" "$limit" "$want"
