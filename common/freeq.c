// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * freeq.c - the free queue: which free block does a policy want?
 *
 * Worst fit wants the largest free block.  The seed describes an indexed
 * binary max-heap for that (O(log n) insert, remove and resize); lmm uses
 * an exact bucket queue, which gives the same answer in O(1):
 *
 *   class:   2    3    4         250  251 ... (one per 16-byte size)
 *   heads: [ . ][ o ][ . ] ... [ o ][ . ]     LIFO list of free blocks
 *   map:    0    1    0         1    0        bit set <=> list not empty
 *   summary: one bit per map word that is not zero
 *
 * The largest block is the head of the highest non-empty class: the top
 * bit of the summary names a map word, the top bit of that word names the
 * class.  Best fit searches upward from the class of the request the same
 * way.  Ties are broken by the list order (last freed first), so a given
 * trace always picks the same blocks.
 *
 * Classes are exact, so they only cover sizes below nclasses * 16 bytes:
 * every in-page block of a family, and the small blocks of a region.
 * Larger blocks go to the treap in tree.c, which also serves first fit
 * (lowest address that fits), a question size classes cannot answer.
 */
#include "freeq.h"

/* lmm_list_key(): both list links share the payload's first granule. */
static_assert(__builtin_offsetof(struct lmm_free, list.next) ==
	      LMM_HDR_BYTES &&
	      __builtin_offsetof(struct lmm_free, list.prev) ==
	      LMM_HDR_BYTES + sizeof(unsigned long) &&
	      2 * sizeof(unsigned long) <= LMM_ALIGN,
	      "the list links of a free block lie in one 16-byte granule");

/**
 * lmm_freeq_init() - set up an empty free queue
 * @q: the queue
 * @policy: which block lmm_freeq_take() returns
 * @heads: @nclasses list heads, owned by the caller
 * @map: @nclasses bits, owned by the caller
 * @nclasses: size classes; 0 puts every block in the treap
 */
void lmm_freeq_init(struct lmm_freeq *q, enum lmm_policy policy,
		    struct lmm_free **heads, unsigned long *map,
		    unsigned int nclasses)
{
	unsigned int i;

	if (policy == LMM_FIRST_FIT)
		nclasses = 0;
	q->heads = heads;
	q->map = map;
	q->summary = 0;
	q->nclasses = nclasses;
	q->policy = policy;
	q->apart = false;
	q->min_block = nclasses ? LMM_BLOCK_MIN : LMM_BLOCK_MIN_TREE;
	q->tree = NULL;
	q->broken = false;
	q->suspect = NULL;
	q->nblocks = 0;
	q->nbytes = 0;
	for (i = 0; i < nclasses; i++)
		heads[i] = NULL;
	for (i = 0; i < lmm_div_round_up(nclasses, LMM_LONG_BITS); i++)
		map[i] = 0;
}

/* The lowest non-empty class at or above @cls, or 0 when there is none. */
static size_t class_ceil(const struct lmm_freeq *q, size_t cls)
{
	size_t word = cls / LMM_LONG_BITS;
	unsigned long bits;

	if (cls >= q->nclasses)
		return 0;
	bits = q->map[word] & (~0UL << (cls % LMM_LONG_BITS));
	if (bits)
		return word * LMM_LONG_BITS + lmm_low_bit(bits);
	if (word + 1 >= LMM_LONG_BITS)
		return 0;
	bits = q->summary & (~0UL << (word + 1));
	if (!bits)
		return 0;
	word = lmm_low_bit(bits);
	return word * LMM_LONG_BITS + lmm_low_bit(q->map[word]);
}

/**
 * lmm_freeq_pick() - the block the policy wants, left in the queue
 * @q: the queue
 * @need: block bytes wanted
 *
 * The general case of lmm_freeq_take(): any policy, classes and treap.
 *
 * Return: the block, which may be smaller than @need, or NULL.
 */
struct lmm_free *lmm_freeq_pick(struct lmm_freeq *q, size_t need)
{
	size_t cls;

	switch (q->policy) {
	case LMM_BEST_FIT:
		cls = class_ceil(q, need / LMM_ALIGN);
		if (cls)
			return q->heads[cls];
		return lmm_tree_ceil(q, need);
	case LMM_FIRST_FIT:
		return lmm_tree_first_fit(q, need);
	default:
		if (q->tree)	/* every tree block outgrows every class */
			return lmm_tree_max(q);
		cls = lmm_class_highest(q);
		return cls ? q->heads[cls] : NULL;
	}
}

/**
 * lmm_freeq_broken() - report a damaged queue and rebuild it
 * @q: the queue
 * @f: the block found damaged, or whose links are
 * @what: what was found, for the log
 *
 * @f is left alone: the repair marks it used by nobody (quarantined), so
 * it is neither handed out nor merged again.
 *
 * Return: NULL, for the callers' convenience.
 */
struct lmm_free *lmm_freeq_broken(struct lmm_freeq *q, struct lmm_free *f,
				  const char *what)
{
	q->damaged(q, f, what);
	q->suspect = f;
	q->broken = true;
	q->repair(q);
	return NULL;
}

/* Is @f, as found by a policy, a checked free block of at least @need? */
static bool picked_ok(struct lmm_freeq *q, struct lmm_free *f, size_t need)
{
	size_t size;

	if (!lmm_freeq_owns(q, f))
		return false;
	size = lmm_block_size(&f->hdr);	/* checked with the rest below */
	return size >= need && lmm_freeq_block_ok(q, f, size);
}

/* How often a take may find damage before it gives up on the queue. */
#define TAKE_TRIES	8

/**
 * lmm_freeq_take_slow() - lmm_freeq_take() for every policy
 * @q: the queue
 * @need: block bytes wanted
 *
 * Return: a checked block of at least @need bytes, or NULL.
 */
struct lmm_free *lmm_freeq_take_slow(struct lmm_freeq *q, size_t need)
{
	int tries;

	for (tries = 0; tries < TAKE_TRIES; tries++) {
		struct lmm_free *f = lmm_freeq_pick(q, need);

		if (q->broken) {	/* a bad link, seen while picking */
			q->repair(q);
			continue;
		}
		if (!f)
			return NULL;
		if (!picked_ok(q, f, need)) {
			/* f may come from a min_addr: read it only if ours */
			if (lmm_freeq_owns(q, f) && lmm_block_valid(&f->hdr) &&
			    lmm_block_size(&f->hdr) < need)
				return NULL;	/* the largest is too small */
			lmm_freeq_broken(q, f, "damaged free block");
			continue;
		}
		if (lmm_freeq_remove(q, f))
			return f;
		lmm_freeq_broken(q, f, "damaged free-list link");
	}
	return NULL;
}

/**
 * lmm_freeq_largest() - the size of the largest free block
 * @q: the queue
 *
 * Return: block bytes, or 0 when the queue is empty.
 */
size_t lmm_freeq_largest(const struct lmm_freeq *q)
{
	/* A bad link seen here makes the queue's suspect, repaired later. */
	struct lmm_free *f = q->tree ? lmm_tree_max((struct lmm_freeq *)q) :
			     NULL;

	if (f)
		return lmm_block_size(&f->hdr);
	/* Classes are exact: the class says the size, no header is read. */
	return lmm_class_highest(q) * LMM_ALIGN;
}
