/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * freeq.h - the hot half of the free queue, inline.
 *
 * Adding, removing and finding the largest block are a handful of
 * instructions each; as out-of-line calls from the allocation and free
 * paths they cost more in calls than in work.  The rest of the queue
 * (policies, the treap, walks) is in freeq.c and tree.c.
 */
#ifndef LMM_FREEQ_H
#define LMM_FREEQ_H

#include "internal.h"

static inline unsigned long lmm_top_bit(unsigned long word)
{
	return LMM_LONG_BITS - 1 - __builtin_clzl(word);
}

static inline unsigned long lmm_low_bit(unsigned long word)
{
	return __builtin_ctzl(word);
}

static inline bool lmm_in_classes(const struct lmm_freeq *q, size_t size)
{
	return size / LMM_ALIGN < q->nclasses;
}

static inline void lmm_class_mark(struct lmm_freeq *q, size_t cls)
{
	size_t word = cls / LMM_LONG_BITS;

	q->map[word] |= 1UL << (cls % LMM_LONG_BITS);
	q->summary |= 1UL << word;
}

static inline void lmm_class_unmark(struct lmm_freeq *q, size_t cls)
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
static inline void lmm_freeq_insert(struct lmm_freeq *q, struct lmm_free *f)
{
	size_t size = lmm_block_size(&f->hdr);

	q->nblocks++;
	q->nbytes += size;
	if (lmm_in_classes(q, size)) {
		size_t cls = size / LMM_ALIGN;
		struct lmm_free *head = q->heads[cls];

		f->list.prev = NULL;
		f->list.next = head;
		if (head)
			head->list.prev = f;
		else
			lmm_class_mark(q, cls);
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
static inline void lmm_freeq_remove(struct lmm_freeq *q, struct lmm_free *f)
{
	size_t size = lmm_block_size(&f->hdr);

	q->nblocks--;
	q->nbytes -= size;
	if (lmm_in_classes(q, size)) {
		size_t cls = size / LMM_ALIGN;

		if (f->list.prev)
			f->list.prev->list.next = f->list.next;
		else
			q->heads[cls] = f->list.next;
		if (f->list.next)
			f->list.next->list.prev = f->list.prev;
		if (!q->heads[cls])
			lmm_class_unmark(q, cls);
	} else {
		q->tree = lmm_tree_remove(q->tree, f);
	}
}

/* The highest non-empty class, or 0 when all are empty. */
static inline size_t lmm_class_highest(const struct lmm_freeq *q)
{
	size_t word;

	if (!q->summary)
		return 0;
	word = lmm_top_bit(q->summary);
	return word * LMM_LONG_BITS + lmm_top_bit(q->map[word]);
}

/* Remove the first block of a class that holds one. */
static inline struct lmm_free *lmm_class_pop(struct lmm_freeq *q, size_t cls)
{
	struct lmm_free *f = q->heads[cls];
	struct lmm_free *next = f->list.next;

	q->heads[cls] = next;
	if (next)
		next->list.prev = NULL;
	else
		lmm_class_unmark(q, cls);
	q->nblocks--;
	q->nbytes -= cls * LMM_ALIGN;
	return f;
}

/**
 * lmm_freeq_take() - remove and return the block the policy wants
 * @q: the queue
 * @need: block bytes wanted
 *
 * Return: a block of at least @need bytes, or NULL if none is that large.
 */
static inline struct lmm_free *lmm_freeq_take(struct lmm_freeq *q,
					      size_t need)
{
	struct lmm_free *f;
	size_t cls;

	if (likely(q->policy == LMM_WORST_FIT && !q->tree)) {
		/* The common case, inline: the head of the highest class. */
		cls = lmm_class_highest(q);
		if (!cls || cls * LMM_ALIGN < need)
			return NULL;
		return lmm_class_pop(q, cls);
	}
	f = lmm_freeq_pick(q, need);
	if (!f || lmm_block_size(&f->hdr) < need)
		return NULL;
	lmm_freeq_remove(q, f);
	return f;
}

#endif /* LMM_FREEQ_H */
