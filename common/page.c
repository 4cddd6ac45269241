// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * page.c - the pages (and multi-page runs) a family owns.
 *
 * A page starts with struct lmm_page; blocks tile the rest.  With 4 KiB
 * pages on 64-bit:
 *
 *   0            96  104 112                                4088  4096
 *   +-------------+---+---+--------------------- ... ---------+------+
 *   | struct      |pad|hdr| payload of the first block ...    | end  |
 *   | lmm_page    |   |   | (16-byte aligned)                 | hdr  |
 *   +-------------+---+---+--------------------- ... ---------+------+
 *
 * 3984 bytes of blocks: 83 blocks of 48 bytes (a 36-byte struct), 49.3
 * bytes of page per object against glibc's 48-byte chunk (2.8% more; the
 * header buys exact free checking).  A run of n pages has the same header
 * and one block that spans the rest of the run.
 *
 * Every page is in two hash tables, keyed by its address: its family's
 * (used by lmm_free() with a family handle, under the family lock) and the
 * registry's (used to find the family of a bare pointer).  A pointer is
 * only ever dereferenced after its page was found in one of them.
 */
#include "internal.h"

static unsigned long family_node_key(const struct lmm_hnode *node)
{
	return lmm_page_key(lmm_container_of(node, struct lmm_page, family_node));
}

static unsigned long registry_node_key(const struct lmm_hnode *node)
{
	return lmm_page_key(lmm_container_of(node, struct lmm_page,
					 registry_node));
}

/**
 * lmm_page_table_init() - set up a family's page table
 * @pages: the table
 *
 * Return: 0, or -ENOMEM.
 */
int lmm_page_table_init(struct lmm_hash *pages)
{
	return lmm_hash_init(pages, family_node_key);
}

/**
 * lmm_page_registry_init() - set up the registry's page table
 * @pages: the table
 *
 * Return: 0, or -ENOMEM.
 */
int lmm_page_registry_init(struct lmm_hash *pages)
{
	return lmm_hash_init(pages, registry_node_key);
}

/**
 * lmm_page_create() - take pages from the port and give them to a family
 * @family: the owner, locked
 * @npages: 1 for a page, more for a run
 *
 * The page is registered and on the family's list; its blocks are not
 * set up.
 *
 * Return: the page, or NULL when the port has no memory.
 */
struct lmm_page *lmm_page_create(struct lmm_family *family, size_t npages)
{
	struct lmm_page *page = lmm_port_pages_alloc(npages);
	unsigned long key = lmm_page_key(page);

	if (!page)
		return NULL;
	lmm_port_zero(page, sizeof(*page));
	page->family = family;
	page->magic = LMM_PAGE_MAGIC;
	page->index = family->next_page_index++;
	page->npages = (u32)npages;
	page->prev = family->last_page;
	if (family->last_page)
		family->last_page->next = page;
	else
		family->first_page = page;
	family->last_page = page;
	lmm_hash_add(&family->pages, &page->family_node, key);
	lmm_port_lock(lmm_registry.pages_lock);
	lmm_hash_add(&lmm_registry.pages, &page->registry_node, key);
	lmm_port_unlock(lmm_registry.pages_lock);
	family->count.page_requests += npages;
	return page;
}

/**
 * lmm_page_destroy() - unregister a page and give it back to the port
 * @page: a page of a locked family, with no live blocks
 */
void lmm_page_destroy(struct lmm_page *page)
{
	struct lmm_family *family = page->family;
	unsigned long key = lmm_page_key(page);

	lmm_port_lock(lmm_registry.pages_lock);
	lmm_hash_del(&lmm_registry.pages, &page->registry_node, key);
	lmm_port_unlock(lmm_registry.pages_lock);
	lmm_hash_del(&family->pages, &page->family_node, key);
	if (page->prev)
		page->prev->next = page->next;
	else
		family->first_page = page->next;
	if (page->next)
		page->next->prev = page->prev;
	else
		family->last_page = page->prev;
	family->count.page_releases += page->npages;
	page->magic = 0;
	lmm_port_pages_free(page, page->npages);
}

/**
 * lmm_page_owner() - the family that owns the page of an address
 * @addr: any address
 *
 * Return: the family, or NULL when no family owns that page.
 */
struct lmm_family *lmm_page_owner(const void *addr)
{
	struct lmm_page *want = lmm_page_of(addr);
	struct lmm_family *family = NULL;
	struct lmm_hnode *n;

	if (!lmm_registry.ready)
		return NULL;
	lmm_port_lock(lmm_registry.pages_lock);
	n = lmm_hash_chain(&lmm_registry.pages, lmm_page_key(want));
	for (; n; n = n->next) {
		if (n == &want->registry_node) {
			family = want->family;
			break;
		}
	}
	lmm_port_unlock(lmm_registry.pages_lock);
	return family;
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

