// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm_kunit_port.c - the kernel port (kernel/port.c): vmalloc() pages,
 * mutexes by kind, and the core running on them.
 *
 * KASAN_VMALLOC is on in the test kernel, so writing a run end to end
 * proves that the whole run is mapped, and a byte past it would be caught.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "internal.h"
#include "lmm_kunit.h"

/* Fill @npages from @p with a pattern, then read all of it back. */
static void expect_pages_usable(struct kunit *test, void *p, size_t npages)
{
	size_t bytes = npages * LMM_PAGE_SIZE;
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(p));
	KUNIT_EXPECT_EQ(test, (unsigned long)p % LMM_PAGE_SIZE, 0UL);
	/* Every page of the run is really there. */
	for (i = 0; i < npages; i++)
		KUNIT_EXPECT_NOT_NULL(test,
				      vmalloc_to_page((char *)p + i * LMM_PAGE_SIZE));
	lmm_test_fill(p, bytes, npages);
	KUNIT_EXPECT_TRUE(test, lmm_test_verify(p, bytes, npages));
	((u8 *)p)[0] = 0xa5;
	((u8 *)p)[bytes - 1] = 0x5a;
	KUNIT_EXPECT_EQ(test, ((u8 *)p)[0], 0xa5);
	KUNIT_EXPECT_EQ(test, ((u8 *)p)[bytes - 1], 0x5a);
}

static void single_page_is_aligned_vmalloc_memory(struct kunit *test)
{
	void *p = lmm_port_pages_alloc(1);

	expect_pages_usable(test, p, 1);
	lmm_port_pages_free(p, 1);
}

/* Runs of pages, from the smallest to one far larger than a family page. */
static const size_t run_pages[] = { 2, 3, 8, 17, 64, 257 };

static void run_pages_desc(const size_t *npages, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%zu_pages", *npages);
}

KUNIT_ARRAY_PARAM(run_pages, run_pages, run_pages_desc);

static void run_is_contiguous_aligned_and_writable(struct kunit *test)
{
	size_t npages = *(const size_t *)test->param_value;
	void *p = lmm_port_pages_alloc(npages);

	expect_pages_usable(test, p, npages);
	lmm_port_pages_free(p, npages);
}

/* Nothing to give, or more than the machine has: NULL, quietly. */
static void zero_and_huge_requests_are_refused(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, lmm_port_pages_alloc(0));
	/* npages * LMM_PAGE_SIZE overflows size_t. */
	KUNIT_EXPECT_NULL(test, lmm_port_pages_alloc(SIZE_MAX / LMM_PAGE_SIZE + 1));
	KUNIT_EXPECT_NULL(test, lmm_port_pages_alloc(SIZE_MAX));
	/* No overflow, but far more than the guest's memory (__GFP_NOWARN). */
	KUNIT_EXPECT_NULL(test, lmm_port_pages_alloc(SIZE_MAX / LMM_PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, lmm_port_pages_alloc(1UL << 30));
}

/* Pages come back as they went: many at once, freed in another order. */
static void many_pages_are_distinct_and_freed(struct kunit *test)
{
	void *p[32];
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = lmm_port_pages_alloc(1 + i % 3);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
		lmm_test_fill(p[i], LMM_PAGE_SIZE, i);
	}
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_PTR_NE(test, p[i], p[j]);
		KUNIT_EXPECT_TRUE(test, lmm_test_verify(p[i], LMM_PAGE_SIZE, i));
	}
	for (i = 0; i < ARRAY_SIZE(p); i += 2)
		lmm_port_pages_free(p[i], 1 + i % 3);
	for (i = 1; i < ARRAY_SIZE(p); i += 2)
		lmm_port_pages_free(p[i], 1 + i % 3);
}

static const enum lmm_lock_kind lock_kinds[] = {
	LMM_LOCK_FAMILY, LMM_LOCK_REGION, LMM_LOCK_PAGES,
};

static void lock_kind_desc(const enum lmm_lock_kind *kind, char *desc)
{
	static const char *const names[] = { "family", "region", "pages" };

	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", names[*kind]);
}

KUNIT_ARRAY_PARAM(lock_kind, lock_kinds, lock_kind_desc);

/* A lock of each kind can be taken, released and destroyed (lockdep). */
static void lock_of_each_kind_works(struct kunit *test)
{
	enum lmm_lock_kind kind = *(const enum lmm_lock_kind *)test->param_value;
	struct lmm_lock *lock = lmm_port_lock_create(kind);

	KUNIT_ASSERT_NOT_NULL(test, lock);
	lmm_port_lock(lock);
	lmm_port_unlock(lock);
	lmm_port_lock(lock);
	lmm_port_unlock(lock);
	lmm_port_lock_destroy(lock);
}

/* The documented order, family -> region -> pages, nested: no splat. */
static void locks_nest_in_the_documented_order(struct kunit *test)
{
	struct lmm_lock *family = lmm_port_lock_create(LMM_LOCK_FAMILY);
	struct lmm_lock *region = lmm_port_lock_create(LMM_LOCK_REGION);
	struct lmm_lock *pages = lmm_port_lock_create(LMM_LOCK_PAGES);

	KUNIT_ASSERT_TRUE(test, family && region && pages);
	lmm_port_lock(lmm_port_registry_lock());
	lmm_port_lock(family);
	lmm_port_lock(region);
	lmm_port_lock(pages);
	lmm_port_unlock(pages);
	lmm_port_unlock(region);
	lmm_port_unlock(family);
	lmm_port_unlock(lmm_port_registry_lock());
	lmm_port_lock_destroy(pages);
	lmm_port_lock_destroy(region);
	lmm_port_lock_destroy(family);
}

static void unknown_lock_kind_is_refused(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, lmm_port_lock_create(LMM_LOCK_PAGES + 1));
	KUNIT_EXPECT_NULL(test, lmm_port_lock_create((enum lmm_lock_kind)-1));
}

/* The check values are keyed by it: it must not be a constant. */
static void random_values_vary(struct kunit *test)
{
	u32 first = lmm_port_random();
	int i;

	for (i = 0; i < 8; i++)
		if (lmm_port_random() != first)
			return;
	KUNIT_FAIL(test, "lmm_port_random() returned %u nine times", first);
}

/* Family pages and runs handed out by the core are vmalloc() memory. */
static void family_blocks_live_in_vmalloc_pages(struct kunit *test)
{
	struct lmm_family *f;
	char *small, *run;
	int err = 0;

	KUNIT_ASSERT_EQ(test, lmm_family_create("port_emp", 36, NULL, &f), 0);
	small = lmm_alloc(f, 1, &err);
	KUNIT_ASSERT_NOT_NULL(test, small);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(small));
	/* 300 units of 36 bytes do not fit a page: a run of 3 pages. */
	run = lmm_alloc(f, 300, &err);
	KUNIT_ASSERT_NOT_NULL(test, run);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(run));
	KUNIT_EXPECT_TRUE(test, lmm_test_is_zero(run, 300 * 36));
	lmm_test_fill(run, 300 * 36, 7);
	KUNIT_EXPECT_TRUE(test, lmm_test_verify(run, 300 * 36, 7));
	KUNIT_EXPECT_EQ(test, lmm_free(f, run), 0);
	KUNIT_EXPECT_EQ(test, lmm_free(f, small), 0);
	KUNIT_EXPECT_EQ(test, lmm_family_destroy(f), 0);
}

/* Its list is in lmm_kunit_cases.h, where the count of cases is taken. */
static struct kunit_case port_cases[] = {
	LMM_KUNIT_PORT_CASES(LMM_KUNIT_CASE, LMM_KUNIT_CASE_PARAM)
	{}
};

static struct kunit_suite lmm_kunit_port_suite = {
	.name = "lmm_kernel_port",
	.suite_init = lmm_kunit_suite_init,
	.exit = lmm_kunit_case_exit,
	.test_cases = port_cases,
};

kunit_test_suite(lmm_kunit_port_suite);
