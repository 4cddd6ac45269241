# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# tests/kunit/suites.mk - lmm's KUnit suites (tests/kunit/lmm_kunit/), read
# by the top Makefile after tests/kunit/kunit.mk (it uses KUNIT_DIR,
# KUNIT_KDIR and kunit_build from there).
#
#   make kunit-suites-modules  build lmm.ko and lmm_kunit.ko against the
#                              test kernel; lmm_kunit.ko links against
#                              lmm.ko (its Module.symvers), no copy of
#                              the core
#   make kunit-suites          and run them in QEMU: lmm.ko loads first,
#                              lmm_kunit.ko's suites run as it loads, both
#                              unload, kmemleak scans; every case must pass
#                              and the kernel must report nothing
#
# The number of KUnit cases the run must report (a parameterized case
# counts once) comes from the lists of cases (tests/kunit/count-cases.sh):
# the portable ones through the CUnit runner, which is built for it.

KUNIT_SUITES_DIR   := $(KUNIT_DIR)/lmm_kunit
KUNIT_SUITES_KO    := $(KUNIT_SUITES_DIR)/lmm_kunit.ko
KUNIT_LMM_DIR      := $(KUNIT_DIR)/lmm
KUNIT_LMM_KO       := $(KUNIT_LMM_DIR)/lmm.ko
KUNIT_SUITES_LOG   := $(KUNIT_DIR)/lmm_kunit.console

.PHONY: kunit-suites-modules kunit-suites

CHECK_EXTRA += kunit

# mirror SRC DST PATH...: DST/PATH becomes a copy of SRC/PATH, copied only
# when it changed, and what SRC no longer has leaves DST's subdirectories
# (mirror_tree in scripts/lib/util.sh, as for lmm.ko's own sources): Kbuild
# rebuilds just what moved and builds nothing stale.
mirror = bash -c '. scripts/lib/util.sh && mirror_tree "$$@"' mirror

kunit-suites-modules: kunit-kernel
	scripts/kernel-build.sh $(KUNIT_KDIR) $(abspath $(KUNIT_LMM_DIR))
	@$(mirror) tests/kunit/lmm_kunit $(KUNIT_SUITES_DIR) \
		$$(cd tests/kunit/lmm_kunit && echo Kbuild *.[ch])
	@$(mirror) . $(KUNIT_SUITES_DIR) common/*.h kernel/proc_cmd.h \
		kernel/types/*.h
	@$(mirror) tests $(KUNIT_SUITES_DIR) $$(cd tests && echo cases/*.[ch])
	$(call kunit_build,$(KUNIT_SUITES_DIR)) \
		KBUILD_EXTRA_SYMBOLS=$(abspath $(KUNIT_LMM_DIR))/src/Module.symvers

kunit-suites: kunit-suites-modules $(B)/lmm_tests
	cases=$$(tests/kunit/count-cases.sh $(B)/lmm_tests) && \
	LOG=$(KUNIT_SUITES_LOG) scripts/kunit/run.sh -t lmm_kunit \
		-e "$$cases" -T $${KUNIT_TIMEOUT:-600} \
		$(KUNIT_LMM_KO) $(KUNIT_SUITES_KO)
