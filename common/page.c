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
	lmm_port_lock(lmm_registry.pages_lock);
	err = lmm_pagemap_set(page, family->id);
	lmm_port_unlock(lmm_registry.pages_lock);
	if (err) {
		lmm_port_pages_free(page, npages);
		return NULL;
	}
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

/**
 * lmm_page_destroy() - unregister a page and give it back to the port
 * @family: its family, locked
 * @page: a page of @family with no live blocks
 */
void lmm_page_destroy(struct lmm_family *family, struct lmm_page *page)
{
	u32 npages = page->npages;

	lmm_port_lock(lmm_registry.pages_lock);
	lmm_pagemap_set(page, 0);
	lmm_port_unlock(lmm_registry.pages_lock);
	if (page->prev)
		page->prev->next = page->next;
	else
		family->first_page = page->next;
	if (page->next)
		page->next->prev = page->prev;
	else
		family->last_page = page->prev;
	family->npages--;
	family->count.page_releases += npages;
	page->magic = 0;
	lmm_port_pages_free(page, npages);
}

/**
 * lmm_page_owner() - the handle of the family that owns an address's page
 * @addr: any address
 *
 * The family may be destroyed right after: the caller resolves the handle
 * with lmm_family_get(), which checks it again.
 *
 * Return: the handle, or 0 when no family owns that page.
 */
unsigned long lmm_page_owner(const void *addr)
{
	u32 id = lmm_pagemap_owner(addr);
	struct lmm_slot *slot = id ? lmm_slot_of(id) : NULL;

	return slot ? __atomic_load_n(&slot->handle, __ATOMIC_ACQUIRE) : 0;
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
