#!/usr/bin/env bash
# Fetch the Debian kernel image that matches the installed kernel headers of
# one flavour, WITHOUT installing it: the .deb is downloaded into a cache,
# unpacked with dpkg -x, and only its vmlinuz (plus the release string) kept.
# The matching headers package is installed if it is missing.
#
# Usage: fetch-kernel.sh 6.1|6.12
#   prints VMLINUZ=, KDIR= and KREL= lines, meant for: eval "$(fetch-kernel.sh 6.1)"
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export LMM_TAG=lmm-qemu
# shellcheck source-path=SCRIPTDIR source=../lib/util.sh
. "$here/../lib/util.sh"

usage() { echo "usage: $0 6.1|6.12" >&2; exit 2; }
[ "$#" -eq 1 ] || usage
case $1 in
6.1) img_meta=linux-image-amd64 hdr_meta=linux-headers-amd64 ;;
6.12) img_meta=linux-image-6.12-amd64 hdr_meta=linux-headers-6.12-amd64 ;;
*) usage ;;
esac

need_pkgs qemu-system-x86 busybox-static cpio

# dep_of META PREFIX: first dependency of the meta-package META named PREFIX*.
dep_of() {
	apt-cache depends "$1" 2>/dev/null |
		awk -v p="$2" '$1 ~ /Depends:$/ && index($2, p) == 1 { print $2; exit }'
}
# candidate_version PKG: the version apt would install.
candidate_version() {
	apt-cache show --no-all-versions "$1" 2>/dev/null | sed -n 's/^Version: //p'
}
resolve() {
	img_pkg=$(dep_of "$img_meta" linux-image-)
	hdr_pkg=$(dep_of "$hdr_meta" linux-headers-)
}

resolve
if [ -z "$img_pkg" ] || [ -z "$hdr_pkg" ]; then
	log "no answer from apt-cache, refreshing the package lists"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	resolve
fi
[ -n "$img_pkg" ] || die "cannot resolve the image package behind $img_meta"
[ -n "$hdr_pkg" ] || die "cannot resolve the headers package behind $hdr_meta"

# Image and headers must be the same kernel ABI and the same package version.
krel=${img_pkg#linux-image-}
[ "${hdr_pkg#linux-headers-}" = "$krel" ] ||
	die "$img_meta -> $img_pkg but $hdr_meta -> $hdr_pkg"
img_ver=$(candidate_version "$img_pkg")
hdr_ver=$(candidate_version "$hdr_pkg")
if [ -z "$img_ver" ] || [ "$img_ver" != "$hdr_ver" ]; then
	die "version mismatch: $img_pkg=$img_ver, $hdr_pkg=$hdr_ver"
fi

cache=${XDG_CACHE_HOME:-$HOME/.cache}/lmm/kernels/$krel
if [ -s "$cache/vmlinuz" ] && [ "$(cat "$cache/kernel.release" 2>/dev/null)" = "$krel" ]; then
	log "using cached $cache/vmlinuz"
else
	log "downloading $img_pkg=$img_ver (not installing it)"
	mkdir -p "$cache"
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	mkdir "$work/deb"
	# Let apt's unprivileged _apt user write there (avoids the sandbox warning;
	# the cache under a 0700 \$HOME would not be reachable for it).
	if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
		chmod 755 "$work"
		chown _apt "$work/deb"
	fi
	(cd "$work/deb" && apt-get download -q "$img_pkg=$img_ver") >&2
	debs=("$work"/deb/*.deb)
	dpkg -x "${debs[0]}" "$work/root"
	[ -f "$work/root/boot/vmlinuz-$krel" ] || die "no boot/vmlinuz-$krel in ${debs[0]}"
	# Keep only the kernel itself; rename into place last so that a partial
	# run never looks like a finished one.
	cp "$work/root/boot/vmlinuz-$krel" "$cache/vmlinuz.part"
	chmod 644 "$cache/vmlinuz.part"
	echo "$krel" >"$cache/kernel.release"
	mv "$cache/vmlinuz.part" "$cache/vmlinuz"
fi

need_pkgs "$hdr_pkg"
kdir=/usr/src/linux-headers-$krel
[ -f "$kdir/Makefile" ] || die "$hdr_pkg is installed but $kdir/Makefile is missing"

printf 'VMLINUZ=%q\nKDIR=%q\nKREL=%q\n' "$cache/vmlinuz" "$kdir" "$krel"
