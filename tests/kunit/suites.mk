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

# Copied only when changed (cp -p keeps the time stamps otherwise), and
# what is no longer copied leaves the copy (but Kbuild's own *.mod.c), so
# Kbuild rebuilds just what moved and builds nothing stale.
kunit_copy = mkdir -p $(2) && \
	keep=" $$(echo $(3)) " && \
	for f in $(2)/*.[ch]; do \
		case "$$f" in *.mod.c) continue ;; esac; \
		[ -e "$$f" ] || continue; \
		case "$$keep" in *" $(1)/$${f\#\#*/} "*) continue ;; esac; \
		rm -f "$$f" "$${f%.[ch]}.o"; \
	done && \
	for f in $(3); do \
		cmp -s "$$f" "$(2)/$${f\#\#*/}" || cp -p "$$f" $(2)/; \
	done

kunit-suites-modules: kunit-kernel
	scripts/kernel-build.sh $(KUNIT_KDIR) $(abspath $(KUNIT_LMM_DIR))
	@$(call kunit_copy,tests/kunit/lmm_kunit,$(KUNIT_SUITES_DIR),\
		tests/kunit/lmm_kunit/Kbuild \
		tests/kunit/lmm_kunit/*.[ch])
	@$(call kunit_copy,common,$(KUNIT_SUITES_DIR)/common,common/*.h)
	@$(call kunit_copy,tests/cases,$(KUNIT_SUITES_DIR)/cases,tests/cases/*.[ch])
	@$(call kunit_copy,kernel,$(KUNIT_SUITES_DIR)/kernel,kernel/proc_cmd.h)
	@$(call kunit_copy,kernel/types,$(KUNIT_SUITES_DIR)/kernel/types,\
		kernel/types/*.h)
	$(call kunit_build,$(KUNIT_SUITES_DIR)) \
		KBUILD_EXTRA_SYMBOLS=$(abspath $(KUNIT_LMM_DIR))/src/Module.symvers

kunit-suites: kunit-suites-modules $(B)/lmm_tests
	cases=$$(tests/kunit/count-cases.sh $(B)/lmm_tests) && \
	LOG=$(KUNIT_SUITES_LOG) scripts/kunit/run.sh -t lmm_kunit \
		-e "$$cases" -T $${KUNIT_TIMEOUT:-600} \
		$(KUNIT_LMM_KO) $(KUNIT_SUITES_KO)
