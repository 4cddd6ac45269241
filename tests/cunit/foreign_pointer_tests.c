// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * foreign_pointer_tests.c - pointers lmm never handed out, from malloc(),
 * from pages that cannot even be read, from a page lmm gave back to the
 * OS, and from a byte-for-byte forgery of one of lmm's own pages: all are
 * refused, nothing lmm owns changes, and lmm never touches them (an
 * unreadable page would crash it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cunit_adapter.h"
#include "uapi_mm.h"

/* A family with a few live, patterned blocks. */
struct victim {
	struct lmm_family *f;
	char *p[4];
};

static bool victim_setup(struct lmm_test *t, struct victim *v,
			 const struct lmm_family_opts *opts)
{
	int i;

	v->f = lmm_test_family(t, "victim_t", 40, opts);
	if (!v->f)
		return false;
	for (i = 0; i < 4; i++) {
		v->p[i] = lmm_alloc(v->f, 2, NULL);
		if (!LMM_EXPECT_NOT_NULL(t, v->p[i]))
			return false;
		lmm_test_fill(v->p[i], 80, (u64)i);
	}
	return true;
}

/* Everything as it was, and the refused frees counted. */
static void expect_intact(struct lmm_test *t, struct victim *v, u64 bad_frees)
{
	struct lmm_stats s = lmm_test_stats(t, v->f);
	int i;

	LMM_EXPECT_EQ(t, s.blocks_in_use, 4);
	LMM_EXPECT_EQ(t, s.frees, 0);
	LMM_EXPECT_EQ(t, s.bad_frees, bad_frees);
	for (i = 0; i < 4; i++)
		LMM_EXPECT(t, lmm_test_verify(v->p[i], 80, (u64)i));
	LMM_EXPECT_EQ(t, lmm_check(NULL), LMM_CHECK_OK);
}

static void victim_teardown(struct lmm_test *t, struct victim *v)
{
	int i;

	for (i = 0; i < 4; i++)
		LMM_EXPECT_EQ(t, lmm_free(v->f, v->p[i]), 0);
}

static void malloc_pointers_are_refused(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);
	char *small = malloc(64);
	char *page = aligned_alloc(4096, 8192);
	struct victim v;

	LMM_ASSERT(t, r && small && page && victim_setup(t, &v, NULL));
	memset(small, 0x5a, 64);
	memset(page, 0x5a, 8192);
	LMM_EXPECT_EQ(t, lmm_free(v.f, small), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_free(NULL, small), -EINVAL);
	/* Where a payload would be in an lmm page. */
	LMM_EXPECT_EQ(t, lmm_free(v.f, page + 112), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_free(NULL, page + 112), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_region_free(r, small), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_region_free(r, page + 16), -EINVAL);
	expect_intact(t, &v, 2);
	LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).bad_frees, 2);
	/* Not one byte of them written. */
	LMM_EXPECT_EQ(t, small[0] + small[63], 2 * 0x5a);
	LMM_EXPECT(t, page[104] == 0x5a && page[111] == 0x5a);
	free(small);
	free(page);
	victim_teardown(t, &v);
}

/* Pages that fault on any access: lmm must decide without reading. */
static void unreadable_pages_are_refused_without_a_fault(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_BEST_FIT);
	char *none = mmap(NULL, 2 * 4096, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct victim v;
	unsigned long off;

	LMM_ASSERT(t, none != MAP_FAILED);
	LMM_ASSERT(t, r && victim_setup(t, &v, NULL));
	for (off = 16; off < 2 * 4096; off += 1000) {
		char *p = none + (off & ~15UL);

		LMM_EXPECT_EQ(t, lmm_free(v.f, p), -EINVAL);
		LMM_EXPECT_EQ(t, lmm_free(NULL, p), -EINVAL);
		LMM_EXPECT_EQ(t, lmm_region_free(r, p), -EINVAL);
	}
	expect_intact(t, &v, 9);
	munmap(none, 2 * 4096);
	victim_teardown(t, &v);
}

/*
 * With no page cache the last free gives the page back to the port.  The
 * port keeps it in its pool (mapped, or not, as it likes): the test takes
 * all access away from it, so a free that read the page would crash.
 */
static void stale_pointer_into_an_unmapped_page_is_refused(struct lmm_test *t)
{
	struct lmm_family_opts opts = { .cache_pages = 0 };
	struct lmm_family *f = lmm_test_family(t, "gone_t", 64, &opts);
	unsigned char vec;
	struct capture c;
	char *p, *page;

	LMM_ASSERT_NOT_NULL(t, f);
	p = lmm_alloc(f, 3, NULL);
	LMM_ASSERT_NOT_NULL(t, p);
	page = p - lmm_test_page_offset(p);
	LMM_EXPECT_EQ(t, mincore(page, 4096, &vec), 0);
	LMM_ASSERT_EQ(t, lmm_free(f, p), 0);
	/* Unmapped, or held by the port's pool: then nobody may read it. */
	if (mincore(page, 4096, &vec) == 0)
		LMM_ASSERT_EQ(t, mprotect(page, 4096, PROT_NONE), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_free(NULL, p), -EINVAL);
	LMM_ASSERT(t, capture_begin(&c));
	xfree(p);
	capture_end(&c);
	/* Give the pool its page back as it was (a no-op once unmapped). */
	mprotect(page, 4096, PROT_READ | PROT_WRITE);
	LMM_EXPECT_HAS(t, c.err, "xfree: ");
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).bad_frees, 1);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).page_releases, 1);
}

/*
 * A copy of a real page: same header, magic, family pointer, live map.
 * Only the page tables say it is not lmm's, and they must be what counts.
 */
static void forged_copy_of_a_page_is_refused(struct lmm_test *t)
{
	char *copy = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long off;
	struct victim v;
	char *page;

	LMM_ASSERT(t, copy != MAP_FAILED);
	LMM_ASSERT(t, victim_setup(t, &v, NULL));
	off = lmm_test_page_offset(v.p[1]);
	page = v.p[1] - off;
	memcpy(copy, page, 4096);
	LMM_EXPECT_EQ(t, lmm_free(v.f, copy + off), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_free(NULL, copy + off), -EINVAL);
	LMM_EXPECT(t, !memcmp(copy, page, 4096));
	expect_intact(t, &v, 1);
	munmap(copy, 4096);
	victim_teardown(t, &v);
}

/* lmm's own metadata is no payload either. */
static void handles_are_not_payloads(struct lmm_test *t)
{
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);
	struct victim v;

	LMM_ASSERT(t, r && victim_setup(t, &v, NULL));
	LMM_EXPECT_EQ(t, lmm_free(v.f, v.f), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_free(v.f, r), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_free(NULL, v.f), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_region_free(r, r), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_region_free(r, v.f), -EINVAL);
	expect_intact(t, &v, 2);
	LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
	victim_teardown(t, &v);
}

#define FOREIGN_POINTER_CASES(C) \
	C(malloc_pointers_are_refused) \
	C(unreadable_pages_are_refused_without_a_fault) \
	C(stale_pointer_into_an_unmapped_page_is_refused) \
	C(forged_copy_of_a_page_is_refused) \
	C(handles_are_not_payloads)

LMM_TEST_SUITE(foreign_pointer, FOREIGN_POINTER_CASES);
