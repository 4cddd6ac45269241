// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * page.c - the pages (and multi-page runs) a family owns.
 *
 * A page starts with struct lmm_page; blocks tile the rest.  With 4 KiB
 * pages on 64-bit:
 *
 *   0            80  88  96                                 4088  4096
 *   +-------------+---+---+--------------------- ... ---------+------+
 *   | struct      |pad|hdr| payload of the first block ...    | end  |
 *   | lmm_page    |   |   | (16-byte aligned)                 | hdr  |
 *   +-------------+---+---+--------------------- ... ---------+------+
 *
 * 4000 bytes of blocks: 83 blocks of 48 bytes (a 36-byte struct), 49.3
 * bytes of page per object against glibc's 48-byte chunk (2.8% more; the
 * header buys exact free checking).  A run of n pages has the same header
 * and one block that spans the rest of the run.
 *
 * Which family owns a page is recorded in the page map (pagemap.c), not
 * only in the page: a pointer is dereferenced only after the map said its
 * page belongs to the family at hand.  The header's list links are
 * followed only by walks that check each page against the map too.
 */
#include "internal.h"

/*
 * The geometry above, as Documentation/design.rst ("How many objects fit
 * a page") quotes it: a change to struct lmm_page that moves it must
 * change the docs as well.
 */
static_assert(sizeof(struct lmm_page) == 80, "struct lmm_page: 80 bytes");
static_assert(LMM_PAGE_FIRST_BLOCK == 88, "first block header at 88");
static_assert(LMM_PAGE_FIRST_BLOCK + LMM_HDR_BYTES == 96,
	      "first payload at 96");
static_assert(LMM_PAGE_BLOCK_MAX == 4000, "4000 bytes of blocks a page");
/* 82 blocks of 48, and the 64 bytes left are too few to split: 83. */
static_assert(LMM_PAGE_BLOCK_MAX / 48 == 83 &&
	      LMM_PAGE_BLOCK_MAX - 82 * 48 < 48 + LMM_BLOCK_MIN,
	      "83 blocks of 48 a page");

/* The page map marks the pages after the first of a run as such. */
#define RUN_TAIL	0x80000000U

/* Is @page, read from a page header, a page of @family? */
static bool linked(const struct lmm_family *family, const struct lmm_page *page)
{
	return !((unsigned long)page % LMM_PAGE_SIZE) &&
	       lmm_pagemap_owner(page) == family->id;
}

/* The pages of a page or run, counted in the page map. */
static size_t map_npages(const struct lmm_family *family,
			 const struct lmm_page *page)
{
	size_t n = 1;

	while (lmm_pagemap_owner((const char *)page + n * LMM_PAGE_SIZE) ==
	       (family->id | RUN_TAIL))
		n++;
	return n;
}

/**
 * lmm_page_span() - how many pages the page of a live block spans
 * @family: its family, locked
 * @page: the page
 * @b: a live block of it, its header checked
 *
 * The header's npages is believed when it says 1 and the block fits the
 * page (every free of a single page); otherwise the page map decides, so
 * an overrun into the header cannot turn a page into a run or back.
 *
 * Return: the pages.
 */
size_t lmm_page_span(struct lmm_family *family, struct lmm_page *page,
		     const struct lmm_block *b)
{
	size_t n;

	if (likely(page->npages == 1 &&
		   (unsigned long)b + lmm_block_size(b) <=
		   (unsigned long)page + LMM_PAGE_SIZE - LMM_HDR_BYTES))
		return 1;
	n = map_npages(family, page);
	if (n != page->npages)
		family->freeq.damaged(&family->freeq, b,
				      "page header disagrees with the page map");
	return n;
}

/**
 * lmm_page_create() - take pages from the port and give them to a family
 * @family: the owner, locked
 * @npages: 1 for a page, more for a run
 *
 * The page is in the page map and on the family's list; its blocks are
 * not set up.
 *
 * Return: the page, or NULL when the port has no memory.
 */
struct lmm_page *lmm_page_create(struct lmm_family *family, size_t npages)
{
	struct lmm_page *page = lmm_port_pages_alloc(npages);
	int err;

	if (!page)
		return NULL;
	err = lmm_pagemap_record(page, npages, family->id,
				 family->id | RUN_TAIL);
	if (err) {
		lmm_port_pages_free(page, npages);
		return NULL;
	}
	if (!LMM_PORT_PAGES_ZEROED)
		lmm_port_zero(page, sizeof(*page));
	page->family_id = family->id;
	page->magic = LMM_PAGE_MAGIC;
	page->index = family->next_page_index++;
	page->npages = (u32)npages;
	page->prev = family->last_page;
	if (family->last_page)
		family->last_page->next = page;
	else
		family->first_page = page;
	family->last_page = page;
	family->npages++;
	family->count.page_requests += npages;
	return page;
}

/* Join @prev and @next, the trusted neighbours of a page going away. */
static void unlink_page(struct lmm_family *family, struct lmm_page *prev,
			struct lmm_page *next)
{
	if (prev)
		prev->next = next;
	else
		family->first_page = next;
	if (next)
		next->prev = prev;
	else
		family->last_page = prev;
	family->npages--;
}

/*
 * Take a page whose own links cannot be believed off its family's list,
 * through its neighbours' links instead: walk from the first page to the
 * one before it and from the last page back to the one after it, each
 * step checked against the page map (O(p), on damage only).  The page is
 * kept, out of the map: its memory is lost, the rest of the family not.
 */
static void unlink_damaged(struct lmm_family *family, struct lmm_page *page)
{
	struct lmm_page *before = NULL, *after = NULL, *p;
	size_t n;

	lmm_pagemap_forget(page, 1);
	if (family->first_page != page) {
		for (p = family->first_page, n = 0; p && n < family->npages;
		     p = p->next, n++) {
			if (!linked(family, p))
				return;		/* the list is lost here */
			if (p->next == page)
				break;
		}
		if (!p || n == family->npages)
			return;
		before = p;
	}
	if (family->last_page != page) {
		for (p = family->last_page, n = 0; p && n < family->npages;
		     p = p->prev, n++) {
			if (!linked(family, p))
				return;
			if (p->prev == page)
				break;
		}
		if (!p || n == family->npages)
			return;
		after = p;
	}
	unlink_page(family, before, after);
}

/**
 * lmm_page_destroy() - unregister a page and give it back to the port
 * @family: its family, locked
 * @page: a page of @family with no live blocks
 *
 * Return: true, or false when the page's header is damaged: the page is
 * then kept (and reported), only forgotten by the page map.
 */
bool lmm_page_destroy(struct lmm_family *family, struct lmm_page *page)
{
	size_t npages = map_npages(family, page);
	struct lmm_page *prev = page->prev, *next = page->next;

	/*
	 * The header may have been overrun from the page before: follow
	 * no link the page map and the neighbours do not confirm, and give
	 * back only the pages the map says are this page's (whatever its
	 * npages says).
	 */
	if ((prev ? !linked(family, prev) || prev->next != page :
			       family->first_page != page) ||
	    (next ? !linked(family, next) || next->prev != page :
		    family->last_page != page)) {
		family->freeq.damaged(&family->freeq, lmm_page_first_block(page),
				      "damaged page header: page kept");
		unlink_damaged(family, page);
		return false;
	}
	lmm_pagemap_forget(page, npages);
	unlink_page(family, prev, next);
	family->count.page_releases += npages;
	page->magic = 0;
	lmm_port_pages_free(page, npages);
	return true;
}

/**
 * lmm_page_end() - the end sentinel of a page or run
 * @page: the page
 *
 * Return: the sentinel's header.
 */
struct lmm_block *lmm_page_end(struct lmm_page *page)
{
	return (struct lmm_block *)((char *)page +
				    page->npages * LMM_PAGE_SIZE -
				    LMM_HDR_BYTES);
}
