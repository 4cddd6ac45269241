// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * stats.c - statistics as data: counters kept on the way, read in O(1).
 *
 * Nothing here walks pages; every figure is a counter the hot path keeps
 * or a question the free queue answers at once (largest block).  The
 * checker (check.c) recomputes them from a walk and compares.
 */
#include "freeq.h"

/**
 * lmm_stats_fill() - turn counters and a free queue into figures
 * @stats: filled in; struct_bytes and the page counts are left to the caller
 * @c: the owner's counters
 * @q: the owner's free queue
 */
void lmm_stats_fill(struct lmm_stats *stats, const struct lmm_counters *c,
		    const struct lmm_freeq *q)
{
	size_t largest = lmm_freeq_largest(q);

	lmm_port_zero(stats, sizeof(*stats));
	stats->units_in_use = c->units_in_use;
	stats->blocks_in_use = c->blocks_in_use;
	stats->payload_bytes_in_use = c->payload_bytes_in_use;
	stats->free_blocks = q->nblocks;
	stats->free_bytes = q->nbytes - q->nblocks * LMM_HDR_BYTES;
	stats->largest_free_bytes = largest ? largest - LMM_HDR_BYTES : 0;
	if (stats->free_bytes)
		stats->fragmentation_pm = 1000 - (unsigned int)
			(stats->largest_free_bytes * 1000 / stats->free_bytes);
	stats->page_requests = c->page_requests;
	stats->page_releases = c->page_releases;
	stats->allocs = c->allocs;
	stats->frees = c->frees;
	stats->failed_allocs = c->failed_allocs;
	stats->bad_frees = c->bad_frees;
	stats->corruptions = c->corruptions;
}

/**
 * lmm_family_stats_locked() - the figures of a locked family
 * @family: the family, its lock held
 * @stats: filled in
 */
void lmm_family_stats_locked(struct lmm_family *family,
			     struct lmm_stats *stats)
{
	lmm_stats_fill(stats, &family->count, &family->freeq);
	stats->struct_bytes = family->struct_bytes;
	/* Not counted on the hot path: every unit is a whole struct. */
	stats->payload_bytes_in_use = family->count.units_in_use *
				      family->struct_bytes;
	stats->pages_in_use = family->pages_in_use;
	stats->pages_cached = family->pages_cached;
	lmm_freeq_settle(&family->freeq);	/* a bad link seen on the way */
}

/**
 * lmm_family_stats() - the figures of one family
 * @handle: the family
 * @stats: filled in
 *
 * Return: 0, or -EINVAL for a bad handle.
 */
int lmm_family_stats(struct lmm_family *handle, struct lmm_stats *stats)
{
	struct lmm_family *family;

	if (!stats)
		return -EINVAL;
	family = lmm_family_get(handle);
	if (!family)
		return -EINVAL;
	lmm_family_stats_locked(family, stats);
	lmm_family_put(family);
	return 0;
}

/**
 * lmm_stats_add() - add one set of figures to a sum
 * @sum: the running total
 * @part: the figures to add
 *
 * The largest free block of a sum is the largest of the parts, and its
 * fragmentation is recomputed from the summed free bytes.
 */
void lmm_stats_add(struct lmm_stats *sum, const struct lmm_stats *part)
{
	sum->pages_in_use += part->pages_in_use;
	sum->pages_cached += part->pages_cached;
	sum->units_in_use += part->units_in_use;
	sum->blocks_in_use += part->blocks_in_use;
	sum->payload_bytes_in_use += part->payload_bytes_in_use;
	sum->free_bytes += part->free_bytes;
	sum->free_blocks += part->free_blocks;
	if (part->largest_free_bytes > sum->largest_free_bytes)
		sum->largest_free_bytes = part->largest_free_bytes;
	sum->fragmentation_pm = sum->free_bytes ? 1000 - (unsigned int)
		(sum->largest_free_bytes * 1000 / sum->free_bytes) : 0;
	sum->page_requests += part->page_requests;
	sum->page_releases += part->page_releases;
	sum->allocs += part->allocs;
	sum->frees += part->frees;
	sum->failed_allocs += part->failed_allocs;
	sum->bad_frees += part->bad_frees;
	sum->corruptions += part->corruptions;
}

/**
 * lmm_total_stats() - the figures of all families together
 * @stats: filled in
 *
 * Takes each family's lock in turn under the registry lock.
 */
void lmm_total_stats(struct lmm_stats *stats)
{
	struct lmm_family *family;

	lmm_port_zero(stats, sizeof(*stats));
	lmm_port_lock(lmm_port_registry_lock());
	for (family = lmm_families_first(); family;
	     family = lmm_families_next(family)) {
		struct lmm_stats part;

		lmm_port_lock(family->lock);
		lmm_family_stats_locked(family, &part);
		lmm_port_unlock(family->lock);
		lmm_stats_add(stats, &part);
	}
	lmm_port_unlock(lmm_port_registry_lock());
}
