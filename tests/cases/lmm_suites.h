/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_suites.h - the portable suites, in the order they run.  Each adapter
 * (CUnit, KUnit) walks this list, so a suite added here runs everywhere.
 */
#ifndef LMM_SUITES_H
#define LMM_SUITES_H

#include "lmm_test.h"

#define LMM_CASE_SUITES(X) \
	X(family) \
	X(block) \
	X(policy) \
	X(page_cache) \
	X(region) \
	X(bad_input) \
	X(stats) \
	X(report) \
	X(corruption) \
	X(attack) \
	X(checker) \
	X(model) \
	X(walk)

#define LMM_DECLARE_SUITE(name) extern const struct lmm_test_suite lmm_##name##_suite;
LMM_CASE_SUITES(LMM_DECLARE_SUITE)
#undef LMM_DECLARE_SUITE

#endif /* LMM_SUITES_H */
