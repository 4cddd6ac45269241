// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * region.c - a plain heap over one range of memory (the Mem_* API).
 *
 * The region is the same block engine as a family page, stretched over
 * one contiguous area; its metadata lives apart from the area, so a
 * 4096-byte region gives 4080 bytes of blocks:
 *
 *   handle  ->  slot  ->  struct lmm_region (kept for the slot's next use)
 *   meta pages:  class heads | class map | live map
 *   area pages:  [8 unused] hdr payload ... hdr payload ... [end hdr]
 *
 * The handle is checked like a family's (handle.c): a destroyed region's
 * handle is refused, never followed into memory given back.
 *
 * Size classes cover blocks below 64 KiB (or the whole area when it is
 * smaller); larger free blocks go to the treap.  Frees are checked like a
 * family's: the pointer must be inside the area and the live map must
 * have the payload start marked, before any header is read.
 */
#include "block.h"

#define REGION_FIRST_BLOCK	(LMM_ALIGN - LMM_HDR_BYTES)
#define REGION_MAX_BYTES	0xfff00000UL	/* block sizes are 32-bit */

static struct lmm_block *region_first_block(struct lmm_region *region)
{
	return (struct lmm_block *)(region->base + REGION_FIRST_BLOCK);
}

/* The live region a handle names, locked; NULL for any other value. */
static struct lmm_region *region_get(const struct lmm_region *handle)
{
	return lmm_slot_get((unsigned long)handle, LMM_SLOT_REGION);
}

static void region_put(struct lmm_region *region)
{
	lmm_port_unlock(region->lock);
}

static void region_damaged(struct lmm_freeq *q, const void *at,
			   const char *what)
{
	struct lmm_region *region = lmm_container_of(q, struct lmm_region,
						     freeq);

	region->count.corruptions++;
	lmm_port_log(LMM_LOG_DAMAGE, "region: %s at offset %lu", what,
		     (unsigned long)at + LMM_HDR_BYTES -
		     (unsigned long)region->base);
}

static size_t meta_bytes(unsigned int nclasses, size_t live_words)
{
	return nclasses * sizeof(struct lmm_free *) +
	       lmm_div_round_up(nclasses, LMM_LONG_BITS) *
	       sizeof(unsigned long) + live_words * sizeof(unsigned long);
}

static void region_free_pages(struct lmm_region *region)
{
	if (region->base)
		lmm_port_pages_free(region->base, region->area_npages);
	if (region->meta)
		lmm_port_pages_free(region->meta, region->meta_npages);
	region->base = NULL;
	region->meta = NULL;
}

/* Lay the class heads, maps and one free block out in fresh pages. */
static void region_init_area(struct lmm_region *region,
			     enum lmm_policy policy, size_t classes)
{
	struct lmm_free **heads = region->meta;
	struct lmm_block *b;

	lmm_port_zero(region->meta, region->meta_npages * LMM_PAGE_SIZE);
	lmm_freeq_init(&region->freeq, policy, heads,
		       (unsigned long *)(heads + classes),
		       (unsigned int)classes);
	region->live_map = (unsigned long *)(heads + classes) +
			   lmm_div_round_up(classes, LMM_LONG_BITS);
	region->freeq.area_lo = (unsigned long)region->base;
	region->freeq.area_hi = (unsigned long)region->base +
				region->area_bytes - LMM_HDR_BYTES;
	region->freeq.damaged = region_damaged;
	region->freeq.repair = lmm_region_repair;
	b = lmm_block_area_init(region->base + REGION_FIRST_BLOCK,
				region->area_bytes - REGION_FIRST_BLOCK);
	lmm_freeq_insert(&region->freeq, (struct lmm_free *)b);
}

/**
 * lmm_region_repair() - rebuild a region's free queue from its area
 * @q: the region's queue, its lock held
 */
void lmm_region_repair(struct lmm_freeq *q)
{
	struct lmm_region *region = lmm_container_of(q, struct lmm_region,
						     freeq);

	lmm_freeq_clear(q);
	lmm_repair_area(q, region_first_block(region),
			(struct lmm_block *)(region->base + region->area_bytes -
					     LMM_HDR_BYTES),
			region->base, region->live_map, region->debug);
	q->suspect = NULL;
	q->broken = false;
}

/**
 * lmm_region_create() - make a heap over a fresh range of memory
 * @bytes: the size of the range, rounded up to whole pages
 * @policy: LMM_WORST_FIT, LMM_BEST_FIT or LMM_FIRST_FIT
 * @regionp: receives the region
 *
 * Return: 0, -EINVAL for a size of 0 (or over 4 GiB - 1 MiB: block sizes
 * are 32-bit) or a bad policy, or -ENOMEM.
 */
int lmm_region_create(size_t bytes, enum lmm_policy policy,
		      struct lmm_region **regionp)
{
	size_t area_bytes, classes, live_words;
	struct lmm_region *region;
	struct lmm_slot *slot;
	u32 id;

	if (!regionp)
		return -EINVAL;
	*regionp = NULL;
	if (!bytes || bytes > REGION_MAX_BYTES ||
	    (unsigned int)policy > LMM_FIRST_FIT)
		return -EINVAL;
	lmm_secrets_ready();
	area_bytes = lmm_round_up(bytes, LMM_PAGE_SIZE);
	classes = area_bytes / LMM_ALIGN;
	if (classes > LMM_FREEQ_MAX_CLASSES)
		classes = LMM_FREEQ_MAX_CLASSES;
	live_words = area_bytes / LMM_ALIGN / LMM_LONG_BITS;
	lmm_port_lock(lmm_port_registry_lock());
	slot = lmm_slot_alloc(LMM_SLOT_REGION, 1, &id);
	lmm_port_unlock(lmm_port_registry_lock());
	if (!slot)
		return -ENOMEM;
	region = slot->object;
	lmm_port_zero(region, sizeof(*region));
	region->id = id;
	region->slot = slot;
	region->lock = slot->lock;
	region->meta_npages = lmm_div_round_up(meta_bytes(classes, live_words),
					       LMM_PAGE_SIZE);
	region->area_npages = area_bytes / LMM_PAGE_SIZE;
	region->area_bytes = area_bytes;
	region->meta = lmm_port_pages_alloc(region->meta_npages);
	region->base = lmm_port_pages_alloc(region->area_npages);
	if (!region->base || !region->meta) {
		region_free_pages(region);
		lmm_port_lock(lmm_port_registry_lock());
		lmm_slot_free(slot, id, LMM_SLOT_REGION);
		lmm_port_unlock(lmm_port_registry_lock());
		return -ENOMEM;
	}
	region_init_area(region, policy, classes);
	region->handle = lmm_slot_publish(slot, id, LMM_SLOT_REGION);
	*regionp = (struct lmm_region *)region->handle;
	return 0;
}

/**
 * lmm_region_destroy() - give a region's memory back
 * @handle: the region; live blocks in it are gone with it
 *
 * The handle is dead afterwards: every function given it again refuses it.
 */
void lmm_region_destroy(struct lmm_region *handle)
{
	struct lmm_region *region = region_get(handle);

	if (!region)
		return;
	lmm_slot_kill(region->slot);
	region->handle = 0;
	region_free_pages(region);
	region_put(region);
	lmm_port_lock(lmm_port_registry_lock());
	lmm_slot_free(region->slot, region->id, LMM_SLOT_REGION);
	lmm_port_unlock(lmm_port_registry_lock());
}

/**
 * lmm_region_set_debug() - turn red zones and poisoning on or off
 * @handle: the region
 * @on: the new setting.  A block keeps the red zone it was allocated
 *	with; poisoning (and checking it while merging) follows the setting
 *	at the time of each free.
 */
void lmm_region_set_debug(struct lmm_region *handle, bool on)
{
	struct lmm_region *region = region_get(handle);

	if (!region)
		return;
	region->debug = on;
	region_put(region);
}

static unsigned long slot_of(const struct lmm_region *region, const void *p)
{
	return ((unsigned long)p - (unsigned long)region->base) / LMM_ALIGN;
}

static struct lmm_block *carve_locked(struct lmm_region *region, size_t need,
				      u32 flags)
{
	struct lmm_freeq *q = &region->freeq;
	struct lmm_free *f;
	struct lmm_block *b;

	for (;;) {
		f = lmm_freeq_take(q, need);
		if (!f || !(lmm_block_flags(&f->hdr) & LMM_BLOCK_POISONED) ||
		    lmm_block_poison_damage(q, f) < 0)
			break;
		lmm_freeq_quarantine(q, f, "write after free");
	}
	if (!f)
		return NULL;
	/* Set only with coalescing off: the block before stays free. */
	flags |= lmm_block_flags(&f->hdr) & LMM_BLOCK_PREV_FREE;
	b = lmm_block_carve(q, f, need, flags, 0);
	lmm_freeq_settle(q);
	lmm_bit_set(region->live_map, slot_of(region, lmm_block_payload(b)));
	region->count.blocks_in_use++;
	region->count.payload_bytes_in_use += lmm_block_capacity(b);
	region->count.allocs++;
	return b;
}

/**
 * lmm_region_alloc() - allocate from a region
 * @handle: the region
 * @bytes: at least 1
 * @errp: receives the error on failure; may be NULL
 *
 * The memory is not zeroed (like malloc()).
 *
 * Return: a 16-byte aligned pointer, or NULL with *errp set to -EINVAL or
 * -ENOMEM (no free block is large enough).
 */
void *lmm_region_alloc(struct lmm_region *handle, size_t bytes, int *errp)
{
	struct lmm_region *region = region_get(handle);
	struct lmm_block *b = NULL;
	int err = -ENOMEM;
	size_t need;
	u32 flags;

	if (!region) {
		if (errp)
			*errp = -EINVAL;
		return NULL;
	}
	flags = region->debug ? LMM_BLOCK_REDZONE : 0;
	need = lmm_block_size_for(bytes, flags, region->freeq.min_block);
	if (!bytes)
		err = -EINVAL;
	else if (need)
		b = carve_locked(region, need, flags);
	if (!b)
		region->count.failed_allocs++;
	region_put(region);
	if (!b) {
		if (errp)
			*errp = err;
		return NULL;
	}
	if (flags)
		lmm_block_redzone_fill(b, bytes);
	return lmm_block_payload(b);
}

/* The live block whose payload is @ptr, judged by the live map alone. */
static struct lmm_block *live_block(struct lmm_region *region, const void *ptr)
{
	unsigned long off = (unsigned long)ptr - (unsigned long)region->base;

	if ((unsigned long)ptr < (unsigned long)region->base ||
	    off >= region->area_bytes || off % LMM_ALIGN ||
	    !lmm_bit_test(region->live_map, off / LMM_ALIGN))
		return NULL;
	return lmm_block_of(ptr);
}

static int free_locked(struct lmm_region *region, void *ptr)
{
	struct lmm_block *b = live_block(region, ptr);
	bool header_ok;
	int ret;

	if (!b) {
		region->count.bad_frees++;
		return -EINVAL;
	}
	ret = lmm_block_inspect(&region->freeq, b, &header_ok);
	if (!header_ok)
		return ret;	/* its extent is unknown: leave it alone */
	lmm_bit_clear(region->live_map, slot_of(region, ptr));
	region->count.blocks_in_use--;
	region->count.payload_bytes_in_use -= lmm_block_capacity(b);
	region->count.frees++;
	if (region->freeq.apart)
		lmm_block_free_apart(&region->freeq, b, region->debug);
	else
		lmm_block_release(&region->freeq, b, region_first_block(region),
				  region->debug);
	return ret;
}

/**
 * lmm_region_free() - free memory from lmm_region_alloc()
 * @handle: the region
 * @ptr: the pointer; NULL is a no-op
 *
 * Return: 0, -EINVAL for a pointer the region did not hand out (foreign,
 * interior or already freed), or -EFAULT for a damaged block.
 */
int lmm_region_free(struct lmm_region *handle, void *ptr)
{
	struct lmm_region *region;
	int ret;

	if (!ptr)
		return 0;
	region = region_get(handle);
	if (!region)
		return -EINVAL;
	ret = free_locked(region, ptr);
	region_put(region);
	return ret;
}

/**
 * lmm_region_stats() - the figures of a region
 * @handle: the region
 * @stats: filled in
 *
 * Return: 0, or -EINVAL for a bad handle.
 */
int lmm_region_stats(struct lmm_region *handle, struct lmm_stats *stats)
{
	struct lmm_region *region;

	if (!stats)
		return -EINVAL;
	region = region_get(handle);
	if (!region)
		return -EINVAL;
	lmm_stats_fill(stats, &region->count, &region->freeq);
	stats->pages_in_use = region->area_npages;
	lmm_freeq_settle(&region->freeq);
	region_put(region);
	return 0;
}

/**
 * lmm_region_base() - where a region's managed area starts
 * @handle: the region
 *
 * The area is what the region's blocks tile; its bookkeeping lives in
 * pages of its own, so a caller writing through this pointer can damage
 * blocks (which frees and allocations then catch) but never the region
 * itself.  The area is page-aligned and lmm_region_create()'s size
 * rounded up to pages long.
 *
 * Return: the first byte of the area, or NULL for a bad handle.
 */
void *lmm_region_base(struct lmm_region *handle)
{
	struct lmm_region *region = region_get(handle);
	void *base;

	if (!region)
		return NULL;
	base = region->base;
	region_put(region);
	return base;
}
