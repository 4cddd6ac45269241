# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# tests/kunit/suites.mk - lmm's KUnit suites (tests/kunit/lmm_kunit/), read
# by the top Makefile after tests/kunit/kunit.mk (it uses KUNIT_DIR,
# KUNIT_KDIR and kunit_build from there).
#
#   make kunit-suites-modules  build lmm.ko and lmm_kunit.ko against the
#                              test kernel
#   make kunit-suites          and run them in QEMU: lmm.ko loads first,
#                              lmm_kunit.ko's suites run as it loads, both
#                              unload, kmemleak scans; every case must pass
#                              and the kernel must report nothing
#
# KUNIT_SUITES_CASES is the number of KUnit cases the run must report (a
# parameterized case counts once); change it with the cases.

KUNIT_SUITES_DIR   := $(KUNIT_DIR)/lmm_kunit
KUNIT_SUITES_KO    := $(KUNIT_SUITES_DIR)/lmm_kunit.ko
KUNIT_LMM_DIR      := $(KUNIT_DIR)/lmm
KUNIT_LMM_KO       := $(KUNIT_LMM_DIR)/lmm.ko
KUNIT_SUITES_CASES ?= 203
KUNIT_SUITES_LOG   := $(KUNIT_DIR)/lmm_kunit.console

.PHONY: kunit-suites-modules kunit-suites

CHECK_EXTRA += kunit

# Copied only when changed (cp -p keeps the time stamps otherwise), and
# what left the tree leaves the copy, so Kbuild rebuilds just what moved.
kunit_copy = mkdir -p $(2) && \
	for f in $(2)/*.[ch]; do \
		[ -e "$$f" ] || continue; \
		[ -e "$(1)/$${f\#\#*/}" ] || rm -f "$$f" "$${f%.[ch]}.o"; \
	done && \
	for f in $(3); do \
		cmp -s "$$f" "$(2)/$${f\#\#*/}" || cp -p "$$f" $(2)/; \
	done

kunit-suites-modules: kunit-kernel
	scripts/kernel-build.sh $(KUNIT_KDIR) $(abspath $(KUNIT_LMM_DIR))
	@$(call kunit_copy,tests/kunit/lmm_kunit,$(KUNIT_SUITES_DIR),\
		tests/kunit/lmm_kunit/Kbuild tests/kunit/lmm_kunit/*.awk \
		tests/kunit/lmm_kunit/*.[ch])
	@$(call kunit_copy,common,$(KUNIT_SUITES_DIR)/common,common/*.[ch])
	@$(call kunit_copy,tests/cases,$(KUNIT_SUITES_DIR)/cases,tests/cases/*.[ch])
	@$(call kunit_copy,kernel,$(KUNIT_SUITES_DIR)/kernel,\
		kernel/port.c kernel/proc_cmd.c kernel/lmm_kernel.h)
	@$(call kunit_copy,kernel/types,$(KUNIT_SUITES_DIR)/kernel/types,\
		kernel/types/*.h)
	$(call kunit_build,$(KUNIT_SUITES_DIR))

kunit-suites: kunit-suites-modules
	LOG=$(KUNIT_SUITES_LOG) scripts/kunit/run.sh -t lmm_kunit \
		-e $(KUNIT_SUITES_CASES) -T $${KUNIT_TIMEOUT:-600} \
		$(KUNIT_LMM_KO) $(KUNIT_SUITES_KO)
