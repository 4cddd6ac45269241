/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_walk.h - looking inside the allocator, for teaching tools (lmmsim).
 *
 * A walk calls a function for every block of a region or of a family's
 * pages, in address order, or for every free block in the order the
 * free queue offers them to the policy: the first block a walk of the
 * free queue gives that is large enough is the block the next allocation
 * takes.  Blocks are named by page index and payload offset, never by
 * address, so the output of a tool is the same in every run.
 *
 * lmm_region_set_coalesce() is a region's teaching mode: with coalescing
 * off, a freed block is not merged with its free neighbours, so a student
 * can watch a heap fall apart into small free blocks.
 */
#ifndef LMM_WALK_H
#define LMM_WALK_H

#include "lmm.h"

enum lmm_block_state {
	LMM_WALK_FREE,
	LMM_WALK_USED,
	LMM_WALK_QUARANTINED,	/* fenced off after damage; never reused */
};

/*
 * struct lmm_block_info - one block, as a walk reports it
 * @page: the page's index in its family (creation order); 0 in a region
 * @npages: 1, or n for a run of pages; 0 in a region
 * @offset: of the payload, from the page start or the region base
 * @capacity: bytes the program can use: the 8-byte header (and a debug
 *	red zone) excluded, as in struct lmm_stats
 * @units: units of the family's struct a used block holds; 0 otherwise
 * @state: free, used or quarantined
 */
struct lmm_block_info {
	uint32_t page;
	uint32_t npages;
	size_t offset;
	size_t capacity;
	size_t units;
	enum lmm_block_state state;
};

/*
 * Called once per block with the owner's lock held: it must not call lmm.
 * A non-zero return stops the walk, which then returns that value.
 */
typedef int (*lmm_walk_fn)(void *ctx, const struct lmm_block_info *info);

int lmm_region_walk(struct lmm_region *region, lmm_walk_fn fn, void *ctx);
int lmm_region_walk_free(struct lmm_region *region, lmm_walk_fn fn,
			 void *ctx);
int lmm_family_walk(struct lmm_family *family, lmm_walk_fn fn, void *ctx);
int lmm_family_walk_free(struct lmm_family *family, lmm_walk_fn fn,
			 void *ctx);

int lmm_region_set_coalesce(struct lmm_region *region, bool on);

#endif /* LMM_WALK_H */
