# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# KUnit: kernel code tested in a kernel full of checkers (KASAN, lockdep,
# kmemleak, ...; tests/kunit/kernel.config), built once and cached outside
# the checkout by scripts/kunit/build-kernel.sh, booted under QEMU by
# scripts/kunit/run.sh. Read by the top Makefile before its rules.
#
#   make kunit-kernel    build the test kernel, or find it in the cache
#   make kunit-selftest  prove the pipeline: the sample module passes, and each
#                        mistake it must catch (failed, skipped or missing
#                        case, leak, lock order, vmalloc out of bounds) fails
#   make kunit           lmm.ko and lmm_kunit.ko's suites (tests/kunit/suites.mk)
#
# A recipe that needs the kernel depends on kunit-kernel and uses
# $(KUNIT_KDIR), $(KUNIT_BZIMAGE), $(KUNIT_KSRC), $(KUNIT_KREL): they read
# $(KUNIT_ENV) (written by kunit-kernel) when a recipe expands them, never
# while make parses, so no kernel is built unless a KUnit target runs.

KUNIT_DIR     := $(B)/kunit
KUNIT_ENV     := $(KUNIT_DIR)/kernel.env
kunit_env      = $(shell sed -n 's/^$(1)=//p' $(KUNIT_ENV))
KUNIT_KDIR     = $(call kunit_env,KDIR)
KUNIT_BZIMAGE  = $(call kunit_env,BZIMAGE)
KUNIT_KSRC     = $(call kunit_env,KSRC)
KUNIT_KREL     = $(call kunit_env,KREL)

# $(call kunit_build,DIR): build the out-of-tree module(s) in DIR against the
# test kernel. Kbuild writes next to the sources, so DIR should be a copy
# under $(KUNIT_DIR); the caller's make flags (CC=, -j...) stay out of it.
kunit_build = env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
	make -C $(KUNIT_KDIR) M=$(abspath $(1)) modules

KUNIT_SELFTEST_DIR := $(KUNIT_DIR)/selftest
KUNIT_SELFTEST_KO  := $(KUNIT_SELFTEST_DIR)/lmm_kunit_selftest.ko

.PHONY: kunit-kernel kunit-selftest-module kunit-selftest kunit

kunit-kernel:
	@mkdir -p $(KUNIT_DIR)
	scripts/kunit/build-kernel.sh >$(KUNIT_ENV).part
	@mv $(KUNIT_ENV).part $(KUNIT_ENV)

kunit-selftest-module: kunit-kernel
	@mkdir -p $(KUNIT_SELFTEST_DIR)
	cp -u tests/kunit/selftest/Kbuild tests/kunit/selftest/*.c $(KUNIT_SELFTEST_DIR)/
	$(call kunit_build,$(KUNIT_SELFTEST_DIR))

kunit-selftest: kunit-kernel
	scripts/kunit/selftest.sh

# lmm's own suites: lmm.ko and lmm_kunit.ko (tests/kunit/suites.mk).
kunit: kunit-suites
