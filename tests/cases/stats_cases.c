// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * stats_cases.c - the figures of lmm_family_stats(), lmm_region_stats()
 * and lmm_total_stats() are right: first a few by hand, then every field
 * against a shadow model after every single operation.
 */
#include "lmm_test.h"
#include "shadow.h"

static void fresh_family_has_zero_figures(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "fresh_t", 24, NULL);
	struct lmm_stats s;

	LMM_ASSERT_NOT_NULL(t, f);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.struct_bytes, 24);
	LMM_EXPECT_EQ(t, s.pages_in_use + s.pages_cached + s.units_in_use +
		      s.blocks_in_use + s.payload_bytes_in_use + s.free_bytes +
		      s.free_blocks + s.largest_free_bytes + s.fragmentation_pm,
		      0);
	LMM_EXPECT_EQ(t, s.page_requests + s.page_releases + s.allocs +
		      s.frees + s.failed_allocs + s.bad_frees + s.corruptions,
		      0);
}

static void alloc_and_free_update_the_counters(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "count_t", 36, NULL);
	struct lmm_stats s;
	void *a, *b;

	LMM_ASSERT_NOT_NULL(t, f);
	a = lmm_alloc(f, 3, NULL);
	b = lmm_alloc(f, 5, NULL);
	LMM_ASSERT(t, a && b);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.units_in_use, 8);
	LMM_EXPECT_EQ(t, s.blocks_in_use, 2);
	LMM_EXPECT_EQ(t, s.payload_bytes_in_use, 8 * 36);
	LMM_EXPECT_EQ(t, s.allocs, 2);
	LMM_EXPECT_EQ(t, s.frees, 0);
	LMM_EXPECT_EQ(t, s.pages_in_use, 1);
	LMM_EXPECT_EQ(t, lmm_free(f, a), 0);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.units_in_use, 5);
	LMM_EXPECT_EQ(t, s.blocks_in_use, 1);
	LMM_EXPECT_EQ(t, s.payload_bytes_in_use, 5 * 36);
	LMM_EXPECT_EQ(t, s.allocs, 2);
	LMM_EXPECT_EQ(t, s.frees, 1);
	LMM_EXPECT_EQ(t, lmm_free(f, b), 0);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.units_in_use, 0);
	LMM_EXPECT_EQ(t, s.payload_bytes_in_use, 0);
	LMM_EXPECT_EQ(t, s.allocs - s.frees, s.blocks_in_use);
}

static void failed_allocations_are_counted(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "fail_t", 64, NULL);

	LMM_ASSERT_NOT_NULL(t, f);
	LMM_EXPECT_NULL(t, lmm_alloc(f, 0, NULL));
	LMM_EXPECT_NULL(t, lmm_alloc(f, (size_t)-1 / 32, NULL));
	LMM_EXPECT_NULL(t, lmm_alloc(f, (size_t)-1 / 64, NULL));
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).failed_allocs, 3);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).allocs, 0);
}

/* fragmentation_pm = 1000 * (1 - largest / free), in whole permille. */
static void fragmentation_is_one_minus_largest_over_free(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "frag_t", 1, NULL);
	struct lmm_stats s;
	char *p[4];
	int i;

	LMM_ASSERT_NOT_NULL(t, f);
	/*
	 * Three blocks of 992 bytes, and a fourth that takes the last 1024:
	 * the 16 bytes its 1008 would leave could not be a free block.
	 */
	for (i = 0; i < 4; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, i < 3 ? 984 : 1000,
							NULL));
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).free_blocks, 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.free_blocks, 2);
	LMM_EXPECT_EQ(t, s.largest_free_bytes, 984);
	LMM_EXPECT_EQ(t, s.free_bytes, 984 * 2);
	LMM_EXPECT_EQ(t, s.fragmentation_pm, 500);
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), 0);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.free_blocks, 1);
	LMM_EXPECT_EQ(t, s.fragmentation_pm, 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[3]), 0);
}

static void total_stats_sum_every_family(struct lmm_test *t)
{
	struct lmm_family *a = lmm_test_family(t, "sum_a", 10, NULL);
	struct lmm_family *b = lmm_test_family(t, "sum_b", 300, NULL);
	struct lmm_stats sa, sb, total;
	char *pa, *pb, *pc;

	LMM_ASSERT(t, a && b);
	pa = lmm_alloc(a, 4, NULL);
	pb = lmm_alloc(b, 3, NULL);
	pc = lmm_alloc(b, 20, NULL);		/* a run */
	LMM_ASSERT(t, pa && pb && pc);
	LMM_EXPECT_NULL(t, lmm_alloc(a, 0, NULL));
	LMM_EXPECT_EQ(t, lmm_free(b, pb + 1), -EINVAL);
	sa = lmm_test_stats(t, a);
	sb = lmm_test_stats(t, b);
	lmm_total_stats(&total);
	LMM_EXPECT_EQ(t, total.struct_bytes, 0);
	LMM_EXPECT_EQ(t, total.units_in_use, 27);
	LMM_EXPECT_EQ(t, total.units_in_use, sa.units_in_use + sb.units_in_use);
	LMM_EXPECT_EQ(t, total.blocks_in_use, 3);
	LMM_EXPECT_EQ(t, total.payload_bytes_in_use, 40 + 23 * 300);
	LMM_EXPECT_EQ(t, total.pages_in_use, sa.pages_in_use + sb.pages_in_use);
	LMM_EXPECT_EQ(t, total.free_bytes, sa.free_bytes + sb.free_bytes);
	LMM_EXPECT_EQ(t, total.free_blocks, sa.free_blocks + sb.free_blocks);
	LMM_EXPECT_EQ(t, total.largest_free_bytes,
		      sa.largest_free_bytes > sb.largest_free_bytes ?
		      sa.largest_free_bytes : sb.largest_free_bytes);
	LMM_EXPECT_EQ(t, total.page_requests, sa.page_requests + sb.page_requests);
	LMM_EXPECT_EQ(t, total.allocs, 3);
	LMM_EXPECT_EQ(t, total.failed_allocs, 1);
	LMM_EXPECT_EQ(t, total.bad_frees, 1);
	LMM_EXPECT_EQ(t, lmm_free(a, pa), 0);
	LMM_EXPECT_EQ(t, lmm_free(b, pb), 0);
	LMM_EXPECT_EQ(t, lmm_free(b, pc), 0);
	lmm_total_stats(&total);
	LMM_EXPECT_EQ(t, total.frees, 3);
	LMM_EXPECT_EQ(t, total.blocks_in_use, 0);
	LMM_EXPECT_EQ(t, total.page_releases, sb.page_requests - 1);
}

static void total_of_no_family_is_zero(struct lmm_test *t)
{
	struct lmm_stats total;

	lmm_test_memset(&total, 0xff, sizeof(total));
	lmm_total_stats(&total);
	LMM_EXPECT(t, lmm_test_is_zero(&total, sizeof(total)));
}

#ifndef LMM_MODEL_DIVISOR
#define LMM_MODEL_DIVISOR	1	/* the kernel build scales it down */
#endif
/* At least 400 even scaled down: enough for every kind of step. */
#define EVERY_OP_OPS	(4000 / LMM_MODEL_DIVISOR > 400 ? \
			 4000 / LMM_MODEL_DIVISOR : 400)

/* Random allocations and frees, every figure compared after each one. */
static void family_stats_follow_every_operation(struct lmm_test *t)
{
	static const enum lmm_policy policies[] = {
		LMM_WORST_FIT, LMM_BEST_FIT, LMM_FIRST_FIT
	};
	unsigned int k;

	for (k = 0; k < 3; k++) {
		struct lmm_family_opts opts = { .policy = policies[k],
						.cache_pages = 1 };
		struct shadow *sh = lmm_test_mem(t, sizeof(*sh));
		struct lmm_rng rng;
		char name[16];
		unsigned int i;

		LMM_ASSERT_NOT_NULL(t, sh);
		lmm_test_format(name, sizeof(name), "every_%u", k);
		LMM_ASSERT(t, shadow_family(sh, t, name, 56, &opts, 400));
		lmm_rng_seed(&rng, 1000 + k);
		for (i = 0; i < EVERY_OP_OPS && !sh->failed; i++) {
			/* Grow to ~300 blocks, shrink to nothing, again. */
			bool grow = (i / 1000) % 2 == 0;

			if (sh->nblocks && (sh->nblocks >= 400 ||
			    lmm_rng_percent(&rng, grow ? 30 : 70)))
				shadow_free(sh, lmm_rng_below(&rng, sh->nblocks));
			else
				shadow_alloc(sh, lmm_rng_range(&rng, 1, 100), i);
			shadow_compare(sh);
		}
		LMM_EXPECT(t, shadow_free_all(sh) && shadow_compare(sh));
		/* The policy oracle ran after every operation but frees. */
		LMM_EXPECT_GT(t, sh->oracle_checks, EVERY_OP_OPS / 3);
	}
}

static void region_stats_follow_every_operation(struct lmm_test *t)
{
	static const enum lmm_policy policies[] = {
		LMM_WORST_FIT, LMM_BEST_FIT, LMM_FIRST_FIT
	};
	unsigned int k;

	for (k = 0; k < 3; k++) {
		struct shadow *sh = lmm_test_mem(t, sizeof(*sh));
		struct lmm_rng rng;
		unsigned int i;

		LMM_ASSERT_NOT_NULL(t, sh);
		LMM_ASSERT(t, shadow_region(sh, t, 128 * 1024, policies[k],
					    false, 400));
		lmm_rng_seed(&rng, 2000 + k);
		for (i = 0; i < EVERY_OP_OPS && !sh->failed; i++) {
			if (sh->nblocks && (sh->nblocks >= 400 ||
			    lmm_rng_percent(&rng, 45)))
				shadow_free(sh, lmm_rng_below(&rng, sh->nblocks));
			else
				shadow_alloc(sh, lmm_rng_percent(&rng, 3) ?
					     lmm_rng_range(&rng, 20000, 90000) :
					     lmm_rng_range(&rng, 1, 2000), i);
			shadow_compare(sh);
		}
		LMM_EXPECT(t, sh->c.failed > 0);	/* it did fill up */
		LMM_EXPECT(t, shadow_free_all(sh) && shadow_compare(sh));
	}
}

#define STATS_CASES(C) \
	C(fresh_family_has_zero_figures) \
	C(alloc_and_free_update_the_counters) \
	C(failed_allocations_are_counted) \
	C(fragmentation_is_one_minus_largest_over_free) \
	C(total_stats_sum_every_family) \
	C(total_of_no_family_is_zero) \
	C(family_stats_follow_every_operation) \
	C(region_stats_follow_every_operation)

LMM_TEST_SUITE(stats, STATS_CASES);
