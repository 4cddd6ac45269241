// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * alloc.c - lmm_alloc() and lmm_free(): the hot path of a family.
 *
 * See family.c for the design.  Everything here runs under the family
 * lock, except zeroing the payload, which needs no lock: the block is the
 * caller's as soon as it leaves the free queue.
 */
#include "block.h"

static void *fail(int *errp, int err)
{
	if (errp)
		*errp = err;
	return NULL;
}

static void account_alloc(struct lmm_family *family, size_t units)
{
	family->count.units_in_use += units;
	family->count.blocks_in_use++;
	family->count.allocs++;
}

static void mark_live(struct lmm_page *page, struct lmm_block *b)
{
	unsigned long off = (unsigned long)lmm_block_payload(b) -
			    (unsigned long)page;

	lmm_bit_set(page->live_map, off / LMM_ALIGN);
	page->live_blocks++;
}

/* A block from a fresh run of pages; family lock held. */
static struct lmm_block *alloc_run(struct lmm_family *family, size_t need,
				   size_t units, u32 flags)
{
	size_t npages = lmm_div_round_up(LMM_PAGE_FIRST_BLOCK + need +
					 LMM_HDR_BYTES, LMM_PAGE_SIZE);
	struct lmm_page *page = lmm_page_create(family, npages);
	struct lmm_block *b;

	if (!page)
		return NULL;
	b = lmm_block_area_init(lmm_page_first_block(page),
				npages * LMM_PAGE_SIZE - LMM_PAGE_FIRST_BLOCK);
	lmm_block_set(b, lmm_block_size(b), LMM_BLOCK_USED | flags, 0);
	lmm_block_set(lmm_page_end(page), 0, LMM_BLOCK_USED, 0);
	page->run_units = units;
	family->pages_in_use += npages;
	mark_live(page, b);
	return b;
}

/*
 * Clear the payload of a block that alloc_run() just made.  Its pages came
 * from the port as zeros (LMM_PORT_PAGES_ZEROED) and the core wrote only
 * headers into them and, in lmm_block_area_init(), the footer the free
 * block it was for a moment had, in the run's last words but the end
 * sentinel: only that word can lie under the payload.  Not clearing the
 * rest also leaves the pages the caller never touches unfaulted.
 */
static void zero_fresh_run(struct lmm_block *b, size_t bytes)
{
	char *payload = lmm_block_payload(b);
	char *footer = (char *)lmm_block_next(b) - LMM_FOOTER_BYTES;

	if (footer < payload + bytes)
		lmm_port_zero(footer, payload + bytes - footer);
}

/* A checked free block of at least @need bytes, or NULL; family locked. */
static struct lmm_free *take(struct lmm_family *family, size_t need)
{
	struct lmm_freeq *q = &family->freeq;
	struct lmm_free *f;

	for (;;) {
		f = lmm_freeq_take(q, need);
		if (!f || likely(!(lmm_block_flags(&f->hdr) &
				   LMM_BLOCK_POISONED)) ||
		    lmm_block_poison_damage(q, f) < 0)
			return f;
		lmm_freeq_quarantine(q, f, "write after free");
	}
}

/* A block carved from the free queue or a new page; family lock held. */
static struct lmm_block *alloc_in_page(struct lmm_family *family,
				       size_t need, size_t units, u32 flags)
{
	struct lmm_freeq *q = &family->freeq;
	struct lmm_free *f = take(family, need);
	struct lmm_page *page;
	struct lmm_block *b;

	if (f) {
		page = lmm_page_of(f);
		if (!page->live_blocks) {	/* it was a cached empty page */
			family->pages_cached--;
			family->pages_in_use++;
		}
	} else {
		page = lmm_page_create(family, 1);
		if (!page)
			return NULL;
		family->pages_in_use++;
		f = (struct lmm_free *)lmm_block_area_init(lmm_page_first_block(page),
							   LMM_PAGE_SIZE - LMM_PAGE_FIRST_BLOCK);
	}
	b = lmm_block_carve(q, f, need, flags, (u16)units);
	mark_live(page, b);
	lmm_freeq_settle(q);
	return b;
}

/**
 * lmm_alloc() - allocate zeroed memory for @units structs of a family
 * @handle: the family handle
 * @units: how many structs, at least 1
 * @errp: receives the error on failure; may be NULL
 *
 * Return: a 16-byte aligned pointer, or NULL with *errp set to -EINVAL
 * (a handle that names no live family, or 0 units), -EOVERFLOW (units *
 * size overflows) or -ENOMEM.
 */
void *lmm_alloc(struct lmm_family *handle, size_t units, int *errp)
{
	struct lmm_family *family = lmm_family_get(handle);
	struct lmm_block *b = NULL;
	size_t bytes, need;
	int err = -ENOMEM;
	u32 flags;

	if (unlikely(!family))
		return fail(errp, -EINVAL);
	flags = family->debug ? LMM_BLOCK_REDZONE : 0;
	need = 0;	/* 0 on every refusal: -ENOMEM unless said otherwise */
	if (unlikely(!units))
		err = -EINVAL;
	else if (unlikely(__builtin_mul_overflow(units, family->struct_bytes,
						 &bytes)))
		err = -EOVERFLOW;
	else
		need = lmm_block_size_for(bytes, flags,
					  family->freeq.min_block);
	if (likely(need && need <= LMM_PAGE_BLOCK_MAX))
		b = alloc_in_page(family, need, units, flags);
	else if (need)
		b = alloc_run(family, need, units, flags);
	if (unlikely(!b)) {
		family->count.failed_allocs++;
		lmm_family_put(family);
		return fail(errp, err);
	}
	account_alloc(family, units);
	lmm_family_put(family);
	if (LMM_PORT_PAGES_ZEROED && need > LMM_PAGE_BLOCK_MAX && !flags)
		zero_fresh_run(b, bytes);
	else
		lmm_port_zero(lmm_block_payload(b), bytes);
	if (flags)
		lmm_block_redzone_fill(b, bytes);
	return lmm_block_payload(b);
}

/* Keep an empty page in the cache, or give it back; family lock held. */
static void page_emptied(struct lmm_family *family, struct lmm_page *page)
{
	struct lmm_free *f = (struct lmm_free *)lmm_page_first_block(page);

	family->pages_in_use--;
	/* Damage that kept the page from merging whole keeps the page. */
	if (lmm_block_flags(&f->hdr) & LMM_BLOCK_USED ||
	    !lmm_block_valid(&f->hdr) ||
	    lmm_block_size(&f->hdr) != LMM_PAGE_BLOCK_MAX ||
	    family->pages_cached < (size_t)family->cache_pages ||
	    !lmm_freeq_remove(&family->freeq, f)) {
		family->pages_cached++;
		lmm_freeq_settle(&family->freeq);
		return;
	}
	lmm_page_destroy(family, page);
}

/* Free a live block of @page, which the page map gave @family; locked. */
static int free_locked(struct lmm_family *family, struct lmm_page *page,
		       void *ptr)
{
	struct lmm_block *b = lmm_page_live_block(page, ptr);
	size_t units, npages;
	bool header_ok;
	int ret;

	if (!b) {
		family->count.bad_frees++;
		return -EINVAL;
	}
	ret = lmm_block_inspect(&family->freeq, b, &header_ok);
	if (!header_ok)
		return ret;	/* its extent is unknown: leave it alone */
	/* A single page's block, as lmm_page_span() would say, inline. */
	if (likely(page->npages == 1 && (unsigned long)lmm_block_next(b) <=
		   (unsigned long)page + LMM_PAGE_SIZE - LMM_HDR_BYTES))
		npages = 1;
	else
		npages = lmm_page_span(family, page, b);
	units = npages > 1 ? page->run_units : b->units;
	family->count.units_in_use -= units;
	family->count.blocks_in_use--;
	family->count.frees++;
	lmm_bit_clear(page->live_map, ((unsigned long)ptr -
				       (unsigned long)page) / LMM_ALIGN);
	page->live_blocks--;
	if (npages > 1) {
		family->pages_in_use -= npages;
		lmm_page_destroy(family, page);
		return ret;
	}
	lmm_block_release(&family->freeq, b, lmm_page_first_block(page),
			  family->debug);
	if (!page->live_blocks)
		page_emptied(family, page);
	return ret;
}

/*
 * The family a free without a handle (XFREE) goes to, locked, and in
 * *@ownsp whether the page of @ptr still is that family's.  One walk
 * of the page map gives the owner and the entry; the owner's lock is
 * taken by slot index, and under it one load of the same entry tells
 * whether the page is still the owner's (it may have been given back, and
 * taken by another family, in between).  As cheap as a handle's lookup.
 */
static struct lmm_family *owner_get(void *ptr, bool *ownsp)
{
	const u32 *entry = lmm_pagemap_entry(ptr);
	u32 id = entry ? __atomic_load_n(entry, __ATOMIC_ACQUIRE) : 0;
	/* A run's other pages hold no payload start: index >= SLOT_MAX. */
	struct lmm_family *family = lmm_slot_get_index(id);

	/* The slot index is the family's id: no need to read the family. */
	if (family)
		*ownsp = __atomic_load_n(entry, __ATOMIC_RELAXED) == id;
	return family;
}

/**
 * lmm_free() - free memory from lmm_alloc()
 * @handle: the family it came from, or NULL to look it up
 * @ptr: the pointer; NULL is a no-op
 *
 * A pointer lmm did not hand out, one inside a block, or one already freed
 * is refused and changes nothing.  (A stale pointer is refused until a
 * new block happens to start at the same address; then it frees that
 * block, as it would with any allocator.)  A family destroyed meanwhile,
 * by another thread, makes it -EINVAL too.
 *
 * Return: 0, -EINVAL for such a pointer (or a bad handle), or -EFAULT when
 * the block was found damaged (reported through the port's log; a block
 * with an intact header is freed all the same).
 */
int lmm_free(struct lmm_family *handle, void *ptr)
{
	struct lmm_family *family;
	bool owns = false;
	int ret = -EINVAL;

	if (!ptr)
		return 0;
	if (handle) {
		family = lmm_family_get(handle);
		owns = family && lmm_pagemap_owner(ptr) == family->id;
	} else {
		family = owner_get(ptr, &owns);
	}
	if (!family)
		return -EINVAL;
	if (likely(owns))
		ret = free_locked(family, lmm_page_of(ptr), ptr);
	else
		family->count.bad_frees++;
	lmm_family_put(family);
	return ret;
}
