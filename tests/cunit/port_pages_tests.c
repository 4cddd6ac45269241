// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * port_pages_tests.c - the userspace port's page pool (user/port_pages.c).
 *
 * The core only sees pages come and go one at a time; these cases check
 * what the port promises behind that: every page reads as zero, even one
 * handed out again, and pages cost a system call per chunk, not per page.
 * Other suites use the same pool, so the counts are compared as bounds.
 */
#include <stdint.h>
#include <string.h>

#include "cunit_adapter.h"
#include "lmm_port.h"
#include "port_pages.h"

#define MANY_PAGES	200	/* a few chunks' worth */

static bool page_is_zero(const unsigned char *page)
{
	size_t i;

	for (i = 0; i < LMM_PAGE_SIZE; i++)
		if (page[i])
			return false;
	return true;
}

/* A page written over and given back reads as zero the next time. */
static void reused_pages_read_as_zero(struct lmm_test *t)
{
	unsigned char *pages[8];
	size_t i;

	for (i = 0; i < 8; i++) {
		pages[i] = lmm_port_pages_alloc(1);
		LMM_ASSERT_NOT_NULL(t, pages[i]);
		LMM_EXPECT(t, page_is_zero(pages[i]));
		memset(pages[i], 0xa5, LMM_PAGE_SIZE);
	}
	for (i = 0; i < 8; i++)
		lmm_port_pages_free(pages[i], 1);
	for (i = 0; i < 8; i++) {
		pages[i] = lmm_port_pages_alloc(1);
		LMM_ASSERT_NOT_NULL(t, pages[i]);
		LMM_EXPECT(t, page_is_zero(pages[i]));
		LMM_EXPECT_EQ(t, (uintptr_t)pages[i] % LMM_PAGE_SIZE, 0);
	}
	for (i = 0; i < 8; i++)
		lmm_port_pages_free(pages[i], 1);
}

/* Pages come from chunks: far fewer system calls than pages, both ways. */
static void single_pages_cost_a_call_per_chunk(struct lmm_test *t)
{
	static void *pages[MANY_PAGES];
	struct lmm_port_page_calls before, after;
	size_t i;

	lmm_port_page_calls(&before);
	for (i = 0; i < MANY_PAGES; i++) {
		pages[i] = lmm_port_pages_alloc(1);
		LMM_ASSERT_NOT_NULL(t, pages[i]);
		*(char *)pages[i] = 1;
	}
	/* Every other page first: no chunk is whole until the second pass. */
	for (i = 0; i < MANY_PAGES; i += 2)
		lmm_port_pages_free(pages[i], 1);
	for (i = 1; i < MANY_PAGES; i += 2)
		lmm_port_pages_free(pages[i], 1);
	lmm_port_page_calls(&after);
	/* 200 pages fill at most 4 new chunks of 64. */
	LMM_EXPECT(t, after.maps - before.maps <= 4);
	LMM_EXPECT(t, after.unmaps - before.unmaps <= 4);
	/* The whole chunks went back: some unmap happened. */
	LMM_EXPECT(t, after.unmaps - before.unmaps >= 1);
}

/* A run is a mapping of its own, given back with one munmap(). */
static void a_run_is_one_mapping(struct lmm_test *t)
{
	struct lmm_port_page_calls before, mid, after;
	unsigned char *run;

	lmm_port_page_calls(&before);
	run = lmm_port_pages_alloc(3);
	LMM_ASSERT_NOT_NULL(t, run);
	lmm_port_page_calls(&mid);
	LMM_EXPECT_EQ(t, mid.maps - before.maps, 1);
	LMM_EXPECT(t, page_is_zero(run + 2 * LMM_PAGE_SIZE));
	memset(run, 0x5a, 3 * LMM_PAGE_SIZE);
	lmm_port_pages_free(run, 3);
	lmm_port_page_calls(&after);
	LMM_EXPECT_EQ(t, after.unmaps - mid.unmaps, 1);
	LMM_EXPECT_NULL(t, lmm_port_pages_alloc(0));
	LMM_EXPECT_NULL(t, lmm_port_pages_alloc(SIZE_MAX / LMM_PAGE_SIZE + 1));
}

#define PORT_PAGES_CASES(C) \
	C(reused_pages_read_as_zero) \
	C(single_pages_cost_a_call_per_chunk) \
	C(a_run_is_one_mapping)

LMM_TEST_SUITE(port_pages, PORT_PAGES_CASES);
