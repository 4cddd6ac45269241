#!/usr/bin/env bash
# Boot a kernel and initramfs under QEMU (TCG, serial console on stdio) and
# turn the console into an exit status.
#
# Usage: [LOG=file] [QEMU_MEM=512] [QEMU_SMP=1] run.sh VMLINUZ INITRAMFS [TIMEOUT_SECONDS]
#   exit: the tour's status from the "LMM-QEMU-EXIT=" marker; 3 if the console
#   shows a kernel problem (see BAD_PATTERN); 124 on timeout; 1 if no marker.
# QEMU_INTERACTIVE=1 (make shell): the console is the caller's terminal, with
#   no time limit; exit 3 for a kernel problem, else QEMU's status.
# QEMU_APPEND: more words for the kernel command line.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
	echo "usage: $0 VMLINUZ INITRAMFS [TIMEOUT_SECONDS]" >&2
	exit 2
fi
kernel=$1 initrd=$2 limit=${3:-120}
[ -f "$kernel" ] || die "no such kernel: $kernel"
[ -f "$initrd" ] || die "no such initramfs: $initrd"

# Console lines that mean the kernel misbehaved (extended regex). The taint
# messages for unsigned/out-of-tree modules match none of these on purpose.
BAD_PATTERN='BUG:|WARNING:|Oops|Call Trace|kernel BUG|general protection|KASAN|UBSAN|Kernel panic'

need_pkgs qemu-system-x86

log_file=${LOG:-}
if [ -z "$log_file" ]; then
	log_file=$(mktemp)
	trap 'rm -f "$log_file"' EXIT
fi

# oops=panic + panic=-1 + -no-reboot: a kernel crash stops QEMU at once
# instead of leaving a wedged guest until the timeout. KVM is not used: it
# is unreliable here, TCG always works. stdin is /dev/null so that QEMU
# neither reads nor reconfigures the caller's terminal. No NIC: no network,
# and no iPXE ROM to wait for. The guest's /init (mkinitramfs.sh) replays
# boot-time warnings and raises the console level so warnings show live.
qemu_args=(-accel tcg -m "${QEMU_MEM:-512}" -smp "${QEMU_SMP:-1}"
	-no-reboot -nic none -kernel "$kernel" -initrd "$initrd"
	-append "console=ttyS0 panic=-1 quiet loglevel=4 oops=panic${QEMU_APPEND:+ $QEMU_APPEND}")
rc=0
if [ -n "${QEMU_INTERACTIVE:-}" ]; then
	# A person at the console: no timeout (it would take the terminal from
	# QEMU), Ctrl-C goes to the guest (signal=off), Ctrl-A X quits, and
	# QEMU itself logs the console for the scan below.
	: >"$log_file"
	qemu-system-x86_64 "${qemu_args[@]}" -display none \
		-chardev "stdio,id=con,mux=on,signal=off,logfile=$log_file" \
		-serial chardev:con -mon chardev=con,mode=readline || rc=$?
	if grep -aEq "$BAD_PATTERN" "$log_file"; then
		log "kernel problem on the console:"
		grep -aE "$BAD_PATTERN" "$log_file" | head -n 20 >&2
		exit 3
	fi
	exit "$rc"
fi
timeout -k 10 "$limit" qemu-system-x86_64 "${qemu_args[@]}" -nographic \
	</dev/null 2>&1 | tr -d '\r' | tee "$log_file" || rc=${PIPESTATUS[0]}

if grep -aEq "$BAD_PATTERN" "$log_file"; then
	log "kernel problem on the console:"
	grep -aE "$BAD_PATTERN" "$log_file" | head -n 20 >&2
	exit 3
fi
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	log "timed out after ${limit}s"
	exit 124
fi
marker=$(grep -aoE 'LMM-QEMU-EXIT=[0-9]+' "$log_file" | tail -n 1 || true)
[ -n "$marker" ] || { log "no LMM-QEMU-EXIT marker (qemu exit $rc)"; exit 1; }
exit "${marker#LMM-QEMU-EXIT=}"
