#!/usr/bin/env bash
# Style checks of the kernel-side C (kernel/ and common/):
#   - checkpatch.pl --no-tree --strict, from the linux-source-6.1 tarball;
#   - kernel-doc: no warning, and every symbol kernel/exports.c exports
#     has a kernel-doc comment at its definition.
# The scripts are extracted once into ${XDG_CACHE_HOME:-~/.cache}/lmm/checkpatch.
#
# Usage: checkpatch.sh [FILE...]
#   (default: kernel/*.[ch], kernel/types/*.h, common/*.[ch] and the
#   guest helper scripts/guest/*.c)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export LMM_TAG=lmm-checkpatch
# shellcheck source-path=SCRIPTDIR source=lib/util.sh
. "$root/scripts/lib/util.sh"
cd "$root"

cache=${XDG_CACHE_HOME:-$HOME/.cache}/lmm/checkpatch
wanted=(checkpatch.pl spelling.txt const_structs.checkpatch kernel-doc)
extract=0
for f in "${wanted[@]}"; do
	[ -f "$cache/scripts/$f" ] || extract=1
done
if [ "$extract" -eq 1 ]; then
	need_pkgs linux-source-6.1 perl
	tarball=/usr/src/linux-source-6.1.tar.xz
	[ -f "$tarball" ] || die "linux-source-6.1 is installed but $tarball is missing"
	log "extracting checkpatch.pl and kernel-doc from $tarball (once)"
	mkdir -p "$cache"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	tar -xJf "$tarball" -C "$tmp" --wildcards "${wanted[@]/#/*/scripts/}"
	mkdir -p "$cache/scripts"
	for f in "${wanted[@]}"; do
		cp "$tmp"/*/scripts/"$f" "$cache/scripts/$f"
	done
fi

files=("$@")
[ "${#files[@]}" -gt 0 ] ||
	files=(kernel/*.[ch] kernel/types/*.h common/*.[ch] scripts/guest/*.c)

# The public headers are userspace's too: <stdint.h> types there, on
# purpose (like the kernel's uapi headers, which use __u64), and no
# __printf, which a program may define for itself.
private=()
public=()
for f in "${files[@]}"; do
	case "$f" in
	common/lmm.h | common/lmm_frontend.h | common/lmm_walk.h) public+=("$f") ;;
	*) private+=("$f") ;;
	esac
done

checkpatch() {
	perl "$cache/scripts/checkpatch.pl" --no-tree --strict --terse \
		--no-summary "$@"
}

status=0
echo "== checkpatch --strict: ${#files[@]} files"
if [ "${#private[@]}" -gt 0 ] && ! checkpatch -f "${private[@]}"; then
	status=1
fi
if [ "${#public[@]}" -gt 0 ] &&
	! checkpatch --ignore PREFER_KERNEL_TYPES,PREFER_DEFINED_ATTRIBUTE_MACRO -f "${public[@]}"; then
	status=1
fi

echo "== kernel-doc"
kdoc=$(perl "$cache/scripts/kernel-doc" -none "${files[@]}" 2>&1 || true)
if [ -n "$kdoc" ]; then
	echo "$kdoc"
	status=1
fi
while read -r sym; do
	if ! grep -q "^ \* $sym() - " common/*.c kernel/*.c; then
		echo "kernel-doc: exported $sym has no kernel-doc comment"
		status=1
	fi
done < <(sed -n 's/^EXPORT_SYMBOL_GPL(\(.*\));$/\1/p' kernel/exports.c)

if [ "$status" -eq 0 ]; then
	echo "checkpatch and kernel-doc: clean"
fi
exit "$status"
