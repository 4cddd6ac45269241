// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * arena.c - lmmsim's page provider: the lowest free pages of one arena.
 *
 * lmm's core asks its port for pages (common/lmm_port.h).  The library's
 * port maps each with mmap(), which puts pages wherever the kernel likes:
 * first fit across a family's pages (the lowest address that fits) would
 * then depend on the layout of the address space.  lmmsim links this file
 * before libcommon.a, so the linker takes these two functions instead of
 * user/port_pages.c's: pages come from one arena reserved at start, always
 * the lowest free run.  The same trace then gives the same page order in
 * every run, with or without ASLR, and the core is the library's, unchanged.
 */
#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS, MAP_NORESERVE */
#include <string.h>
#include <sys/mman.h>

#include "lmm_port.h"

#define ARENA_PAGES	16384UL		/* 64 MiB of address space */
#define WORD_BITS	(8 * sizeof(unsigned long))

static char *arena;
static unsigned long taken[ARENA_PAGES / WORD_BITS];

static bool page_taken(size_t i)
{
	return taken[i / WORD_BITS] >> (i % WORD_BITS) & 1;
}

static void mark(size_t first, size_t n, bool on)
{
	size_t i;

	for (i = first; i < first + n; i++) {
		if (on)
			taken[i / WORD_BITS] |= 1UL << (i % WORD_BITS);
		else
			taken[i / WORD_BITS] &= ~(1UL << (i % WORD_BITS));
	}
}

/* The first page of the lowest run of @n free pages, or ARENA_PAGES. */
static size_t lowest_run(size_t n)
{
	size_t start = 0, len = 0, i;

	for (i = 0; i < ARENA_PAGES; i++) {
		if (page_taken(i)) {
			len = 0;
			start = i + 1;
		} else if (++len == n) {
			return start;
		}
	}
	return ARENA_PAGES;
}

void *lmm_port_pages_alloc(size_t npages)
{
	size_t first;

	if (!arena) {
		void *p = mmap(NULL, ARENA_PAGES * LMM_PAGE_SIZE,
			       PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			       -1, 0);

		if (p == MAP_FAILED)
			return NULL;
		arena = p;
	}
	if (!npages || npages > ARENA_PAGES)
		return NULL;
	first = lowest_run(npages);
	if (first == ARENA_PAGES)
		return NULL;
	mark(first, npages, true);
	return arena + first * LMM_PAGE_SIZE;
}

void lmm_port_pages_free(void *addr, size_t npages)
{
	size_t first = ((char *)addr - arena) / LMM_PAGE_SIZE;

	/* Give the memory back, keep the addresses: contents are undefined. */
	madvise(addr, npages * LMM_PAGE_SIZE, MADV_DONTNEED);
	mark(first, npages, false);
}
