# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The helpers every script of scripts/ shares: messages, root, Debian
# packages, copying only what changed.  Source it, do not run it:
#   . "$root/scripts/lib/util.sh"
# (scripts/lib/kernel.sh and boot.sh source it themselves.)

# LMM_TAG names the script in its messages (set it before or after sourcing).
: "${LMM_TAG:=lmm}"

# log MSG...: progress messages go to stderr so that stdout stays clean
# for the callers that parse or eval it.
log() { printf '%s: %s\n' "$LMM_TAG" "$*" >&2; }

# die MSG...: report an error and stop.
die() { log "error: $*"; exit 1; }

# as_root CMD...: run CMD as root (directly when we already are root).
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root (or sudo) to run: $*"
	fi
}

# pkg_installed PKG: true when dpkg reports PKG as fully installed.
pkg_installed() {
	dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

# need_pkgs PKG...: install those of the Debian packages that are missing.
# The package lists are refreshed only when something has to be installed.
need_pkgs() {
	local pkg missing=()
	for pkg in "$@"; do
		pkg_installed "$pkg" || missing+=("$pkg")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	log "installing missing packages: ${missing[*]}"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# stale OUT INPUT...: true when OUT is missing or empty, or older than one
# of the INPUTs (so OUT must be made again).
stale() {
	local out=$1
	shift
	[ ! -s "$out" ] || [ -n "$(find "$@" -newer "$out" -print -quit)" ]
}

# mirror_tree SRC DST PATH...: make DST/PATH a copy of SRC/PATH for every
# PATH (relative to SRC, globs expanded by the caller inside SRC).  A file
# is copied only when it differs, so an unchanged tree is not rebuilt; the
# copy gets the current time, so Kbuild rebuilds what did change even when
# the new content is older.  A .c or .h in a mirrored subdirectory of DST
# that SRC no longer has is removed with its .o: it must not be built either.
mirror_tree() {
	local src=$1 dst=$2 rel dir f
	shift 2
	for rel in "$@"; do
		mkdir -p "$dst/$(dirname "$rel")"
		cmp -s "$src/$rel" "$dst/$rel" 2>/dev/null || cp "$src/$rel" "$dst/$rel"
	done
	for dir in $(printf '%s\n' "$@" | xargs -n1 dirname | sort -u); do
		# Not DST itself: Kbuild writes its own .c files (*.mod.c) there.
		[ "$dir" != . ] || continue
		for f in "$dst/$dir"/*.[ch]; do
			[ -e "$f" ] || continue
			[ -e "$src/${f#"$dst"/}" ] || rm -f "$f" "${f%.[ch]}.o"
		done
	done
}
