// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * corruption_cases.c - damage is caught: smashed headers (always), writes
 * past the end and writes after free (in debug mode).
 *
 * White-box: headers are reached through internal.h, to damage them on
 * purpose and to put them back.  The corruption lines lmm logs are
 * expected output of these cases.
 */
#include "lmm_test.h"
#include "internal.h"

#define TEXT_BYTES 16384

static struct lmm_family *debug_family(struct lmm_test *t, const char *name,
				       size_t struct_bytes)
{
	struct lmm_family_opts opts = { .cache_pages = -1, .debug = true };

	return lmm_test_family(t, name, struct_bytes, &opts);
}

/* Three patterned 36-byte blocks in a row. */
static bool three_blocks(struct lmm_test *t, struct lmm_family *f, char **p)
{
	int i;

	for (i = 0; i < 3; i++) {
		p[i] = lmm_alloc(f, 1, NULL);
		if (!LMM_EXPECT_NOT_NULL(t, p[i]))
			return false;
		lmm_test_fill(p[i], 36, (u64)i);
	}
	return true;
}

static void smashed_header_is_efault_and_the_block_left_alone(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_family *f = lmm_test_family(t, "smash_t", 36, NULL);
	struct lmm_block saved, *h;
	struct lmm_stats s;
	char line[96];
	char *p[3];

	LMM_ASSERT(t, text && f && three_blocks(t, f, p));
	h = lmm_block_of(p[1]);
	saved = *h;
	h->check ^= 0x5a5a;
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), -EFAULT);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.corruptions, 1);
	LMM_EXPECT_EQ(t, s.blocks_in_use, 3);
	LMM_EXPECT_EQ(t, s.frees, 0);
	LMM_EXPECT_EQ(t, lmm_family_check(f, &text->printer), LMM_CHECK_HEADER);
	lmm_test_format(line, sizeof(line),
			"check: smash_t page 0 offset %lu: %s\n",
			lmm_test_page_offset(p[1]),
			lmm_violation_name(LMM_CHECK_HEADER));
	LMM_EXPECT_HAS(t, text->buf, line);
	/* Left alone: with its header back, it frees normally. */
	*h = saved;
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
	LMM_EXPECT(t, lmm_test_verify(p[1], 36, 1));
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).corruptions, 1);
}

/*
 * An overrun of p[0] smashes the header of p[1].  Freeing p[0] must not
 * rewrite that header (setting its PREV_FREE flag would give the garbage a
 * fresh check value): p[1] must stay refused, and the checker must still
 * see the damage.
 */
static void freeing_a_neighbour_does_not_repair_a_smashed_header(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "launder_t", 36, NULL);
	struct lmm_block saved, *h;
	char *p[3];

	LMM_ASSERT(t, f && three_blocks(t, f, p));
	h = lmm_block_of(p[1]);
	saved = *h;
	lmm_test_memset(p[0], 0x41, 48);	/* 12 bytes too many */
	LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
	/* Freeing p[1] with a "repaired" header would run through garbage. */
	LMM_ASSERT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_HEADER);
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), -EFAULT);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).blocks_in_use, 2);
	LMM_EXPECT(t, lmm_test_verify(p[2], 36, 2));
	/* Put the header back as freeing p[0] should have left it. */
	lmm_block_set(h, lmm_block_size(&saved),
		      lmm_block_flags(&saved) | LMM_BLOCK_PREV_FREE,
		      saved.units);
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
}

/*
 * A free neighbour with a smashed header is reported, not merged: the
 * queue is rebuilt from the headers that are intact, and the smashed one
 * is fenced off (quarantined) up to the next live block.
 */
static void smashed_free_neighbour_is_not_merged(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "nomerge_t", 36, NULL);
	struct lmm_stats s;
	char *p[3], *q;
	int i;

	LMM_ASSERT(t, f && three_blocks(t, f, p));
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), 0);
	lmm_block_of(p[1])->check ^= 0x0ff0;
	LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
	s = lmm_test_stats(t, f);
	LMM_EXPECT(t, s.corruptions >= 1);
	LMM_EXPECT_EQ(t, s.free_blocks, 2);	/* p[0], and the tail */
	LMM_EXPECT_EQ(t, s.blocks_in_use, 1);
	LMM_EXPECT(t, lmm_test_verify(p[2], 36, 2));
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
	/* The fenced-off block is never handed out again. */
	for (i = 0; i < 100; i++) {
		q = lmm_alloc(f, 1, NULL);
		LMM_ASSERT_NOT_NULL(t, q);
		LMM_EXPECT(t, q != p[1]);
	}
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
}

static void expect_overrun_caught(struct lmm_test *t, struct lmm_family *f,
				  size_t units, size_t bytes)
{
	struct lmm_stats before = lmm_test_stats(t, f);
	struct lmm_stats after;
	char *p = lmm_alloc(f, units, NULL);

	if (!LMM_EXPECT_NOT_NULL(t, p))
		return;
	lmm_test_memset(p, 0x33, bytes);
	p[bytes] = 0x33;			/* one byte too far */
	LMM_EXPECT_EQ(t, lmm_free(f, p), -EFAULT);
	after = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, after.corruptions, before.corruptions + 1);
	/* Freed all the same: its header was intact. */
	LMM_EXPECT_EQ(t, after.blocks_in_use, before.blocks_in_use);
	LMM_EXPECT_EQ(t, after.frees, before.frees + 1);
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
}

static void debug_catches_one_byte_past_the_end(struct lmm_test *t)
{
	struct lmm_family *f = debug_family(t, "red_t", 36);
	size_t units;

	LMM_ASSERT_NOT_NULL(t, f);
	/* 36 * units ends anywhere in a 16-byte granule. */
	for (units = 1; units <= 4; units++)
		expect_overrun_caught(t, f, units, 36 * units);
	/* A write inside the request is no overrun. */
	LMM_EXPECT_EQ(t, lmm_free(f, lmm_alloc(f, 2, NULL)), 0);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).corruptions, 4);
}

static void set_debug_turns_red_zones_on_for_new_blocks(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "later_t", 20, NULL);
	char *old;

	LMM_ASSERT_NOT_NULL(t, f);
	old = lmm_alloc(f, 1, NULL);	/* 20 bytes in a 32-byte block */
	LMM_ASSERT_NOT_NULL(t, old);
	lmm_family_set_debug(f, true);
	expect_overrun_caught(t, f, 1, 20);
	/* The old block has no red zone: its slack is not checked. */
	old[20] = 0x33;
	LMM_EXPECT_EQ(t, lmm_free(f, old), 0);
	lmm_family_set_debug(f, false);
	old = lmm_alloc(f, 1, NULL);
	LMM_ASSERT_NOT_NULL(t, old);
	old[20] = 0x33;
	LMM_EXPECT_EQ(t, lmm_free(f, old), 0);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).corruptions, 1);
}

static void debug_catches_overruns_of_runs(struct lmm_test *t)
{
	struct lmm_family *f = debug_family(t, "redrun_t", 1000);

	LMM_ASSERT_NOT_NULL(t, f);
	expect_overrun_caught(t, f, 7, 7000);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).pages_in_use, 0);
}

static void debug_catches_region_overruns(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);
	struct lmm_stats s;
	size_t bytes;

	LMM_ASSERT_NOT_NULL(t, r);
	lmm_region_set_debug(r, true);
	for (bytes = 1; bytes <= 33; bytes += 8) {
		char *p = lmm_region_alloc(r, bytes, NULL);

		LMM_ASSERT_NOT_NULL(t, p);
		p[bytes] = 0;
		LMM_EXPECT_EQ(t, lmm_region_free(r, p), -EFAULT);
	}
	s = lmm_test_region_stats(t, r);
	LMM_EXPECT_EQ(t, s.corruptions, 5);
	LMM_EXPECT_EQ(t, s.blocks_in_use, 0);
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
}

/*
 * The one free block of an empty page is poisoned; a write into it is
 * found when it is handed out again.
 */
static void debug_catches_write_after_free_on_reuse(struct lmm_test *t)
{
	struct lmm_family *f = debug_family(t, "uaf_t", 100);
	char *p, *q;

	LMM_ASSERT_NOT_NULL(t, f);
	p = lmm_alloc(f, 1, NULL);
	LMM_ASSERT_NOT_NULL(t, p);
	LMM_EXPECT_EQ(t, lmm_free(f, p), 0);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).corruptions, 0);
	p[60] = 1;				/* the bug */
	q = lmm_alloc(f, 1, NULL);
	LMM_ASSERT_NOT_NULL(t, q);
	/* The written block is left alone: the block comes from elsewhere. */
	LMM_EXPECT(t, q != p);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).corruptions, 1);
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
	/* The block is handed out zeroed as always. */
	LMM_EXPECT(t, lmm_test_is_zero(q, 100));
	LMM_EXPECT_EQ(t, lmm_free(f, q), 0);
}

static void debug_reuse_of_clean_blocks_finds_nothing(struct lmm_test *t)
{
	struct lmm_family *f = debug_family(t, "clean_t", 100);
	int i;

	LMM_ASSERT_NOT_NULL(t, f);
	for (i = 0; i < 50; i++) {
		char *p = lmm_alloc(f, (size_t)i % 5 + 1, NULL);

		LMM_ASSERT_NOT_NULL(t, p);
		lmm_test_memset(p, 0x77, ((size_t)i % 5 + 1) * 100);
		LMM_EXPECT_EQ(t, lmm_free(f, p), 0);
	}
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).corruptions, 0);
}

/* A write into a freed block is also found when a neighbour merges it. */
static void debug_catches_write_after_free_on_merge(struct lmm_test *t)
{
	struct lmm_family *f = debug_family(t, "uafm_t", 100);
	char *p[3];
	int i;

	LMM_ASSERT_NOT_NULL(t, f);
	for (i = 0; i < 3; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, 1, NULL));
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), 0);
	p[1][64] = 1;
	LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).corruptions, 1);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).free_blocks, 2);
	LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
}

static void debug_catches_write_after_free_in_a_region(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_BEST_FIT);
	char *p, *q;

	LMM_ASSERT_NOT_NULL(t, r);
	lmm_region_set_debug(r, true);
	p = lmm_region_alloc(r, 200, NULL);
	LMM_ASSERT_NOT_NULL(t, p);
	LMM_EXPECT_EQ(t, lmm_region_free(r, p), 0);
	p[100] = 1;
	/* The written block is left alone: nothing else is that large. */
	q = lmm_region_alloc(r, 200, NULL);
	LMM_EXPECT_NULL(t, q);
	LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).corruptions, 1);
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
}

/*
 * The smallest block (32 bytes: an 8-byte struct with its red zone) has no
 * room for poison past its free-list links; freeing it between two used
 * blocks must still work.
 */
static void debug_free_of_the_smallest_block_is_safe(struct lmm_test *t)
{
	struct lmm_family_opts opts = { .policy = LMM_BEST_FIT, .debug = true };
	struct lmm_family *f = lmm_test_family(t, "tiny_t", 8, &opts);
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_BEST_FIT);
	char *p[3];
	int i;

	LMM_ASSERT(t, f && r);
	for (i = 0; i < 3; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, 1, NULL));
	LMM_EXPECT_EQ(t, p[1] - p[0], 32);
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), 0);
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
	LMM_EXPECT_PTR_EQ(t, lmm_alloc(f, 1, NULL), p[1]);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).corruptions, 0);
	for (i = 0; i < 3; i++)
		LMM_EXPECT_EQ(t, lmm_free(f, p[i]), 0);
	lmm_region_set_debug(r, true);
	for (i = 0; i < 3; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_region_alloc(r, 1, NULL));
	LMM_EXPECT_EQ(t, lmm_region_free(r, p[1]), 0);
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
	LMM_EXPECT_PTR_EQ(t, lmm_region_alloc(r, 8, NULL), p[1]);
	LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).corruptions, 0);
}

/* Without debug mode nothing is poisoned: a freed block keeps its bytes. */
static void poisoning_is_off_by_default(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "nopoison_t", 100, NULL);
	char *p, *q, copy[100];

	LMM_ASSERT_NOT_NULL(t, f);
	p = lmm_alloc(f, 1, NULL);
	q = lmm_alloc(f, 1, NULL);
	LMM_ASSERT(t, p && q);
	lmm_test_fill(p, 100, 5);
	lmm_test_memcpy(copy, p, 100);
	LMM_EXPECT_EQ(t, lmm_free(f, p), 0);
	/* Past the free-list links, before the footer: untouched. */
	LMM_EXPECT_EQ(t, p[24], copy[24]);
	LMM_EXPECT_EQ(t, p[60], copy[60]);
	LMM_EXPECT_EQ(t, p[95], copy[95]);
	LMM_EXPECT_EQ(t, lmm_free(f, q), 0);
}

/*
 * A write after free can reach the footer of a free block (its last 8
 * bytes).  Freeing the block after it must not follow that footer out of
 * the page: the damage is reported and the merge skipped.
 */
static void smashed_footer_is_reported_not_followed(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "footer_t", 36, NULL);
	struct lmm_stats s;
	u64 *footer;
	char *p[3];

	LMM_ASSERT(t, f && three_blocks(t, f, p));
	LMM_ASSERT_EQ(t, lmm_free(f, p[1]), 0);
	footer = (u64 *)(p[2] - LMM_HDR_BYTES - LMM_FOOTER_BYTES);
	LMM_ASSERT_EQ(t, *footer, 48);
	*footer = 1ULL << 40;		/* far outside any page */
	LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.corruptions, 1);
	LMM_EXPECT_EQ(t, s.blocks_in_use, 1);
	/* The queue was rebuilt from the headers: p[1], p[2], tail merged. */
	LMM_EXPECT_EQ(t, s.free_blocks, 1);
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
	/* A footer in range that leads to no free header is not followed. */
	LMM_ASSERT_EQ(t, lmm_free(f, p[0]), 0);
	LMM_ASSERT_NOT_NULL(t, p[0] = lmm_alloc(f, 1, NULL));
	LMM_ASSERT_NOT_NULL(t, p[1] = lmm_alloc(f, 1, NULL));
	LMM_ASSERT_NOT_NULL(t, p[2] = lmm_alloc(f, 1, NULL));
	LMM_ASSERT_EQ(t, lmm_free(f, p[1]), 0);
	*footer = 96;
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_FOOTER);
	LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
}

#define CORRUPTION_CASES(C) \
	C(smashed_header_is_efault_and_the_block_left_alone) \
	C(freeing_a_neighbour_does_not_repair_a_smashed_header) \
	C(smashed_free_neighbour_is_not_merged) \
	C(smashed_footer_is_reported_not_followed) \
	C(debug_catches_one_byte_past_the_end) \
	C(set_debug_turns_red_zones_on_for_new_blocks) \
	C(debug_catches_overruns_of_runs) \
	C(debug_catches_region_overruns) \
	C(debug_catches_write_after_free_on_reuse) \
	C(debug_reuse_of_clean_blocks_finds_nothing) \
	C(debug_catches_write_after_free_on_merge) \
	C(debug_catches_write_after_free_in_a_region) \
	C(debug_free_of_the_smallest_block_is_safe) \
	C(poisoning_is_off_by_default)

LMM_TEST_SUITE(corruption, CORRUPTION_CASES);
