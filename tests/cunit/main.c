// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * main.c - the CUnit runner: every portable suite (tests/cases/), then the
 * userspace-only ones (seed APIs, foreign pointers, threads).
 *
 *   build/lmm_tests              run everything
 *   build/lmm_tests SUITE...     run only the suites named
 *   build/lmm_tests SUITE/CASE   run one case
 *   build/lmm_tests --list       print every case as SUITE/CASE, run none
 *   build/lmm_tests --list-portable
 *                                the same for the portable suites only:
 *                                what the KUnit module runs besides its
 *                                own (tests/kunit/count-cases.sh)
 *   LMM_TEST_VERBOSE=1           list every test as it runs
 *
 * The exit status is 1 if any check failed, 2 if CUnit itself failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "cunit_adapter.h"
#include "lmm_suites.h"

#define LIST_SUITE(name) &lmm_##name##_suite,

static const struct lmm_test_suite *const suites[] = {
	LMM_CASE_SUITES(LIST_SUITE)
	LMM_CUNIT_SUITES(LIST_SUITE)
};

/* The portable suites come first in suites[]. */
#define ONE_SUITE(name) + 1
static const size_t nportable = 0 LMM_CASE_SUITES(ONE_SUITE);

static int nfilters;
static char **filters;

/* "suite" picks all its cases, "suite/case" one of them. */
static bool wanted(const char *suite, const char *tcase)
{
	size_t n = strlen(suite);
	int i;

	if (!nfilters)
		return true;
	for (i = 0; i < nfilters; i++) {
		if (strncmp(filters[i], suite, n))
			continue;
		if (!filters[i][n] ||
		    (filters[i][n] == '/' && !strcmp(filters[i] + n + 1, tcase)))
			return true;
	}
	return false;
}

/* One line per case of the first @n suites, as the filters name it. */
static int list_cases(size_t n)
{
	const struct lmm_test_case *c;
	size_t i;

	for (i = 0; i < n; i++)
		for (c = suites[i]->cases; c->name; c++)
			printf("%s/%s\n", suites[i]->name, c->name);
	return 0;
}

int main(int argc, char **argv)
{
	const char *verbose = getenv("LMM_TEST_VERBOSE");
	unsigned int failures;
	size_t i;

	if (argc == 2 && !strcmp(argv[1], "--list"))
		return list_cases(LMM_ARRAY_SIZE(suites));
	if (argc == 2 && !strcmp(argv[1], "--list-portable"))
		return list_cases(nportable);
	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "lmm_tests: %s\n", CU_get_error_msg());
		return 2;
	}
	nfilters = argc - 1;
	filters = argv + 1;
	for (i = 0; i < LMM_ARRAY_SIZE(suites); i++) {
		if (lmm_cunit_add_suite(suites[i], wanted)) {
			fprintf(stderr, "lmm_tests: suite %s: %s\n",
				suites[i]->name, CU_get_error_msg());
			CU_cleanup_registry();
			return 2;
		}
	}
	CU_basic_set_mode(verbose && *verbose == '1' ? CU_BRM_VERBOSE :
			  CU_BRM_NORMAL);
	printf("Lines starting \"lmm:\" on stderr are lmm's log: the corruption\n"
	       "and shutdown cases provoke them on purpose.\n");
	if (CU_basic_run_tests() != CUE_SUCCESS) {
		fprintf(stderr, "lmm_tests: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	failures = CU_get_number_of_failures();
	printf("\n");
	CU_cleanup_registry();
	lmm_cunit_forget_suites();
	return failures ? 1 : 0;
}
