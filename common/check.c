// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * check.c - the invariant checker: walk everything, believe nothing.
 *
 * For every page of a family (or the area of a region) it checks that
 *   - every header carries its check value,
 *   - block sizes tile the area exactly up to the end sentinel,
 *   - PREV_FREE says the truth, no two free blocks touch, footers match,
 *   - the live map marks exactly the payloads of used blocks;
 * and for the free queue that
 *   - every member is a free block of this owner, in the right class,
 *   - the treap is ordered by (size, address), heap-ordered by priority,
 *     and its min_addr fields are right,
 *   - the members are exactly the free blocks of the walk;
 * and that the counters agree with what the walk found.  It stops at the
 * first violation and returns its code (enum lmm_violation), so a test
 * can assert which invariant a deliberate corruption breaks.
 */
#include "freeq.h"

static const char *const violation_names[] = {
	[LMM_CHECK_OK] = "ok",
	[LMM_CHECK_HANDLE] = "not a live family or region",
	[LMM_CHECK_PAGE] = "page header damaged or not registered",
	[LMM_CHECK_HEADER] = "block header fails its check value",
	[LMM_CHECK_TILING] = "block sizes do not tile the area",
	[LMM_CHECK_PREV_FREE] = "PREV_FREE flag disagrees with the neighbour",
	[LMM_CHECK_ADJACENT_FREE] = "two free blocks side by side",
	[LMM_CHECK_FOOTER] = "footer of a free block is wrong",
	[LMM_CHECK_LIVE_MAP] = "live map disagrees with the used blocks",
	[LMM_CHECK_QUEUE] = "free queue holds something that is not a free block",
	[LMM_CHECK_QUEUE_ORDER] = "size class or treap order broken",
	[LMM_CHECK_MEMBERS] = "free queue members are not the free blocks",
	[LMM_CHECK_STATS] = "counters disagree with the walk",
};

/**
 * lmm_violation_name() - what a checker result means
 * @violation: a return value of lmm_check() and friends
 *
 * Return: a short description.
 */
const char *lmm_violation_name(int violation)
{
	if (violation < 0 || violation > LMM_CHECK_STATS)
		return "unknown";
	return violation_names[violation];
}

/* Is @f a free block inside memory its owner has (a family or region)? */
typedef bool (*owns_fn)(const void *owner, const struct lmm_free *f);

/* What a walk found, and where it stopped. */
struct walk {
	owns_fn owns;
	const void *owner_obj;
	const struct lmm_printer *out;
	const char *owner;		/* family name or "region" */
	const struct lmm_freeq *q;
	size_t used;
	size_t units;
	size_t free;
	size_t free_bytes;
	size_t left_alone;
	u32 page_index;
	unsigned long offset;
};

static int violation(struct walk *w, int code)
{
	if (w->out)
		lmm_print(w->out, "check: %s page %u offset %lu: %s\n",
			  w->owner, w->page_index, w->offset + LMM_HDR_BYTES,
			  lmm_violation_name(code));
	return code;
}

static bool queued(const struct lmm_freeq *q, const struct lmm_free *f)
{
	size_t size = lmm_block_size(&f->hdr);
	const struct lmm_free *t = q->tree;
	const struct lmm_free *prev;

	if (size / LMM_ALIGN < q->nclasses) {
		prev = lmm_link_get(&f->list.prev);
		if (!prev)
			return q->heads[size / LMM_ALIGN] == f;
		return lmm_freeq_owns(q, prev) &&
		       lmm_link_get(&prev->list.next) == f;
	}
	while (t && t != f) {
		size_t ts = lmm_block_size(&t->hdr);

		if (size < ts || (size == ts && f < t))
			t = lmm_link_get(&t->tree.left);
		else
			t = lmm_link_get(&t->tree.right);
		if (t && !lmm_freeq_owns(q, t))
			return false;
	}
	return t == f;
}

static int check_used(struct walk *w, struct lmm_block *b,
		      const unsigned long *live_map, const void *base)
{
	unsigned long slot = ((unsigned long)lmm_block_payload(b) -
			      (unsigned long)base) / LMM_ALIGN;

	if (!lmm_bit_test(live_map, slot)) {
		if (b->units != LMM_UNITS_QUARANTINE)
			return violation(w, LMM_CHECK_LIVE_MAP);
		w->left_alone++;	/* damage found earlier, fenced off */
		return 0;
	}
	w->used++;
	w->units += b->units;
	return 0;
}

static int check_free(struct walk *w, struct lmm_block *b, bool prev_free)
{
	size_t size = lmm_block_size(b);

	/* Legal only where coalescing is off (a region's teaching mode). */
	if (prev_free && !w->q->apart)
		return violation(w, LMM_CHECK_ADJACENT_FREE);
	if (*(u64 *)((char *)b + size - LMM_FOOTER_BYTES) != size)
		return violation(w, LMM_CHECK_FOOTER);
	if (!queued(w->q, (struct lmm_free *)b))
		return violation(w, LMM_CHECK_MEMBERS);
	w->free++;
	w->free_bytes += size;
	return 0;
}

static size_t popcount(const unsigned long *map, size_t words)
{
	size_t n = 0;

	/* Not __builtin_popcountl(): without POPCNT it calls libgcc. */
	while (words--)
		for (unsigned long bits = *map++; bits; bits &= bits - 1)
			n++;
	return n;
}

/*
 * Walk the blocks of one area, from @first up to the end sentinel @end.
 * @base is what offsets in reports count from, and what slot 0 of
 * @live_map (@map_words words) stands for.
 */
static int check_area(struct walk *w, struct lmm_block *first,
		      struct lmm_block *end, const void *base,
		      const unsigned long *live_map, size_t map_words)
{
	size_t used_before = w->used;
	struct lmm_block *b;
	bool prev_free = false;
	int err;

	for (b = first; b != end; b = lmm_block_next(b)) {
		size_t size = lmm_block_size(b);
		bool is_free = !(lmm_block_flags(b) & LMM_BLOCK_USED);

		w->offset = (unsigned long)b - (unsigned long)base;
		if (!lmm_block_valid(b))
			return violation(w, LMM_CHECK_HEADER);
		if (size < LMM_BLOCK_MIN || size % LMM_ALIGN ||
		    size > (unsigned long)end - (unsigned long)b)
			return violation(w, LMM_CHECK_TILING);
		if (!!(lmm_block_flags(b) & LMM_BLOCK_PREV_FREE) != prev_free)
			return violation(w, LMM_CHECK_PREV_FREE);
		err = is_free ? check_free(w, b, prev_free) :
				check_used(w, b, live_map, base);
		if (err)
			return err;
		prev_free = is_free;
	}
	w->offset = (unsigned long)end - (unsigned long)base;
	if (!lmm_block_valid(end) || lmm_block_size(end) ||
	    !(lmm_block_flags(end) & LMM_BLOCK_USED))
		return violation(w, LMM_CHECK_HEADER);
	if (!!(lmm_block_flags(end) & LMM_BLOCK_PREV_FREE) != prev_free)
		return violation(w, LMM_CHECK_PREV_FREE);
	if (popcount(live_map, map_words) != w->used - used_before)
		return violation(w, LMM_CHECK_LIVE_MAP);
	return 0;
}

/* Treap: key order, priority order and min_addr, recursively. */
static int check_tree(struct walk *w, const struct lmm_free *t,
		      const struct lmm_free *lo, const struct lmm_free *hi,
		      size_t *count)
{
	const struct lmm_free *left, *right;
	unsigned long min = (unsigned long)t;
	int err;

	if (!t)
		return 0;
	if (++*count > w->q->nblocks)
		return violation(w, LMM_CHECK_MEMBERS);
	if (!w->owns(w->owner_obj, t) || !lmm_block_valid(&t->hdr))
		return violation(w, LMM_CHECK_QUEUE);
	left = lmm_link_get(&t->tree.left);
	right = lmm_link_get(&t->tree.right);
	if ((left && lmm_tree_priority(left) > lmm_tree_priority(t)) ||
	    (right && lmm_tree_priority(right) > lmm_tree_priority(t)))
		return violation(w, LMM_CHECK_QUEUE_ORDER);
	if ((lo && !(lmm_block_size(&lo->hdr) < lmm_block_size(&t->hdr) ||
		     (lmm_block_size(&lo->hdr) == lmm_block_size(&t->hdr) &&
		      lo < t))) ||
	    (hi && !(lmm_block_size(&t->hdr) < lmm_block_size(&hi->hdr) ||
		     (lmm_block_size(&t->hdr) == lmm_block_size(&hi->hdr) &&
		      t < hi))))
		return violation(w, LMM_CHECK_QUEUE_ORDER);
	err = check_tree(w, left, lo, t, count);
	if (!err)
		err = check_tree(w, right, t, hi, count);
	if (err)
		return err;
	if (left && (unsigned long)lmm_link_get(&left->tree.min_addr) < min)
		min = (unsigned long)lmm_link_get(&left->tree.min_addr);
	if (right && (unsigned long)lmm_link_get(&right->tree.min_addr) < min)
		min = (unsigned long)lmm_link_get(&right->tree.min_addr);
	if ((unsigned long)lmm_link_get(&t->tree.min_addr) != min)
		return violation(w, LMM_CHECK_QUEUE_ORDER);
	return 0;
}

static int check_member(struct walk *w, const struct lmm_free *f,
			owns_fn owns, const void *owner)
{
	if (!owns(owner, f) || !lmm_block_valid(&f->hdr) ||
	    (lmm_block_flags(&f->hdr) & LMM_BLOCK_USED))
		return violation(w, LMM_CHECK_QUEUE);
	return 0;
}

static int check_queue(struct walk *w, owns_fn owns, const void *owner)
{
	const struct lmm_freeq *q = w->q;
	size_t count = 0, bytes = 0, cls;
	int err;

	w->owns = owns;
	w->owner_obj = owner;
	for (cls = 0; cls < q->nclasses; cls++) {
		const struct lmm_free *f;
		bool marked = lmm_bit_test(q->map, cls);

		if (marked != !!q->heads[cls] ||
		    (marked && !(q->summary & (1UL << (cls / LMM_LONG_BITS)))))
			return violation(w, LMM_CHECK_QUEUE_ORDER);
		for (f = q->heads[cls]; f; f = lmm_link_get(&f->list.next)) {
			err = check_member(w, f, owns, owner);
			if (err)
				return err;
			if (lmm_block_size(&f->hdr) / LMM_ALIGN != cls)
				return violation(w, LMM_CHECK_QUEUE_ORDER);
			if (++count > q->nblocks)
				return violation(w, LMM_CHECK_MEMBERS);
			bytes += lmm_block_size(&f->hdr);
		}
	}
	err = check_tree(w, q->tree, NULL, NULL, &count);
	if (err)
		return err;
	if (count != q->nblocks || count != w->free ||
	    q->nbytes != w->free_bytes || bytes > q->nbytes)
		return violation(w, LMM_CHECK_MEMBERS);
	return 0;
}

static bool family_owns(const void *owner, const struct lmm_free *f)
{
	return lmm_freeq_owns(&((const struct lmm_family *)owner)->freeq, f);
}

static int check_page(struct walk *w, struct lmm_family *family,
		      struct lmm_page *page, size_t *pages_live,
		      size_t *pages_empty)
{
	size_t used_before = w->used;
	int err;

	w->page_index = page->index;
	w->offset = 0;
	if ((unsigned long)page % LMM_PAGE_SIZE ||
	    lmm_pagemap_owner(page) != family->id)
		return violation(w, LMM_CHECK_PAGE);	/* before reading it */
	if (page->magic != LMM_PAGE_MAGIC || page->family_id != family->id ||
	    !page->npages)
		return violation(w, LMM_CHECK_PAGE);
	err = check_area(w, lmm_page_first_block(page), lmm_page_end(page),
			 page, page->live_map,
			 sizeof(page->live_map) / sizeof(unsigned long));
	if (err)
		return err;
	if (page->live_blocks != w->used - used_before)
		return violation(w, LMM_CHECK_STATS);
	if (page->npages > 1) {
		if (page->live_blocks != 1)
			return violation(w, LMM_CHECK_STATS);
		w->units += page->run_units;
		*pages_live += page->npages;
	} else if (page->live_blocks) {
		(*pages_live)++;
	} else {
		(*pages_empty)++;
	}
	return 0;
}

static int check_family_locked(struct lmm_family *family,
			       const struct lmm_printer *out)
{
	struct walk w = { .out = out, .owner = family->name,
			  .q = &family->freeq };
	size_t pages_live = 0, pages_empty = 0, npages = 0;
	struct lmm_page *page;
	int err;

	for (page = family->first_page; page; page = page->next) {
		if (++npages > family->npages)
			return violation(&w, LMM_CHECK_PAGE);
		err = check_page(&w, family, page, &pages_live, &pages_empty);
		if (err)
			return err;
	}
	w.page_index = 0;
	w.offset = 0;
	err = check_queue(&w, family_owns, family);
	if (err)
		return err;
	if (w.used != family->count.blocks_in_use ||
	    w.units != family->count.units_in_use ||
	    pages_live != family->pages_in_use ||
	    pages_empty != family->pages_cached)
		return violation(&w, LMM_CHECK_STATS);
	return 0;
}

/**
 * lmm_family_check() - check every invariant of one family
 * @handle: the family
 * @out: where a violation is described, or NULL
 *
 * Return: LMM_CHECK_OK (0) or the first violation found.
 */
int lmm_family_check(struct lmm_family *handle, const struct lmm_printer *out)
{
	struct lmm_family *family = lmm_family_get(handle);
	int err;

	if (!family)
		return LMM_CHECK_HANDLE;
	err = check_family_locked(family, out);
	lmm_family_put(family);
	return err;
}

/**
 * lmm_check() - check every family
 * @out: where a violation is described, or NULL
 *
 * Return: LMM_CHECK_OK (0) or the first violation found.
 */
int lmm_check(const struct lmm_printer *out)
{
	struct lmm_family *family;
	int err = 0;

	lmm_port_lock(lmm_port_registry_lock());
	for (family = lmm_families_first(); family && !err;
	     family = lmm_families_next(family)) {
		lmm_port_lock(family->lock);
		err = check_family_locked(family, out);
		lmm_port_unlock(family->lock);
	}
	lmm_port_unlock(lmm_port_registry_lock());
	return err;
}

static bool region_owns(const void *owner, const struct lmm_free *f)
{
	return lmm_freeq_owns(&((const struct lmm_region *)owner)->freeq, f);
}

/**
 * lmm_region_check() - check every invariant of a region
 * @handle: the region
 * @out: where a violation is described, or NULL
 *
 * Return: LMM_CHECK_OK (0) or the first violation found.
 */
int lmm_region_check(struct lmm_region *handle, const struct lmm_printer *out)
{
	struct lmm_region *region = lmm_slot_get((unsigned long)handle,
						 LMM_SLOT_REGION);
	struct walk w = { .out = out, .owner = "region" };
	int err;

	if (!region)
		return LMM_CHECK_HANDLE;
	w.q = &region->freeq;
	err = check_area(&w, (struct lmm_block *)(region->base + LMM_ALIGN -
						  LMM_HDR_BYTES),
			 (struct lmm_block *)(region->base + region->area_bytes -
					      LMM_HDR_BYTES),
			 region->base, region->live_map,
			 region->area_bytes / LMM_ALIGN / LMM_LONG_BITS);
	if (!err)
		err = check_queue(&w, region_owns, region);
	if (!err && w.used != region->count.blocks_in_use)
		err = violation(&w, LMM_CHECK_STATS);
	lmm_port_unlock(region->lock);
	return err;
}
