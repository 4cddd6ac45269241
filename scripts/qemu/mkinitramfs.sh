#!/usr/bin/env bash
# Build a tiny, reproducible busybox-static initramfs for QEMU test boots.
#
# Usage: mkinitramfs.sh OUT.cpio.gz INIT_SCRIPT [FILE...]
#   INIT_SCRIPT becomes /init-tour (run by /init); each FILE is copied into
#   /lib/modules-extra/. Extra binaries must be static: there is no libc inside.
#   /init prints "LMM-QEMU-EXIT=<status of the tour>" and powers the VM off.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

[ "$#" -ge 2 ] || { echo "usage: $0 OUT.cpio.gz INIT_SCRIPT [FILE...]" >&2; exit 2; }
out=$1 tour=$2
shift 2
[ -f "$tour" ] || die "no such init script: $tour"
for f in "$@"; do [ -f "$f" ] || die "no such file: $f"; done

need_pkgs busybox-static cpio

umask 022
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,lib/modules-extra}
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
cp /bin/busybox "$root/bin/busybox"
# One symlink per applet, at the path busybox itself proposes (bin/sh, ...).
for applet in $("$root/bin/busybox" --list-full); do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
# The kernel's built-in initramfs already has /dev/console; add it when we
# can, in case a kernel lacks it (needs root, so it is best effort).
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true

# Accounts: root and the unprivileged nobody/nogroup (65534).
cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/sh
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP
cat >"$root/etc/shadow" <<'SHADOW'
root:*:1::::::
nobody:*:1::::::
SHADOW
chmod 600 "$root/etc/shadow"
echo /bin/sh >"$root/etc/shells"

# PID 1: mount the pseudo file systems, run the tour, report, power off.
cat >"$root/init" <<'INIT'
#!/bin/sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
# The console only showed errors while booting ("quiet loglevel=4"): replay
# the boot's warnings from the log so the host can scan them, then let
# warnings through live for the rest of the run.
dmesg -r | grep '^<[0-4]>' | sed 's/^/boot-klog: /'
dmesg -n 5
cd /
/bin/sh /init-tour
status=$?
echo "LMM-QEMU-EXIT=$status"
sync
reboot -f
INIT
chmod 755 "$root/init"
install -m 755 "$tour" "$root/init-tour"
for f in "$@"; do
	cp -L "$f" "$root/lib/modules-extra/"
done

# Reproducible archive: sorted names, fixed owner and timestamps, gzip -n.
find "$root" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} +
mkdir -p "$(dirname "$out")"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9 -n >"$out.part"
mv "$out.part" "$out"
log "wrote $out"
