// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * port_pages.c - the userspace port's pages: anonymous mmap(), in chunks.
 *
 * See common/lmm_port.h for the contract.  The core asks for one page at
 * a time (a family's new page) and gives pages back one at a time.  A
 * system call for each made a workload that fills and empties pages pay
 * an mmap() and a munmap() for every 83 small objects; so single pages
 * come from chunks of CHUNK_PAGES pages, mapped with one mmap():
 *
 *   - a chunk has a bit per page for "free" and one for "touched" (handed
 *     out before); a page handed out again is cleared with memset() if it
 *     was touched (cheaper than the fault on a fresh page, and warm), so
 *     every page reads as zero (LMM_PORT_PAGES_ZEROED);
 *   - a chunk whose pages are all free again is unmapped whole: one
 *     munmap() for CHUNK_PAGES pages, whatever order they came back in;
 *   - free touched pages are memory the process still holds: beyond
 *     TRIM_MIN_PAGES, and beyond as many as are in use, a page that comes
 *     back is given to the kernel at once (madvise(MADV_DONTNEED): it
 *     stays mapped and reads as zero again), so the pool never holds more
 *     than the program uses.
 *
 * The chunks are kept sorted by address (a page's chunk is a binary search
 * away).  The core's own cache of empty pages (cache_pages per family)
 * sits in front of this pool, and its page registry (the page map) still
 * sees every page come and go.  A run of several pages is one mapping of
 * its own, unmapped on free, as before: runs are large, and rare.
 *
 * A mutex of its own guards the chunks: the core calls in with its locks
 * held, and this lock is taken last and never held while calling out.
 */
#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS, madvise() under -std=c11 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lmm_port.h"
#include "port_pages.h"

#define CHUNK_PAGES	64	/* 256 KiB mapped at a time: a bit each */
#define CHUNK_BYTES	(CHUNK_PAGES * LMM_PAGE_SIZE)
#define ALL_PAGES	(~0ULL)
#define TRIM_MIN_PAGES	1024	/* 4 MiB of free pages may be held */

struct chunk {
	char *base;
	unsigned long long free;	/* bit i: page i is not handed out */
	unsigned long long touched;	/* bit i: page i was written */
};

static pthread_mutex_t pages_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct chunk *chunks;		/* sorted by base */
static size_t nchunks, chunks_cap;
static size_t cursor;			/* where a free page was last seen */
static size_t pages_out;		/* handed out, in chunks */
static size_t pages_held;		/* free but touched: memory we hold */
static struct lmm_port_page_calls calls;

static void *map_pages(size_t npages)
{
	void *p = mmap(NULL, npages * LMM_PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	calls.maps++;
	return p;
}

static void unmap_pages(void *addr, size_t npages)
{
	munmap(addr, npages * LMM_PAGE_SIZE);
	calls.unmaps++;
}

/* The index of the first chunk whose base is above @addr. */
static size_t chunk_after(const char *addr)
{
	size_t lo = 0, hi = nchunks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (chunks[mid].base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The chunk that holds @addr, or NULL (a run: a mapping of its own). */
static struct chunk *chunk_of(const char *addr)
{
	size_t i = chunk_after(addr);

	if (!i || addr - chunks[i - 1].base >= (long)CHUNK_BYTES)
		return NULL;
	return &chunks[i - 1];
}

/* Map a chunk and file it in address order; its index, or -1. */
static long chunk_new(void)
{
	char *base;
	size_t i;

	if (nchunks == chunks_cap) {
		size_t cap = chunks_cap ? 2 * chunks_cap : 64;
		struct chunk *grown = realloc(chunks, cap * sizeof(*grown));

		if (!grown)
			return -1;
		chunks = grown;
		chunks_cap = cap;
	}
	base = map_pages(CHUNK_PAGES);
	if (!base)
		return -1;
	i = chunk_after(base);
	memmove(&chunks[i + 1], &chunks[i], (nchunks - i) * sizeof(*chunks));
	chunks[i] = (struct chunk){ .base = base, .free = ALL_PAGES };
	nchunks++;
	return (long)i;
}

static void chunk_unmap(struct chunk *c)
{
	size_t i = (size_t)(c - chunks);

	pages_held -= (size_t)__builtin_popcountll(c->touched);
	unmap_pages(c->base, CHUNK_PAGES);
	memmove(c, c + 1, (nchunks - i - 1) * sizeof(*chunks));
	nchunks--;
	if (cursor >= nchunks)
		cursor = 0;
}

/* A chunk with a free page, from the cursor on, or a new one; or -1. */
static long chunk_with_room(void)
{
	size_t k;

	for (k = 0; k < nchunks; k++) {
		size_t i = (cursor + k) % nchunks;

		if (chunks[i].free)
			return (long)i;
	}
	return chunk_new();
}

/* One page: a touched one first (no fault), cleared; pages_mutex held. */
static void *take_page(void)
{
	long i = chunk_with_room();
	struct chunk *c;
	unsigned long long pick;
	char *page;

	if (i < 0)
		return NULL;
	cursor = (size_t)i;
	c = &chunks[i];
	pick = c->free & c->touched ? c->free & c->touched : c->free;
	pick &= -pick;			/* the lowest such page */
	page = c->base + __builtin_ctzll(pick) * LMM_PAGE_SIZE;
	c->free &= ~pick;
	if (c->touched & pick) {
		memset(page, 0, LMM_PAGE_SIZE);
		pages_held--;
	}
	c->touched |= pick;
	pages_out++;
	return page;
}

/* A page comes back to its chunk; pages_mutex held. */
static void give_page(struct chunk *c, char *page)
{
	unsigned long long bit = 1ULL << ((page - c->base) / LMM_PAGE_SIZE);

	c->free |= bit;
	pages_out--;
	pages_held++;
	if (c->free == ALL_PAGES) {
		chunk_unmap(c);
		return;
	}
	if (pages_held > TRIM_MIN_PAGES && pages_held > pages_out) {
		madvise(page, LMM_PAGE_SIZE, MADV_DONTNEED);
		calls.unmaps++;
		c->touched &= ~bit;
		pages_held--;
	}
}

void *lmm_port_pages_alloc(size_t npages)
{
	void *p;

	if (!npages || npages > (size_t)-1 / LMM_PAGE_SIZE)
		return NULL;
	pthread_mutex_lock(&pages_mutex);
	p = npages == 1 ? take_page() : map_pages(npages);
	pthread_mutex_unlock(&pages_mutex);
	return p;
}

void lmm_port_pages_free(void *addr, size_t npages)
{
	struct chunk *c;

	pthread_mutex_lock(&pages_mutex);
	c = npages == 1 ? chunk_of(addr) : NULL;
	if (c)
		give_page(c, addr);
	else
		unmap_pages(addr, npages);
	pthread_mutex_unlock(&pages_mutex);
}

/**
 * lmm_port_page_calls() - the system calls the page pools made so far
 * @out: receives the counts
 *
 * For benchmarks: how many mmap() calls, and how many munmap() or
 * madvise() calls gave memory back.
 */
void lmm_port_page_calls(struct lmm_port_page_calls *out)
{
	pthread_mutex_lock(&pages_mutex);
	*out = calls;
	pthread_mutex_unlock(&pages_mutex);
}
