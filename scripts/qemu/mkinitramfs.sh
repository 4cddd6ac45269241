#!/usr/bin/env bash
# The initramfs step of the boot pipeline alone (boot_initramfs in
# scripts/lib/boot.sh): busybox, scripts/guest/init as /init.
#
# Usage: mkinitramfs.sh OUT.cpio.gz INIT_SCRIPT [FILE[:GUEST_PATH]...]
#   INIT_SCRIPT becomes /init-tour; each FILE goes to /lib/modules-extra/.
set -euo pipefail
export LMM_TAG=lmm-qemu
# shellcheck source-path=SCRIPTDIR source=../lib/boot.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/boot.sh"
[ "$#" -ge 2 ] || { echo "usage: $0 OUT.cpio.gz INIT_SCRIPT [FILE...]" >&2; exit 2; }
boot_initramfs "$@"
