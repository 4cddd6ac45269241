#!/bin/sh
# The guest side of scripts/kernel-bench.sh: load lmm.ko, run the bench
# module (its init prints the figures and fails with ECANCELED on purpose).
# busybox insmod retries a failed finit_module() with init_module(), so
# each size runs twice: two samples, the second with warm caches.
M=/lib/modules-extra
insmod $M/lmm.ko || exit 1
for size in 36 120; do
	insmod $M/lmm_kbench.ko nobjects=20000 object_bytes=$size 2>/dev/null
done
dmesg | grep 'lmm_kbench:' | sed 's/^\[[^]]*\] //'
rmmod lmm || exit 1
echo BENCH OK
