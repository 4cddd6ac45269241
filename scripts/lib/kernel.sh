# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Which kernel, and modules built for it: the one place that knows where
# kernels come from.  Source it:  . "$root/scripts/lib/kernel.sh"
#
#   kernel_use 6.1|6.12   Debian 12's kernel image (downloaded once, cached
#                         by scripts/qemu/fetch-kernel.sh) and its headers
#   kernel_use test       the KUnit test kernel (built once, cached by
#                         scripts/kunit/build-kernel.sh)
#   kernel_use host [DIR] headers only, for `make module`: DIR, else the
#                         running kernel's, else the newest Debian ones
# set KERNEL_IMAGE (empty for host), KDIR (the build tree modules are built
# against) and KREL (its release); `test` sets KSRC too.

LMM_ROOT=${LMM_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# shellcheck source-path=SCRIPTDIR source=util.sh
. "$LMM_ROOT/scripts/lib/util.sh"

# newest_debian_headers: the newest /usr/src/linux-headers-*-amd64, if any.
newest_debian_headers() {
	local d
	for d in /usr/src/linux-headers-*-amd64; do
		[ -f "$d/Makefile" ] && echo "$d"
	done | sort -V | tail -n 1
}

# host_kdir [DIR]: print the build tree `make module` builds against.
host_kdir() {
	local kdir running
	running=/lib/modules/$(uname -r)/build
	if [ -n "${1:-}" ]; then
		[ -f "$1/Makefile" ] || die "KDIR=$1 has no Makefile: not a kernel build directory"
		echo "$1"
		return
	fi
	if [ -f "$running/Makefile" ]; then
		echo "$running"
		return
	fi
	kdir=$(newest_debian_headers)
	if [ -z "$kdir" ]; then
		need_pkgs linux-headers-amd64
		kdir=$(newest_debian_headers)
	fi
	[ -n "$kdir" ] || die "no kernel headers found, even after installing linux-headers-amd64"
	echo "$kdir"
}

# kernel_use SPEC [DIR]: see the top of this file.  Fails (without setting
# anything) when the kernel cannot be had: never eval "$(...)" directly, its
# failure would go unnoticed and the previous kernel be used again.
# shellcheck disable=SC2034 # KERNEL_IMAGE, KREL: for the caller
kernel_use() {
	local vars
	case $1 in
	6.1 | 6.12)
		vars=$("$LMM_ROOT/scripts/qemu/fetch-kernel.sh" "$1") || return 1
		eval "$vars"
		KERNEL_IMAGE=$VMLINUZ
		;;
	test)
		vars=$("$LMM_ROOT/scripts/kunit/build-kernel.sh") || return 1
		eval "$vars"
		KERNEL_IMAGE=$BZIMAGE
		;;
	host)
		KDIR=$(host_kdir "${2:-}") || return 1
		KREL=$(cat "$KDIR/include/config/kernel.release")
		KERNEL_IMAGE=
		;;
	*)
		die "kernel_use: unknown kernel '$1' (6.1, 6.12, test or host)"
		;;
	esac
}

# module_sources: the files lmm.ko is built from, relative to the top of
# the tree, one a line: what scripts/kernel-build.sh copies for each kernel
# and what DKMS gets (scripts/dkms.sh).
module_sources() {
	(cd "$LMM_ROOT" && printf '%s\n' Kbuild kernel/*.[ch] kernel/types/*.h \
		common/*.[ch])
}

# kernel_make DIR [MAKE-ARGS...]: build the out-of-tree module(s) in DIR
# against $KDIR.  The caller's make (jobserver, CC= and other command-line
# variables of the top Makefile) is not the kernel's: it stays out.
kernel_make() {
	local dir=$1
	shift
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
		-u GNUMAKEFLAGS -u KBUILD_OUTPUT \
		make -C "$KDIR" M="$dir" "$@" modules
}

# kernel_build_lmm OUT: lmm.ko and lmm_demo.ko for $KDIR in OUT, W=1 and
# warning-free (scripts/kernel-build.sh; its output goes to stderr).
kernel_build_lmm() {
	"$LMM_ROOT/scripts/kernel-build.sh" "$KDIR" "$1" >&2
}
