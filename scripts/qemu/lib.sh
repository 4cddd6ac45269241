# shellcheck shell=bash
# Shared helpers for the scripts in scripts/qemu/. Source it, do not run it:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# log MSG...: progress messages go to stderr so that stdout stays clean
# for the callers that parse or eval it.
log() { printf 'lmm-qemu: %s\n' "$*" >&2; }

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
