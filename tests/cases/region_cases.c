// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * region_cases.c - regions, the engine behind the Mem_* API: one heap over
 * one range of memory, under each policy.
 *
 * A region of N pages has one free block of N * 4096 - 16 bytes (8 unused
 * bytes in front of the first header, 8 for the end sentinel), so the
 * largest request it can serve is N * 4096 - 24 bytes.
 */
#include "lmm_test.h"

static const enum lmm_policy policies[] = {
	LMM_WORST_FIT, LMM_BEST_FIT, LMM_FIRST_FIT
};

#define for_each_policy(i) for ((i) = 0; (i) < 3; (i)++)

static void create_of_size_zero_is_refused(struct lmm_test *t)
{
	struct lmm_region *r = (struct lmm_region *)&r;

	LMM_EXPECT_EQ(t, lmm_region_create(0, LMM_WORST_FIT, &r), -EINVAL);
	LMM_EXPECT_NULL(t, r);
}

static void create_refuses_bad_arguments(struct lmm_test *t)
{
	struct lmm_region *r = (struct lmm_region *)&r;

	LMM_EXPECT_EQ(t, lmm_region_create(4096, LMM_WORST_FIT, NULL), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_region_create(4096, (enum lmm_policy)3, &r),
		      -EINVAL);
	LMM_EXPECT_NULL(t, r);
	/* Block sizes are 32-bit: a region stays below 4 GiB. */
	LMM_EXPECT_EQ(t, lmm_region_create((size_t)0xfff00000UL + 1,
					   LMM_WORST_FIT, &r), -EINVAL);
	LMM_EXPECT_NULL(t, r);
}

static void size_is_rounded_up_to_whole_pages(struct lmm_test *t)
{
	struct lmm_region *one = lmm_test_region(t, 100, LMM_WORST_FIT);
	struct lmm_region *two = lmm_test_region(t, 4097, LMM_WORST_FIT);
	struct lmm_stats s;

	LMM_ASSERT(t, one && two);
	s = lmm_test_region_stats(t, one);
	LMM_EXPECT_EQ(t, s.pages_in_use, 1);
	LMM_EXPECT_EQ(t, s.free_blocks, 1);
	LMM_EXPECT_EQ(t, s.free_bytes, 4096 - 24);
	LMM_EXPECT_EQ(t, s.largest_free_bytes, 4096 - 24);
	s = lmm_test_region_stats(t, two);
	LMM_EXPECT_EQ(t, s.pages_in_use, 2);
	LMM_EXPECT_EQ(t, s.largest_free_bytes, 8192 - 24);
}

static void whole_region_fits_in_one_block(struct lmm_test *t)
{
	unsigned int i;

	for_each_policy(i) {
		struct lmm_region *r = lmm_test_region(t, 4096, policies[i]);
		int err = 0;
		void *p, *q;

		LMM_ASSERT_NOT_NULL(t, r);
		p = lmm_region_alloc(r, 4096 - 24, &err);
		LMM_EXPECT_NOT_NULL(t, p);
		LMM_EXPECT_NULL(t, lmm_region_alloc(r, 1, &err));
		LMM_EXPECT_EQ(t, err, -ENOMEM);
		LMM_EXPECT_EQ(t, lmm_region_free(r, p), 0);
		LMM_EXPECT_NULL(t, lmm_region_alloc(r, 4096 - 23, &err));
		LMM_EXPECT_EQ(t, err, -ENOMEM);
		q = lmm_region_alloc(r, 4096 - 24, NULL);
		LMM_EXPECT_PTR_EQ(t, q, p);
		LMM_EXPECT_EQ(t, lmm_region_free(r, q), 0);
	}
}

static void alloc_of_zero_bytes_is_refused(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);
	int err = 0;

	LMM_ASSERT_NOT_NULL(t, r);
	LMM_EXPECT_NULL(t, lmm_region_alloc(r, 0, &err));
	LMM_EXPECT_EQ(t, err, -EINVAL);
	LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).failed_allocs, 1);
	LMM_EXPECT_NULL(t, lmm_region_alloc(NULL, 16, &err));
	LMM_EXPECT_EQ(t, err, -EINVAL);
}

static void allocations_are_aligned_and_disjoint(struct lmm_test *t)
{
	unsigned int i, k;

	for_each_policy(i) {
		struct lmm_region *r = lmm_test_region(t, 64 * 1024,
						       policies[i]);
		size_t sizes[40];
		char *p[40];
		struct lmm_rng rng;

		LMM_ASSERT_NOT_NULL(t, r);
		lmm_rng_seed(&rng, 40 + i);
		for (k = 0; k < 40; k++) {
			sizes[k] = lmm_rng_range(&rng, 1, 1000);
			p[k] = lmm_region_alloc(r, sizes[k], NULL);
			LMM_ASSERT_NOT_NULL(t, p[k]);
			LMM_EXPECT_EQ(t, (unsigned long)p[k] % 16, 0);
			lmm_test_fill(p[k], sizes[k], k);
		}
		for (k = 0; k < 40; k++) {
			LMM_EXPECT(t, lmm_test_verify(p[k], sizes[k], k));
			LMM_EXPECT_EQ(t, lmm_region_free(r, p[k]), 0);
		}
		LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).free_blocks, 1);
	}
}

/* Five 48-byte blocks, then the rest of the region. */
static bool five_blocks(struct lmm_test *t, struct lmm_region *r, char **p)
{
	int i;

	for (i = 0; i < 5; i++) {
		p[i] = lmm_region_alloc(r, 40, NULL);
		if (!LMM_EXPECT_NOT_NULL(t, p[i]))
			return false;
	}
	return true;
}

static void free_merges_with_neighbours(struct lmm_test *t)
{
	unsigned int i;

	for_each_policy(i) {
		struct lmm_region *r = lmm_test_region(t, 4096, policies[i]);
		struct lmm_stats s0, s1;
		char *p[5];

		LMM_ASSERT(t, r && five_blocks(t, r, p));
		LMM_EXPECT_EQ(t, lmm_region_free(r, p[1]), 0);
		LMM_EXPECT_EQ(t, lmm_region_free(r, p[3]), 0);
		s0 = lmm_test_region_stats(t, r);
		LMM_EXPECT_EQ(t, s0.free_blocks, 3);
		/* p[2] touches both free blocks: three become one. */
		LMM_EXPECT_EQ(t, lmm_region_free(r, p[2]), 0);
		s1 = lmm_test_region_stats(t, r);
		LMM_EXPECT_EQ(t, s1.free_blocks, 2);
		LMM_EXPECT_EQ(t, s1.free_bytes - s0.free_bytes, 48 + 8);
		/* p[0]: the next block is free; p[4]: the rest is. */
		LMM_EXPECT_EQ(t, lmm_region_free(r, p[0]), 0);
		LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).free_blocks, 2);
		LMM_EXPECT_EQ(t, lmm_region_free(r, p[4]), 0);
		s1 = lmm_test_region_stats(t, r);
		LMM_EXPECT_EQ(t, s1.free_blocks, 1);
		LMM_EXPECT_EQ(t, s1.largest_free_bytes, 4096 - 24);
	}
}

static void exhaustion_is_enomem_then_frees_make_room(struct lmm_test *t)
{
	unsigned int i;

	for_each_policy(i) {
		struct lmm_region *r = lmm_test_region(t, 8192, policies[i]);
		void **p = lmm_test_mem(t, 100 * sizeof(void *));
		unsigned int n = 0, k, again = 0;
		int err = 0;

		LMM_ASSERT(t, r && p);
		while (n < 100 && (p[n] = lmm_region_alloc(r, 100, &err)))
			n++;
		LMM_EXPECT_EQ(t, err, -ENOMEM);
		/* 8176 bytes of blocks hold exactly 73 blocks of 112. */
		LMM_EXPECT_EQ(t, n, 73);
		LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).failed_allocs, 1);
		/* Every other block back: each hole takes one again. */
		for (k = 0; k < n; k += 2)
			LMM_EXPECT_EQ(t, lmm_region_free(r, p[k]), 0);
		for (k = 0; k < n; k += 2) {
			void *q = lmm_region_alloc(r, 100, NULL);

			again += q != NULL;
			p[k] = q;
		}
		LMM_EXPECT_EQ(t, again, (n + 1) / 2);
		LMM_EXPECT_NULL(t, lmm_region_alloc(r, 100, &err));
		for (k = 0; k < n; k++)
			LMM_EXPECT_EQ(t, lmm_region_free(r, p[k]), 0);
		/* All of it again, in one piece. */
		p[0] = lmm_region_alloc(r, 8192 - 24, NULL);
		LMM_EXPECT_NOT_NULL(t, p[0]);
		LMM_EXPECT_EQ(t, lmm_region_free(r, p[0]), 0);
	}
}

static void free_of_null_is_a_noop(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);
	struct lmm_stats s;

	LMM_ASSERT_NOT_NULL(t, r);
	LMM_EXPECT_EQ(t, lmm_region_free(r, NULL), 0);
	LMM_EXPECT_EQ(t, lmm_region_free(NULL, NULL), 0);
	s = lmm_test_region_stats(t, r);
	LMM_EXPECT_EQ(t, s.frees, 0);
	LMM_EXPECT_EQ(t, s.bad_frees, 0);
}

static void pointer_of_another_region_is_refused(struct lmm_test *t)
{
	struct lmm_region *a = lmm_test_region(t, 4096, LMM_WORST_FIT);
	struct lmm_region *b = lmm_test_region(t, 4096, LMM_WORST_FIT);
	void *pa;

	LMM_ASSERT(t, a && b);
	pa = lmm_region_alloc(a, 64, NULL);
	LMM_ASSERT_NOT_NULL(t, pa);
	LMM_EXPECT_EQ(t, lmm_region_free(b, pa), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_test_region_stats(t, b).bad_frees, 1);
	LMM_EXPECT_EQ(t, lmm_test_region_stats(t, a).blocks_in_use, 1);
	LMM_EXPECT_EQ(t, lmm_region_free(a, pa), 0);
}

/* Interior, doubly freed and merged-away pointers: refused, nothing lost. */
static void region_refuses_pointers_it_did_not_hand_out(struct lmm_test *t)
{
	static const int offsets[] = { 16, 8, 1, -8, 32 };
	unsigned int i, k;

	for_each_policy(i) {
		struct lmm_region *r = lmm_test_region(t, 4096, policies[i]);
		struct lmm_stats before, after;
		char *p[5];

		LMM_ASSERT(t, r && five_blocks(t, r, p));
		for (k = 0; k < 5; k++)
			lmm_test_fill(p[k], 40, k);
		LMM_EXPECT_EQ(t, lmm_region_free(r, p[1]), 0);
		LMM_EXPECT_EQ(t, lmm_region_free(r, p[2]), 0);
		before = lmm_test_region_stats(t, r);
		for (k = 0; k < LMM_ARRAY_SIZE(offsets); k++)
			LMM_EXPECT_EQ(t, lmm_region_free(r, p[3] + offsets[k]),
				      -EINVAL);
		/* p[2] was merged into p[1]'s free block; p[1] is free. */
		LMM_EXPECT_EQ(t, lmm_region_free(r, p[2]), -EINVAL);
		LMM_EXPECT_EQ(t, lmm_region_free(r, p[1]), -EINVAL);
		after = lmm_test_region_stats(t, r);
		LMM_EXPECT_EQ(t, after.bad_frees, before.bad_frees + 7);
		LMM_EXPECT_EQ(t, after.blocks_in_use, 3);
		LMM_EXPECT_EQ(t, after.frees, before.frees);
		LMM_EXPECT_EQ(t, after.free_blocks, before.free_blocks);
		LMM_EXPECT_EQ(t, after.corruptions, 0);
		for (k = 0; k < 5; k += k == 0 ? 3 : 1)
			LMM_EXPECT(t, lmm_test_verify(p[k], 40, k));
		LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
	}
}

static void bad_handles_are_refused(struct lmm_test *t)
{
	struct lmm_stats s;
	int x = 0;

	LMM_EXPECT_EQ(t, lmm_region_free(NULL, &x), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_region_stats(NULL, &s), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_region_check(NULL, NULL), LMM_CHECK_HANDLE);
	/* Harmless no-ops. */
	lmm_region_destroy(NULL);
	lmm_region_set_debug(NULL, true);
}

static void stats_count_blocks_and_bytes(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);
	struct lmm_stats s;
	void *a, *b;

	LMM_ASSERT_NOT_NULL(t, r);
	a = lmm_region_alloc(r, 100, NULL);
	b = lmm_region_alloc(r, 30, NULL);
	LMM_ASSERT(t, a && b);
	s = lmm_test_region_stats(t, r);
	LMM_EXPECT_EQ(t, s.blocks_in_use, 2);
	/* What the blocks can hold: 112 - 8 and 48 - 8. */
	LMM_EXPECT_EQ(t, s.payload_bytes_in_use, 104 + 40);
	LMM_EXPECT_EQ(t, s.allocs, 2);
	LMM_EXPECT_EQ(t, s.free_bytes, 4096 - 16 - 112 - 48 - 8);
	LMM_EXPECT_EQ(t, lmm_region_free(r, a), 0);
	s = lmm_test_region_stats(t, r);
	LMM_EXPECT_EQ(t, s.blocks_in_use, 1);
	LMM_EXPECT_EQ(t, s.payload_bytes_in_use, 40);
	LMM_EXPECT_EQ(t, s.frees, 1);
	LMM_EXPECT_EQ(t, s.free_blocks, 2);
	LMM_EXPECT_EQ(t, lmm_region_free(r, b), 0);
}

static void destroy_gives_the_region_back(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 16384, LMM_BEST_FIT);

	LMM_ASSERT_NOT_NULL(t, r);
	LMM_ASSERT_NOT_NULL(t, lmm_region_alloc(r, 1000, NULL));
	lmm_test_region_forget(t, r);
	/* Live blocks go with it. */
	lmm_region_destroy(r);
}

/*
 * A region is not a family: shutting the families down must leave it
 * working, even once the registry has been set up again.
 */
static void region_outlives_lmm_shutdown(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);
	struct lmm_family *f;
	void *p;

	LMM_ASSERT_NOT_NULL(t, r);
	p = lmm_region_alloc(r, 100, NULL);
	LMM_ASSERT_NOT_NULL(t, p);
	lmm_shutdown();
	f = lmm_test_family(t, "after_t", 8, NULL);
	LMM_EXPECT_NOT_NULL(t, f);
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
	LMM_EXPECT_EQ(t, lmm_region_free(r, p), 0);
	LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).corruptions, 0);
	LMM_EXPECT_NOT_NULL(t, lmm_region_alloc(r, 100, NULL));
}

#define REGION_CASES(C) \
	C(create_of_size_zero_is_refused) \
	C(create_refuses_bad_arguments) \
	C(size_is_rounded_up_to_whole_pages) \
	C(whole_region_fits_in_one_block) \
	C(alloc_of_zero_bytes_is_refused) \
	C(allocations_are_aligned_and_disjoint) \
	C(free_merges_with_neighbours) \
	C(exhaustion_is_enomem_then_frees_make_room) \
	C(free_of_null_is_a_noop) \
	C(pointer_of_another_region_is_refused) \
	C(region_refuses_pointers_it_did_not_hand_out) \
	C(bad_handles_are_refused) \
	C(stats_count_blocks_and_bytes) \
	C(destroy_gives_the_region_back) \
	C(region_outlives_lmm_shutdown)

LMM_TEST_SUITE(region, REGION_CASES);
