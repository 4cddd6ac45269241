// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * attack_cases.c - the heap-exploitation reproducers of the hardening
 * issue, as a hostile or buggy program would write them: overruns into a
 * free neighbour, writes after free into the free-list links, the classic
 * unsafe unlink, dead handles.  Each must be caught (counted as damage),
 * must never crash, never hand out memory outside the family's pages and
 * never write outside them; other live blocks stay intact.  (Dead and
 * forged handles are race_ops.c's, with and without a race.)
 *
 * Geometry (internal.h): a 36-byte struct takes a 48-byte block, so the
 * header of the block after p sits 40 bytes past p; a free block's links
 * are its payload's first 16 bytes.
 */
#include "lmm_test.h"
#include "internal.h"

#define NEXT_HDR	40	/* payload offset of the next block's header */
#define ROUNDS		300

/* A word outside lmm that an attack tries to reach. */
static unsigned long victim[8];

/* Live, patterned blocks of another family: nothing may touch them. */
struct bystander {
	struct lmm_family *f;
	char *p[8];
};

static bool bystander_setup(struct lmm_test *t, struct bystander *b)
{
	int i;

	b->f = lmm_test_family(t, "bystander_t", 36, NULL);
	if (!LMM_EXPECT_NOT_NULL(t, b->f))
		return false;
	for (i = 0; i < 8; i++) {
		b->p[i] = lmm_alloc(b->f, 1, NULL);
		if (!LMM_EXPECT_NOT_NULL(t, b->p[i]))
			return false;
		lmm_test_fill(b->p[i], 36, 100 + (u64)i);
	}
	return true;
}

static void bystander_intact(struct lmm_test *t, struct bystander *b)
{
	int i;

	for (i = 0; i < 8; i++)
		LMM_EXPECT(t, lmm_test_verify(b->p[i], 36, 100 + (u64)i));
	LMM_EXPECT_EQ(t, lmm_family_check(b->f, NULL), LMM_CHECK_OK);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, b->f).corruptions, 0);
}

/*
 * Allocate and free for a while after the damage: every block must be a
 * live block of @f (its page and offset known to lmm), none may be @bad.
 * Damage lmm never had to step on may still be there: the checker may
 * report it (as damage to the queue), never anything else.
 */
static void churn_stays_inside(struct lmm_test *t, struct lmm_family *f,
			       const char *bad)
{
	int check;
	char *p[ROUNDS];
	u32 page;
	size_t off;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		p[i] = lmm_alloc(f, 1 + i % 3, NULL);
		if (!LMM_EXPECT_NOT_NULL(t, p[i]))
			break;
		LMM_EXPECT_EQ(t, lmm_family_where(f, p[i], &page, &off), 0);
		LMM_EXPECT(t, p[i] != bad);
		lmm_test_fill(p[i], 36 * (1 + i % 3), (u64)i);
	}
	while (i--) {
		LMM_EXPECT(t, lmm_test_verify(p[i], 36 * (1 + i % 3), (u64)i));
		LMM_EXPECT_EQ(t, lmm_free(f, p[i]), 0);
	}
	check = lmm_family_check(f, NULL);
	LMM_EXPECT(t, check == LMM_CHECK_OK || check == LMM_CHECK_QUEUE ||
		   check == LMM_CHECK_MEMBERS);
}

static void check_victim(struct lmm_test *t)
{
	size_t i;

	for (i = 0; i < LMM_ARRAY_SIZE(victim); i++)
		LMM_EXPECT_EQ(t, victim[i], 0);
}

/*
 * Overrun a block by @bytes of @junk into its free neighbour's header, then
 * allocate and free for a while: the damage is found, the neighbour is
 * never handed out, and another family's blocks are untouched.
 */
static void overrun_a_free_neighbour(struct lmm_test *t, const char *name,
				     const void *junk, size_t bytes)
{
	struct lmm_family *f = lmm_test_family(t, name, 36, NULL);
	struct bystander by;
	char *a, *b;

	LMM_ASSERT(t, f && bystander_setup(t, &by));
	LMM_ASSERT_NOT_NULL(t, a = lmm_alloc(f, 1, NULL));
	LMM_ASSERT_NOT_NULL(t, b = lmm_alloc(f, 1, NULL));
	LMM_ASSERT_EQ(t, lmm_free(f, b), 0);
	lmm_test_memcpy(a + NEXT_HDR, junk, bytes);	/* the bug */
	churn_stays_inside(t, f, b);
	LMM_EXPECT_GE(t, lmm_test_stats(t, f).corruptions, 1);
	LMM_EXPECT_EQ(t, lmm_free(f, a), 0);
	bystander_intact(t, &by);
}

/* An 8-byte overrun smashes a free neighbour's header. */
static void overrun_into_a_free_header_then_alloc(struct lmm_test *t)
{
	static const char junk[8] = "AAAAAAAA";

	overrun_a_free_neighbour(t, "over8_t", junk, sizeof(junk));
}

/*
 * A plausible size (a whole page's worth) written 4 bytes past a payload,
 * over a free neighbour's size field: the next allocations must not carve
 * past the page into whatever lies beyond it.
 */
static void plausible_size_in_a_free_header(struct lmm_test *t)
{
	u32 size = 4064;

	overrun_a_free_neighbour(t, "size_t_", &size, sizeof(size));
}

/* A write after free points the links at memory outside lmm. */
static void write_after_free_redirects_no_allocation(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "uaflink_t", 36, NULL);
	unsigned long fake[2] = { (unsigned long)&victim[2],
				  (unsigned long)&victim[2] };
	struct bystander by;
	char *p[3];
	int i;

	LMM_ASSERT(t, f && bystander_setup(t, &by));
	for (i = 0; i < 3; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, 1, NULL));
	LMM_ASSERT_EQ(t, lmm_free(f, p[1]), 0);
	lmm_test_memcpy(p[1], fake, sizeof(fake));	/* the bug */
	churn_stays_inside(t, f, p[1]);
	LMM_EXPECT_GE(t, lmm_test_stats(t, f).corruptions, 1);
	check_victim(t);
	LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
	bystander_intact(t, &by);
}

/*
 * The classic unsafe unlink: free a, overwrite its links with
 * (&victim - 2, 0), free its neighbour b so that a is unlinked to merge.
 * The unlink must be refused: victim stays 0.
 */
static void classic_unsafe_unlink_is_refused(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "unlink_t", 36, NULL);
	unsigned long fake[2] = { (unsigned long)(&victim[4] - 2), 0 };
	struct bystander by;
	char *p[4];
	int i, err;

	LMM_ASSERT(t, f && bystander_setup(t, &by));
	for (i = 0; i < 4; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, 1, NULL));
	LMM_ASSERT_EQ(t, lmm_free(f, p[1]), 0);
	lmm_test_memcpy(p[1], fake, sizeof(fake));	/* the attack */
	err = lmm_free(f, p[2]);			/* merges with p[1] */
	LMM_EXPECT(t, err == 0 || err == -EFAULT);
	check_victim(t);
	LMM_EXPECT_GE(t, lmm_test_stats(t, f).corruptions, 1);
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
	churn_stays_inside(t, f, p[1]);
	LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[3]), 0);
	bystander_intact(t, &by);
}

/* One flipped bit anywhere in the links of a free block, then use. */
static void one_bit_in_a_link(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "bit_t", 36, NULL);
	unsigned int byte;

	LMM_ASSERT_NOT_NULL(t, f);
	for (byte = 0; byte < 16; byte++) {
		char *p[3];
		int i;

		for (i = 0; i < 3; i++)
			LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, 1, NULL));
		LMM_ASSERT_EQ(t, lmm_free(f, p[1]), 0);
		p[1][byte] ^= (char)(1u << (byte % 8));	/* the bug */
		churn_stays_inside(t, f, p[1]);
		LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
		LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
	}
	LMM_EXPECT_GE(t, lmm_test_stats(t, f).corruptions, 1);
}

/* Debug mode: bytes 16 to 23 of a freed block are poison-checked too. */
static void debug_checks_the_bytes_after_the_links(struct lmm_test *t)
{
	struct lmm_family_opts opts = { .cache_pages = -1, .debug = true };
	struct lmm_family *f = lmm_test_family(t, "poison16_t", 100, &opts);
	unsigned int byte;

	LMM_ASSERT_NOT_NULL(t, f);
	for (byte = 16; byte < 24; byte++) {
		u64 before = lmm_test_stats(t, f).corruptions;
		char *p[3], *q;
		int i;

		for (i = 0; i < 3; i++)
			LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, 1, NULL));
		LMM_ASSERT_EQ(t, lmm_free(f, p[1]), 0);
		p[1][byte] = 0;				/* the bug */
		/* Found when p[0] merges it: it is left alone instead. */
		LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
		LMM_EXPECT_EQ(t, lmm_test_stats(t, f).corruptions, before + 1);
		LMM_ASSERT_NOT_NULL(t, q = lmm_alloc(f, 1, NULL));
		LMM_EXPECT(t, q != p[1]);
		LMM_EXPECT_EQ(t, lmm_free(f, q), 0);
		LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
	}
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
}

/*
 * A footer pointing at a valid header of another size (the used block
 * before): the disagreement is damage, counted, and nothing is merged.
 */
static void footer_leading_to_the_wrong_header_is_counted(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "wrongft_t", 36, NULL);
	u64 lie = 96;
	char *p[4];
	int i;

	LMM_ASSERT_NOT_NULL(t, f);
	for (i = 0; i < 4; i++) {
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, 1, NULL));
		lmm_test_fill(p[i], 36, (u64)i);
	}
	LMM_ASSERT_EQ(t, lmm_free(f, p[2]), 0);
	/* p[2]'s footer is the 8 bytes before p[3]'s header. */
	lmm_test_memcpy(p[3] - 16, &lie, sizeof(lie));
	LMM_EXPECT_EQ(t, lmm_free(f, p[3]), 0);
	LMM_EXPECT_GE(t, lmm_test_stats(t, f).corruptions, 1);
	LMM_EXPECT(t, lmm_test_verify(p[0], 36, 0));
	LMM_EXPECT(t, lmm_test_verify(p[1], 36, 1));
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
	LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), 0);
}

/* The same attacks on a region (the Mem_* heap). */
static void region_links_are_checked_too(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4 * 4096, LMM_WORST_FIT);
	unsigned long fake[2] = { (unsigned long)(&victim[4] - 2), 0 };
	char *p[4], *base;
	size_t bytes = 4 * 4096;
	int i, round;

	LMM_ASSERT_NOT_NULL(t, r);
	base = lmm_region_base(r);
	for (i = 0; i < 4; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_region_alloc(r, 40, NULL));
	LMM_ASSERT_EQ(t, lmm_region_free(r, p[1]), 0);
	lmm_test_memcpy(p[1], fake, sizeof(fake));
	i = lmm_region_free(r, p[2]);
	LMM_EXPECT(t, i == 0 || i == -EFAULT);
	check_victim(t);
	for (round = 0; round < 100; round++) {
		char *q = lmm_region_alloc(r, 40 + round, NULL);

		if (!q)
			break;
		LMM_EXPECT(t, q >= base && q + 40 + round <= base + bytes);
		LMM_EXPECT(t, q != p[1]);
	}
	LMM_EXPECT_GE(t, lmm_test_region_stats(t, r).corruptions, 1);
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
}

/*
 * An overrun of a page's last block through the end sentinel into the
 * next page's header, when two pages lie side by side (userspace mmap()
 * usually places them so; vmalloc() keeps a guard page between areas, so
 * in the kernel no pair is found and the case has nothing to try).  The
 * header's list links are aimed at a word outside lmm: giving the page
 * back must not follow them.
 */
static void overrun_into_the_next_page_header(struct lmm_test *t)
{
	struct lmm_family_opts opts = { .cache_pages = 0 };
	struct lmm_family *f = lmm_test_family(t, "adjacent_t", 3992, &opts);
	struct lmm_page *lie;
	char *p[32];
	int i, j, n;

	LMM_ASSERT_NOT_NULL(t, f);
	for (n = 0; n < 32; n++)		/* one block fills a page */
		LMM_ASSERT_NOT_NULL(t, p[n] = lmm_alloc(f, 1, NULL));
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (p[j] == p[i] + LMM_PAGE_SIZE)
				goto found;
	return;
found:
	/* Past the payload: the sentinel (kept), then the next header. */
	lie = (struct lmm_page *)(p[j] - LMM_PAGE_FIRST_BLOCK -
				  LMM_HDR_BYTES);
	lie->prev = (struct lmm_page *)victim;
	lie->next = NULL;
	lie->npages = 3;
	LMM_EXPECT_EQ(t, lmm_free(f, p[j]), 0);	/* the page goes back */
	check_victim(t);
	LMM_EXPECT_GE(t, lmm_test_stats(t, f).corruptions, 1);
	for (i = 0; i < n; i++)
		if (i != j)
			LMM_EXPECT_EQ(t, lmm_free(f, p[i]), 0);
	check_victim(t);
	/* Only that page is lost (kept, off the map): the family is sound. */
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
	LMM_EXPECT_EQ(t, lmm_family_destroy(f), 0);
}

#define ATTACK_CASES(C) \
	C(overrun_into_a_free_header_then_alloc) \
	C(plausible_size_in_a_free_header) \
	C(write_after_free_redirects_no_allocation) \
	C(classic_unsafe_unlink_is_refused) \
	C(one_bit_in_a_link) \
	C(debug_checks_the_bytes_after_the_links) \
	C(footer_leading_to_the_wrong_header_is_counted) \
	C(region_links_are_checked_too) \
	C(overrun_into_the_next_page_header)

LMM_TEST_SUITE(attack, ATTACK_CASES);
