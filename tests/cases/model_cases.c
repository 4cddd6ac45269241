// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * model_cases.c - randomized model tests: long seeded runs of allocations
 * and frees over several families (or a region), every payload filled
 * with a pattern derived from its id and verified at free, bad frees mixed
 * in, and at every checkpoint the invariant checker and a comparison of
 * every figure with the shadow models (shadow.h), whose policy oracle then
 * checks where the next allocation of each family lands.
 *
 * The runs go through phases (grow, steady, drain) so that pages fill up,
 * empty, go to the cache and back to the provider.
 */
#include "lmm_test.h"
#include "shadow.h"

struct model_spec {
	const char *name;
	size_t struct_bytes;
	int cache_pages;
	bool debug;
};

/*
 * Struct sizes from 1 byte to 500; 8 units of 500 bytes, or a rare burst
 * of 9..64 units of the larger ones, take a multi-page run.
 */
static const struct model_spec specs[] = {
	{ "m_byte", 1, 2, false },
	{ "m_word", 8, 1, false },
	{ "m_emp", 36, 2, false },
	{ "m_rec", 120, 0, false },
	{ "m_big", 500, 3, false },
	{ "m_debug", 36, 2, true },	/* red zones and poison */
};

/*
 * Operation counts are divided by this: a build where the million
 * operations take too long (a kernel full of checkers) raises it.  The
 * KUnit build must: under KASAN and lockdep in TCG the full counts take
 * minutes per case, past KUnit's timeout on a loaded machine.
 */
#ifndef LMM_MODEL_DIVISOR
#define LMM_MODEL_DIVISOR	1
#endif
#if defined(__KERNEL__) && LMM_MODEL_DIVISOR < 2
#error "the KUnit build must set LMM_MODEL_DIVISOR (tests/kunit/lmm_kunit/Kbuild)"
#endif

#define NSPECS		(LMM_ARRAY_SIZE(specs))
#define FAMILY_MAX	600	/* live blocks per family */
#define PHASE_OPS	20000
#define ARM_EVERY	32	/* ops between policy oracle checks */

/* Percent of operations that allocate, by phase: grow, steady, drain. */
static const u32 alloc_percent[3] = { 65, 50, 30 };

struct model {
	struct lmm_test *t;
	struct shadow *sh;
	size_t nsh;
	struct lmm_rng rng;
	u64 next_id;
	u64 ops;
	u64 bad_frees;
	u64 checks;
};

static bool model_failed(const struct model *m)
{
	size_t k;

	for (k = 0; k < m->nsh; k++)
		if (m->sh[k].failed)
			return true;
	return m->t->failures != 0;
}

/* A pointer lmm handed out, off by a little: must be refused. */
static void interior_free(struct model *m, struct shadow *sh)
{
	static const unsigned int offsets[] = { 1, 8, 16 };
	struct shadow_block *b = &sh->blocks[lmm_rng_below(&m->rng,
							   (u32)sh->nblocks)];

	shadow_bad_free(sh, b->p + offsets[lmm_rng_below(&m->rng, 3)]);
	m->bad_frees++;
}

static void one_step(struct model *m, struct shadow *sh, size_t n)
{
	u32 phase = (u32)(m->ops / PHASE_OPS) % 3;

	if (sh->nblocks && lmm_rng_below(&m->rng, 1000) < 2) {
		interior_free(m, sh);
	} else if (!sh->nblocks || (sh->nblocks < sh->max_blocks &&
		   lmm_rng_percent(&m->rng, alloc_percent[phase]))) {
		if (m->ops % ARM_EVERY == 0)
			shadow_arm(sh);
		shadow_alloc(sh, n, m->next_id++);
	} else {
		u32 i = lmm_rng_below(&m->rng, (u32)sh->nblocks);
		char *p = sh->blocks[i].p;

		shadow_free(sh, i);
		/* Now and then, the same pointer again: a double free. */
		if (lmm_rng_below(&m->rng, 1000) < 2) {
			shadow_bad_free(sh, p);
			m->bad_frees++;
		}
	}
	m->ops++;
}

static void checkpoint(struct model *m)
{
	size_t k;

	m->checks++;
	if (!LMM_EXPECT_EQ(m->t, lmm_check(NULL), LMM_CHECK_OK))
		return;
	for (k = 0; k < m->nsh; k++)
		shadow_compare(&m->sh[k]);
}

/* Every family empty again: all pages are cached or given back. */
static void drain(struct model *m)
{
	size_t k;

	for (k = 0; k < m->nsh; k++) {
		struct shadow *sh = &m->sh[k];
		struct lmm_stats s;

		if (!shadow_free_all(sh) || !shadow_compare(sh))
			return;
		s = lmm_test_stats(m->t, sh->f);
		LMM_EXPECT_EQ(m->t, s.pages_in_use, 0);
		LMM_EXPECT_EQ(m->t, s.blocks_in_use, 0);
		LMM_EXPECT_EQ(m->t, s.allocs - s.frees, 0);
		LMM_EXPECT_EQ(m->t, s.page_requests - s.page_releases,
			      s.pages_cached);
		LMM_EXPECT_LE(m->t, s.pages_cached, specs[k].cache_pages);
	}
}

static void family_model(struct lmm_test *t, enum lmm_policy policy, u64 seed,
			 u64 nops, u64 check_every)
{
	struct model m = { .t = t, .nsh = NSPECS };
	u64 oracle = 0, runs = 0;
	size_t k;

	nops /= LMM_MODEL_DIVISOR;
	m.sh = lmm_test_mem(t, NSPECS * sizeof(*m.sh));
	LMM_ASSERT_NOT_NULL(t, m.sh);
	for (k = 0; k < NSPECS; k++) {
		struct lmm_family_opts opts = {
			.policy = policy,
			.cache_pages = specs[k].cache_pages,
			.debug = specs[k].debug,
		};

		LMM_ASSERT(t, shadow_family(&m.sh[k], t, specs[k].name,
					    specs[k].struct_bytes, &opts,
					    FAMILY_MAX));
	}
	lmm_rng_seed(&m.rng, seed);
	while (m.ops < nops && !model_failed(&m)) {
		struct shadow *sh = &m.sh[lmm_rng_below(&m.rng, NSPECS)];
		size_t units = lmm_rng_percent(&m.rng, 3) ?
			       lmm_rng_range(&m.rng, 9, 64) :
			       lmm_rng_range(&m.rng, 1, 8);

		one_step(&m, sh, units);
		if (m.ops % check_every == 0)
			checkpoint(&m);
	}
	checkpoint(&m);
	drain(&m);
	LMM_EXPECT_EQ(t, m.ops, nops);
	LMM_EXPECT_EQ(t, lmm_check(NULL), LMM_CHECK_OK);
	for (k = 0; k < NSPECS; k++) {
		oracle += m.sh[k].oracle_checks;
		runs += m.sh[k].runs;
	}
	/* The run exercised what it claims to. */
	LMM_EXPECT_GE(t, oracle, nops / ARM_EVERY / 2);
	LMM_EXPECT_GT(t, runs, nops / 1000);
	LMM_EXPECT_GT(t, m.bad_frees, nops / 1000);
	LMM_EXPECT_GT(t, lmm_test_stats(t, m.sh[3].f).page_releases,
		      nops / 10000);
}

static void worst_fit_model_of_a_million_operations(struct lmm_test *t)
{
	family_model(t, LMM_WORST_FIT, 0x1dea5eed, 1000000, 1000);
}

static void best_fit_model(struct lmm_test *t)
{
	family_model(t, LMM_BEST_FIT, 0xbe57f17, 300000, 1000);
}

static void first_fit_model(struct lmm_test *t)
{
	family_model(t, LMM_FIRST_FIT, 0xf125f17, 300000, 1000);
}

#define REGION_MAX	1500

static void region_model(struct lmm_test *t, enum lmm_policy policy,
			 size_t region_bytes, bool debug, u64 seed, u64 nops,
			 u64 check_every)
{
	struct model m = { .t = t, .nsh = 1 };
	struct lmm_stats s;

	nops /= LMM_MODEL_DIVISOR;
	m.sh = lmm_test_mem(t, sizeof(*m.sh));
	LMM_ASSERT_NOT_NULL(t, m.sh);
	LMM_ASSERT(t, shadow_region(m.sh, t, region_bytes, policy, debug,
				    REGION_MAX));
	lmm_rng_seed(&m.rng, seed);
	while (m.ops < nops && !model_failed(&m)) {
		u32 pick = lmm_rng_below(&m.rng, 100);
		size_t bytes;

		/* Mostly small, some over a page, a few beyond 64 KiB. */
		if (pick < 80)
			bytes = lmm_rng_range(&m.rng, 1, 256);
		else if (pick < 95)
			bytes = lmm_rng_range(&m.rng, 257, 6000);
		else
			bytes = lmm_rng_range(&m.rng, 6001, 120000);
		one_step(&m, m.sh, bytes);
		if (m.ops % check_every == 0)
			checkpoint(&m);
	}
	checkpoint(&m);
	LMM_EXPECT_EQ(t, m.ops, nops);
	s = lmm_test_region_stats(t, m.sh->r);
	/* The region did fill up, and said so only when nothing fit. */
	LMM_EXPECT_GT(t, s.failed_allocs, 0);
	LMM_EXPECT_GT(t, m.sh->oracle_checks, nops / ARM_EVERY / 2);
	LMM_EXPECT(t, shadow_free_all(m.sh) && shadow_compare(m.sh));
	s = lmm_test_region_stats(t, m.sh->r);
	LMM_EXPECT_EQ(t, s.free_blocks, 1);
	LMM_EXPECT_EQ(t, s.largest_free_bytes, region_bytes - 24);
	LMM_EXPECT_EQ(t, s.corruptions, 0);
}

static void worst_fit_region_model(struct lmm_test *t)
{
	region_model(t, LMM_WORST_FIT, 1 << 20, false, 0x3e610, 200000, 1000);
}

static void best_fit_region_model(struct lmm_test *t)
{
	region_model(t, LMM_BEST_FIT, 1 << 20, false, 0x3e611, 200000, 1000);
}

static void first_fit_region_model(struct lmm_test *t)
{
	region_model(t, LMM_FIRST_FIT, 1 << 20, false, 0x3e612, 200000, 1000);
}

/*
 * Red zones and poison.  Smaller: reusing a free block checks all of its
 * poison, and under worst fit that is the largest block of the region.
 */
static void debug_region_model(struct lmm_test *t)
{
	region_model(t, LMM_WORST_FIT, 256 << 10, true, 0x3e613, 30000, 1000);
}

#define MODEL_CASES(C) \
	C(worst_fit_model_of_a_million_operations) \
	C(best_fit_model) \
	C(first_fit_model) \
	C(worst_fit_region_model) \
	C(best_fit_region_model) \
	C(first_fit_region_model) \
	C(debug_region_model)

LMM_TEST_SUITE(model, MODEL_CASES);
