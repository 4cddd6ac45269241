# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The steps of the one boot pipeline, scripts/boot.sh (every QEMU run: the
# tour, the module's tests, the benchmark, KUnit, DKMS), and the one list of
# kernel problems.  Source it:  . "$root/scripts/lib/boot.sh"
#
#   boot_initramfs  busybox, scripts/guest/init as /init, the guest script
#                   as /init-tour, files in /lib/modules-extra/ or at their
#                   guest path, and the files of $LMM_BOOT_EXTRA (the hook
#                   for guest tools); rebuilt only when an input changed
#   boot_qemu       QEMU (TCG, -no-reboot, no NIC), the console to a log
#                   and stdout, or attached to the terminal (interactive)
#   boot_judge      the console: kernel problems, the guest's exit status,
#                   the success line

LMM_ROOT=${LMM_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# shellcheck source-path=SCRIPTDIR source=util.sh
. "$LMM_ROOT/scripts/lib/util.sh"

# What the kernel prints when it misbehaved, one NAME:REGEX (extended) per
# kind of report.  The taint messages for unsigned or out-of-tree modules
# match none of these on purpose.
KERNEL_PROBLEMS=(
	'KASAN:KASAN'
	'lockdep:possible circular locking|inconsistent lock state|possible recursive locking|bad unlock balance|held lock freed|lock held when returning|lockdep is turned off|non-static key|suspicious RCU usage'
	'sleep in atomic:sleeping function called from invalid context|scheduling while atomic'
	'UBSAN:UBSAN'
	'debugobjects:ODEBUG:'
	'kmemleak:kmemleak: .*(new suspected memory leaks|disabled)'
	'WARNING:WARNING:'
	'BUG:BUG:|kernel BUG'
	'Oops:Oops|general protection fault|Kernel panic'
	'stack dump:Call Trace'
	'hung task:INFO: task .* blocked for more than'
)

# kernel_problem_regex: every KERNEL_PROBLEMS regex in one.
kernel_problem_regex() {
	local c re=
	for c in "${KERNEL_PROBLEMS[@]}"; do
		re+=${re:+|}${c#*:}
	done
	printf '%s\n' "$re"
}

# kernel_problems FILE: "COUNT NAME" for each kind of problem FILE shows.
kernel_problems() {
	local c n
	for c in "${KERNEL_PROBLEMS[@]}"; do
		n=$(grep -acE "${c#*:}" "$1" || true)
		[ "$n" -eq 0 ] || printf '%s %s\n' "$n" "${c%%:*}"
	done
}

# boot_initramfs OUT.cpio.gz GUEST_SCRIPT [FILE[:GUEST_PATH]]...
boot_initramfs() {
	local out=$1 guest=$2 spec src inputs=()
	shift 2
	for spec in "$guest" "$@"; do
		src=${spec%%:*}
		[ -f "$src" ] || die "no such file for the initramfs: $src"
		inputs+=("$src")
	done
	# shellcheck disable=SC2086 # LMM_BOOT_EXTRA is a list of words
	for spec in ${LMM_BOOT_EXTRA:-}; do inputs+=("${spec%%:*}"); done
	# Rebuilt when an input is newer, or when the list of inputs changed.
	if ! stale "$out" "${inputs[@]}" "$LMM_ROOT/scripts/guest/init" \
		"$LMM_ROOT/scripts/lib/boot.sh" &&
		[ "$(cat "$out.inputs" 2>/dev/null)" = "$guest $* ${LMM_BOOT_EXTRA:-}" ]; then
		return 0
	fi
	need_pkgs busybox-static cpio
	(
		root=$(mktemp -d)
		trap 'rm -rf "$root"' EXIT
		boot_fill_root "$root" "$guest" "$@"
		# Reproducible: sorted names, fixed owner and times, gzip -n.
		find "$root" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} +
		mkdir -p "$(dirname "$out")"
		(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
			cpio --quiet -o -H newc -R 0:0 --reproducible) |
			gzip -9 -n >"$out.part"
		mv "$out.part" "$out"
	)
	echo "$guest $* ${LMM_BOOT_EXTRA:-}" >"$out.inputs"
	log "wrote $out"
}

# boot_fill_root DIR GUEST_SCRIPT [FILE[:GUEST_PATH]]...: the guest's files.
# Extra binaries must be static: there is no libc inside.
boot_fill_root() {
	local root=$1 guest=$2 spec src dest applet
	shift 2
	umask 022
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root}
	mkdir -p "$root/lib/modules-extra"
	chmod 1777 "$root/tmp"
	chmod 700 "$root/root"
	cp /bin/busybox "$root/bin/busybox"
	# One symlink per applet, where busybox itself puts it (bin/sh, ...).
	for applet in $("$root/bin/busybox" --list-full); do
		[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
	done
	# The kernel's built-in initramfs has /dev/console; add it when we can,
	# in case a kernel lacks it (needs root, so it is best effort).
	mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true
	boot_accounts "$root"
	install -m 755 "$LMM_ROOT/scripts/guest/init" "$root/init"
	install -m 755 "$guest" "$root/init-tour"
	# shellcheck disable=SC2086 # LMM_BOOT_EXTRA is a list of words
	for spec in "$@" ${LMM_BOOT_EXTRA:-}; do
		src=${spec%%:*} dest=/lib/modules-extra/${spec##*/}
		[ "$src" = "$spec" ] || dest=${spec#*:}
		case $dest in */) dest+=${src##*/} ;; esac
		mkdir -p "$root$(dirname "$dest")"
		# Not through a busybox applet's link of that name.
		rm -f "$root$dest"
		cp -L "$src" "$root$dest"
	done
}

# boot_accounts DIR: root, and the unprivileged nobody/nogroup (65534).
boot_accounts() {
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
		'nobody:x:65534:65534:nobody:/nonexistent:/bin/sh' >"$1/etc/passwd"
	printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$1/etc/group"
	printf '%s\n' 'root:*:1::::::' 'nobody:*:1::::::' >"$1/etc/shadow"
	chmod 600 "$1/etc/shadow"
	echo /bin/sh >"$1/etc/shells"
}

# boot_qemu IMAGE INITRD LOG SECONDS MIB [interactive]: exits as QEMU did
# (124 or 137 on timeout); env BOOT_APPEND: more kernel command line.  oops=panic + panic=-1 + -no-reboot: a crash
# stops QEMU at once instead of leaving a wedged guest until the timeout.
# KVM is not used: it is unreliable here, TCG always works.  No NIC: no
# network, and no iPXE ROM to wait for.
boot_qemu() {
	local image=$1 initrd=$2 log=$3 limit=$4 mem=$5 interactive=${6:-} rc=0
	local cmdline="console=ttyS0 panic=-1 quiet loglevel=4 oops=panic"
	local qemu=(qemu-system-x86_64 -accel tcg -m "$mem" -smp "${QEMU_SMP:-1}"
		-no-reboot -nic none -kernel "$image" -initrd "$initrd"
		-append "$cmdline${BOOT_APPEND:+ $BOOT_APPEND}")
	: >"$log"
	if [ -n "$interactive" ]; then
		# The terminal is the console (Ctrl-A X quits, Ctrl-A C is QEMU's
		# monitor, Ctrl-C goes to the guest); no time limit, it would take
		# the terminal from QEMU.  QEMU copies the console to the log.
		"${qemu[@]}" -display none -serial chardev:con \
			-mon chardev=con,mode=readline \
			-chardev "stdio,id=con,mux=on,signal=off,logfile=$log" || rc=$?
		return "$rc"
	fi
	# stdin is /dev/null: QEMU neither reads nor reconfigures the terminal.
	timeout -k 10 "$limit" "${qemu[@]}" -nographic </dev/null 2>&1 |
		tr -d '\r' | tee "$log" || rc=${PIPESTATUS[0]}
	return "$rc"
}

# boot_check_kernel LOG: false, with the problems on stderr, when the
# console shows one of KERNEL_PROBLEMS.
boot_check_kernel() {
	grep -aEq "$(kernel_problem_regex)" "$1" || return 0
	log "kernel problem on the console ($(kernel_problems "$1" |
		paste -sd, -)):"
	# (|| true: head may leave grep writing to a closed pipe)
	grep -aE "$(kernel_problem_regex)" "$1" | head -n 20 >&2 || true
	return 1
}

# boot_judge LOG QEMU_STATUS SECONDS [SUCCESS_REGEX]: the pipeline's exit
# status (see the top), with the reason on stderr.
boot_judge() {
	local log=$1 rc=$2 limit=$3 want=${4:-} marker status
	boot_check_kernel "$log" || return 3
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		log "timed out after ${limit}s"
		return 124
	fi
	marker=$(grep -aoE 'LMM-QEMU-EXIT=[0-9]+' "$log" | tail -n 1 || true)
	[ -n "$marker" ] || { log "no LMM-QEMU-EXIT marker (qemu exit $rc)"; return 1; }
	status=${marker#LMM-QEMU-EXIT=}
	[ "$status" -eq 0 ] || { log "the guest script exited $status"; return "$status"; }
	if [ -n "$want" ] && ! grep -aqE "$want" "$log"; then
		log "no line matching /$want/ on the console"
		return 4
	fi
	return 0
}
