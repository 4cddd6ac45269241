// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * walk_cases.c - the teaching interface (lmm_walk.h): a region with
 * coalescing off, and walks of the blocks and of the free queue.
 *
 * The promise of a free-queue walk is that the first block it lists that
 * is large enough is the block the next allocation takes; these cases
 * check that promise against real allocations under every policy, for a
 * region and for a family, after frees that leave holes of many sizes.
 */
#include "internal.h"
#include "lmm_test.h"
#include "lmm_walk.h"

static const enum lmm_policy policies[] = {
	LMM_WORST_FIT, LMM_BEST_FIT, LMM_FIRST_FIT
};

#define for_each_policy(i) for ((i) = 0; (i) < 3; (i)++)
#define MAX_SEEN	128

/* What a walk reported, in its order. */
struct seen {
	size_t n;
	struct lmm_block_info block[MAX_SEEN];
};

static int record(void *ctx, const struct lmm_block_info *info)
{
	struct seen *s = ctx;

	if (s->n == MAX_SEEN)
		return 1;
	s->block[s->n++] = *info;
	return 0;
}

/* Walk results live in test memory: too large for a kernel stack. */
static struct seen *seen_new(struct lmm_test *t)
{
	return lmm_test_mem(t, sizeof(struct seen));
}

static int stop_at_once(void *ctx, const struct lmm_block_info *info)
{
	(void)ctx;
	(void)info;
	return 7;
}

/* Allocate @n blocks of @bytes into @p; true when all succeeded. */
static bool fill(struct lmm_region *r, char **p, size_t n, size_t bytes)
{
	size_t i;

	for (i = 0; i < n; i++) {
		p[i] = lmm_region_alloc(r, bytes, NULL);
		if (!p[i])
			return false;
	}
	return true;
}

static void coalesce_switch_needs_a_fresh_region(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);
	void *p;

	LMM_ASSERT_NOT_NULL(t, r);
	LMM_EXPECT_EQ(t, lmm_region_set_coalesce(NULL, false), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_region_set_coalesce(r, false), 0);
	p = lmm_region_alloc(r, 100, NULL);
	LMM_ASSERT_NOT_NULL(t, p);
	LMM_EXPECT_EQ(t, lmm_region_set_coalesce(r, true), -EBUSY);
	LMM_EXPECT_EQ(t, lmm_region_free(r, p), 0);
	/* Split in two free blocks that will never merge: still busy. */
	LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).free_blocks, 2);
	LMM_EXPECT_EQ(t, lmm_region_set_coalesce(r, true), -EBUSY);
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
}

static void coalescing_off_splits_without_merging(struct lmm_test *t)
{
	unsigned int i;

	for_each_policy(i) {
		struct lmm_region *r = lmm_test_region(t, 4096, policies[i]);
		struct lmm_stats s;
		char *p[4];
		size_t k;

		LMM_ASSERT_NOT_NULL(t, r);
		LMM_ASSERT_EQ(t, lmm_region_set_coalesce(r, false), 0);
		LMM_ASSERT(t, fill(r, p, 4, 100));
		for (k = 0; k < 4; k++)
			LMM_EXPECT_EQ(t, lmm_region_free(r, p[k]), 0);
		/* Four freed blocks of 104 and the tail, side by side. */
		s = lmm_test_region_stats(t, r);
		LMM_EXPECT_EQ(t, s.free_blocks, 5);
		LMM_EXPECT_EQ(t, s.free_bytes, 4096 - 16 - 5 * 8);
		LMM_EXPECT_EQ(t, s.largest_free_bytes, 4096 - 16 - 4 * 112 - 8);
		LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
		/* A freed block is reused as it is, its free neighbour kept. */
		p[0] = lmm_region_alloc(r, 100, NULL);
		LMM_EXPECT_NOT_NULL(t, p[0]);
		LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).free_blocks,
			      policies[i] == LMM_WORST_FIT ? 5 : 4);
		LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
		/* Nothing merged: no block is larger than the tail was. */
		LMM_EXPECT_EQ(t, lmm_region_free(r, p[0]), 0);
		LMM_EXPECT_NULL(t, lmm_region_alloc(r, 4096 - 16 - 4 * 112 - 7,
						    NULL));
	}
}

static void checker_wants_adjacent_free_blocks_only_with_coalescing_off(
	struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_BEST_FIT);
	struct lmm_region *region;
	char *p[3];

	LMM_ASSERT_NOT_NULL(t, r);
	LMM_ASSERT_EQ(t, lmm_region_set_coalesce(r, false), 0);
	LMM_ASSERT(t, fill(r, p, 3, 100));
	LMM_EXPECT_EQ(t, lmm_region_free(r, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_region_free(r, p[1]), 0);
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
	/* The same heap in a coalescing region would be a broken one. */
	region = lmm_region_peek(r);
	region->freeq.apart = false;
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_ADJACENT_FREE);
	region->freeq.apart = true;
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
}

static void checker_still_catches_damage_with_coalescing_off(
	struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);
	struct lmm_block *second;
	u64 *footer, saved;
	char *p[3];

	LMM_ASSERT_NOT_NULL(t, r);
	LMM_ASSERT_EQ(t, lmm_region_set_coalesce(r, false), 0);
	LMM_ASSERT(t, fill(r, p, 3, 100));
	LMM_EXPECT_EQ(t, lmm_region_free(r, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_region_free(r, p[1]), 0);
	/* The second free block says its neighbour before it is free. */
	second = lmm_block_of(p[1]);
	LMM_EXPECT(t, lmm_block_flags(second) & LMM_BLOCK_PREV_FREE);
	second->size_flags &= ~LMM_BLOCK_PREV_FREE;
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_PREV_FREE);
	second->size_flags |= LMM_BLOCK_PREV_FREE;
	/* The footer of the first free block (block of 112 bytes). */
	footer = (u64 *)(p[0] - 8 + 112 - 8);
	saved = *footer;
	*footer = 64;
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_FOOTER);
	*footer = saved;
	second->size_flags ^= 16;	/* a size the check value rejects */
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_HEADER);
	second->size_flags ^= 16;
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
}

static void repair_keeps_free_blocks_apart(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);
	struct lmm_region *region;
	char *p[3];

	LMM_ASSERT_NOT_NULL(t, r);
	LMM_ASSERT_EQ(t, lmm_region_set_coalesce(r, false), 0);
	LMM_ASSERT(t, fill(r, p, 3, 100));
	LMM_EXPECT_EQ(t, lmm_region_free(r, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_region_free(r, p[1]), 0);
	region = lmm_region_peek(r);
	lmm_region_repair(&region->freeq);	/* as after damage */
	LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).free_blocks, 3);
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
}

static void region_walk_tiles_the_area(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_FIRST_FIT);
	struct seen *s = seen_new(t);
	size_t k, bytes = 0;
	char *p[3];

	LMM_ASSERT(t, r && s);
	LMM_ASSERT(t, fill(r, p, 3, 40));
	LMM_EXPECT_EQ(t, lmm_region_free(r, p[1]), 0);
	LMM_ASSERT_EQ(t, lmm_region_walk(r, record, s), 0);
	LMM_ASSERT_EQ(t, s->n, 4);
	LMM_EXPECT_EQ(t, s->block[0].offset, 16);
	LMM_EXPECT_EQ(t, s->block[0].capacity, 40);
	LMM_EXPECT_EQ(t, s->block[0].state, LMM_WALK_USED);
	LMM_EXPECT_EQ(t, s->block[1].offset,
		      (size_t)(p[1] - (char *)lmm_region_base(r)));
	LMM_EXPECT_EQ(t, s->block[1].state, LMM_WALK_FREE);
	for (k = 0; k < s->n; k++)
		bytes += s->block[k].capacity + 8;
	LMM_EXPECT_EQ(t, bytes, 4096 - 16);
	LMM_EXPECT_EQ(t, lmm_region_walk(r, stop_at_once, NULL), 7);
	LMM_EXPECT_EQ(t, lmm_region_walk(NULL, record, s), -EINVAL);
}

/* The first block of a free walk that holds @bytes, or NULL. */
static const struct lmm_block_info *first_fitting(const struct seen *s,
						  size_t bytes)
{
	size_t k;

	for (k = 0; k < s->n; k++)
		if (s->block[k].capacity >= bytes)
			return &s->block[k];
	return NULL;
}

/* Is the walk in the order its policy promises? */
static bool in_policy_order(const struct seen *s, enum lmm_policy policy)
{
	size_t k;

	for (k = 1; k < s->n; k++) {
		const struct lmm_block_info *a = &s->block[k - 1];
		const struct lmm_block_info *b = &s->block[k];

		if (policy == LMM_WORST_FIT && a->capacity < b->capacity)
			return false;
		if (policy == LMM_BEST_FIT && a->capacity > b->capacity)
			return false;
		if (policy == LMM_FIRST_FIT && a->offset > b->offset)
			return false;
	}
	return true;
}

/*
 * Holes of 24 to 184 bytes (times @scale) between used blocks, freed in a
 * shuffled order.
 */
static bool make_holes(struct lmm_region *r, char **p, size_t scale)
{
	static const size_t sizes[] = { 104, 40, 184, 24, 72, 104, 56, 152 };
	static const size_t order[] = { 6, 1, 4, 0, 3, 7, 2, 5 };
	size_t k;

	for (k = 0; k < 16; k++) {
		p[k] = lmm_region_alloc(r, k % 2 ? 8 : sizes[k / 2] * scale,
					NULL);
		if (!p[k])
			return false;
	}
	for (k = 0; k < 8; k++)
		if (lmm_region_free(r, p[2 * order[k]]))
			return false;
	return true;
}

/*
 * Under every policy, ask for each request in turn: the first block of
 * the free walk that holds it must be where the allocation lands.
 */
static void free_walk_predicts(struct lmm_test *t, size_t region_bytes,
			       size_t scale)
{
	static const size_t requests[] = { 20, 60, 100, 150, 30, 1000, 24 };
	unsigned int i;

	for_each_policy(i) {
		struct lmm_region *r = lmm_test_region(t, region_bytes,
						       policies[i]);
		char *base, *p[16], *q;
		size_t k;

		LMM_ASSERT_NOT_NULL(t, r);
		base = lmm_region_base(r);
		LMM_ASSERT(t, make_holes(r, p, scale));
		for (k = 0; k < LMM_ARRAY_SIZE(requests); k++) {
			const struct lmm_block_info *want;
			struct seen *s = seen_new(t);

			LMM_ASSERT_NOT_NULL(t, s);
			LMM_ASSERT_EQ(t, lmm_region_walk_free(r, record, s), 0);
			LMM_EXPECT_EQ(t, s->n,
				      lmm_test_region_stats(t, r).free_blocks);
			LMM_EXPECT(t, in_policy_order(s, policies[i]));
			want = first_fitting(s, requests[k] * scale);
			q = lmm_region_alloc(r, requests[k] * scale, NULL);
			LMM_ASSERT(t, want && q);
			LMM_EXPECT_EQ(t, (size_t)(q - base), want->offset);
		}
		lmm_region_destroy(r);
		lmm_test_region_forget(t, r);
	}
}

static void region_free_walk_names_the_next_block(struct lmm_test *t)
{
	free_walk_predicts(t, 4096, 1);
}

/* Blocks of 64 KiB and more live in the treap, not in size classes. */
static void large_free_walk_names_the_next_block(struct lmm_test *t)
{
	free_walk_predicts(t, 2 << 20, 1000);
}

static void family_free_walk_names_the_next_block(struct lmm_test *t)
{
	static const size_t requests[] = { 1, 3, 2, 5, 1, 4 };
	unsigned int i;

	for_each_policy(i) {
		struct lmm_family *f = lmm_test_family_policy(t, "walk_t", 24,
							      policies[i]);
		void *p[200], *got[6];
		size_t k, n;

		LMM_ASSERT_NOT_NULL(t, f);
		/* Two pages and more, then holes of 1 to 4 units. */
		for (n = 0; n < 200; n++) {
			p[n] = lmm_alloc(f, 1 + n % 4, NULL);
			LMM_ASSERT_NOT_NULL(t, p[n]);
		}
		for (n = 0; n < 200; n += 3)
			LMM_EXPECT_EQ(t, lmm_free(f, p[n]), 0);
		for (k = 0; k < LMM_ARRAY_SIZE(requests); k++) {
			const struct lmm_block_info *want;
			struct seen *s = seen_new(t);
			u32 page;
			size_t offset;
			void *q;

			LMM_ASSERT_NOT_NULL(t, s);
			LMM_ASSERT_EQ(t, lmm_family_walk_free(f, record, s), 0);
			LMM_EXPECT(t, policies[i] == LMM_FIRST_FIT ||
				      in_policy_order(s, policies[i]));
			want = first_fitting(s, requests[k] * 24);
			q = lmm_alloc(f, requests[k], NULL);
			got[k] = q;
			LMM_ASSERT(t, want && q);
			LMM_ASSERT_EQ(t, lmm_family_where(f, q, &page, &offset),
				      0);
			LMM_EXPECT_EQ(t, page, want->page);
			LMM_EXPECT_EQ(t, offset, want->offset);
		}
		for (n = 0; n < 200; n++)
			if (n % 3)
				LMM_EXPECT_EQ(t, lmm_free(f, p[n]), 0);
		for (k = 0; k < LMM_ARRAY_SIZE(requests); k++)
			LMM_EXPECT_EQ(t, lmm_free(f, got[k]), 0);
		LMM_EXPECT_EQ(t, lmm_family_destroy(f), 0);
	}
}

static void family_walk_counts_what_stats_count(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family_policy(t, "walk_t", 100,
						      LMM_WORST_FIT);
	struct seen *s = seen_new(t);
	struct lmm_stats st;
	size_t k, used = 0, free_bytes = 0, pages = 0;
	void *p[45];

	LMM_ASSERT(t, f && s);
	for (k = 0; k < 45; k++) {
		p[k] = lmm_alloc(f, 1, NULL);
		LMM_ASSERT_NOT_NULL(t, p[k]);
	}
	LMM_EXPECT_EQ(t, lmm_free(f, p[3]), 0);
	LMM_ASSERT_EQ(t, lmm_family_walk(f, record, s), 0);
	st = lmm_test_stats(t, f);
	for (k = 0; k < s->n; k++) {
		if (s->block[k].state == LMM_WALK_USED)
			used += s->block[k].units;
		else
			free_bytes += s->block[k].capacity;
		if (k == 0 || s->block[k].page != s->block[k - 1].page)
			pages++;
	}
	LMM_EXPECT_EQ(t, used, st.units_in_use);
	LMM_EXPECT_EQ(t, free_bytes, st.free_bytes);
	LMM_EXPECT_EQ(t, pages, 2);
	LMM_EXPECT_EQ(t, s->block[0].offset, 96);
	LMM_EXPECT_EQ(t, s->block[0].capacity, 104);
	for (k = 0; k < 45; k++)
		if (k != 3)
			LMM_EXPECT_EQ(t, lmm_free(f, p[k]), 0);
	LMM_EXPECT_EQ(t, lmm_family_destroy(f), 0);
}

#define WALK_CASES(C) \
	C(coalesce_switch_needs_a_fresh_region) \
	C(coalescing_off_splits_without_merging) \
	C(checker_wants_adjacent_free_blocks_only_with_coalescing_off) \
	C(checker_still_catches_damage_with_coalescing_off) \
	C(repair_keeps_free_blocks_apart) \
	C(region_walk_tiles_the_area) \
	C(region_free_walk_names_the_next_block) \
	C(large_free_walk_names_the_next_block) \
	C(family_free_walk_names_the_next_block) \
	C(family_walk_counts_what_stats_count)

LMM_TEST_SUITE(walk, WALK_CASES);
