// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * checker_cases.c - the invariant checker says 0 for a sound state and,
 * for each kind of deliberate damage, names the invariant it breaks and
 * describes it on the printer.  Every case repairs the damage afterwards
 * and expects 0 again: the checker judged that damage and nothing else.
 *
 * White-box by nature: the damage is done through internal.h.
 */
#include "lmm_test.h"
#include "freeq.h"

#define TEXT_BYTES 16384

/* A 36-byte family: p[0] p[1] p[2] p[3] p[4] rest, with p[1], p[3] free. */
struct scene {
	struct lmm_family *f;
	char *p[5];
	struct lmm_test_text *text;
};

static bool scene_setup(struct lmm_test *t, struct scene *s,
			enum lmm_policy policy)
{
	int i;

	s->text = lmm_test_text(t, TEXT_BYTES);
	s->f = lmm_test_family_policy(t, "chk_t", 36, policy);
	if (!s->text || !s->f)
		return false;
	for (i = 0; i < 5; i++) {
		s->p[i] = lmm_alloc(s->f, 1, NULL);
		if (!LMM_EXPECT_NOT_NULL(t, s->p[i]))
			return false;
		lmm_test_fill(s->p[i], 36, (u64)i);
	}
	return LMM_EXPECT_EQ(t, lmm_free(s->f, s->p[1]), 0) &&
	       LMM_EXPECT_EQ(t, lmm_free(s->f, s->p[3]), 0) &&
	       LMM_EXPECT_EQ(t, lmm_check(NULL), LMM_CHECK_OK);
}

/* The checker names @want and describes it; repair, then all is well. */
static void expect_violation(struct lmm_test *t, struct scene *s, int want)
{
	lmm_test_text_clear(s->text);
	LMM_EXPECT_EQ(t, lmm_family_check(s->f, &s->text->printer), want);
	LMM_EXPECT_HAS(t, s->text->buf, "check: chk_t page ");
	LMM_EXPECT_HAS(t, s->text->buf, lmm_violation_name(want));
	/* lmm_check() finds it as well. */
	LMM_EXPECT_EQ(t, lmm_check(NULL), want);
}

static void expect_repaired(struct lmm_test *t, struct scene *s)
{
	int i;

	lmm_test_text_clear(s->text);
	LMM_EXPECT_EQ(t, lmm_family_check(s->f, &s->text->printer),
		      LMM_CHECK_OK);
	LMM_EXPECT_EQ(t, s->text->len, 0);
	for (i = 0; i < 5; i += 2)
		LMM_EXPECT(t, lmm_test_verify(s->p[i], 36, (u64)i));
}

static void scene_teardown(struct lmm_test *t, struct scene *s)
{
	int i;

	for (i = 0; i < 5; i += 2)
		LMM_EXPECT_EQ(t, lmm_free(s->f, s->p[i]), 0);
}

static struct lmm_block *hdr(char *p)
{
	return lmm_block_of(p);
}

static void sound_state_checks_ok(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 8192, LMM_FIRST_FIT);
	struct scene s;
	char *run;

	LMM_ASSERT(t, r && scene_setup(t, &s, LMM_WORST_FIT));
	LMM_ASSERT_NOT_NULL(t, lmm_region_alloc(r, 300, NULL));
	run = lmm_alloc(s.f, 200, NULL);
	LMM_ASSERT_NOT_NULL(t, run);
	expect_repaired(t, &s);
	LMM_EXPECT_EQ(t, lmm_check(&s.text->printer), LMM_CHECK_OK);
	LMM_EXPECT_EQ(t, lmm_region_check(r, &s.text->printer), LMM_CHECK_OK);
	LMM_EXPECT_EQ(t, s.text->len, 0);
	LMM_EXPECT_EQ(t, lmm_free(s.f, run), 0);
	scene_teardown(t, &s);
	/* No family at all is sound too. */
	lmm_shutdown();
	LMM_EXPECT_EQ(t, lmm_check(NULL), LMM_CHECK_OK);
}

static void smashed_header_is_a_header_violation(struct lmm_test *t)
{
	struct lmm_block saved;
	struct scene s;
	char line[96];

	LMM_ASSERT(t, scene_setup(t, &s, LMM_WORST_FIT));
	saved = *hdr(s.p[2]);
	hdr(s.p[2])->units ^= 1;
	expect_violation(t, &s, LMM_CHECK_HEADER);
	/* Where: p[2]'s payload offset in page 0, as every report names it. */
	lmm_test_format(line, sizeof(line), "check: chk_t page 0 offset %lu: ",
			lmm_test_page_offset(s.p[2]));
	LMM_EXPECT_HAS(t, s.text->buf, line);
	*hdr(s.p[2]) = saved;
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

static void wrong_footer_is_a_footer_violation(struct lmm_test *t)
{
	struct scene s;
	u64 *footer;
	u64 saved;

	LMM_ASSERT(t, scene_setup(t, &s, LMM_WORST_FIT));
	/* The last 8 bytes of the free 48-byte block of p[1]. */
	footer = (u64 *)(s.p[1] - 8 + 48 - 8);
	saved = *footer;
	LMM_ASSERT_EQ(t, saved, 48);
	*footer = 64;
	expect_violation(t, &s, LMM_CHECK_FOOTER);
	*footer = saved;
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

static void missing_live_bit_is_a_live_map_violation(struct lmm_test *t)
{
	struct lmm_page *page;
	unsigned long slot;
	struct scene s;

	LMM_ASSERT(t, scene_setup(t, &s, LMM_WORST_FIT));
	page = lmm_page_of(s.p[2]);
	slot = lmm_test_page_offset(s.p[2]) / 16;
	lmm_bit_clear(page->live_map, slot);
	expect_violation(t, &s, LMM_CHECK_LIVE_MAP);
	lmm_bit_set(page->live_map, slot);
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

static void stray_live_bit_is_a_live_map_violation(struct lmm_test *t)
{
	struct lmm_page *page;
	unsigned long slot;
	struct scene s;

	LMM_ASSERT(t, scene_setup(t, &s, LMM_WORST_FIT));
	page = lmm_page_of(s.p[1]);
	slot = lmm_test_page_offset(s.p[1]) / 16;	/* a free block */
	lmm_bit_set(page->live_map, slot);
	expect_violation(t, &s, LMM_CHECK_LIVE_MAP);
	lmm_bit_clear(page->live_map, slot);
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

static void wrong_counters_are_a_stats_violation(struct lmm_test *t)
{
	struct lmm_page *page;
	struct scene s;

	LMM_ASSERT(t, scene_setup(t, &s, LMM_WORST_FIT));
	lmm_family_peek(s.f)->count.units_in_use++;
	expect_violation(t, &s, LMM_CHECK_STATS);
	lmm_family_peek(s.f)->count.units_in_use--;
	expect_repaired(t, &s);
	lmm_family_peek(s.f)->pages_cached++;
	expect_violation(t, &s, LMM_CHECK_STATS);
	lmm_family_peek(s.f)->pages_cached--;
	page = lmm_page_of(s.p[0]);
	page->live_blocks--;
	expect_violation(t, &s, LMM_CHECK_STATS);
	page->live_blocks++;
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

static void false_prev_free_flag_is_a_prev_free_violation(struct lmm_test *t)
{
	struct lmm_block saved, *h;
	struct scene s;

	LMM_ASSERT(t, scene_setup(t, &s, LMM_WORST_FIT));
	/* p[2] follows the free p[1]: its flag must be set; clear it. */
	h = hdr(s.p[2]);
	saved = *h;
	LMM_ASSERT(t, lmm_block_flags(h) & LMM_BLOCK_PREV_FREE);
	lmm_block_set(h, lmm_block_size(h),
		      lmm_block_flags(h) & ~LMM_BLOCK_PREV_FREE, h->units);
	expect_violation(t, &s, LMM_CHECK_PREV_FREE);
	*h = saved;
	/* p[0] is first: nothing before it can be free. */
	h = hdr(s.p[0]);
	saved = *h;
	lmm_block_set(h, lmm_block_size(h),
		      lmm_block_flags(h) | LMM_BLOCK_PREV_FREE, h->units);
	expect_violation(t, &s, LMM_CHECK_PREV_FREE);
	*h = saved;
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

static void two_free_blocks_side_by_side_are_a_violation(struct lmm_test *t)
{
	struct lmm_block saved, *h;
	struct scene s;
	u64 tail;

	LMM_ASSERT(t, scene_setup(t, &s, LMM_WORST_FIT));
	/* Dress the used p[2] up as a free block, right after free p[1]. */
	h = hdr(s.p[2]);
	saved = *h;
	tail = *(u64 *)(s.p[2] + 32);
	lmm_block_set(h, 48, LMM_BLOCK_PREV_FREE, 0);
	*(u64 *)(s.p[2] + 32) = 48;		/* its footer */
	lmm_bit_clear(lmm_page_of(s.p[2])->live_map,
		      lmm_test_page_offset(s.p[2]) / 16);
	expect_violation(t, &s, LMM_CHECK_ADJACENT_FREE);
	lmm_bit_set(lmm_page_of(s.p[2])->live_map,
		    lmm_test_page_offset(s.p[2]) / 16);
	*(u64 *)(s.p[2] + 32) = tail;
	*h = saved;
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

static void bad_block_size_is_a_tiling_violation(struct lmm_test *t)
{
	struct lmm_block saved, *h;
	struct scene s;

	LMM_ASSERT(t, scene_setup(t, &s, LMM_WORST_FIT));
	h = hdr(s.p[2]);
	saved = *h;
	/* Smaller than any block can be, with a valid check value. */
	lmm_block_set(h, 16, lmm_block_flags(h), h->units);
	expect_violation(t, &s, LMM_CHECK_TILING);
	/* Past the end of the page. */
	lmm_block_set(h, 8192, lmm_block_flags(h), h->units);
	expect_violation(t, &s, LMM_CHECK_TILING);
	*h = saved;
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

static void damaged_page_header_is_a_page_violation(struct lmm_test *t)
{
	struct lmm_page *page;
	struct scene s;

	LMM_ASSERT(t, scene_setup(t, &s, LMM_WORST_FIT));
	page = lmm_page_of(s.p[0]);
	page->magic ^= 0x100;
	expect_violation(t, &s, LMM_CHECK_PAGE);
	page->magic ^= 0x100;
	page->npages = 0;
	expect_violation(t, &s, LMM_CHECK_PAGE);
	page->npages = 1;
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

static void free_block_missing_from_the_queue_is_a_members_violation(struct lmm_test *t)
{
	struct lmm_free *fb;
	struct scene s;

	LMM_ASSERT(t, scene_setup(t, &s, LMM_WORST_FIT));
	fb = (struct lmm_free *)hdr(s.p[1]);
	lmm_freeq_remove(&lmm_family_peek(s.f)->freeq, fb);
	expect_violation(t, &s, LMM_CHECK_MEMBERS);
	lmm_freeq_insert(&lmm_family_peek(s.f)->freeq, fb);
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

static void used_block_in_the_queue_is_a_queue_violation(struct lmm_test *t)
{
	struct lmm_free *ub;
	struct scene s;
	char saved[24];

	LMM_ASSERT(t, scene_setup(t, &s, LMM_WORST_FIT));
	ub = (struct lmm_free *)hdr(s.p[2]);
	lmm_test_memcpy(saved, s.p[2], sizeof(saved));	/* the links go there */
	lmm_freeq_insert(&lmm_family_peek(s.f)->freeq, ub);
	expect_violation(t, &s, LMM_CHECK_QUEUE);
	lmm_freeq_remove(&lmm_family_peek(s.f)->freeq, ub);
	lmm_test_memcpy(s.p[2], saved, sizeof(saved));
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

static void class_map_out_of_step_is_a_queue_order_violation(struct lmm_test *t)
{
	unsigned long summary;
	struct scene s;

	LMM_ASSERT(t, scene_setup(t, &s, LMM_WORST_FIT));
	summary = lmm_family_peek(s.f)->freeq.summary;
	lmm_family_peek(s.f)->freeq.summary = 0;
	expect_violation(t, &s, LMM_CHECK_QUEUE_ORDER);
	lmm_family_peek(s.f)->freeq.summary = summary;
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

/* First fit keeps every free block in the treap: check its bookkeeping. */
static void wrong_treap_min_addr_is_a_queue_order_violation(struct lmm_test *t)
{
	struct lmm_free *root;
	unsigned long saved;
	struct scene s;

	LMM_ASSERT(t, scene_setup(t, &s, LMM_FIRST_FIT));
	root = lmm_family_peek(s.f)->freeq.tree;
	LMM_ASSERT_NOT_NULL(t, root);
	saved = root->tree.min_addr;
	root->tree.min_addr = saved + 16;
	expect_violation(t, &s, LMM_CHECK_QUEUE_ORDER);
	root->tree.min_addr = saved;
	expect_repaired(t, &s);
	scene_teardown(t, &s);
}

static void checker_names_the_damaged_family(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_family *a = lmm_test_family(t, "fine_t", 8, NULL);
	struct lmm_family *b = lmm_test_family(t, "broken_t", 8, NULL);
	char *pa, *pb;

	LMM_ASSERT(t, text && a && b);
	pa = lmm_alloc(a, 1, NULL);
	pb = lmm_alloc(b, 1, NULL);
	LMM_ASSERT(t, pa && pb);
	hdr(pb)->check ^= 1;
	LMM_EXPECT_EQ(t, lmm_check(&text->printer), LMM_CHECK_HEADER);
	LMM_EXPECT_HAS(t, text->buf, "check: broken_t page 0 offset ");
	LMM_EXPECT_HASNT(t, text->buf, "fine_t");
	LMM_EXPECT_EQ(t, lmm_family_check(a, NULL), LMM_CHECK_OK);
	hdr(pb)->check ^= 1;
	LMM_EXPECT_EQ(t, lmm_check(NULL), LMM_CHECK_OK);
	LMM_EXPECT_EQ(t, lmm_free(a, pa), 0);
	LMM_EXPECT_EQ(t, lmm_free(b, pb), 0);
}

static void bad_handles_are_handle_violations(struct lmm_test *t)
{
	static u64 fake[64];

	LMM_EXPECT_EQ(t, lmm_family_check(NULL, NULL), LMM_CHECK_HANDLE);
	LMM_EXPECT_EQ(t, lmm_family_check((struct lmm_family *)fake, NULL),
		      LMM_CHECK_HANDLE);
	LMM_EXPECT_EQ(t, lmm_region_check(NULL, NULL), LMM_CHECK_HANDLE);
	LMM_EXPECT_EQ(t, lmm_region_check((struct lmm_region *)fake, NULL),
		      LMM_CHECK_HANDLE);
}

static void run_damage_is_found(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "runchk_t", 100, NULL);
	struct lmm_page *page;
	char *run;

	LMM_ASSERT_NOT_NULL(t, f);
	run = lmm_alloc(f, 100, NULL);
	LMM_ASSERT_NOT_NULL(t, run);
	hdr(run)->check ^= 2;
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_HEADER);
	hdr(run)->check ^= 2;
	page = lmm_page_of(run);
	page->run_units++;
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_STATS);
	page->run_units--;
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
	LMM_EXPECT_EQ(t, lmm_free(f, run), 0);
}

static void region_damage_is_named(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_region *r = lmm_test_region(t, 8192, LMM_WORST_FIT);
	struct lmm_block saved;
	unsigned long slot;
	char *p[3];
	u64 *footer;
	int i;

	LMM_ASSERT(t, text && r);
	for (i = 0; i < 3; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_region_alloc(r, 40, NULL));
	LMM_EXPECT_EQ(t, lmm_region_free(r, p[1]), 0);
	saved = *hdr(p[2]);
	hdr(p[2])->check ^= 4;
	LMM_EXPECT_EQ(t, lmm_region_check(r, &text->printer), LMM_CHECK_HEADER);
	LMM_EXPECT_HAS(t, text->buf, "check: region page 0 offset ");
	*hdr(p[2]) = saved;
	slot = (unsigned long)(p[2] - lmm_region_peek(r)->base) / 16;
	lmm_bit_clear(lmm_region_peek(r)->live_map, slot);
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_LIVE_MAP);
	lmm_bit_set(lmm_region_peek(r)->live_map, slot);
	footer = (u64 *)(p[1] + 32);
	*footer += 16;
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_FOOTER);
	*footer -= 16;
	lmm_region_peek(r)->count.blocks_in_use++;
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_STATS);
	lmm_region_peek(r)->count.blocks_in_use--;
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
}

/* A region over 64 KiB keeps its large free blocks in the treap. */
static void big_region_treap_damage_is_found(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 1 << 20, LMM_BEST_FIT);
	struct lmm_free *root;
	unsigned long saved;
	char *p[4];
	int i;

	LMM_ASSERT_NOT_NULL(t, r);
	for (i = 0; i < 4; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_region_alloc(r, 100000, NULL));
	LMM_EXPECT_EQ(t, lmm_region_free(r, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_region_free(r, p[2]), 0);
	root = lmm_region_peek(r)->freeq.tree;
	LMM_ASSERT(t, root && (root->tree.left || root->tree.right));
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
	saved = root->tree.min_addr;
	root->tree.min_addr = saved - 16;
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_QUEUE_ORDER);
	root->tree.min_addr = saved;
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
}

#define CHECKER_CASES(C) \
	C(sound_state_checks_ok) \
	C(smashed_header_is_a_header_violation) \
	C(wrong_footer_is_a_footer_violation) \
	C(missing_live_bit_is_a_live_map_violation) \
	C(stray_live_bit_is_a_live_map_violation) \
	C(wrong_counters_are_a_stats_violation) \
	C(false_prev_free_flag_is_a_prev_free_violation) \
	C(two_free_blocks_side_by_side_are_a_violation) \
	C(bad_block_size_is_a_tiling_violation) \
	C(damaged_page_header_is_a_page_violation) \
	C(free_block_missing_from_the_queue_is_a_members_violation) \
	C(used_block_in_the_queue_is_a_queue_violation) \
	C(class_map_out_of_step_is_a_queue_order_violation) \
	C(wrong_treap_min_addr_is_a_queue_order_violation) \
	C(checker_names_the_damaged_family) \
	C(bad_handles_are_handle_violations) \
	C(run_damage_is_found) \
	C(region_damage_is_named) \
	C(big_region_treap_damage_is_found)

LMM_TEST_SUITE(checker, CHECKER_CASES);
