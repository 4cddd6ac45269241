// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * repair.c - rebuild a free queue from the blocks themselves, after damage.
 *
 * A free queue is heads in lmm's memory and links in free blocks; the
 * truth is the tiling of the areas.  When a check finds a block or a link
 * that lmm did not write (freeq.h, tree.c, block.c), the queue cannot be
 * trusted past that point, so it is emptied and built again by walking
 * every area of its owner block by block, believing only headers that
 * carry their check value:
 *
 *   - an intact free block is queued again, with fresh links and footer
 *     (and merged with a free block just before it);
 *   - the suspect (the block found damaged), and in debug mode a free
 *     block whose poison was written, is quarantined: its header says
 *     "used", with LMM_UNITS_QUARANTINE units and no live-map bit, so no
 *     free can name it, no merge crosses it and it is never handed out;
 *   - a header that fails its check hides where the next block starts:
 *     the walk picks up again at the next payload the live map knows, and
 *     the bytes in between are quarantined, unless they start a live
 *     block (lmm_free() refuses that one as damaged).
 *
 *     before:  | U | F | ??? garbage ??? | U (live) | F |
 *     after:   | U | F |  Q (quarantine) | U (live) | F |
 *
 * PREV_FREE flags and the end sentinel are made to agree with the walk.
 * A repair walks the whole owner, O(p + b), and happens only on damage.
 */
#include "block.h"

/**
 * lmm_block_quarantine() - make a block used by nobody
 * @b: the block
 * @size: its extent, as far as lmm knows it
 */
void lmm_block_quarantine(struct lmm_block *b, size_t size)
{
	lmm_block_set(b, size, LMM_BLOCK_USED, LMM_UNITS_QUARANTINE);
}

/**
 * lmm_freeq_quarantine() - leave a damaged block out of a queue for good
 * @q: the queue it was taken from
 * @f: the block, no longer in @q; its size is known (checked header)
 * @what: what was found, for the log
 */
void lmm_freeq_quarantine(struct lmm_freeq *q, struct lmm_free *f,
			  const char *what)
{
	struct lmm_block *next = lmm_block_next(&f->hdr);

	q->damaged(q, f, what);
	lmm_block_quarantine(&f->hdr, lmm_block_size(&f->hdr));
	if (lmm_block_valid(next))
		lmm_block_clear_prev_free(next);
}

static unsigned long slot_of(const void *p, const void *base)
{
	return ((unsigned long)p - (unsigned long)base) / LMM_ALIGN;
}

/* The header of the first live block after @b, or @end. */
static struct lmm_block *next_live(struct lmm_block *b, struct lmm_block *end,
				   const void *base,
				   const unsigned long *live_map)
{
	unsigned long slot = slot_of(lmm_block_payload(b), base) + 1;
	unsigned long last = slot_of(lmm_block_payload(end), base);

	for (; slot < last; slot++)
		if (lmm_bit_test(live_map, slot))
			return lmm_block_of((char *)base + slot * LMM_ALIGN);
	return end;
}

/* Skip a header that fails its check; returns where the walk goes on. */
static struct lmm_block *skip_damaged(struct lmm_freeq *q,
				      struct lmm_block *b,
				      struct lmm_block *end, const void *base,
				      const unsigned long *live_map)
{
	struct lmm_block *next = next_live(b, end, base, live_map);

	q->damaged(q, b, "damaged block header");
	if (!lmm_bit_test(live_map, slot_of(lmm_block_payload(b), base)))
		lmm_block_quarantine(b, (char *)next - (char *)b);
	return next;
}

static bool header_sound(const struct lmm_block *b,
			 const struct lmm_block *end)
{
	size_t size = lmm_block_size(b);

	return lmm_block_valid(b) && size >= LMM_ALIGN &&
	       size <= (unsigned long)end - (unsigned long)b;
}

/* Queue a free block found by the walk, merged with @before if any. */
static struct lmm_free *requeue(struct lmm_freeq *q, struct lmm_free *f,
				struct lmm_free *before)
{
	size_t size = lmm_block_size(&f->hdr);
	/* PREV_FREE, as the walk set it, matters with coalescing off. */
	u32 flags = lmm_block_flags(&f->hdr) &
		    (LMM_BLOCK_POISONED | LMM_BLOCK_PREV_FREE);

	if (before) {
		lmm_freeq_remove(q, before);	/* links fresh from this walk */
		size += lmm_block_size(&before->hdr);
		f = before;
		flags = 0;	/* the bytes between were never poisoned */
	}
	lmm_block_set(&f->hdr, size, flags, 0);
	lmm_block_set_footer(&f->hdr);
	lmm_freeq_insert(q, f);
	return f;
}

/**
 * lmm_repair_area() - queue again the intact free blocks of one area
 * @q: the queue, emptied by the caller
 * @first: the first block of the area
 * @end: its end sentinel
 * @base: what slot 0 of @live_map stands for
 * @live_map: a bit per 16-byte slot where a live payload starts
 * @poison: check the poison of free blocks (debug mode)
 */
void lmm_repair_area(struct lmm_freeq *q, struct lmm_block *first,
		     struct lmm_block *end, const void *base,
		     const unsigned long *live_map, bool poison)
{
	struct lmm_block *b = first, *next;
	struct lmm_free *last_free = NULL;

	while (b < end) {
		struct lmm_free *f = (struct lmm_free *)b;

		if (!header_sound(b, end)) {
			next = skip_damaged(q, b, end, base, live_map);
			if (last_free && lmm_block_valid(b))
				lmm_block_set_prev_free(b);	/* quarantined */
			b = next;
			last_free = NULL;
			continue;
		}
		next = lmm_block_next(b);
		if (last_free)
			lmm_block_set_prev_free(b);
		else
			lmm_block_clear_prev_free(b);
		if (lmm_block_flags(b) & LMM_BLOCK_USED) {
			last_free = NULL;
		} else if (f == q->suspect ||
			   (poison && (lmm_block_flags(b) & LMM_BLOCK_POISONED) &&
			    lmm_block_poison_damage(q, f) >= 0)) {
			q->damaged(q, f, "free block left alone");
			lmm_block_quarantine(b, lmm_block_size(b));
			if (last_free)
				lmm_block_set_prev_free(b);
			last_free = NULL;
		} else {
			/* With coalescing off, neighbours stay apart. */
			last_free = requeue(q, f, q->apart ? NULL : last_free);
		}
		b = next;
	}
	if (lmm_block_valid(end)) {
		if (last_free)
			lmm_block_set_prev_free(end);
		else
			lmm_block_clear_prev_free(end);
	}
}

/**
 * lmm_freeq_clear() - empty a queue, keeping its policy and classes
 * @q: the queue
 */
void lmm_freeq_clear(struct lmm_freeq *q)
{
	unsigned int i;

	for (i = 0; i < q->nclasses; i++)
		q->heads[i] = NULL;
	for (i = 0; i < lmm_div_round_up(q->nclasses, LMM_LONG_BITS); i++)
		q->map[i] = 0;
	q->summary = 0;
	q->tree = NULL;
	q->nblocks = 0;
	q->nbytes = 0;
}

/**
 * lmm_family_repair() - rebuild a family's free queue from its pages
 * @q: the family's queue, its lock held
 *
 * The page list lives in the pages; each page is checked against the page
 * map before it is read, and the walk stops at one that fails.
 */
void lmm_family_repair(struct lmm_freeq *q)
{
	struct lmm_family *family = lmm_container_of(q, struct lmm_family,
						     freeq);
	struct lmm_page *page = family->first_page;
	size_t n;

	lmm_freeq_clear(q);
	for (n = 0; page && n < family->npages; n++, page = page->next) {
		if ((unsigned long)page % LMM_PAGE_SIZE ||
		    lmm_pagemap_owner(page) != family->id) {
			q->damaged(q, page, "damaged page list");
			break;
		}
		if (page->npages == 1)
			lmm_repair_area(q, lmm_page_first_block(page),
					lmm_page_end(page), page,
					page->live_map, family->debug);
	}
	q->suspect = NULL;
	q->broken = false;
}
