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
#include "internal.h"

static unsigned long top_bit(unsigned long word)
{
	return LMM_LONG_BITS - 1 - __builtin_clzl(word);
}

static unsigned long low_bit(unsigned long word)
{
	return __builtin_ctzl(word);
}

static bool in_classes(const struct lmm_freeq *q, size_t size)
{
	return size / LMM_ALIGN < q->nclasses;
}

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
	q->min_block = nclasses ? LMM_BLOCK_MIN : LMM_BLOCK_MIN_TREE;
	q->tree = NULL;
	q->nblocks = 0;
	q->nbytes = 0;
	for (i = 0; i < nclasses; i++)
		heads[i] = NULL;
	for (i = 0; i < lmm_div_round_up(nclasses, LMM_LONG_BITS); i++)
		map[i] = 0;
}

static void class_mark(struct lmm_freeq *q, size_t cls)
{
	size_t word = cls / LMM_LONG_BITS;

	q->map[word] |= 1UL << (cls % LMM_LONG_BITS);
	q->summary |= 1UL << word;
}

static void class_unmark(struct lmm_freeq *q, size_t cls)
{
	size_t word = cls / LMM_LONG_BITS;

	q->map[word] &= ~(1UL << (cls % LMM_LONG_BITS));
	if (!q->map[word])
		q->summary &= ~(1UL << word);
}

/**
 * lmm_freeq_insert() - add a free block
 * @q: the queue
 * @f: the block; its header must already hold its size
 */
void lmm_freeq_insert(struct lmm_freeq *q, struct lmm_free *f)
{
	size_t size = lmm_block_size(&f->hdr);

	q->nblocks++;
	q->nbytes += size;
	if (in_classes(q, size)) {
		size_t cls = size / LMM_ALIGN;
		struct lmm_free *head = q->heads[cls];

		f->list.prev = NULL;
		f->list.next = head;
		if (head)
			head->list.prev = f;
		else
			class_mark(q, cls);
		q->heads[cls] = f;
	} else {
		q->tree = lmm_tree_insert(q->tree, f);
	}
}

/**
 * lmm_freeq_remove() - take a given free block out of the queue
 * @q: the queue
 * @f: a block in @q; its header must still hold the size it was added with
 */
void lmm_freeq_remove(struct lmm_freeq *q, struct lmm_free *f)
{
	size_t size = lmm_block_size(&f->hdr);

	q->nblocks--;
	q->nbytes -= size;
	if (in_classes(q, size)) {
		size_t cls = size / LMM_ALIGN;

		if (f->list.prev)
			f->list.prev->list.next = f->list.next;
		else
			q->heads[cls] = f->list.next;
		if (f->list.next)
			f->list.next->list.prev = f->list.prev;
		if (!q->heads[cls])
			class_unmark(q, cls);
	} else {
		q->tree = lmm_tree_remove(q->tree, f);
	}
}

/* The highest non-empty class, or 0 when all are empty. */
static size_t class_highest(const struct lmm_freeq *q)
{
	size_t word;

	if (!q->summary)
		return 0;
	word = top_bit(q->summary);
	return word * LMM_LONG_BITS + top_bit(q->map[word]);
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
		return word * LMM_LONG_BITS + low_bit(bits);
	if (word + 1 >= LMM_LONG_BITS)
		return 0;
	bits = q->summary & (~0UL << (word + 1));
	if (!bits)
		return 0;
	word = low_bit(bits);
	return word * LMM_LONG_BITS + low_bit(q->map[word]);
}

static struct lmm_free *pick(const struct lmm_freeq *q, size_t need)
{
	size_t cls;

	switch (q->policy) {
	case LMM_BEST_FIT:
		cls = class_ceil(q, need / LMM_ALIGN);
		if (cls)
			return q->heads[cls];
		return lmm_tree_ceil(q->tree, need);
	case LMM_FIRST_FIT:
		return lmm_tree_first_fit(q->tree, need);
	default:
		if (q->tree)	/* every tree block outgrows every class */
			return lmm_tree_max(q->tree);
		cls = class_highest(q);
		return cls ? q->heads[cls] : NULL;
	}
}

/**
 * lmm_freeq_take() - remove and return the block the policy wants
 * @q: the queue
 * @need: block bytes wanted
 *
 * Return: a block of at least @need bytes, or NULL if none is that large.
 */
struct lmm_free *lmm_freeq_take(struct lmm_freeq *q, size_t need)
{
	struct lmm_free *f = pick(q, need);

	if (!f || lmm_block_size(&f->hdr) < need)
		return NULL;
	lmm_freeq_remove(q, f);
	return f;
}

/**
 * lmm_freeq_largest() - the size of the largest free block
 * @q: the queue
 *
 * Return: block bytes, or 0 when the queue is empty.
 */
size_t lmm_freeq_largest(const struct lmm_freeq *q)
{
	struct lmm_free *f = q->tree ? lmm_tree_max(q->tree) : NULL;
	size_t cls;

	if (f)
		return lmm_block_size(&f->hdr);
	cls = class_highest(q);
	return cls ? lmm_block_size(&q->heads[cls]->hdr) : 0;
}

/**
 * lmm_freeq_walk() - visit every block in the queue (checker, reports)
 * @q: the queue
 * @visit: called for each block; returning false stops the walk
 * @ctx: passed to @visit
 *
 * Each list is followed for at most q->nblocks steps, so a corrupted,
 * cyclic list cannot hang the checker.
 *
 * Return: the number of blocks visited.
 */
size_t lmm_freeq_walk(const struct lmm_freeq *q,
		      bool (*visit)(const struct lmm_free *f, void *ctx),
		      void *ctx)
{
	size_t seen = 0;
	unsigned int cls;

	for (cls = 0; cls < q->nclasses; cls++) {
		const struct lmm_free *f;

		for (f = q->heads[cls]; f && seen <= q->nblocks;
		     f = f->list.next) {
			seen++;
			if (!visit(f, ctx))
				return seen;
		}
	}
	return seen + lmm_tree_walk(q->tree, visit, ctx);
}
