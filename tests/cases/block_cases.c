// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * block_cases.c - blocks inside a family's pages: alignment, zeroing,
 * header overhead, splitting, merging, and multi-page runs.
 *
 * The page geometry comes from internal.h (LMM_PAGE_BLOCK_MAX: the one
 * free block of an empty page); block sizes are computed here on their
 * own, from the rule "8-byte header, rounded up to 16, at least 32".
 */
#include "lmm_test.h"
#include "internal.h"

/* The block a payload of @bytes needs, headers included. */
static size_t block_bytes(size_t bytes)
{
	size_t size = (bytes + 8 + 15) / 16 * 16;

	return size < 32 ? 32 : size;
}

/* Pages of a run holding @bytes: page header, block, end sentinel. */
static size_t run_pages(size_t bytes)
{
	return (LMM_PAGE_FIRST_BLOCK + block_bytes(bytes) + 8 + 4095) / 4096;
}

static void payloads_are_16_byte_aligned(struct lmm_test *t)
{
	static const size_t sizes[] = { 1, 3, 8, 13, 36, 100, 1000, 5000 };
	struct lmm_family *f;
	char name[16];
	unsigned int i, units;

	for (i = 0; i < LMM_ARRAY_SIZE(sizes); i++) {
		lmm_test_format(name, sizeof(name), "align_%zu", sizes[i]);
		f = lmm_test_family(t, name, sizes[i], NULL);
		for (units = 1; units <= 5; units++) {
			void *p = lmm_alloc(f, units, NULL);

			LMM_EXPECT_NOT_NULL(t, p);
			LMM_EXPECT_EQ(t, (unsigned long)p % 16, 0);
			LMM_EXPECT_EQ(t, lmm_free(f, p), 0);
		}
	}
}

static void payload_is_zeroed_even_when_reused(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "zero_t", 36, NULL);
	void *p, *q;

	LMM_ASSERT_NOT_NULL(t, f);
	p = lmm_alloc(f, 7, NULL);
	LMM_ASSERT_NOT_NULL(t, p);
	LMM_EXPECT(t, lmm_test_is_zero(p, 7 * 36));
	lmm_test_memset(p, 0xff, 7 * 36);
	LMM_EXPECT_EQ(t, lmm_free(f, p), 0);
	/* The same trace gets the same block back, dirty from its last use. */
	q = lmm_alloc(f, 7, NULL);
	LMM_ASSERT_PTR_EQ(t, q, p);
	LMM_EXPECT(t, lmm_test_is_zero(q, 7 * 36));
	LMM_EXPECT_EQ(t, lmm_free(f, q), 0);
}

/* The example: a 36-byte struct costs 48 bytes, header included. */
static void header_overhead_puts_36_byte_structs_48_apart(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "emp_t", 36, NULL);
	char *a, *b;

	LMM_ASSERT_NOT_NULL(t, f);
	a = lmm_alloc(f, 1, NULL);
	b = lmm_alloc(f, 1, NULL);
	LMM_ASSERT(t, a && b);
	LMM_EXPECT_EQ(t, b - a, 48);
	LMM_EXPECT_EQ(t, lmm_free(f, a), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, b), 0);
}

static void block_is_payload_plus_header_rounded_to_16(struct lmm_test *t)
{
	static const size_t payloads[] = {
		1, 8, 23, 24, 25, 36, 40, 41, 100, 120, 1000
	};
	unsigned int i;

	for (i = 0; i < LMM_ARRAY_SIZE(payloads); i++) {
		struct lmm_family *f;
		char name[16];
		char *a, *b;

		/* A 1-byte struct: the payload is the number of units. */
		lmm_test_format(name, sizeof(name), "bytes_%zu", payloads[i]);
		f = lmm_test_family(t, name, 1, NULL);
		a = lmm_alloc(f, payloads[i], NULL);
		b = lmm_alloc(f, payloads[i], NULL);
		LMM_ASSERT(t, a && b);
		LMM_EXPECT_EQ(t, b - a, block_bytes(payloads[i]));
		LMM_EXPECT_EQ(t, lmm_free(f, a), 0);
		LMM_EXPECT_EQ(t, lmm_free(f, b), 0);
	}
}

static void split_leaves_the_remainder_free(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "split_t", 36, NULL);
	struct lmm_stats s;
	void *a, *b;

	LMM_ASSERT_NOT_NULL(t, f);
	LMM_ASSERT_NOT_NULL(t, a = lmm_alloc(f, 1, NULL));
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.free_blocks, 1);
	LMM_EXPECT_EQ(t, s.free_bytes, LMM_PAGE_BLOCK_MAX - 48 - 8);
	LMM_EXPECT_EQ(t, s.largest_free_bytes, s.free_bytes);
	LMM_ASSERT_NOT_NULL(t, b = lmm_alloc(f, 2, NULL));
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.free_blocks, 1);
	LMM_EXPECT_EQ(t, s.free_bytes, LMM_PAGE_BLOCK_MAX - 48 - 80 - 8);
	LMM_EXPECT_EQ(t, s.pages_in_use, 1);
	LMM_EXPECT_EQ(t, lmm_free(f, a), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, b), 0);
}

/*
 * A hole of 64 bytes asked for 48: the 16 left over cannot be a free
 * block (at least 32), so the caller gets all 64.  Best fit, so that the
 * hole, not the rest of the page, is chosen.
 */
static void block_is_not_split_when_the_rest_is_too_small(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family_policy(t, "tight_t", 1,
						      LMM_BEST_FIT);
	struct lmm_test_text *text = lmm_test_text(t, 8192);
	struct lmm_stats before, after;
	char *hole, *p, *left, *right, line[64];

	LMM_ASSERT(t, f && text);
	LMM_ASSERT_NOT_NULL(t, left = lmm_alloc(f, 24, NULL));
	hole = lmm_alloc(f, 56, NULL);		/* a 64-byte block */
	LMM_ASSERT_NOT_NULL(t, right = lmm_alloc(f, 24, NULL));
	LMM_ASSERT_EQ(t, lmm_free(f, hole), 0);
	before = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, before.free_blocks, 2);
	p = lmm_alloc(f, 40, NULL);		/* needs a 48-byte block */
	LMM_EXPECT_PTR_EQ(t, p, hole);
	after = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, after.free_blocks, 1);
	LMM_EXPECT_EQ(t, before.free_bytes - after.free_bytes, 64 - 8);
	lmm_report_blocks(&text->printer, f);
	lmm_test_format(line, sizeof(line), "offset %lu: used 56 bytes, 40 units",
			lmm_test_page_offset(p));
	LMM_EXPECT_HAS(t, text->buf, line);
	LMM_EXPECT_EQ(t, lmm_free(f, left), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, right), 0);
}

/* Five 48-byte blocks in a fresh page, then the rest of the page. */
struct five {
	struct lmm_family *f;
	char *p[5];
};

static bool five_blocks(struct lmm_test *t, struct five *x, const char *name)
{
	int i;

	x->f = lmm_test_family(t, name, 36, NULL);
	if (!x->f)
		return false;
	for (i = 0; i < 5; i++) {
		x->p[i] = lmm_alloc(x->f, 1, NULL);
		if (!LMM_EXPECT_NOT_NULL(t, x->p[i]))
			return false;
		lmm_test_fill(x->p[i], 36, (u64)i);
	}
	for (i = 1; i < 5; i++)
		if (!LMM_EXPECT_EQ(t, x->p[i] - x->p[i - 1], 48))
			return false;
	return true;
}

/* The blocks still live hold their pattern; then they are freed. */
static void five_intact(struct lmm_test *t, struct five *x, unsigned int live)
{
	int i;

	for (i = 0; i < 5; i++)
		if (live & (1U << i))
			LMM_EXPECT(t, lmm_test_verify(x->p[i], 36, (u64)i));
	for (i = 0; i < 5; i++)
		if (live & (1U << i))
			LMM_EXPECT_EQ(t, lmm_free(x->f, x->p[i]), 0);
}

/*
 * The block map of the family shows a free block of @bytes at @p: a block
 * of @bytes, header included, which the map prints as its capacity.
 */
static void expect_free_block(struct lmm_test *t, struct lmm_family *f,
			      const void *p, size_t bytes)
{
	struct lmm_test_text *text = lmm_test_text(t, 16384);
	char line[64];

	if (!LMM_EXPECT_NOT_NULL(t, text))
		return;
	lmm_report_blocks(&text->printer, f);
	lmm_test_format(line, sizeof(line), "page 0 offset %lu: free %zu bytes\n",
			lmm_test_page_offset(p), bytes - 8);
	LMM_EXPECT_HAS(t, text->buf, line);
}

static void free_merges_with_the_previous_block(struct lmm_test *t)
{
	struct lmm_stats before, after;
	struct five x;

	LMM_ASSERT(t, five_blocks(t, &x, "prev_t"));
	LMM_ASSERT_EQ(t, lmm_free(x.f, x.p[1]), 0);
	before = lmm_test_stats(t, x.f);
	LMM_EXPECT_EQ(t, before.free_blocks, 2);
	/* p[2]: its previous neighbour is free, its next one used. */
	LMM_ASSERT_EQ(t, lmm_free(x.f, x.p[2]), 0);
	after = lmm_test_stats(t, x.f);
	LMM_EXPECT_EQ(t, after.free_blocks, 2);
	/* Merging gives back the whole block, header included. */
	LMM_EXPECT_EQ(t, after.free_bytes - before.free_bytes, 48);
	expect_free_block(t, x.f, x.p[1], 96);
	five_intact(t, &x, 0x19);
}

static void free_merges_with_the_next_block(struct lmm_test *t)
{
	struct lmm_stats before, after;
	struct five x;

	LMM_ASSERT(t, five_blocks(t, &x, "next_t"));
	LMM_ASSERT_EQ(t, lmm_free(x.f, x.p[2]), 0);
	before = lmm_test_stats(t, x.f);
	LMM_EXPECT_EQ(t, before.free_blocks, 2);
	/* p[1]: its next neighbour is free, its previous one used. */
	LMM_ASSERT_EQ(t, lmm_free(x.f, x.p[1]), 0);
	after = lmm_test_stats(t, x.f);
	LMM_EXPECT_EQ(t, after.free_blocks, 2);
	LMM_EXPECT_EQ(t, after.free_bytes - before.free_bytes, 48);
	expect_free_block(t, x.f, x.p[1], 96);
	five_intact(t, &x, 0x19);
}

static void free_merges_with_both_neighbours(struct lmm_test *t)
{
	struct lmm_stats before, after;
	struct five x;

	LMM_ASSERT(t, five_blocks(t, &x, "both_t"));
	LMM_ASSERT_EQ(t, lmm_free(x.f, x.p[1]), 0);
	LMM_ASSERT_EQ(t, lmm_free(x.f, x.p[3]), 0);
	before = lmm_test_stats(t, x.f);
	LMM_EXPECT_EQ(t, before.free_blocks, 3);
	LMM_ASSERT_EQ(t, lmm_free(x.f, x.p[2]), 0);
	after = lmm_test_stats(t, x.f);
	LMM_EXPECT_EQ(t, after.free_blocks, 2);
	/* Three blocks become one: two headers come back as well. */
	LMM_EXPECT_EQ(t, after.free_bytes - before.free_bytes, 48 + 8);
	LMM_EXPECT_EQ(t, after.largest_free_bytes, before.largest_free_bytes);
	expect_free_block(t, x.f, x.p[1], 144);
	five_intact(t, &x, 0x11);
}

static void free_merges_with_the_rest_of_the_page(struct lmm_test *t)
{
	struct lmm_stats before, after;
	struct five x;

	LMM_ASSERT(t, five_blocks(t, &x, "tail_t"));
	before = lmm_test_stats(t, x.f);
	LMM_ASSERT_EQ(t, lmm_free(x.f, x.p[4]), 0);
	after = lmm_test_stats(t, x.f);
	LMM_EXPECT_EQ(t, after.free_blocks, 1);
	LMM_EXPECT_EQ(t, after.largest_free_bytes,
		      before.largest_free_bytes + 48);
	five_intact(t, &x, 0x0f);
}

static void freeing_every_block_leaves_one_free_block(struct lmm_test *t)
{
	static const int order[] = { 3, 0, 4, 1, 2 };
	struct lmm_stats s;
	struct five x;
	int i;

	LMM_ASSERT(t, five_blocks(t, &x, "all_t"));
	for (i = 0; i < 5; i++)
		LMM_ASSERT_EQ(t, lmm_free(x.f, x.p[order[i]]), 0);
	s = lmm_test_stats(t, x.f);
	LMM_EXPECT_EQ(t, s.free_blocks, 1);
	LMM_EXPECT_EQ(t, s.free_bytes, LMM_PAGE_BLOCK_MAX - 8);
	LMM_EXPECT_EQ(t, s.pages_in_use, 0);
	LMM_EXPECT_EQ(t, s.pages_cached, 1);
	LMM_EXPECT_EQ(t, s.blocks_in_use, 0);
}

static void large_request_takes_a_multi_page_run(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "big_t", 1, NULL);
	size_t pages = run_pages(10000);
	struct lmm_stats s;
	char *p;

	LMM_ASSERT_NOT_NULL(t, f);
	LMM_ASSERT_EQ(t, pages, 3);
	p = lmm_alloc(f, 10000, NULL);
	LMM_ASSERT_NOT_NULL(t, p);
	LMM_EXPECT_EQ(t, (unsigned long)p % 16, 0);
	LMM_EXPECT(t, lmm_test_is_zero(p, 10000));
	lmm_test_fill(p, 10000, 77);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.pages_in_use, pages);
	LMM_EXPECT_EQ(t, s.page_requests, pages);
	LMM_EXPECT_EQ(t, s.units_in_use, 10000);
	LMM_EXPECT_EQ(t, s.payload_bytes_in_use, 10000);
	LMM_EXPECT_EQ(t, s.free_blocks, 0);
	LMM_EXPECT(t, lmm_test_verify(p, 10000, 77));
	LMM_EXPECT_EQ(t, lmm_free(f, p), 0);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.pages_in_use, 0);
	LMM_EXPECT_EQ(t, s.page_releases, pages);
	/* A run goes straight back: the page cache holds single pages. */
	LMM_EXPECT_EQ(t, s.pages_cached, 0);
	LMM_EXPECT_EQ(t, s.units_in_use, 0);
}

/* The largest request one page holds, and one byte more. */
static void one_byte_more_than_a_page_holds_needs_a_run(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "edge_t", 1, NULL);
	size_t fits = LMM_PAGE_BLOCK_MAX - 8;
	struct lmm_stats s;
	void *p, *q;

	LMM_ASSERT_NOT_NULL(t, f);
	p = lmm_alloc(f, fits, NULL);
	LMM_ASSERT_NOT_NULL(t, p);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.page_requests, 1);
	LMM_EXPECT_EQ(t, s.free_blocks, 0);
	q = lmm_alloc(f, fits + 1, NULL);
	LMM_ASSERT_NOT_NULL(t, q);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.page_requests, 1 + run_pages(fits + 1));
	LMM_EXPECT_EQ(t, run_pages(fits + 1), 2);
	LMM_EXPECT_EQ(t, s.pages_in_use, 3);
	LMM_EXPECT_EQ(t, lmm_free(f, q), 0);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).page_releases, 2);
	LMM_EXPECT_EQ(t, lmm_free(f, p), 0);
}

static void run_of_many_units_counts_its_units(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "rec_t", 500, NULL);
	struct lmm_stats s;
	void *small, *run;

	LMM_ASSERT_NOT_NULL(t, f);
	small = lmm_alloc(f, 2, NULL);
	run = lmm_alloc(f, 30, NULL);		/* 15000 bytes */
	LMM_ASSERT(t, small && run);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.units_in_use, 32);
	LMM_EXPECT_EQ(t, s.blocks_in_use, 2);
	LMM_EXPECT_EQ(t, s.payload_bytes_in_use, 32 * 500);
	LMM_EXPECT_EQ(t, s.pages_in_use, 1 + run_pages(15000));
	LMM_EXPECT_EQ(t, lmm_free(f, run), 0);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.units_in_use, 2);
	LMM_EXPECT_EQ(t, s.pages_in_use, 1);
	LMM_EXPECT_EQ(t, lmm_free(f, small), 0);
}

#define BLOCK_CASES(C) \
	C(payloads_are_16_byte_aligned) \
	C(payload_is_zeroed_even_when_reused) \
	C(header_overhead_puts_36_byte_structs_48_apart) \
	C(block_is_payload_plus_header_rounded_to_16) \
	C(split_leaves_the_remainder_free) \
	C(block_is_not_split_when_the_rest_is_too_small) \
	C(free_merges_with_the_previous_block) \
	C(free_merges_with_the_next_block) \
	C(free_merges_with_both_neighbours) \
	C(free_merges_with_the_rest_of_the_page) \
	C(freeing_every_block_leaves_one_free_block) \
	C(large_request_takes_a_multi_page_run) \
	C(one_byte_more_than_a_page_holds_needs_a_run) \
	C(run_of_many_units_counts_its_units)

LMM_TEST_SUITE(block, BLOCK_CASES);
