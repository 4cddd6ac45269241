/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_kunit.h - what the files of the KUnit module share.
 *
 * The module tests lmm.ko, the module users load: it carries no code of
 * the core, and calls lmm.ko's API and, for white-box cases, the insides
 * exported to the name space LMM_KUNIT (kernel/exports_kunit.c).  Its
 * cases shut the core down between them, so lmm.ko must have no other
 * user while they run: the QEMU run loads it fresh, just before.
 */
#ifndef LMM_KUNIT_H
#define LMM_KUNIT_H

#include <kunit/test.h>

#include "lmm_kunit_cases.h"
#include "lmm_kunit_suite.h"
#include "lmm_test.h"

/* Entries of a KUnit case table, for the lists of lmm_kunit_cases.h. */
#define LMM_KUNIT_CASE(fn)		KUNIT_CASE(fn),
#define LMM_KUNIT_CASE_PARAM(fn, gen)	KUNIT_CASE_PARAM(fn, gen),

/*
 * The end of a kernel-only case, as the portable cases get it: every
 * family still sound, then the registry shut down and the default page
 * cache restored.  Use as a suite's .exit.
 */
void lmm_kunit_case_exit(struct kunit *test);

/* Blocks module_init leaves live on purpose, for lmm.ko's unload. */
int lmm_kunit_leave_live_blocks(void);

#endif /* LMM_KUNIT_H */
