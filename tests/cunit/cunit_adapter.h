/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * cunit_adapter.h - what the userspace-only suites share: the suite list
 * for main.c, and capturing what a call prints on stdout and stderr.
 */
#ifndef LMM_CUNIT_ADAPTER_H
#define LMM_CUNIT_ADAPTER_H

#include <stddef.h>

#include "lmm_test.h"

#define LMM_CUNIT_SUITES(X) \
	X(seed_api) \
	X(mem_api) \
	X(foreign_pointer) \
	X(thread) \
	X(race) \
	X(port_pages) \
	X(lmmtop)

#define LMM_DECLARE_SUITE(name) extern const struct lmm_test_suite lmm_##name##_suite;
LMM_CUNIT_SUITES(LMM_DECLARE_SUITE)
#undef LMM_DECLARE_SUITE

/* Register the cases of @suite that @wanted picks, in a suite of its name. */
int lmm_cunit_add_suite(const struct lmm_test_suite *suite,
			bool (*wanted)(const char *suite, const char *tcase));
void lmm_cunit_forget_suites(void);

/*
 * What was written to stdout and stderr between capture_begin() and
 * capture_end(), as C strings (truncated to the buffers).
 */
struct capture {
	int saved_out;
	int saved_err;
	int file_out;
	int file_err;
	char out[16384];
	char err[16384];
};

bool capture_begin(struct capture *c);
void capture_end(struct capture *c);

#endif /* LMM_CUNIT_ADAPTER_H */
