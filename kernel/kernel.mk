# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# kernel/kernel.mk - lmm.ko's part of the top-level Makefile (included
# before its rules).
#
#   make module [KDIR=dir]   build lmm.ko and lmm_demo.ko here, W=1, no
#                            warning allowed; KDIR defaults to the running
#                            kernel's headers, else the newest Debian ones
#   make run-kernel          the guided tour in QEMU (a step of make run);
#                            LMM_KERNEL=6.12 tours the other kernel
#   make check-kernel        the module's tests in QEMU, 6.1 and 6.12
#   make checkpatch          checkpatch.pl --strict and kernel-doc on
#                            kernel/ and common/; kernel/'s files call
#                            each other one way (scripts/kernel-layers.sh)
#   make boot-selftest       the boot pipeline (scripts/boot.sh) gives each
#                            of its verdicts when it must, 6.1 and 6.12
#   make module-clean        remove what make module left in the tree

.PHONY: module module-clean run-kernel check-kernel checkpatch boot-selftest

RUN_EXTRA   += run-kernel
CHECK_EXTRA += boot-selftest check-kernel checkpatch

LMM_KERNEL  ?= 6.1

module:
	@kdir=$$(scripts/kernel-kdir.sh $(KDIR)) && scripts/kernel-build.sh "$$kdir"

run-kernel:
	@scripts/kernel-tour.sh $(LMM_KERNEL)

check-kernel:
	@scripts/kernel-test.sh

checkpatch:
	@scripts/checkpatch.sh
	@scripts/kernel-layers.sh

boot-selftest:
	@scripts/qemu/selftest.sh

# The tree's own build products: the user library and tests build in $(B).
module-clean:
	rm -f lmm.ko lmm_demo.ko lmm.mod lmm_demo.mod lmm.mod.c lmm_demo.mod.c \
		Module.symvers modules.order .module-common.o \
		$(wildcard *.o kernel/*.o common/*.o .*.cmd kernel/.*.cmd common/.*.cmd)

clean: module-clean
