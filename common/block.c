// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * block.c - split and merge blocks inside an area (a page, a run, a region).
 *
 * An area is tiled by blocks; each starts with an 8-byte header and its
 * payload is 16-byte aligned.  The last 8 bytes of the area hold an end
 * sentinel, a header that says "used, size 0", so merging forward stops
 * there without a bounds check.  The first block never has PREV_FREE set,
 * so merging backward stops at the start the same way.
 *
 *      area start (the header before it is a page header or nothing)
 *      |
 *      v        used block                   free block
 *      +-----+----------------------+-----+----------------+------+-----+
 *      | hdr |  payload             | hdr | links ...      | size | end |
 *      +-----+----------------------+-----+----------------+------+-----+
 *            ^ 16-byte aligned            ^                footer ^ sentinel
 *
 * A free block repeats its size in its last 8 bytes (the footer); the block
 * after it has PREV_FREE set, so it can find the start of its free
 * neighbour in O(1).  Used blocks have no footer: like glibc, a used block
 * costs 8 bytes of header and nothing else.
 *
 * The check value in every header hashes the header's address, size,
 * flags and units with a per-boot secret.  A header smashed by an overrun,
 * or a stray pointer into user data, fails the check instead of steering
 * a merge through garbage.
 */
#include "block.h"

/**
 * lmm_block_capacity() - payload bytes a used block can hold
 * @b: the header of a used block
 *
 * Return: the capacity, red zone excluded.
 */
size_t lmm_block_capacity(const struct lmm_block *b)
{
	size_t cap = lmm_block_size(b) - LMM_HDR_BYTES;

	if (lmm_block_flags(b) & LMM_BLOCK_REDZONE)
		cap -= LMM_REDZONE_BYTES;
	return cap;
}

/**
 * lmm_block_area_init() - tile a fresh area with one free block
 * @start: the first header, 8 bytes before a 16-byte boundary
 * @bytes: from @start to the end of the area, end sentinel included
 *
 * Return: the free block, not yet in any free queue.
 */
struct lmm_block *lmm_block_area_init(void *start, size_t bytes)
{
	struct lmm_block *b = start;
	size_t size = bytes - LMM_HDR_BYTES;

	lmm_block_set(b, size, 0, 0);
	lmm_block_set_footer(b);
	lmm_block_set(lmm_block_next(b), 0, LMM_BLOCK_USED | LMM_BLOCK_PREV_FREE,
		      0);
	return b;
}

/*
 * Take a free neighbour out of the queue, unless it is damaged: a bad
 * header (@valid: the caller checked it, once) or broken links (the
 * queue is then repaired once the merge is done), or, in debug mode, a
 * write after free (it is quarantined).
 */
static bool absorb(struct lmm_freeq *q, struct lmm_block *n, bool valid,
		   bool poison)
{
	struct lmm_free *f = (struct lmm_free *)n;

	if (!valid) {
		q->damaged(q, n, "damaged header of a free neighbour");
		q->broken = true;
		return false;
	}
	if (!lmm_freeq_remove(q, f)) {
		q->damaged(q, n, "damaged free-list link of a free neighbour");
		return false;
	}
	if (poison && (lmm_block_flags(n) & LMM_BLOCK_POISONED) &&
	    lmm_block_poison_damage(q, f) >= 0) {
		lmm_freeq_quarantine(q, f, "write after free");
		return false;
	}
	return true;
}

/* Where poison starts: after the links the block's queue keeps in it. */
static size_t poison_offset(const struct lmm_freeq *q, size_t size)
{
	return LMM_HDR_BYTES + (lmm_in_classes(q, size) ?
				2 * sizeof(unsigned long) :
				3 * sizeof(unsigned long));
}

/* Poison what lies between the links and the footer. */
static void poison_payload(const struct lmm_freeq *q, struct lmm_free *f)
{
	size_t size = lmm_block_size(&f->hdr);
	char *from = (char *)f + poison_offset(q, size);
	char *to = (char *)f + size - LMM_FOOTER_BYTES;

	if (to > from)
		lmm_port_fill(from, LMM_POISON_FREE, to - from);
}

/*
 * The free block before @b, found through the footer at its end, which a
 * write after free can reach: the value is range-checked before it is
 * used, and the header it leads to must agree.  *@valid says whether that
 * header carries its check value (absorb() needs to know, and the check
 * is made once).  Return: NULL when the footer cannot be trusted (the
 * queue is then marked for repair).
 */
static struct lmm_block *prev_neighbour(struct lmm_freeq *q,
					struct lmm_block *b,
					const struct lmm_block *first,
					bool *valid)
{
	u64 prev_size = *(u64 *)((char *)b - LMM_FOOTER_BYTES);
	struct lmm_block *prev;

	if (prev_size % LMM_ALIGN || prev_size < LMM_BLOCK_MIN ||
	    prev_size > (unsigned long)b - (unsigned long)first) {
		q->damaged(q, b, "damaged footer of a free neighbour");
		q->broken = true;
		return NULL;
	}
	prev = (struct lmm_block *)((char *)b - prev_size);
	*valid = lmm_block_valid(prev);
	if (*valid && lmm_block_size(prev) != prev_size) {
		q->damaged(q, prev, "free neighbour disagrees with its footer");
		q->broken = true;
		return NULL;
	}
	return prev;
}

/**
 * lmm_block_merge() - free a used block and merge it with free neighbours
 * @q: the free queue that gets the merged block
 * @b: the used block
 * @first: the first block of @b's area (page, run or region)
 * @poison: fill the freed payload with LMM_POISON_FREE (debug mode)
 *
 * The general case of lmm_block_release(), out of line.  The footer of a
 * free block lies in its payload, where a write after free can reach it,
 * so its value is checked against the area before the header it points
 * at is read.
 *
 * Return: the free block that now holds @b, already in @q.
 */
struct lmm_free *lmm_block_merge(struct lmm_freeq *q, struct lmm_block *b,
				 const struct lmm_block *first, bool poison)
{
	struct lmm_block *next = lmm_block_next(b);
	size_t size = lmm_block_size(b);
	u32 flags = 0;

	if (!(lmm_block_flags(next) & LMM_BLOCK_USED) &&
	    absorb(q, next, lmm_block_valid(next), poison))
		size += lmm_block_size(next);
	if (lmm_block_flags(b) & LMM_BLOCK_PREV_FREE) {
		bool valid;
		struct lmm_block *prev = prev_neighbour(q, b, first, &valid);

		if (prev && absorb(q, prev, valid, poison)) {
			size += lmm_block_size(prev);
			b = prev;
		}
	}
	if (poison)
		flags |= LMM_BLOCK_POISONED;
	lmm_block_set(b, size, flags, 0);
	lmm_block_set_footer(b);
	lmm_block_set_prev_free(lmm_block_next(b));
	if (poison)
		poison_payload(q, (struct lmm_free *)b);
	lmm_freeq_insert(q, (struct lmm_free *)b);
	lmm_freeq_settle(q);
	return (struct lmm_free *)b;
}

/**
 * lmm_block_free_apart() - free a used block without merging it
 * @q: the free queue that gets the block; its owner has coalescing off
 * @b: the used block, checked with lmm_block_inspect()
 * @poison: fill the freed payload with LMM_POISON_FREE (debug mode)
 *
 * The teaching mode of a region (lmm_region_set_coalesce()): the block
 * stays as it was carved, so free neighbours may touch.  Its own
 * PREV_FREE flag is kept, since the block before may be free, and the
 * block after learns that this one is.
 *
 * Return: @b, now free and in @q.
 */
struct lmm_free *lmm_block_free_apart(struct lmm_freeq *q,
				      struct lmm_block *b, bool poison)
{
	u32 flags = lmm_block_flags(b) & LMM_BLOCK_PREV_FREE;

	if (poison)
		flags |= LMM_BLOCK_POISONED;
	lmm_block_set(b, lmm_block_size(b), flags, 0);
	lmm_block_set_footer(b);
	lmm_block_set_prev_free(lmm_block_next(b));
	if (poison)
		poison_payload(q, (struct lmm_free *)b);
	lmm_freeq_insert(q, (struct lmm_free *)b);
	return (struct lmm_free *)b;
}

/**
 * lmm_block_inspect_damage() - report what is wrong with a block to be freed
 * @q: the free queue of its owner, for the damage report
 * @b: the block, which failed the quick test of lmm_block_inspect()
 * @header_ok: set to false when the header is damaged
 *
 * Return: 0 when sound after all, -EFAULT when damaged.
 */
int lmm_block_inspect_damage(struct lmm_freeq *q, struct lmm_block *b,
			     bool *header_ok)
{
	*header_ok = lmm_block_valid(b) &&
		     (lmm_block_flags(b) & LMM_BLOCK_USED);
	if (!*header_ok) {
		q->damaged(q, b, "damaged block header");
		return -EFAULT;
	}
	if ((lmm_block_flags(b) & LMM_BLOCK_REDZONE) &&
	    lmm_block_redzone_damage(b) >= 0) {
		q->damaged(q, b, "write past the end");
		return -EFAULT;
	}
	return 0;
}

/**
 * lmm_block_redzone_fill() - arm the red zone of a freshly carved block
 * @b: a used block with LMM_BLOCK_REDZONE set
 * @bytes: bytes the caller asked for
 *
 * Everything from the end of the request to the last 8 bytes gets
 * LMM_REDZONE_BYTE; the last 8 bytes remember the request.
 */
void lmm_block_redzone_fill(struct lmm_block *b, size_t bytes)
{
	char *payload = lmm_block_payload(b);
	char *tail = (char *)lmm_block_next(b) - 8;

	lmm_port_fill(payload + bytes, LMM_REDZONE_BYTE,
		      tail - (payload + bytes));
	*(u64 *)tail = bytes;
}

/**
 * lmm_block_redzone_damage() - find a write past the end of a payload
 * @b: a used block with LMM_BLOCK_REDZONE set
 *
 * Return: the payload offset of the first damaged byte, or -1.
 */
long lmm_block_redzone_damage(const struct lmm_block *b)
{
	const char *payload = (const char *)b + LMM_HDR_BYTES;
	const char *tail = (const char *)lmm_block_next(b) - 8;
	u64 bytes = *(const u64 *)tail;
	const unsigned char *p;

	if (bytes > lmm_block_capacity(b))
		return tail - payload;
	for (p = (const unsigned char *)payload + bytes;
	     p < (const unsigned char *)tail; p++)
		if (*p != LMM_REDZONE_BYTE)
			return (const char *)p - payload;
	return -1;
}

/**
 * lmm_block_poison_damage() - find a write into a freed payload
 * @q: the queue of its owner (where its links are depends on it)
 * @f: a free block with LMM_BLOCK_POISONED set
 *
 * Return: the payload offset of the first damaged byte, or -1.
 */
long lmm_block_poison_damage(const struct lmm_freeq *q,
			     const struct lmm_free *f)
{
	const unsigned char *from = (const unsigned char *)f +
		poison_offset(q, lmm_block_size(&f->hdr));
	const unsigned char *to = (const unsigned char *)f +
				  lmm_block_size(&f->hdr) - LMM_FOOTER_BYTES;
	const unsigned char *p;

	for (p = from; p < to; p++)
		if (*p != LMM_POISON_FREE)
			return (const char *)p - (const char *)f - LMM_HDR_BYTES;
	return -1;
}
