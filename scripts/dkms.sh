#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# lmm.ko through DKMS (dkms.conf at the top of the tree).
#
# Usage: dkms.sh install [KREL]   copy the module's sources to
#                                 /usr/src/lmm-<version>, dkms add, build
#                                 and install (for KREL, default: dkms's)
#        dkms.sh uninstall        dkms remove --all, remove the sources
#        dkms.sh test [6.1|6.12]...   (default: both) the same in a private
#                                 DKMS tree, nothing of the system's touched:
#                                 build and install for Debian's kernel, boot
#                                 it under QEMU with the installed lmm.ko
#                                 (scripts/guest/dkms.sh), dkms remove
# install and uninstall need root (sudo is used when needed); test needs it
# only for `dkms install` into its private tree (dkms insists).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LMM_TAG=lmm-dkms
# shellcheck source-path=SCRIPTDIR source=lib/kernel.sh
. "$root/scripts/lib/kernel.sh"
usage() { sed -n '/^# Usage:/,/^# install and/s/^# \{0,1\}//p' "$0" >&2; exit 2; }

# conf_version: PACKAGE_VERSION of dkms.conf.
conf_version() {
	sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$root/dkms.conf"
}

# lmm_version: LMM_VERSION of the core, which lmm.ko reports.
lmm_version() {
	grep -h '^#define[[:space:]]*LMM_VERSION[[:space:]]' "$root"/common/*.h |
		sed 's/.*"\(.*\)".*/\1/'
}

version=$(conf_version)
[ -n "$version" ] || die "no PACKAGE_VERSION in dkms.conf"
[ "$version" = "$(lmm_version)" ] ||
	die "dkms.conf says version $version, common/ says $(lmm_version)"

# stage DIR: DIR becomes the DKMS source of lmm (what /usr/src/lmm-VERSION
# holds): dkms.conf and the module's sources, nothing else.
stage() {
	local sources
	mapfile -t sources < <(module_sources)
	mirror_tree "$root" "$1" dkms.conf "${sources[@]}"
}

# do_install [KREL]: a version DKMS has already is removed first, so that
# installing again after a change builds the new sources.
do_install() {
	local src=/usr/src/lmm-$version tmp
	do_uninstall
	tmp=$(mktemp -d)
	stage "$tmp/lmm-$version"
	as_root rm -rf "$src"
	as_root cp -r "$tmp/lmm-$version" "$src"
	rm -rf "$tmp"
	as_root dkms add -m lmm -v "$version"
	as_root dkms build -m lmm -v "$version" ${1:+-k "$1"}
	as_root dkms install -m lmm -v "$version" ${1:+-k "$1"}
	as_root dkms status -m lmm
}

do_uninstall() {
	need_pkgs dkms
	if dkms status -m lmm -v "$version" | grep -q .; then
		as_root dkms remove -m lmm -v "$version" --all
	fi
	as_root rm -rf "/usr/src/lmm-$version"
}

# --- The test: a private DKMS tree under a temporary directory.

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# pdkms ARGS...: dkms on the private trees.  It signs the modules it builds
# with the key it is given through the environment: a throwaway key in the
# private tree, not the system's /var/lib/dkms/mok.key.
pdkms() {
	env "mok_signing_key=$tmp/mok.key" "mok_certificate=$tmp/mok.pub" \
		dkms --sourcetree "$tmp/src" --dkmstree "$tmp/dkms" \
		--installtree "$tmp/install" "$@"
}

# pdkms_root ARGS...: the same as root: dkms refuses to install otherwise,
# even into a private tree (add, build and remove need no root).
pdkms_root() {
	as_root env "mok_signing_key=$tmp/mok.key" "mok_certificate=$tmp/mok.pub" \
		dkms --sourcetree "$tmp/src" --dkmstree "$tmp/dkms" \
		--installtree "$tmp/install" "$@"
}

# dkms_state KREL: what dkms status says of lmm for KREL (built,
# installed), or nothing.
dkms_state() {
	pdkms status -m lmm -v "$version" -k "$1" 2>/dev/null |
		sed -n 's/.*: \([a-z]*\).*$/\1/p'
}

# installed_ko KREL OUT: the lmm.ko DKMS installed for KREL, uncompressed
# into OUT (the kernel's modules may be xz-compressed; busybox insmod
# wants them plain).
installed_ko() {
	local ko
	ko=$(find "$tmp/install/$1" -name 'lmm.ko*' 2>/dev/null | head -n 1)
	[ -n "$ko" ] || return 1
	case $ko in
	*.xz) xz -dc "$ko" >"$2" ;;
	*.gz) gzip -dc "$ko" >"$2" ;;
	*.zst) zstd -qdc "$ko" >"$2" ;;
	*) cp "$ko" "$2" ;;
	esac
}

# test_kernel FLAVOUR: build and install through DKMS for Debian's kernel
# FLAVOUR, then boot that kernel with the installed lmm.ko.
test_kernel() {
	local fl=$1 out state
	kernel_use "$fl" || { fail "$fl: no kernel image or headers"; return; }
	out=$root/build/dkms/$KREL
	mkdir -p "$out"
	echo "==== DKMS on $KREL"
	if pdkms build -m lmm -v "$version" -k "$KREL" --kernelsourcedir "$KDIR" \
		>"$out/build.log" 2>&1 && [ "$(dkms_state "$KREL")" = built ]; then
		pass "$fl: dkms build -k $KREL"
	else
		cat "$out/build.log" "$tmp/dkms/lmm/$version/build/make.log" 2>/dev/null
		fail "$fl: dkms build -k $KREL"
		return
	fi
	# The kernel's module tree, as installing its image would have made it.
	# --no-depmod: depmod would write the system's /lib/modules/KREL.
	mkdir -p "$tmp/install/$KREL"
	if pdkms_root install -m lmm -v "$version" -k "$KREL" --kernelsourcedir "$KDIR" \
		--no-depmod >"$out/install.log" 2>&1 &&
		state=$(dkms_state "$KREL") && [ "$state" = installed ] &&
		installed_ko "$KREL" "$out/lmm.ko"; then
		pass "$fl: dkms install: $(modinfo -F vermagic "$out/lmm.ko" | cut -d' ' -f1)"
	else
		cat "$out/install.log"
		fail "$fl: dkms install (status '${state:-}')"
		return
	fi
	[ "$(modinfo -F vermagic "$out/lmm.ko" | cut -d' ' -f1)" = "$KREL" ] ||
		fail "$fl: the installed lmm.ko is not built for $KREL"
	if "$root/scripts/boot.sh" -k "$KERNEL_IMAGE" -o "$out/boot" -T 300 \
		-e '^DKMS OK' "$root/scripts/guest/dkms.sh" "$out/lmm.ko" >/dev/null; then
		pass "$fl: the installed lmm.ko loads, serves /proc/lmm, unloads"
	else
		grep -a '^# \|^DKMS' "$out/boot.log" || true
		fail "$fl: QEMU boot with the installed lmm.ko (console: $out/boot.log)"
	fi
}

# removed: dkms remove --all left nothing behind.
removed() {
	[ -z "$(pdkms status -m lmm 2>/dev/null)" ] &&
		[ -z "$(find "$tmp/install" -name 'lmm.ko*' 2>/dev/null)" ] &&
		[ ! -e "$tmp/dkms/lmm/$version" ]
}

# system_snapshot: what of the system's DKMS state the test must leave
# alone: /var/lib/dkms, /usr/src/lmm-*, each kernel's /lib/modules/KREL/*.
system_snapshot() {
	local d dirs=()
	for d in /var/lib/dkms /usr/src/lmm-* /lib/modules; do
		[ ! -e "$d" ] || dirs+=("$d")
	done
	find "${dirs[@]}" -maxdepth 2 -printf '%p %s %T@\n' | sort
}

do_test() {
	local fl flavours=("$@")
	[ "${#flavours[@]}" -gt 0 ] || flavours=(6.1 6.12)
	need_pkgs dkms kmod xz-utils openssl
	tmp=$(mktemp -d)
	# What dkms installed as root goes as root.
	trap 'rm -rf "$tmp" 2>/dev/null || as_root rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/dkms" "$tmp/install"
	stage "$tmp/src/lmm-$version"
	system_snapshot >"$tmp/system.before"
	if pdkms add -m lmm -v "$version" >/dev/null; then
		pass "dkms add lmm/$version (from $tmp/src)"
	else
		fail "dkms add"
	fi
	for fl in "${flavours[@]}"; do
		test_kernel "$fl"
	done
	if pdkms_root remove -m lmm -v "$version" --all --no-depmod >/dev/null 2>&1 &&
		removed; then
		pass "dkms remove --all: no trace left"
	else
		pdkms status -m lmm
		fail "dkms remove --all"
	fi
	system_snapshot >"$tmp/system.after"
	if diff "$tmp/system.before" "$tmp/system.after" >&2; then
		pass "the system's /var/lib/dkms and /lib/modules are untouched"
	else
		fail "the test changed the system's DKMS state (diff above)"
	fi
	echo "check-dkms: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

case ${1:-} in
install) do_install "${2:-}" ;;
uninstall) do_uninstall ;;
test) shift; do_test "$@" ;;
*) usage ;;
esac
