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

/*
 * 63 - clz, written as 63 ^ clz (the same for clz in 0..63): gcc turns
 * this form into the one bsr it is, the other into bsr, xor and sub.
 */
static inline unsigned long lmm_top_bit(unsigned long word)
{
	return (LMM_LONG_BITS - 1) ^ __builtin_clzl(word);
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

/*
 * Is @f where a block of @q's owner can start?  Asked of the page map or
 * the region's bounds only, so @f may be any value at all.  A block
 * header sits 8 bytes before a 16-byte boundary.
 */
static inline bool lmm_freeq_owns(const struct lmm_freeq *q,
				  const struct lmm_free *f)
{
	unsigned long a = (unsigned long)f;

	if ((a & (LMM_ALIGN - 1)) != LMM_ALIGN - LMM_HDR_BYTES)
		return false;
	if (q->owner_id)
		return (a & (LMM_PAGE_SIZE - 1)) >= LMM_PAGE_FIRST_BLOCK &&
		       lmm_pagemap_owner(f) == q->owner_id;
	return a >= q->area_lo && a < q->area_hi;
}

/*
 * Is @f, reached through the queue, an intact free block of @size bytes?
 * Its header must carry its check value, say free and @size, lie with
 * its whole extent inside the owner's area, and its footer must agree.
 */
static inline bool lmm_freeq_block_ok(const struct lmm_freeq *q,
				      const struct lmm_free *f, size_t size)
{
	unsigned long a = (unsigned long)f;
	unsigned long room = q->owner_id ?
		LMM_PAGE_SIZE - LMM_HDR_BYTES - (a & (LMM_PAGE_SIZE - 1)) :
		q->area_hi - a;

	return lmm_block_valid(&f->hdr) &&
	       (f->hdr.size_flags & ~(LMM_BLOCK_PREV_FREE |
				      LMM_BLOCK_POISONED)) == size &&
	       size <= room &&
	       *(const u64 *)((const char *)f + size - LMM_FOOTER_BYTES) == size;
}

struct lmm_free *lmm_freeq_broken(struct lmm_freeq *q, struct lmm_free *f,
				  const char *what);

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
		unsigned long key = lmm_list_key(f);

		lmm_list_set(&f->list.prev, key, NULL);
		lmm_list_set(&f->list.next, key, head);
		if (head)
			lmm_link_set(&head->list.prev, f);
		else
			lmm_class_mark(q, cls);
		q->heads[cls] = f;
	} else {
		q->tree = lmm_tree_insert(q, q->tree, f);
	}
}

/*
 * Take @f out of its class list, but only if both its neighbours point
 * back at it (the check that defeats the classic unsafe unlink).
 */
static inline bool lmm_class_unlink(struct lmm_freeq *q, struct lmm_free *f,
				    size_t cls)
{
	unsigned long key = lmm_list_key(f);
	struct lmm_free *prev = lmm_list_get(&f->list.prev, key);
	struct lmm_free *next = lmm_list_get(&f->list.next, key);

	bool prev_ok = prev ? lmm_freeq_owns(q, prev) &&
			      lmm_link_get(&prev->list.next) == f :
			      q->heads[cls] == f;

	if (!prev_ok)
		return false;
	if (next && (!lmm_freeq_owns(q, next) ||
		     lmm_link_get(&next->list.prev) != f))
		return false;
	if (prev)
		lmm_link_set(&prev->list.next, next);
	else
		q->heads[cls] = next;
	if (next)
		lmm_link_set(&next->list.prev, prev);
	if (!q->heads[cls])
		lmm_class_unmark(q, cls);
	return true;
}

/**
 * lmm_freeq_remove() - take a given free block out of the queue
 * @q: the queue
 * @f: a block in @q, its header checked; it must still hold the size it
 *	was added with
 *
 * Return: true, or false when @f's links are broken: then nothing was
 * changed, @f is the queue's suspect and the owner must repair the queue
 * (lmm_freeq_settle()) before it is used again.
 */
static inline bool lmm_freeq_remove(struct lmm_freeq *q, struct lmm_free *f)
{
	size_t size = lmm_block_size(&f->hdr);

	if (lmm_in_classes(q, size)) {
		if (unlikely(!lmm_class_unlink(q, f, size / LMM_ALIGN))) {
			q->suspect = f;
			q->broken = true;
			return false;
		}
	} else if (unlikely(!lmm_tree_remove(q, f))) {
		q->suspect = f;
		q->broken = true;
		return false;
	}
	q->nblocks--;
	q->nbytes -= size;
	return true;
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

/*
 * Remove the first block of a class that holds one, after checking it and
 * the link to the next: a damaged block is never handed out.
 * Return: the block, or NULL when damage was found (the queue has been
 * repaired by then; ask again).
 */
static inline struct lmm_free *lmm_class_pop(struct lmm_freeq *q, size_t cls)
{
	struct lmm_free *f = q->heads[cls];
	unsigned long key = lmm_list_key(f);
	struct lmm_free *next;

	if (unlikely(!lmm_freeq_block_ok(q, f, cls * LMM_ALIGN) ||
		     lmm_list_get(&f->list.prev, key)))
		return lmm_freeq_broken(q, f, "damaged free block");
	next = lmm_list_get(&f->list.next, key);
	if (next) {
		if (unlikely(!lmm_freeq_owns(q, next) ||
			     lmm_link_get(&next->list.prev) != f))
			return lmm_freeq_broken(q, f, "damaged free-list link");
		lmm_link_set(&next->list.prev, NULL);
	} else {
		lmm_class_unmark(q, cls);
	}
	q->heads[cls] = next;
	q->nblocks--;
	q->nbytes -= cls * LMM_ALIGN;
	return f;
}

struct lmm_free *lmm_freeq_take_slow(struct lmm_freeq *q, size_t need);

/**
 * lmm_freeq_take() - remove and return the block the policy wants
 * @q: the queue
 * @need: block bytes wanted
 *
 * Every block is checked before it leaves the queue; a damaged one is
 * left where it is, reported, and another is taken.
 *
 * Return: a block of at least @need bytes, or NULL if none is that large.
 */
static inline struct lmm_free *lmm_freeq_take(struct lmm_freeq *q,
					      size_t need)
{
	if (likely(q->policy == LMM_WORST_FIT && !q->tree)) {
		/* The common case, inline: the head of the highest class. */
		size_t cls = lmm_class_highest(q);
		struct lmm_free *f;

		if (!cls || cls * LMM_ALIGN < need)
			return NULL;
		f = lmm_class_pop(q, cls);
		if (likely(f))
			return f;
	}
	return lmm_freeq_take_slow(q, need);
}

/**
 * lmm_freeq_settle() - repair the queue if an operation found it broken
 * @q: the queue, at a point where no block is half allocated or freed
 */
static inline void lmm_freeq_settle(struct lmm_freeq *q)
{
	if (unlikely(q->broken))
		q->repair(q);
}

#endif /* LMM_FREEQ_H */
