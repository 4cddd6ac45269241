/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * block.h - the hot half of splitting and merging blocks, inline.
 *
 * Carving a block and freeing one with no free neighbour are a few stores
 * each; the general cases (merging, poison, damage) stay out of line in
 * block.c.  See block.c for the layout.
 */
#ifndef LMM_BLOCK_H
#define LMM_BLOCK_H

#include "freeq.h"

/* PREV_FREE is outside the check value: flipping it needs no rehash. */
static inline void lmm_block_set_prev_free(struct lmm_block *b)
{
	b->size_flags |= LMM_BLOCK_PREV_FREE;
}

static inline void lmm_block_clear_prev_free(struct lmm_block *b)
{
	b->size_flags &= ~LMM_BLOCK_PREV_FREE;
}

/* A free block repeats its size in its last 8 bytes. */
static inline void lmm_block_set_footer(struct lmm_block *b)
{
	size_t size = lmm_block_size(b);

	*(u64 *)((char *)b + size - LMM_FOOTER_BYTES) = size;
}

/**
 * lmm_block_carve() - allocate the front of a free block
 * @q: the free queue that gets the remainder
 * @f: a free block already taken out of @q
 * @need: block bytes wanted, from lmm_block_size_for()
 * @flags: extra LMM_BLOCK_* flags for the used block (LMM_BLOCK_REDZONE)
 * @units: units of a family's struct the block holds, or 0
 *
 * The remainder becomes a free block of its own when it can hold one;
 * otherwise the whole block is handed out.
 *
 * Return: the used block.
 */
static inline struct lmm_block *lmm_block_carve(struct lmm_freeq *q,
						struct lmm_free *f,
						size_t need, u32 flags,
						u16 units)
{
	struct lmm_block *b = &f->hdr;
	size_t size = lmm_block_size(b);

	if (size - need >= q->min_block) {
		struct lmm_block *rest = (struct lmm_block *)((char *)b + need);

		/* The caller checked the poison: the rest of it is intact. */
		lmm_block_set(rest, size - need,
			      lmm_block_flags(b) & LMM_BLOCK_POISONED, 0);
		lmm_block_set_footer(rest);
		lmm_freeq_insert(q, (struct lmm_free *)rest);
		size = need;
	} else {
		lmm_block_clear_prev_free(lmm_block_next(b));
	}
	lmm_block_set(b, size, LMM_BLOCK_USED | flags, units);
	return b;
}

/**
 * lmm_block_release() - free a used block and merge it with free neighbours
 * @q: the free queue that gets the merged block
 * @b: the used block, checked with lmm_block_inspect()
 * @first: the first block of @b's area (page, run or region)
 * @poison: fill the freed payload with LMM_POISON_FREE (debug mode)
 *
 * A block between two used neighbours just changes its header and joins
 * its class; everything else goes through lmm_block_merge().
 *
 * Return: the free block that now holds @b, already in @q.
 */
static inline struct lmm_free *lmm_block_release(struct lmm_freeq *q,
						 struct lmm_block *b,
						 const struct lmm_block *first,
						 bool poison)
{
	struct lmm_block *next = lmm_block_next(b);

	if (poison || !(lmm_block_flags(next) & LMM_BLOCK_USED) ||
	    (lmm_block_flags(b) & LMM_BLOCK_PREV_FREE))
		return lmm_block_merge(q, b, first, poison);
	lmm_block_set(b, lmm_block_size(b), 0, 0);
	lmm_block_set_footer(b);
	lmm_block_set_prev_free(next);
	lmm_freeq_insert(q, (struct lmm_free *)b);
	return (struct lmm_free *)b;
}

/**
 * lmm_block_inspect() - check a used block that is about to be freed
 * @q: the free queue of its owner, for the damage report
 * @b: the block, found through a live map
 * @header_ok: set to false when the header is damaged: the block's extent
 *	is then unknown and it must be left alone
 *
 * Return: 0 when sound, -EFAULT when damaged (header or red zone).
 */
static inline int lmm_block_inspect(struct lmm_freeq *q, struct lmm_block *b,
				    bool *header_ok)
{
	u32 flags = lmm_block_flags(b) & (LMM_BLOCK_USED | LMM_BLOCK_REDZONE);

	if (flags == LMM_BLOCK_USED && lmm_block_valid(b)) {
		*header_ok = true;
		return 0;
	}
	return lmm_block_inspect_damage(q, b, header_ok);
}

#endif /* LMM_BLOCK_H */
