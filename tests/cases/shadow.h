/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * shadow.h - shadow models of a family and of a region, for the stats and
 * model cases.
 *
 * A model performs every allocation and free itself (filling payloads
 * with a pattern derived from an id, verifying it at free) and keeps its
 * own account: units, blocks, payload bytes, which pages hold live blocks,
 * which empty pages the family should have cached, how many pages it must
 * have asked for and given back.  The free-space figures it derives from
 * the layout of the live blocks: after every free the allocator merges
 * neighbours, so each gap between live blocks must be exactly one free
 * block.  The only thing read from inside lmm is the size of each live
 * block's header (internal.h), which the model bounds on its own.
 *
 * shadow_compare() then checks every figure of lmm_family_stats() (or
 * lmm_region_stats()) against the model, and arms a policy oracle: the
 * next allocation must land where the policy says, given those gaps.
 */
#ifndef LMM_SHADOW_H
#define LMM_SHADOW_H

#include "lmm_test.h"

struct shadow_block {
	char *p;
	u64 id;
	size_t bytes;		/* asked for */
	size_t units;		/* families only */
	u32 need;		/* block bytes the request needs */
	bool debug;		/* allocated with a red zone */
};

struct shadow_extent {
	unsigned long start;	/* the header */
	unsigned long size;
};

struct shadow_page {
	unsigned long addr;	/* 0: an empty slot */
	unsigned long live;
};

struct shadow_counts {
	u64 units;
	u64 payload;
	u64 allocs;
	u64 frees;
	u64 failed;
	u64 bad_frees;
	u64 corruptions;
	u64 page_requests;
	u64 page_releases;
};

struct shadow {
	struct lmm_test *t;
	struct lmm_family *f;		/* one of these two */
	struct lmm_region *r;
	size_t struct_bytes;
	enum lmm_policy policy;
	int cache_pages;
	bool debug;
	unsigned long min_block;
	/* A region's area: blocks tile [lo, hi). */
	unsigned long lo, hi;

	struct shadow_block *blocks;
	size_t nblocks, max_blocks;

	struct shadow_page *pages;	/* open addressing, page -> live */
	size_t page_slots, npages;
	unsigned long *cached;		/* empty pages the family keeps */
	size_t ncached;
	size_t run_pages;

	struct shadow_counts c;

	/* Scratch for shadow_compare(): extents, then gaps. */
	struct shadow_extent *ext;
	struct shadow_extent *gaps;
	size_t ngaps, max_gaps;
	bool gaps_valid;		/* the oracle is armed */
	u64 oracle_checks;
	u64 runs;			/* multi-page runs allocated */
	bool failed;			/* stop at the first failure */
};

bool shadow_family(struct shadow *sh, struct lmm_test *t, const char *name,
		   size_t struct_bytes, const struct lmm_family_opts *opts,
		   size_t max_blocks);
bool shadow_region(struct shadow *sh, struct lmm_test *t, size_t bytes,
		   enum lmm_policy policy, bool debug, size_t max_blocks);

/* Allocate @units (a family) or @bytes (a region), filled from @id. */
char *shadow_alloc(struct shadow *sh, size_t units_or_bytes, u64 id);
/* Verify and free the @i-th live block (the last one takes its slot). */
bool shadow_free(struct shadow *sh, size_t i);
/* A free that must be refused with -EINVAL. */
bool shadow_bad_free(struct shadow *sh, void *p);
/* Compare every figure; arms the policy oracle for the next allocation. */
bool shadow_compare(struct shadow *sh);
/* Only arm the oracle: work out the free blocks there must be. */
bool shadow_arm(struct shadow *sh);
/* Free every live block. */
bool shadow_free_all(struct shadow *sh);

#endif /* LMM_SHADOW_H */
