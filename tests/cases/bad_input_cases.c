// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bad_input_cases.c - bad calls are refused and lose nothing.
 *
 * Every case works on a fixture: a family with eight live blocks, each
 * holding its own pattern.  After each bad call the fixture must be exactly
 * as it was: patterns intact, the same blocks and free space, the checker
 * happy, and one more refused free counted.
 */
#include "lmm_test.h"

#define NLIVE 8

struct fixture {
	struct lmm_family *f;
	char *p[NLIVE];
	struct lmm_stats before;
};

static size_t units_of(int i)
{
	return (size_t)i % 3 + 1;
}

static bool fixture_setup(struct lmm_test *t, struct fixture *x,
			  const struct lmm_family_opts *opts)
{
	int i;

	x->f = lmm_test_family(t, "victim_t", 36, opts);
	if (!x->f)
		return false;
	for (i = 0; i < NLIVE; i++) {
		x->p[i] = lmm_alloc(x->f, units_of(i), NULL);
		if (!LMM_EXPECT_NOT_NULL(t, x->p[i]))
			return false;
		lmm_test_fill(x->p[i], units_of(i) * 36, (u64)i);
	}
	/* Two holes, so that merging has something to get wrong. */
	LMM_EXPECT_EQ(t, lmm_free(x->f, x->p[2]), 0);
	LMM_EXPECT_EQ(t, lmm_free(x->f, x->p[5]), 0);
	x->p[2] = NULL;
	x->p[5] = NULL;
	x->before = lmm_test_stats(t, x->f);
	return true;
}

/* Nothing changed but the count of refused frees (by @bad_frees). */
static void expect_untouched(struct lmm_test *t, struct fixture *x,
			     u64 bad_frees)
{
	struct lmm_stats s = lmm_test_stats(t, x->f);
	int i;

	LMM_EXPECT_EQ(t, s.bad_frees, x->before.bad_frees + bad_frees);
	LMM_EXPECT_EQ(t, s.blocks_in_use, x->before.blocks_in_use);
	LMM_EXPECT_EQ(t, s.units_in_use, x->before.units_in_use);
	LMM_EXPECT_EQ(t, s.frees, x->before.frees);
	LMM_EXPECT_EQ(t, s.free_blocks, x->before.free_blocks);
	LMM_EXPECT_EQ(t, s.free_bytes, x->before.free_bytes);
	LMM_EXPECT_EQ(t, s.pages_in_use, x->before.pages_in_use);
	LMM_EXPECT_EQ(t, s.corruptions, 0);
	for (i = 0; i < NLIVE; i++)
		if (x->p[i])
			LMM_EXPECT(t, lmm_test_verify(x->p[i], units_of(i) * 36,
						      (u64)i));
	LMM_EXPECT_EQ(t, lmm_check(NULL), LMM_CHECK_OK);
	x->before = s;
}

/* Frees the fixture's blocks: they were really left alive. */
static void fixture_teardown(struct lmm_test *t, struct fixture *x)
{
	int i;

	for (i = 0; i < NLIVE; i++)
		if (x->p[i])
			LMM_EXPECT_EQ(t, lmm_free(x->f, x->p[i]), 0);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, x->f).blocks_in_use, 0);
}

static void free_of_null_is_a_noop_returning_0(struct lmm_test *t)
{
	struct fixture x;

	LMM_ASSERT(t, fixture_setup(t, &x, NULL));
	LMM_EXPECT_EQ(t, lmm_free(x.f, NULL), 0);
	LMM_EXPECT_EQ(t, lmm_free(NULL, NULL), 0);
	expect_untouched(t, &x, 0);
	fixture_teardown(t, &x);
}

static void interior_pointers_are_refused(struct lmm_test *t)
{
	static const int offsets[] = { 16, 8, 1, 32, 35, -8, -1 };
	struct fixture x;
	unsigned int i;

	LMM_ASSERT(t, fixture_setup(t, &x, NULL));
	for (i = 0; i < LMM_ARRAY_SIZE(offsets); i++) {
		LMM_EXPECT_EQ(t, lmm_free(x.f, x.p[1] + offsets[i]), -EINVAL);
		expect_untouched(t, &x, 1);
		/* Without a handle the family is looked up, then refuses. */
		LMM_EXPECT_EQ(t, lmm_free(NULL, x.p[1] + offsets[i]), -EINVAL);
		expect_untouched(t, &x, 1);
	}
	fixture_teardown(t, &x);
}

/* The first 96 bytes of a page are its header: no payload starts there. */
static void pointer_into_the_page_header_is_refused(struct lmm_test *t)
{
	struct fixture x;
	char *page;

	LMM_ASSERT(t, fixture_setup(t, &x, NULL));
	page = x.p[0] - lmm_test_page_offset(x.p[0]);
	LMM_EXPECT_EQ(t, lmm_free(x.f, page), -EINVAL);
	expect_untouched(t, &x, 1);
	LMM_EXPECT_EQ(t, lmm_free(x.f, page + 80), -EINVAL);
	expect_untouched(t, &x, 1);
	/* The end sentinel is no payload either. */
	LMM_EXPECT_EQ(t, lmm_free(x.f, page + 4096 - 16), -EINVAL);
	expect_untouched(t, &x, 1);
	fixture_teardown(t, &x);
}

static void double_free_is_refused(struct lmm_test *t)
{
	struct fixture x;
	char *p;

	LMM_ASSERT(t, fixture_setup(t, &x, NULL));
	p = x.p[6];
	LMM_EXPECT_EQ(t, lmm_free(x.f, p), 0);
	x.p[6] = NULL;
	x.before = lmm_test_stats(t, x.f);
	LMM_EXPECT_EQ(t, lmm_free(x.f, p), -EINVAL);
	expect_untouched(t, &x, 1);
	LMM_EXPECT_EQ(t, lmm_free(NULL, p), -EINVAL);
	expect_untouched(t, &x, 1);
	fixture_teardown(t, &x);
}

/* A block freed long ago, whose space is now part of a larger free block. */
static void free_of_a_merged_block_is_refused(struct lmm_test *t)
{
	struct fixture x;
	char *p3, *p4;

	LMM_ASSERT(t, fixture_setup(t, &x, NULL));
	p3 = x.p[3];
	p4 = x.p[4];
	LMM_EXPECT_EQ(t, lmm_free(x.f, p3), 0);
	LMM_EXPECT_EQ(t, lmm_free(x.f, p4), 0);
	x.p[3] = x.p[4] = NULL;
	x.before = lmm_test_stats(t, x.f);
	LMM_EXPECT_EQ(t, lmm_free(x.f, p4), -EINVAL);
	expect_untouched(t, &x, 1);
	LMM_EXPECT_EQ(t, lmm_free(x.f, p3), -EINVAL);
	expect_untouched(t, &x, 1);
	fixture_teardown(t, &x);
}

static void pointer_of_another_family_is_refused(struct lmm_test *t)
{
	struct lmm_family *other;
	struct fixture x;
	void *q;

	LMM_ASSERT(t, fixture_setup(t, &x, NULL));
	other = lmm_test_family(t, "other_t", 36, NULL);
	LMM_ASSERT_NOT_NULL(t, other);
	q = lmm_alloc(other, 1, NULL);
	LMM_ASSERT_NOT_NULL(t, q);
	LMM_EXPECT_EQ(t, lmm_free(x.f, q), -EINVAL);
	expect_untouched(t, &x, 1);
	LMM_EXPECT_EQ(t, lmm_free(other, x.p[0]), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, other).bad_frees, 1);
	expect_untouched(t, &x, 0);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, other).blocks_in_use, 1);
	LMM_EXPECT_EQ(t, lmm_free(other, q), 0);
	fixture_teardown(t, &x);
}

static void region_pointer_given_to_a_family_is_refused(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);
	struct fixture x;
	void *q;

	LMM_ASSERT(t, r && fixture_setup(t, &x, NULL));
	q = lmm_region_alloc(r, 36, NULL);
	LMM_ASSERT_NOT_NULL(t, q);
	LMM_EXPECT_EQ(t, lmm_free(x.f, q), -EINVAL);
	expect_untouched(t, &x, 1);
	LMM_EXPECT_EQ(t, lmm_free(NULL, q), -EINVAL);
	expect_untouched(t, &x, 0);
	/* ... and the other way round. */
	LMM_EXPECT_EQ(t, lmm_region_free(r, x.p[0]), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).bad_frees, 1);
	LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).blocks_in_use, 1);
	expect_untouched(t, &x, 0);
	LMM_EXPECT_EQ(t, lmm_region_free(r, q), 0);
	fixture_teardown(t, &x);
}

static u64 static_area[64] __aligned(64);

static void static_and_stack_pointers_are_refused(struct lmm_test *t)
{
	u64 on_stack[8] __aligned(16) = { 0 };
	struct fixture x;

	LMM_ASSERT(t, fixture_setup(t, &x, NULL));
	LMM_EXPECT_EQ(t, lmm_free(x.f, &static_area[2]), -EINVAL);
	expect_untouched(t, &x, 1);
	LMM_EXPECT_EQ(t, lmm_free(x.f, on_stack), -EINVAL);
	expect_untouched(t, &x, 1);
	LMM_EXPECT_EQ(t, lmm_free(NULL, &static_area[2]), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_free(NULL, on_stack), -EINVAL);
	expect_untouched(t, &x, 0);
	/* Refused without being written to. */
	LMM_EXPECT(t, lmm_test_is_zero(static_area, sizeof(static_area)));
	LMM_EXPECT(t, lmm_test_is_zero(on_stack, sizeof(on_stack)));
	fixture_teardown(t, &x);
}

/*
 * With no page cache, freeing the last block gives the page back to the
 * provider (in userspace it is unmapped).  A stale pointer into it must be
 * refused from the page tables alone: reading the page would crash.
 */
static void stale_pointer_into_a_released_page_is_refused(struct lmm_test *t)
{
	struct lmm_family_opts opts = { .cache_pages = 0 };
	struct lmm_family *f = lmm_test_family(t, "stale_t", 100, &opts);
	struct lmm_stats s;
	void *p;

	LMM_ASSERT_NOT_NULL(t, f);
	p = lmm_alloc(f, 2, NULL);
	LMM_ASSERT_NOT_NULL(t, p);
	LMM_ASSERT_EQ(t, lmm_free(f, p), 0);
	s = lmm_test_stats(t, f);
	LMM_ASSERT_EQ(t, s.page_releases, 1);
	LMM_EXPECT_EQ(t, lmm_free(f, p), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_free(NULL, p), -EINVAL);
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.bad_frees, 1);
	LMM_EXPECT_EQ(t, s.frees, 1);
	LMM_EXPECT_EQ(t, lmm_check(NULL), LMM_CHECK_OK);
}

static void free_without_a_handle_finds_the_family(struct lmm_test *t)
{
	struct fixture x;

	LMM_ASSERT(t, fixture_setup(t, &x, NULL));
	LMM_EXPECT_EQ(t, lmm_free(NULL, x.p[7]), 0);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, x.f).frees, x.before.frees + 1);
	x.p[7] = NULL;
	fixture_teardown(t, &x);
}

static void units_zero_is_refused(struct lmm_test *t)
{
	struct fixture x;
	int err = 0;

	LMM_ASSERT(t, fixture_setup(t, &x, NULL));
	LMM_EXPECT_NULL(t, lmm_alloc(x.f, 0, &err));
	LMM_EXPECT_EQ(t, err, -EINVAL);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, x.f).failed_allocs, 1);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, x.f).allocs, x.before.allocs);
	expect_untouched(t, &x, 0);
	fixture_teardown(t, &x);
}

static void units_times_size_overflow_is_eoverflow(struct lmm_test *t)
{
	size_t max = (size_t)-1;
	struct fixture x;
	int err = 0;

	LMM_ASSERT(t, fixture_setup(t, &x, NULL));
	LMM_EXPECT_NULL(t, lmm_alloc(x.f, max / 2, &err));
	LMM_EXPECT_EQ(t, err, -EOVERFLOW);
	/* The first count that overflows, and the last that does not. */
	LMM_EXPECT_NULL(t, lmm_alloc(x.f, max / 36 + 1, &err));
	LMM_EXPECT_EQ(t, err, -EOVERFLOW);
	LMM_EXPECT_NULL(t, lmm_alloc(x.f, max / 36, &err));
	LMM_EXPECT_EQ(t, err, -ENOMEM);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, x.f).failed_allocs, 3);
	expect_untouched(t, &x, 0);
	fixture_teardown(t, &x);
}

/* Too large for a block (32-bit sizes), but no overflow: -ENOMEM. */
static void request_over_4_gib_is_enomem(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "byte_t", 1, NULL);
	int err = 0;

	LMM_ASSERT_NOT_NULL(t, f);
	LMM_EXPECT_NULL(t, lmm_alloc(f, (size_t)-1 / 2, &err));
	LMM_EXPECT_EQ(t, err, -ENOMEM);
	LMM_EXPECT_NULL(t, lmm_alloc(f, 0x100000000ULL, &err));
	LMM_EXPECT_EQ(t, err, -ENOMEM);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).failed_allocs, 2);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).page_requests, 0);
}

static void error_pointer_may_be_null(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "noerr_t", 8, NULL);

	LMM_ASSERT_NOT_NULL(t, f);
	LMM_EXPECT_NULL(t, lmm_alloc(f, 0, NULL));
	LMM_EXPECT_NULL(t, lmm_alloc(f, (size_t)-1, NULL));
	LMM_EXPECT_NULL(t, lmm_alloc(NULL, 1, NULL));
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).failed_allocs, 2);
}

/* Looks like nothing lmm made: the magic number is missing. */
static u64 fake_family[128];

static void bad_family_handles_are_refused(struct lmm_test *t)
{
	struct lmm_family *fake = (struct lmm_family *)fake_family;
	struct lmm_test_text *text = lmm_test_text(t, 4096);
	struct lmm_stats s;
	struct fixture x;
	int err = 0;

	LMM_ASSERT(t, text && fixture_setup(t, &x, NULL));
	LMM_EXPECT_NULL(t, lmm_alloc(NULL, 1, &err));
	LMM_EXPECT_EQ(t, err, -EINVAL);
	LMM_EXPECT_NULL(t, lmm_alloc(fake, 1, &err));
	LMM_EXPECT_EQ(t, err, -EINVAL);
	LMM_EXPECT_EQ(t, lmm_free(fake, x.p[0]), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_family_stats(NULL, &s), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_family_stats(fake, &s), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_family_stats(x.f, NULL), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_family_check(NULL, NULL), LMM_CHECK_HANDLE);
	LMM_EXPECT_EQ(t, lmm_family_check(fake, NULL), LMM_CHECK_HANDLE);
	LMM_EXPECT_EQ(t, lmm_family_destroy(fake), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_report_family_page(&text->printer, fake, 0),
		      -EINVAL);
	lmm_family_set_debug(fake, true);
	lmm_family_set_debug(NULL, true);
	lmm_report_blocks(&text->printer, fake);
	lmm_report_leaks(&text->printer, fake);
	LMM_EXPECT_EQ(t, text->len, 0);
	LMM_EXPECT_NULL(t, lmm_family_next(fake));
	/* A bad handle is not written to. */
	LMM_EXPECT(t, lmm_test_is_zero(fake_family, sizeof(fake_family)));
	expect_untouched(t, &x, 0);
	fixture_teardown(t, &x);
}

/* Only the start of a run is a payload; its other pages are not lmm's. */
static void pointers_inside_a_run_are_refused(struct lmm_test *t)
{
	struct fixture x;
	char *run;

	LMM_ASSERT(t, fixture_setup(t, &x, NULL));
	run = lmm_alloc(x.f, 300, NULL);		/* 10800 bytes */
	LMM_ASSERT_NOT_NULL(t, run);
	lmm_test_fill(run, 10800, 99);
	x.before = lmm_test_stats(t, x.f);
	LMM_EXPECT_EQ(t, lmm_free(x.f, run + 16), -EINVAL);
	expect_untouched(t, &x, 1);
	LMM_EXPECT_EQ(t, lmm_free(x.f, run + 4096), -EINVAL);
	expect_untouched(t, &x, 1);
	LMM_EXPECT_EQ(t, lmm_free(NULL, run + 8192), -EINVAL);
	expect_untouched(t, &x, 0);
	LMM_EXPECT(t, lmm_test_verify(run, 10800, 99));
	LMM_EXPECT_EQ(t, lmm_free(x.f, run), 0);
	fixture_teardown(t, &x);
}

#define BAD_INPUT_CASES(C) \
	C(free_of_null_is_a_noop_returning_0) \
	C(interior_pointers_are_refused) \
	C(pointer_into_the_page_header_is_refused) \
	C(double_free_is_refused) \
	C(free_of_a_merged_block_is_refused) \
	C(pointer_of_another_family_is_refused) \
	C(region_pointer_given_to_a_family_is_refused) \
	C(static_and_stack_pointers_are_refused) \
	C(stale_pointer_into_a_released_page_is_refused) \
	C(free_without_a_handle_finds_the_family) \
	C(units_zero_is_refused) \
	C(units_times_size_overflow_is_eoverflow) \
	C(request_over_4_gib_is_enomem) \
	C(error_pointer_may_be_null) \
	C(bad_family_handles_are_refused) \
	C(pointers_inside_a_run_are_refused)

LMM_TEST_SUITE(bad_input, BAD_INPUT_CASES);
