/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_kunit_suite.h - what turns a portable suite into a KUnit suite.
 *
 * Kbuild reads this header first in every file of tests/cases/ (-include).
 * It defines LMM_TEST_ADAPTER_SUITE (see lmm_test.h), so that each file's
 * LMM_TEST_SUITE(name, LIST) also makes, from the same list: one
 * trampoline per case, which runs the case body itself through
 * lmm_kunit_run_case(), the KUnit case table, and the KUnit suite
 * "lmm_<name>", which runs only where lmm.ko has no other user
 * (lmm_kunit_suite_init()).  KUnit wants its tables as static data (on 6.1 a module's
 * suites run as it loads, before any of its code); the lists give them
 * at compile time, with no generator.
 */
#ifndef LMM_KUNIT_SUITE_H
#define LMM_KUNIT_SUITE_H

#include <kunit/test.h>

struct lmm_test;

void lmm_kunit_run_case(struct kunit *test, const char *name,
			void (*run)(struct lmm_test *t));
int lmm_kunit_suite_init(struct kunit_suite *suite);

#define LMM_KUNIT_TRAMPOLINE(fn)					\
	static void kunit_##fn(struct kunit *test)			\
	{								\
		lmm_kunit_run_case(test, #fn, fn);			\
	}

#define LMM_KUNIT_PORTABLE_CASE(fn) { .run_case = kunit_##fn, .name = #fn },

#define LMM_TEST_ADAPTER_SUITE(suite, LIST)				\
	LIST(LMM_KUNIT_TRAMPOLINE)					\
	static struct kunit_case suite##_kunit_cases[] = {		\
		LIST(LMM_KUNIT_PORTABLE_CASE)				\
		{}							\
	};								\
	static struct kunit_suite suite##_kunit_suite = {		\
		.name = "lmm_" #suite,					\
		.suite_init = lmm_kunit_suite_init,			\
		.test_cases = suite##_kunit_cases,			\
	};								\
	kunit_test_suite(suite##_kunit_suite)

#endif /* LMM_KUNIT_SUITE_H */
