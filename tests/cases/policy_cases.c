// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * policy_cases.c - which free block an allocation is carved from.
 *
 * The cases build three holes of different sizes between used blocks,
 * with nothing else free, then check where the next allocation lands:
 *
 *   | s | H1 (middle size) | s | H2 (largest) | s | H3 (smallest) | s | filler |
 *
 * worst fit takes H2, best fit the smallest hole that is large enough,
 * first fit the lowest-addressed one that is.  The same layout is built in
 * a family (a 1-byte struct, so units are bytes), in a one-page region, and
 * in regions whose holes are over 64 KiB and so live in the treap.
 */
#include "lmm_test.h"

/* A family or a region, so one case body serves both. */
struct heap {
	struct lmm_family *f;
	struct lmm_region *r;
};

static void *heap_alloc(struct heap *h, size_t bytes, int *err)
{
	return h->f ? lmm_alloc(h->f, bytes, err) :
		      lmm_region_alloc(h->r, bytes, err);
}

static int heap_free(struct heap *h, void *p)
{
	return h->f ? lmm_free(h->f, p) : lmm_region_free(h->r, p);
}

static struct lmm_stats heap_stats(struct lmm_test *t, struct heap *h)
{
	return h->f ? lmm_test_stats(t, h->f) : lmm_test_region_stats(t, h->r);
}

/* Payload bytes that make a block of exactly @block bytes. */
static size_t payload_for(size_t block)
{
	return block - 8;
}

struct holes {
	char *hole[3];
	char *keep[5];		/* the separators and the filler */
};

/*
 * Carve separators, the three holes and a filler that takes all the rest,
 * then free the holes: they are the only free blocks left.
 */
static bool make_holes(struct lmm_test *t, struct heap *h,
		       const size_t blocks[3], struct holes *x)
{
	struct lmm_stats s;
	int i;

	lmm_test_memset(x, 0, sizeof(*x));
	x->keep[0] = heap_alloc(h, 40, NULL);
	if (!LMM_EXPECT_NOT_NULL(t, x->keep[0]))
		return false;
	for (i = 0; i < 3; i++) {
		x->hole[i] = heap_alloc(h, payload_for(blocks[i]), NULL);
		x->keep[i + 1] = heap_alloc(h, 40, NULL);
		if (!LMM_EXPECT_NOT_NULL(t, x->hole[i]) ||
		    !LMM_EXPECT_NOT_NULL(t, x->keep[i + 1]))
			return false;
	}
	s = heap_stats(t, h);
	x->keep[4] = heap_alloc(h, s.largest_free_bytes, NULL);
	if (!LMM_EXPECT_EQ(t, s.free_blocks, 1) ||
	    !LMM_EXPECT_NOT_NULL(t, x->keep[4]))
		return false;
	if (!LMM_EXPECT_EQ(t, heap_stats(t, h).free_blocks, 0))
		return false;
	for (i = 0; i < 3; i++)
		if (!LMM_EXPECT_EQ(t, heap_free(h, x->hole[i]), 0))
			return false;
	return LMM_EXPECT_EQ(t, heap_stats(t, h).free_blocks, 3) &&
	       LMM_EXPECT(t, x->hole[0] < x->hole[1] && x->hole[1] < x->hole[2]);
}

/* Free what make_holes() left allocated. */
static void release_holes(struct lmm_test *t, struct heap *h,
			  struct holes *x)
{
	int i;

	for (i = 0; i < 5; i++)
		if (x->keep[i])
			LMM_EXPECT_EQ(t, heap_free(h, x->keep[i]), 0);
	LMM_EXPECT_EQ(t, heap_stats(t, h).blocks_in_use, 0);
}

/* Allocate @bytes, expect it at @want, and give it back. */
static void expect_choice(struct lmm_test *t, struct heap *h, size_t bytes,
			  const void *want)
{
	void *p = heap_alloc(h, bytes, NULL);

	LMM_EXPECT_PTR_EQ(t, p, want);
	if (p)
		LMM_EXPECT_EQ(t, heap_free(h, p), 0);
}

/* The hole each policy must pick, for a small and a middle request. */
struct choice {
	enum lmm_policy policy;
	int small;
	int middle;
};

static const struct choice choices[] = {
	{ LMM_WORST_FIT, 1, 1 },	/* the largest hole, always */
	{ LMM_BEST_FIT, 2, 0 },		/* the smallest hole that fits */
	{ LMM_FIRST_FIT, 0, 0 },	/* the lowest hole that fits */
};

static void check_choices(struct lmm_test *t, struct heap *h,
			  const struct choice *c, const size_t blocks[3])
{
	struct holes x;

	if (!make_holes(t, h, blocks, &x))
		return;
	/* Fits every hole. */
	expect_choice(t, h, 100, x.hole[c->small]);
	/* Fits H1 and H2, not H3. */
	expect_choice(t, h, payload_for(blocks[2] + 16), x.hole[c->middle]);
	/* Fits only H2: every policy must find it. */
	expect_choice(t, h, payload_for(blocks[1]), x.hole[1]);
	/* The holes are as they were: nothing was lost on the way. */
	LMM_EXPECT_EQ(t, heap_stats(t, h).free_blocks, 3);
	release_holes(t, h, &x);
}

static const size_t page_holes[3] = { 512, 1024, 256 };

static void family_policies_pick_the_right_hole(struct lmm_test *t)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		struct heap h = { NULL, NULL };
		char name[16];

		lmm_test_format(name, sizeof(name), "holes_%s",
				lmm_policy_name(choices[i].policy));
		h.f = lmm_test_family_policy(t, name, 1, choices[i].policy);
		if (h.f)
			check_choices(t, &h, &choices[i], page_holes);
	}
}

static void region_policies_pick_the_right_hole(struct lmm_test *t)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		struct heap h = { NULL, NULL };

		h.r = lmm_test_region(t, 4096, choices[i].policy);
		if (h.r)
			check_choices(t, &h, &choices[i], page_holes);
	}
}

/* Holes over 64 KiB: beyond the size classes, in the treap. */
static void big_region_policies_pick_the_right_hole(struct lmm_test *t)
{
	static const size_t big_holes[3] = { 80000, 120000, 70000 };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		struct heap h = { NULL, NULL };

		h.r = lmm_test_region(t, 320 * 1024, choices[i].policy);
		if (h.r)
			check_choices(t, &h, &choices[i], big_holes);
	}
}

/*
 * Holes on both sides of the 64 KiB line: a 2 KiB hole in a size class
 * between two in the treap.  Best fit must look at the classes first,
 * worst fit at the treap.
 */
static void big_region_mixes_classes_and_treap(struct lmm_test *t)
{
	static const size_t mixed[3] = { 100000, 2048, 90000 };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		enum lmm_policy policy = choices[i].policy;
		struct heap h = { NULL, NULL };
		struct holes x;

		h.r = lmm_test_region(t, 256 * 1024, policy);
		if (!h.r || !make_holes(t, &h, mixed, &x))
			continue;
		expect_choice(t, &h, 500, x.hole[policy == LMM_WORST_FIT ? 0 :
					      policy == LMM_BEST_FIT ? 1 : 0]);
		/* Too big for the class block: treap blocks only. */
		expect_choice(t, &h, 4000, x.hole[policy == LMM_BEST_FIT ? 2 : 0]);
		expect_choice(t, &h, 95000, x.hole[0]);
		release_holes(t, &h, &x);
	}
}

static void new_page_only_when_the_largest_block_is_too_small(struct lmm_test *t)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		struct heap h = { NULL, NULL };
		struct lmm_stats s;
		struct holes x;
		char name[16];
		void *p;

		lmm_test_format(name, sizeof(name), "grow_%s",
				lmm_policy_name(choices[i].policy));
		h.f = lmm_test_family_policy(t, name, 1, choices[i].policy);
		if (!h.f || !make_holes(t, &h, page_holes, &x))
			continue;
		s = heap_stats(t, &h);
		LMM_EXPECT_EQ(t, s.page_requests, 1);
		/* Exactly the largest hole: it fits, no new page. */
		p = heap_alloc(&h, payload_for(1024), NULL);
		LMM_EXPECT_PTR_EQ(t, p, x.hole[1]);
		LMM_EXPECT_EQ(t, heap_stats(t, &h).page_requests, 1);
		LMM_EXPECT_EQ(t, heap_free(&h, p), 0);
		/* 16 bytes more: no hole is large enough. */
		p = heap_alloc(&h, payload_for(1024 + 16), NULL);
		LMM_EXPECT_NOT_NULL(t, p);
		s = heap_stats(t, &h);
		LMM_EXPECT_EQ(t, s.page_requests, 2);
		LMM_EXPECT_EQ(t, s.free_blocks, 4);
		LMM_EXPECT(t, p != x.hole[0] && p != x.hole[1] && p != x.hole[2]);
		LMM_EXPECT_EQ(t, heap_free(&h, p), 0);
		release_holes(t, &h, &x);
	}
}

/*
 * The search covers every page of the family, not just the newest: page 0
 * has the holes, page 1 a free rest of 400 bytes.
 */
static void policies_search_every_page_of_the_family(struct lmm_test *t)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		enum lmm_policy policy = choices[i].policy;
		struct heap h = { NULL, NULL };
		struct holes x;
		char name[16], *big, *rest, *want;

		lmm_test_format(name, sizeof(name), "pages_%s",
				lmm_policy_name(policy));
		h.f = lmm_test_family_policy(t, name, 1, policy);
		if (!h.f || !make_holes(t, &h, page_holes, &x))
			continue;
		/* No hole holds 3584 bytes: a new page, with 400 left free. */
		big = heap_alloc(&h, payload_for(3584), NULL);
		LMM_EXPECT_EQ(t, heap_stats(t, &h).page_requests, 2);
		if (!LMM_EXPECT_NOT_NULL(t, big))
			continue;
		rest = big + 3584;
		LMM_EXPECT_EQ(t, heap_stats(t, &h).largest_free_bytes, 1024 - 8);
		/* 304 bytes: fits H1 (512), H2 (1024) and the rest (400). */
		if (policy == LMM_WORST_FIT)
			want = x.hole[1];
		else if (policy == LMM_BEST_FIT)
			want = rest;
		else
			want = x.hole[0] < rest ? x.hole[0] : rest;
		expect_choice(t, &h, payload_for(304), want);
		LMM_EXPECT_EQ(t, heap_stats(t, &h).page_requests, 2);
		LMM_EXPECT_EQ(t, heap_free(&h, big), 0);
		release_holes(t, &h, &x);
	}
}

/* Page index and offset of every allocation of a seeded trace. */
static void run_trace(struct lmm_test *t, struct lmm_family *f, u64 seed,
		      unsigned long *offsets, unsigned int nops,
		      struct lmm_test_text *map)
{
	void **live = lmm_test_mem(t, 256 * sizeof(void *));
	unsigned int i, nlive = 0;
	struct lmm_rng rng;

	if (!LMM_EXPECT_NOT_NULL(t, live))
		return;
	lmm_rng_seed(&rng, seed);
	for (i = 0; i < nops; i++) {
		offsets[i] = 0;
		if (nlive < 256 && (nlive == 0 || lmm_rng_percent(&rng, 55))) {
			void *p = lmm_alloc(f, lmm_rng_range(&rng, 1, 40), NULL);

			if (!LMM_EXPECT_NOT_NULL(t, p))
				return;
			live[nlive++] = p;
			offsets[i] = lmm_test_page_offset(p);
		} else {
			unsigned int k = lmm_rng_below(&rng, nlive);

			LMM_EXPECT_EQ(t, lmm_free(f, live[k]), 0);
			live[k] = live[--nlive];
		}
	}
	if (map)
		lmm_report_blocks(&map->printer, f);
	while (nlive)
		LMM_EXPECT_EQ(t, lmm_free(f, live[--nlive]), 0);
}

#define TRACE_OPS 3000

static void same_trace_gives_the_same_layout(struct lmm_test *t,
					     enum lmm_policy policy)
{
	unsigned long *a = lmm_test_mem(t, TRACE_OPS * sizeof(*a));
	unsigned long *b = lmm_test_mem(t, TRACE_OPS * sizeof(*b));
	struct lmm_test_text *ta = lmm_test_text(t, 1 << 20);
	struct lmm_test_text *tb = lmm_test_text(t, 1 << 20);
	struct lmm_family *fa, *fb;
	unsigned int i, same = 0;

	LMM_ASSERT(t, a && b && ta && tb);
	/* Same length names, so the block maps can be compared whole. */
	fa = lmm_test_family_policy(t, "trace_a", 24, policy);
	fb = lmm_test_family_policy(t, "trace_b", 24, policy);
	LMM_ASSERT(t, fa && fb);
	run_trace(t, fa, 0x5eed, a, TRACE_OPS, ta);
	run_trace(t, fb, 0x5eed, b, TRACE_OPS, tb);
	for (i = 0; i < TRACE_OPS; i++)
		same += a[i] == b[i];
	LMM_EXPECT_EQ(t, same, TRACE_OPS);
	LMM_EXPECT_GT(t, lmm_test_stats(t, fa).page_requests, 1);
	LMM_ASSERT(t, !ta->truncated && !tb->truncated);
	ta->buf[13] = 'b';	/* "family trace_a:" */
	LMM_EXPECT_STREQ(t, ta->buf, tb->buf);
	/* ... and the trace does depend on its seed. */
	run_trace(t, fb, 0xfeed, b, TRACE_OPS, NULL);
	for (i = 0, same = 0; i < TRACE_OPS; i++)
		same += a[i] == b[i];
	LMM_EXPECT_LT(t, same, TRACE_OPS);
}

static void worst_fit_is_deterministic(struct lmm_test *t)
{
	same_trace_gives_the_same_layout(t, LMM_WORST_FIT);
}

static void best_fit_is_deterministic(struct lmm_test *t)
{
	same_trace_gives_the_same_layout(t, LMM_BEST_FIT);
}

static void worst_fit_is_the_default(struct lmm_test *t)
{
	struct heap h = { NULL, NULL };
	struct holes x;

	h.f = lmm_test_family(t, "default_t", 1, NULL);
	LMM_ASSERT_NOT_NULL(t, h.f);
	LMM_ASSERT(t, make_holes(t, &h, page_holes, &x));
	expect_choice(t, &h, 100, x.hole[1]);
	release_holes(t, &h, &x);
}

static void policy_names(struct lmm_test *t)
{
	LMM_EXPECT_STREQ(t, lmm_policy_name(LMM_WORST_FIT), "worst");
	LMM_EXPECT_STREQ(t, lmm_policy_name(LMM_BEST_FIT), "best");
	LMM_EXPECT_STREQ(t, lmm_policy_name(LMM_FIRST_FIT), "first");
	LMM_EXPECT_STREQ(t, lmm_policy_name((enum lmm_policy)7), "?");
}

#define POLICY_CASES(C) \
	C(family_policies_pick_the_right_hole) \
	C(region_policies_pick_the_right_hole) \
	C(big_region_policies_pick_the_right_hole) \
	C(big_region_mixes_classes_and_treap) \
	C(new_page_only_when_the_largest_block_is_too_small) \
	C(policies_search_every_page_of_the_family) \
	C(worst_fit_is_deterministic) \
	C(best_fit_is_deterministic) \
	C(worst_fit_is_the_default) \
	C(policy_names)

LMM_TEST_SUITE(policy, POLICY_CASES);
