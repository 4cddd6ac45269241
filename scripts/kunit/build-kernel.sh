#!/usr/bin/env bash
# Build the KUnit test kernel once and keep it in a cache outside the
# checkout: Debian's linux-source-6.1 tarball, `tinyconfig` plus the fragment
# tests/kunit/kernel.config (KUnit, modules, and the kernel's checkers).
#
# Usage: build-kernel.sh
#   prints KDIR= (build tree to build out-of-tree modules against), BZIMAGE=,
#   KSRC= (source tree, for tools/testing/kunit) and KREL= lines, meant for:
#   eval "$(scripts/kunit/build-kernel.sh)"
#
# Cache: ${XDG_CACHE_HOME:-~/.cache}/lmm/testkernel/
#   src-<deb version>/linux-source-6.1/  the tarball, extracted once
#   <deb version>-<sha256 of the fragment's options, 12 hex>/  O= build tree
# An entry counts only once its stamp file is written (last); otherwise it
# is rebuilt from scratch. Entries of other Debian versions are removed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
export LMM_TAG=lmm-kunit
# shellcheck source-path=SCRIPTDIR source=../lib/util.sh
. "$repo/scripts/lib/util.sh"

fragment=$repo/tests/kunit/kernel.config
tarball=/usr/src/linux-source-6.1.tar.xz
[ -f "$fragment" ] || die "no config fragment: $fragment"

# Kernel build tools (libelf-dev: objtool; no libssl-dev: tinyconfig signs
# nothing), then what the test runs need (kunit.py, initramfs, QEMU).
need_pkgs linux-source-6.1 xz-utils gcc libc6-dev make bc flex bison libelf-dev \
	python3 cpio busybox-static qemu-system-x86
[ -f "$tarball" ] || die "linux-source-6.1 is installed but $tarball is missing"

debver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
# The key hashes the fragment's option lines only: editing a comment does not
# cost a rebuild.
key=$debver-$(grep -E '^(CONFIG_|# CONFIG_[A-Za-z0-9_]+ is not set$)' "$fragment" |
	sha256sum | cut -c1-12)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/lmm/testkernel
src=$cache/src-$debver
ksrc=$src/linux-source-6.1
out=$cache/$key
stamp=.lmm-complete

# The kernel's make must not see the caller's make (jobserver, command-line
# variables such as CC= of the top Makefile) nor a KBUILD_OUTPUT.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS KBUILD_OUTPUT
kmake() { make -C "$ksrc" O="$out" ARCH=x86_64 "$@"; }

# check_config FRAGMENT CONFIG: every CONFIG_X=v and `# CONFIG_X is not set`
# of FRAGMENT must hold in CONFIG; names those Kconfig dropped or changed.
check_config() {
	awk '
	function want_of(line) {
		if (line ~ /^CONFIG_[A-Za-z0-9_]+=/) return substr(line, index(line, "=") + 1)
		if (line ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) return "n"
		return ""
	}
	function name_of(line) {
		sub(/^# /, "", line); sub(/[= ].*/, "", line); return line
	}
	FNR == NR {
		v = want_of($0)
		if (v != "") { k = name_of($0); want[k] = v; order[++n] = k }
		next
	}
	{ v = want_of($0); if (v != "") got[name_of($0)] = v }
	END {
		for (i = 1; i <= n; i++) {
			k = order[i]
			g = (k in got) ? got[k] : "n"
			if (g != want[k]) {
				printf "  %s: wanted %s, got %s\n", k, want[k], g
				bad = 1
			}
		}
		exit bad
	}' "$1" "$2"
}

mkdir -p "$cache"
# One build at a time (two make targets may ask at once).
exec 9>"$cache/.lock"
flock 9

if [ ! -f "$src/$stamp" ]; then
	log "extracting $tarball ($debver) into $src"
	rm -rf "$src"
	mkdir -p "$src"
	tar -xf "$tarball" -C "$src"
	[ -f "$ksrc/Makefile" ] || die "no linux-source-6.1/ in $tarball"
	touch "$src/$stamp"
fi

if [ -f "$out/$stamp" ]; then
	log "using the cached test kernel $out"
else
	log "building the test kernel in $out (5 to 15 minutes)"
	start=$(date +%s)
	rm -rf "$out"
	mkdir -p "$out"
	# tinyconfig, the fragment on top (merge_config.sh writes temporary files
	# in the current directory), then Kconfig resolves the dependencies.
	{
		kmake tinyconfig &&
			(cd "$out" && "$ksrc/scripts/kconfig/merge_config.sh" -m -O "$out" \
				"$out/.config" "$fragment") &&
			kmake olddefconfig
	} >"$out/config.log" 2>&1 || { cat "$out/config.log" >&2; die "configuring failed"; }
	if ! dropped=$(check_config "$fragment" "$out/.config"); then
		log "Kconfig did not keep these options of $fragment (unmet dependencies?):"
		printf '%s\n' "$dropped" >&2
		die "fix the fragment: see 'make O=$out menuconfig' for their dependencies"
	fi
	kmake -j"$(nproc)" bzImage modules >"$out/build.log" 2>&1 ||
		{ tail -n 40 "$out/build.log" >&2; die "kernel build failed, see $out/build.log"; }
	cp "$fragment" "$out/kernel.config.fragment"
	log "built the test kernel in $(($(date +%s) - start))s"
	touch "$out/$stamp"
	# Entries of other Debian versions can never be used again.
	for old in "$cache"/*; do
		case ${old##*/} in
		"src-$debver" | "$debver"-*) ;;
		*) log "removing stale $old"; rm -rf "$old" ;;
		esac
	done
fi

for f in .config Module.symvers include/generated/autoconf.h arch/x86/boot/bzImage; do
	[ -f "$out/$f" ] || die "the cached kernel lacks $f: remove $out and retry"
done
printf 'KDIR=%q\nBZIMAGE=%q\nKSRC=%q\nKREL=%q\n' "$out" "$out/arch/x86/boot/bzImage" \
	"$ksrc" "$(cat "$out/include/config/kernel.release")"
