/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_kunit.h - what the files of the KUnit module share.
 *
 * The module carries its own copy of the core (common/) and of the kernel
 * port, so its cases may shut the registry down and poke at internals
 * without disturbing lmm.ko, which may be loaded beside it.
 */
#ifndef LMM_KUNIT_H
#define LMM_KUNIT_H

#include <kunit/test.h>

#include "lmm_test.h"

/*
 * The end of a kernel-only case, as the portable cases get it: every
 * family still sound, then the registry shut down and the default page
 * cache restored.  Use as a suite's .exit.
 */
void lmm_kunit_case_exit(struct kunit *test);

/* For the unload at rmmod: blocks left live on purpose by module_init. */
int lmm_kunit_leave_live_blocks(void);

#endif /* LMM_KUNIT_H */
