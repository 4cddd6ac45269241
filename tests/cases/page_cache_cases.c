// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * page_cache_cases.c - empty pages go back to the provider, except the few
 * a family keeps (cache_pages, 2 by default), and the page counters say
 * exactly how many pages were asked for and given back.
 *
 * A 1-byte struct and LMM_PAGE_BLOCK_MAX - 8 units fill one page with one
 * block, so every allocation below is one page.
 */
#include "lmm_test.h"
#include "internal.h"

#define PAGE_UNITS	(LMM_PAGE_BLOCK_MAX - 8)

static struct lmm_family *family_caching(struct lmm_test *t, const char *name,
					 int cache_pages)
{
	struct lmm_family_opts opts = { .cache_pages = cache_pages };

	return lmm_test_family(t, name, 1, &opts);
}

/* Allocate @n whole pages into @p. */
static bool take_pages(struct lmm_test *t, struct lmm_family *f, void **p,
		       int n)
{
	int i;

	for (i = 0; i < n; i++) {
		p[i] = lmm_alloc(f, PAGE_UNITS, NULL);
		if (!LMM_EXPECT_NOT_NULL(t, p[i]))
			return false;
	}
	return true;
}

static void expect_pages(struct lmm_test *t, struct lmm_family *f,
			 size_t in_use, size_t cached, u64 requests,
			 u64 releases)
{
	struct lmm_stats s = lmm_test_stats(t, f);

	LMM_EXPECT_EQ(t, s.pages_in_use, in_use);
	LMM_EXPECT_EQ(t, s.pages_cached, cached);
	LMM_EXPECT_EQ(t, s.page_requests, requests);
	LMM_EXPECT_EQ(t, s.page_releases, releases);
}

static void default_cache_keeps_two_empty_pages(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "cache2_t", 1, NULL);
	void *p[4];
	int i;

	LMM_ASSERT(t, f && take_pages(t, f, p, 4));
	expect_pages(t, f, 4, 0, 4, 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
	expect_pages(t, f, 3, 1, 4, 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), 0);
	expect_pages(t, f, 2, 2, 4, 0);
	for (i = 2; i < 4; i++)
		LMM_EXPECT_EQ(t, lmm_free(f, p[i]), 0);
	expect_pages(t, f, 0, 2, 4, 2);
}

static void cached_pages_are_used_before_new_ones(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "reuse_t", 1, NULL);
	void *p[4];
	int i;

	LMM_ASSERT(t, f && take_pages(t, f, p, 4));
	for (i = 0; i < 4; i++)
		LMM_EXPECT_EQ(t, lmm_free(f, p[i]), 0);
	expect_pages(t, f, 0, 2, 4, 2);
	LMM_ASSERT(t, take_pages(t, f, p, 2));
	expect_pages(t, f, 2, 0, 4, 2);
	LMM_ASSERT(t, take_pages(t, f, p + 2, 1));
	expect_pages(t, f, 3, 0, 5, 2);
	for (i = 0; i < 3; i++)
		LMM_EXPECT_EQ(t, lmm_free(f, p[i]), 0);
}

static void cache_of_zero_releases_every_empty_page(struct lmm_test *t)
{
	struct lmm_family *f = family_caching(t, "cache0_t", 0);
	void *p[3];
	int i;

	LMM_ASSERT(t, f && take_pages(t, f, p, 3));
	for (i = 0; i < 3; i++) {
		LMM_EXPECT_EQ(t, lmm_free(f, p[i]), 0);
		expect_pages(t, f, 2 - (size_t)i, 0, 3, (u64)i + 1);
	}
}

static void cache_of_five_keeps_five_empty_pages(struct lmm_test *t)
{
	struct lmm_family *f = family_caching(t, "cache5_t", 5);
	void *p[7];
	int i;

	LMM_ASSERT(t, f && take_pages(t, f, p, 7));
	for (i = 0; i < 7; i++)
		LMM_EXPECT_EQ(t, lmm_free(f, p[i]), 0);
	expect_pages(t, f, 0, 5, 7, 2);
}

/* A page whose blocks are all freed one by one is empty as well. */
static void page_emptied_block_by_block_is_released(struct lmm_test *t)
{
	struct lmm_family *f = family_caching(t, "small0_t", 0);
	void *p[10];
	int i;

	LMM_ASSERT_NOT_NULL(t, f);
	for (i = 0; i < 10; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, 100, NULL));
	for (i = 0; i < 9; i++)
		LMM_EXPECT_EQ(t, lmm_free(f, p[(i * 7) % 10]), 0);
	expect_pages(t, f, 1, 0, 1, 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[9 * 7 % 10]), 0);
	expect_pages(t, f, 0, 0, 1, 1);
}

static void default_setting_applies_to_new_families(struct lmm_test *t)
{
	struct lmm_family *before = lmm_test_family(t, "before_t", 1, NULL);
	struct lmm_family *after, *three;
	void *p[4];
	int i;

	lmm_set_cache_pages_default(0);
	after = lmm_test_family(t, "after_t", 1, NULL);
	lmm_set_cache_pages_default(3);
	three = family_caching(t, "three_t", -1);	/* < 0: the default */
	LMM_ASSERT(t, before && after && three);
	LMM_ASSERT(t, take_pages(t, before, p, 1) && take_pages(t, after, p + 1, 1));
	LMM_EXPECT_EQ(t, lmm_free(before, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_free(after, p[1]), 0);
	expect_pages(t, before, 0, 1, 1, 0);	/* kept its 2 */
	expect_pages(t, after, 0, 0, 1, 1);	/* created with 0 */
	LMM_ASSERT(t, take_pages(t, three, p, 4));
	for (i = 0; i < 4; i++)
		LMM_EXPECT_EQ(t, lmm_free(three, p[i]), 0);
	expect_pages(t, three, 0, 3, 4, 1);
}

static void negative_default_is_ignored(struct lmm_test *t)
{
	struct lmm_family *f;
	void *p[3];
	int i;

	lmm_set_cache_pages_default(1);
	lmm_set_cache_pages_default(-5);
	f = lmm_test_family(t, "neg_t", 1, NULL);
	LMM_ASSERT(t, f && take_pages(t, f, p, 3));
	for (i = 0; i < 3; i++)
		LMM_EXPECT_EQ(t, lmm_free(f, p[i]), 0);
	expect_pages(t, f, 0, 1, 3, 2);
}

/*
 * Why the cache exists: one block allocated and freed in a loop would
 * otherwise map and unmap a page every time.
 */
static void churn_at_a_page_boundary_does_not_thrash(struct lmm_test *t)
{
	struct lmm_family *cached = lmm_test_family(t, "churn_t", 64, NULL);
	struct lmm_family *bare = family_caching(t, "thrash_t", 0);
	int i;

	LMM_ASSERT(t, cached && bare);
	for (i = 0; i < 1000; i++) {
		LMM_EXPECT_EQ(t, lmm_free(cached, lmm_alloc(cached, 1, NULL)), 0);
		LMM_EXPECT_EQ(t, lmm_free(bare, lmm_alloc(bare, 64, NULL)), 0);
	}
	expect_pages(t, cached, 0, 1, 1, 0);
	expect_pages(t, bare, 0, 0, 1000, 1000);
}

/* Every page asked for is in use, cached or given back. */
static void page_counts_are_exact_over_a_sequence(struct lmm_test *t)
{
	struct lmm_family *f = family_caching(t, "seq_t", 1);
	void *p[3], *q[2];
	int i;

	LMM_ASSERT(t, f && take_pages(t, f, p, 3));
	LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
	expect_pages(t, f, 2, 1, 3, 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), 0);
	expect_pages(t, f, 1, 1, 3, 1);
	LMM_ASSERT(t, take_pages(t, f, q, 2));
	expect_pages(t, f, 3, 0, 4, 1);
	LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
	for (i = 0; i < 2; i++)
		LMM_EXPECT_EQ(t, lmm_free(f, q[i]), 0);
	expect_pages(t, f, 0, 1, 4, 3);
}

/*
 * More pages than the page tables start with buckets (512): the tables
 * grow, and every page is still found, with the handle and without.
 */
#define MANY_PAGES 1500

static void thousands_of_pages_are_all_found_again(struct lmm_test *t)
{
	struct lmm_family *f = family_caching(t, "many_t", 0);
	void **p = lmm_test_mem(t, MANY_PAGES * sizeof(*p));
	int i;

	LMM_ASSERT(t, f && p && take_pages(t, f, p, MANY_PAGES));
	for (i = 0; i < MANY_PAGES; i++)
		lmm_test_fill(p[i], 64, (u64)i);
	expect_pages(t, f, MANY_PAGES, 0, MANY_PAGES, 0);
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
	for (i = 0; i < MANY_PAGES; i++) {
		LMM_EXPECT(t, lmm_test_verify(p[i], 64, (u64)i));
		/* Odd ones through the registry's table, even ones the family's. */
		LMM_EXPECT_EQ(t, lmm_free(i % 2 ? NULL : f, p[i]), 0);
	}
	expect_pages(t, f, 0, 0, MANY_PAGES, MANY_PAGES);
}

#define PAGE_CACHE_CASES(C) \
	C(default_cache_keeps_two_empty_pages) \
	C(cached_pages_are_used_before_new_ones) \
	C(cache_of_zero_releases_every_empty_page) \
	C(cache_of_five_keeps_five_empty_pages) \
	C(page_emptied_block_by_block_is_released) \
	C(default_setting_applies_to_new_families) \
	C(negative_default_is_ignored) \
	C(churn_at_a_page_boundary_does_not_thrash) \
	C(page_counts_are_exact_over_a_sequence) \
	C(thousands_of_pages_are_all_found_again)

LMM_TEST_SUITE(page_cache, PAGE_CACHE_CASES);
