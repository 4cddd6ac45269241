#!/bin/sh
# Guest side of scripts/kunit/run.sh, run by the initramfs' /init (see
# scripts/guest/init) in the KUnit test kernel. Loads the modules
# listed in /lib/modules-extra/kunit-modules ("NAME FILE [PARAMS...]" lines,
# in load order; KUnit runs a module's suites while it loads), unloads them
# in reverse, then has kmemleak scan and prints its report.
#
# Markers go through /dev/kmsg so that they sit in order among the kernel's
# own lines (KTAP, reports); run.sh reads them. The exit status is non-zero
# when a checker is off or a module fails to load or unload.
dir=/lib/modules-extra
kml=/sys/kernel/debug/kmemleak
st=0
say() { echo "lmm-kunit: $*" >/dev/kmsg; }
complain() { echo "lmm-kunit: $*"; st=1; }

mount -t debugfs debugfs /sys/kernel/debug || complain "cannot mount debugfs"
# KUnit prints at KERN_INFO: let info lines through to the console.
dmesg -n 7

# A clean run proves nothing if a checker is off.
dmesg | grep -q 'KernelAddressSanitizer initialized' || complain "kasan is not active"
grep -q 'debug_locks: *1$' /proc/lockdep_stats || complain "lockdep is off"
# (kmemleak refuses "scan" below when it is off.) The kernel leaks nothing
# of its own by then: the modules have the report to themselves.

loaded=
while read -r name file params; do
	say "loading $name $params"
	# shellcheck disable=SC2086 # PARAMS are separate words on purpose
	if insmod "$dir/$file" $params; then
		say "loaded $name"
		loaded="$name $loaded"
	else
		say "load-failed $name"
		complain "insmod $name failed"
	fi
done <"$dir/kunit-modules"
for name in $loaded; do
	rmmod "$name" || complain "rmmod $name failed"
done
say "modules unloaded"

# kmemleak holds a new object back at its first scan (it only takes its
# checksum) and reports it from the second on, once it is 5 s old: scan,
# wait, scan again.
echo scan >"$kml" || complain "kmemleak scan failed (is kmemleak off?)"
sleep 5
echo scan >"$kml" || complain "kmemleak scan failed"
echo "lmm-kunit: kmemleak report begin"
cat "$kml"
echo "lmm-kunit: kmemleak report end"
exit "$st"
