// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm_kunit_unload.c - unloading with objects still live.
 *
 * A client that forgets to free does not leak kernel memory: at unload
 * lmm_shutdown() takes every page back and notes the live blocks at info
 * level (a caller's leak, not damage).  The cases here shut down with
 * live blocks and check that nothing is left; the kmemleak scan after
 * rmmod checks it again from outside, for these cases and for the blocks
 * module_init leaves live for lmm.ko's own unload to reclaim
 * (lmm_kunit_leave_live_blocks()).
 */
#include <kunit/test.h>
#include <linux/kernel.h>

#include "lmm_kunit.h"

/* Families with live blocks, a run and cached pages, as a client leaves them. */
static void leave_live(struct kunit *test, const char *prefix)
{
	static const size_t sizes[] = { 1, 36, 500 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct lmm_family *f;
		char name[LMM_NAME_MAX + 1];
		int n;

		snprintf(name, sizeof(name), "%s_%zu", prefix, sizes[i]);
		KUNIT_ASSERT_EQ(test, lmm_family_create(name, sizes[i], NULL, &f), 0);
		for (n = 0; n < 40; n++)
			KUNIT_ASSERT_NOT_NULL(test, lmm_alloc(f, 1 + n % 3, NULL));
		/* Larger than a page: a run. */
		KUNIT_ASSERT_NOT_NULL(test, lmm_alloc(f, 5000 / sizes[i] + 1, NULL));
	}
}

static void shutdown_reclaims_live_blocks(struct kunit *test)
{
	struct lmm_stats s;

	leave_live(test, "live");
	lmm_total_stats(&s);
	KUNIT_EXPECT_GT(test, s.blocks_in_use, 0UL);
	KUNIT_EXPECT_GT(test, s.pages_in_use, 0UL);
	lmm_shutdown();
	KUNIT_EXPECT_NULL(test, lmm_family_find("live_36"));
	lmm_total_stats(&s);
	KUNIT_EXPECT_EQ(test, s.blocks_in_use, 0UL);
	KUNIT_EXPECT_EQ(test, s.pages_in_use, 0UL);
	KUNIT_EXPECT_EQ(test, s.pages_cached, 0UL);
	KUNIT_EXPECT_EQ(test, lmm_check(NULL), LMM_CHECK_OK);
}

/* After a shutdown the registry starts afresh: the old names are free. */
static void registry_is_usable_after_shutdown(struct kunit *test)
{
	struct lmm_family *f;
	char *p;

	leave_live(test, "again");
	lmm_shutdown();
	KUNIT_ASSERT_EQ(test, lmm_family_create("again_36", 36, NULL, &f), 0);
	p = lmm_alloc(f, 2, NULL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, lmm_test_is_zero(p, 72));
	KUNIT_EXPECT_EQ(test, lmm_free(f, p), 0);
	leave_live(test, "twice");
}

/* Shutting down twice, or with nothing registered, is harmless. */
static void shutdown_twice_is_harmless(struct kunit *test)
{
	leave_live(test, "once");
	lmm_shutdown();
	lmm_shutdown();
	lmm_registry_lock();
	KUNIT_EXPECT_NULL(test, lmm_family_first());
	lmm_registry_unlock();
	KUNIT_EXPECT_EQ(test, lmm_check(NULL), LMM_CHECK_OK);
}

/* Its list is in lmm_kunit_cases.h, where the count of cases is taken. */
static struct kunit_case unload_cases[] = {
	LMM_KUNIT_UNLOAD_CASES(LMM_KUNIT_CASE, LMM_KUNIT_CASE_PARAM)
	{}
};

/* .exit shuts down again: what a case leaves live goes at its end. */
static struct kunit_suite lmm_kunit_unload_suite = {
	.name = "lmm_unload",
	.suite_init = lmm_kunit_suite_init,
	.exit = lmm_kunit_case_exit,
	.test_cases = unload_cases,
};

kunit_test_suite(lmm_kunit_unload_suite);

/**
 * lmm_kunit_leave_live_blocks() - leave blocks live until lmm.ko unloads
 *
 * Return: 0, or a negative errno if the family cannot be made.
 */
int lmm_kunit_leave_live_blocks(void)
{
	struct lmm_family *f;
	int err, n;

	err = lmm_family_create("left_at_rmmod", 48, NULL, &f);
	if (err)
		return err;
	for (n = 0; n < 20; n++)
		if (!lmm_alloc(f, 1 + n % 4, &err))
			return err;
	return lmm_alloc(f, 200, &err) ? 0 : err;
}
