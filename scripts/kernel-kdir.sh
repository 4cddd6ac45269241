#!/usr/bin/env bash
# Print the kernel build directory that `make module` builds against:
#   1. the one given as the first argument (KDIR=...), if any;
#   2. /lib/modules/$(uname -r)/build, when the running kernel has headers;
#   3. the newest /usr/src/linux-headers-*-amd64 (Debian's headers);
#   4. failing all of these, linux-headers-amd64 is installed, then 3.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=qemu/lib.sh
. "$here/qemu/lib.sh"

newest_debian_headers() {
	local d
	for d in /usr/src/linux-headers-*-amd64; do
		[ -f "$d/Makefile" ] && echo "$d"
	done | sort -V | tail -n 1
}

if [ -n "${1:-}" ]; then
	[ -f "$1/Makefile" ] || die "KDIR=$1 has no Makefile: not a kernel build directory"
	echo "$1"
	exit 0
fi
running=/lib/modules/$(uname -r)/build
if [ -f "$running/Makefile" ]; then
	echo "$running"
	exit 0
fi
kdir=$(newest_debian_headers)
if [ -z "$kdir" ]; then
	need_pkgs linux-headers-amd64
	kdir=$(newest_debian_headers)
fi
[ -n "$kdir" ] || die "no kernel headers found, even after installing linux-headers-amd64"
echo "$kdir"
