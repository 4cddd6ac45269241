// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * walk.c - the blocks of a region or family, and its free queue in the
 * order a policy sees it (lmm_walk.h); a region's teaching mode.
 *
 * The free queue is walked as the policy asks it, not sorted afresh, so
 * ties come out as the policy breaks them:
 *
 *   worst  treap from the largest down (among equal sizes the highest
 *          address, as lmm_tree_max() answers), then the size classes
 *          from the highest down, each list from its head (last freed)
 *   best   the classes from the lowest up, each from its head, then the
 *          treap from the smallest up (the lowest address among equals)
 *   first  every free block by address (first fit keeps all blocks in
 *          the treap, ordered by size: the address order is the tiling)
 *
 * Worst and best fit take the first block of this order that is large
 * enough, first fit the first one by address that is: a tool that prints
 * the order shows the student the block the next allocation gets.
 *
 * Every block is read as the checker would read it: a header that fails
 * its check value, or a link that leaves the owner's memory, ends the
 * walk with -EFAULT (lmm_check() then says more).
 */
#include "freeq.h"
#include "lmm_walk.h"

/* Where a walk's blocks are, and where they go. */
struct walker {
	lmm_walk_fn fn;
	void *ctx;
	const void *base;	/* page start or region base */
	u32 page;
	u32 npages;
	u64 run_units;
};

static int report_block(struct walker *w, const struct lmm_block *b)
{
	struct lmm_block_info info = {
		.page = w->page,
		.npages = w->npages,
		.offset = (unsigned long)b + LMM_HDR_BYTES -
			  (unsigned long)w->base,
	};

	if (!(lmm_block_flags(b) & LMM_BLOCK_USED)) {
		info.state = LMM_WALK_FREE;
		info.capacity = lmm_block_size(b) - LMM_HDR_BYTES;
	} else if (b->units == LMM_UNITS_QUARANTINE) {
		info.state = LMM_WALK_QUARANTINED;
		info.capacity = lmm_block_size(b) - LMM_HDR_BYTES;
	} else {
		info.state = LMM_WALK_USED;
		info.capacity = lmm_block_capacity(b);
		info.units = w->npages > 1 ? w->run_units : b->units;
	}
	return w->fn(w->ctx, &info);
}

/* Every block from @first to the end sentinel @end; @free_only skips used. */
static int walk_area(struct walker *w, const struct lmm_block *first,
		     const struct lmm_block *end, bool free_only)
{
	const struct lmm_block *b;
	int ret;

	for (b = first; b < end; b = lmm_block_next(b)) {
		if (!lmm_block_valid(b) || lmm_block_size(b) < LMM_ALIGN ||
		    lmm_block_size(b) > (unsigned long)end - (unsigned long)b)
			return -EFAULT;
		if (free_only && (lmm_block_flags(b) & LMM_BLOCK_USED))
			continue;
		ret = report_block(w, b);
		if (ret)
			return ret;
	}
	return 0;
}

static struct lmm_block *region_first(const struct lmm_region *region)
{
	return (struct lmm_block *)(region->base + LMM_ALIGN - LMM_HDR_BYTES);
}

static struct lmm_block *region_end(const struct lmm_region *region)
{
	return (struct lmm_block *)(region->base + region->area_bytes -
				    LMM_HDR_BYTES);
}

/* Point @w at a free block's page (family) before reporting it. */
static int report_queued(struct walker *w, const struct lmm_freeq *q,
			 const struct lmm_free *f)
{
	if (q->owner_id) {
		struct lmm_page *page = lmm_page_of(f);

		w->base = page;
		w->page = page->index;
		w->npages = page->npages;
	}
	return report_block(w, &f->hdr);
}

/* The treap in order, ascending or descending (size, then address). */
static int walk_tree(struct walker *w, struct lmm_freeq *q,
		     struct lmm_free *t, bool descending)
{
	struct lmm_free *lo, *hi;
	int ret;

	if (!t)
		return 0;
	lo = lmm_tree_child(q, t, &t->tree.left);
	hi = lmm_tree_child(q, t, &t->tree.right);
	if (q->broken)
		return -EFAULT;
	ret = walk_tree(w, q, descending ? hi : lo, descending);
	if (!ret)
		ret = report_queued(w, q, t);
	if (!ret)
		ret = walk_tree(w, q, descending ? lo : hi, descending);
	return ret;
}

/* One size class, from its head, each link checked before it is followed. */
static int walk_class(struct walker *w, struct lmm_freeq *q, size_t cls)
{
	struct lmm_free *f;
	int ret;

	for (f = q->heads[cls]; f; f = lmm_link_get(&f->list.next)) {
		if (!lmm_freeq_owns(q, f) ||
		    !lmm_freeq_block_ok(q, f, cls * LMM_ALIGN))
			return -EFAULT;
		ret = report_queued(w, q, f);
		if (ret)
			return ret;
	}
	return 0;
}

static int walk_classes(struct walker *w, struct lmm_freeq *q, bool down)
{
	size_t i;
	int ret;

	for (i = 0; i < q->nclasses; i++) {
		size_t cls = down ? q->nclasses - 1 - i : i;

		if (!lmm_bit_test(q->map, cls))
			continue;
		ret = walk_class(w, q, cls);
		if (ret)
			return ret;
	}
	return 0;
}

/* Worst and best fit: the queue's own order (first fit is by address). */
static int walk_queue(struct walker *w, struct lmm_freeq *q)
{
	int ret;

	if (q->policy == LMM_BEST_FIT) {
		ret = walk_classes(w, q, false);
		return ret ? ret : walk_tree(w, q, q->tree, false);
	}
	ret = walk_tree(w, q, q->tree, true);
	return ret ? ret : walk_classes(w, q, true);
}

static struct lmm_region *region_lock(struct lmm_region *handle)
{
	return lmm_slot_get((unsigned long)handle, LMM_SLOT_REGION);
}

static int walk_region(struct lmm_region *handle, lmm_walk_fn fn, void *ctx,
		       bool queue_order)
{
	struct lmm_region *region = region_lock(handle);
	struct walker w = { .fn = fn, .ctx = ctx };
	int ret;

	if (!region || !fn) {
		if (region)
			lmm_port_unlock(region->lock);
		return -EINVAL;
	}
	w.base = region->base;
	if (queue_order && region->freeq.policy != LMM_FIRST_FIT)
		ret = walk_queue(&w, &region->freeq);
	else
		ret = walk_area(&w, region_first(region), region_end(region),
				queue_order);
	lmm_port_unlock(region->lock);
	return ret;
}

/**
 * lmm_region_walk() - every block of a region, in address order
 * @region: the region
 * @fn: called for each block, the region locked: it must not call lmm
 * @ctx: passed to @fn
 *
 * Return: 0, what @fn returned to stop the walk, -EINVAL for a bad handle
 * or -EFAULT at a damaged header.
 */
int lmm_region_walk(struct lmm_region *region, lmm_walk_fn fn, void *ctx)
{
	return walk_region(region, fn, ctx, false);
}

/**
 * lmm_region_walk_free() - a region's free blocks in its policy's order
 * @region: the region
 * @fn: called for each free block, the region locked: it must not call lmm
 * @ctx: passed to @fn
 *
 * The first block reported that is large enough for a request is the one
 * lmm_region_alloc() carves it from.
 *
 * Return: as lmm_region_walk().
 */
int lmm_region_walk_free(struct lmm_region *region, lmm_walk_fn fn,
			 void *ctx)
{
	return walk_region(region, fn, ctx, true);
}

static int walk_page(struct walker *w, struct lmm_page *page, bool free_only)
{
	w->base = page;
	w->page = page->index;
	w->npages = page->npages;
	w->run_units = page->run_units;
	return walk_area(w, lmm_page_first_block(page), lmm_page_end(page),
			 free_only);
}

/* The page of @family at the lowest address above @after (0: any). */
static struct lmm_page *page_above(const struct lmm_family *family,
				   unsigned long after)
{
	struct lmm_page *page, *best = NULL;

	for (page = family->first_page; page; page = lmm_family_next_page(family, page))
		if ((unsigned long)page > after &&
		    (!best || (unsigned long)page < (unsigned long)best))
			best = page;
	return best;
}

/*
 * First fit, across pages: the lowest address that fits, so pages go by
 * address, not by index.  O(p^2) to find them in order: a teaching walk.
 */
static int walk_by_address(struct walker *w, struct lmm_family *family)
{
	struct lmm_page *page = page_above(family, 0);
	int ret;

	for (; page; page = page_above(family, (unsigned long)page)) {
		ret = walk_page(w, page, true);
		if (ret)
			return ret;
	}
	return 0;
}

static int walk_family(struct lmm_family *handle, lmm_walk_fn fn, void *ctx,
		       bool queue_order)
{
	struct lmm_family *family = lmm_family_get(handle);
	struct walker w = { .fn = fn, .ctx = ctx };
	struct lmm_page *page;
	int ret = 0;

	if (!family || !fn) {
		if (family)
			lmm_family_put(family);
		return -EINVAL;
	}
	if (queue_order && family->freeq.policy == LMM_FIRST_FIT)
		ret = walk_by_address(&w, family);
	else if (queue_order)
		ret = walk_queue(&w, &family->freeq);
	else
		for (page = family->first_page; page && !ret;
		     page = lmm_family_next_page(family, page))
			ret = walk_page(&w, page, false);
	lmm_family_put(family);
	return ret;
}

/**
 * lmm_family_walk() - every block of a family's pages
 * @family: the family
 * @fn: called for each block, the family locked: it must not call lmm
 * @ctx: passed to @fn
 *
 * Pages come in the order the family took them (their index), a page's
 * blocks in address order.
 *
 * Return: as lmm_region_walk().
 */
int lmm_family_walk(struct lmm_family *family, lmm_walk_fn fn, void *ctx)
{
	return walk_family(family, fn, ctx, false);
}

/**
 * lmm_family_walk_free() - a family's free blocks in its policy's order
 * @family: the family
 * @fn: called for each free block, the family locked: it must not call lmm
 * @ctx: passed to @fn
 *
 * The first block reported that is large enough for a request is the one
 * lmm_alloc() carves it from (a new page is taken when none is).
 *
 * Return: as lmm_region_walk().
 */
int lmm_family_walk_free(struct lmm_family *family, lmm_walk_fn fn,
			 void *ctx)
{
	return walk_family(family, fn, ctx, true);
}

/**
 * lmm_region_set_coalesce() - turn the merging of free blocks on or off
 * @handle: the region, with no live block and never split since it was
 *	made (or since everything merged back into one block)
 * @on: false for the teaching mode: freed blocks stay apart
 *
 * Only a region has this mode; a family always coalesces.  The checker
 * then accepts free blocks side by side, and checks everything else
 * (footers, PREV_FREE, the queue) as before; a repair after damage keeps
 * them apart too.  Turning it back on needs one free block again, since a
 * merge only looks at the direct neighbours.
 *
 * Return: 0, -EINVAL for a bad handle, or -EBUSY when the region holds
 * more than its one first free block.
 */
int lmm_region_set_coalesce(struct lmm_region *handle, bool on)
{
	struct lmm_region *region = region_lock(handle);
	int ret = 0;

	if (!region)
		return -EINVAL;
	if (region->count.blocks_in_use || region->freeq.nblocks != 1)
		ret = -EBUSY;
	else
		region->freeq.apart = !on;
	lmm_port_unlock(region->lock);
	return ret;
}
