// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * tree.c - a treap of free blocks, for the questions size classes can't
 * answer: the largest of arbitrarily large blocks, the smallest block of
 * at least N bytes, and the lowest-addressed block of at least N bytes.
 *
 * Nodes are ordered by (size, address), which is a total order, so ties
 * are broken by address and every query has one answer.  Each node also
 * records the lowest block address in its subtree (min_addr), which turns
 * first fit into one walk from the root:
 *
 *                    (96 @ 0x5000)             keys: (size @ address)
 *                    min 0x1000
 *                   /            \
 *        (48 @ 0x1000)         (4000 @ 0x9000)
 *        min 0x1000            min 0x3000
 *                              /
 *                      (512 @ 0x3000)
 *
 * first_fit(100): every node whose size is >= 100 qualifies, and so does
 * its whole right subtree, whose lowest address min_addr already knows;
 * the walk goes left for anything lower.  Here: 0x3000.
 *
 * Balance comes from a priority derived from the node's address (a heap on
 * priorities, a search tree on keys), so no field is spent on it and the
 * expected depth is O(log n).  The recursion is as deep as the tree.
 *
 * The links live in free blocks, where a write after free can reach them:
 * they are stored safe-linked (internal.h) and every child is checked
 * when it is read (owned by the queue's owner, an intact free header, too
 * large for a class).  A child that fails is treated as an empty subtree
 * and its parent becomes the queue's suspect, so the owner rebuilds the
 * queue (repair.c) once the operation is over.
 */
#include "freeq.h"

static unsigned long addr_of(const struct lmm_free *f)
{
	return (unsigned long)f;
}

/**
 * lmm_tree_priority() - the heap priority of a treap node
 * @f: the node
 *
 * Derived from the address, so it costs no field; the checker verifies
 * that no child outranks its parent.
 *
 * Return: the priority.
 */
u32 lmm_tree_priority(const struct lmm_free *f)
{
	return (u32)(((u64)addr_of(f) >> 4) * 0x9e3779b97f4a7c15ULL >> 32);
}

/**
 * lmm_tree_child() - follow a link of a treap node, checked
 * @q: the queue
 * @t: the node
 * @link: &t->tree.left or &t->tree.right
 *
 * Return: the child, or NULL for none or for a link that fails its checks
 * (then @t is @q's suspect).
 */
struct lmm_free *lmm_tree_child(struct lmm_freeq *q, struct lmm_free *t,
				const unsigned long *link)
{
	struct lmm_free *c = lmm_link_get(link);

	if (!c)
		return NULL;
	if (lmm_freeq_owns(q, c) && lmm_block_valid(&c->hdr) &&
	    !(lmm_block_flags(&c->hdr) & LMM_BLOCK_USED) &&
	    !lmm_in_classes(q, lmm_block_size(&c->hdr)))
		return c;
	q->damaged(q, t, "damaged free-list link");
	q->suspect = t;
	q->broken = true;
	return NULL;
}

static struct lmm_free *left_of(struct lmm_freeq *q, struct lmm_free *t)
{
	return lmm_tree_child(q, t, &t->tree.left);
}

static struct lmm_free *right_of(struct lmm_freeq *q, struct lmm_free *t)
{
	return lmm_tree_child(q, t, &t->tree.right);
}

static unsigned long min_of(const struct lmm_free *t)
{
	return (unsigned long)lmm_link_get(&t->tree.min_addr);
}

static bool key_less(const struct lmm_free *a, const struct lmm_free *b)
{
	size_t sa = lmm_block_size(&a->hdr), sb = lmm_block_size(&b->hdr);

	return sa < sb || (sa == sb && addr_of(a) < addr_of(b));
}

static void set_children(struct lmm_free *t, struct lmm_free *left,
			 struct lmm_free *right)
{
	unsigned long min = addr_of(t);

	if (left && min_of(left) < min)
		min = min_of(left);
	if (right && min_of(right) < min)
		min = min_of(right);
	lmm_link_set(&t->tree.left, left);
	lmm_link_set(&t->tree.right, right);
	lmm_link_set(&t->tree.min_addr, (void *)min);
}

/* Split @t into keys below @key (*lo) and the rest (*hi). */
static void split(struct lmm_freeq *q, struct lmm_free *t,
		  const struct lmm_free *key, struct lmm_free **lo,
		  struct lmm_free **hi)
{
	struct lmm_free *left, *right;

	if (!t) {
		*lo = NULL;
		*hi = NULL;
		return;
	}
	left = left_of(q, t);
	right = right_of(q, t);
	if (key_less(t, key)) {
		split(q, right, key, &right, hi);
		set_children(t, left, right);
		*lo = t;
	} else {
		split(q, left, key, lo, &left);
		set_children(t, left, right);
		*hi = t;
	}
}

/* Join two treaps where every key of @lo is below every key of @hi. */
static struct lmm_free *join(struct lmm_freeq *q, struct lmm_free *lo,
			     struct lmm_free *hi)
{
	if (!lo)
		return hi;
	if (!hi)
		return lo;
	if (lmm_tree_priority(lo) > lmm_tree_priority(hi)) {
		set_children(lo, left_of(q, lo), join(q, right_of(q, lo), hi));
		return lo;
	}
	set_children(hi, join(q, lo, left_of(q, hi)), right_of(q, hi));
	return hi;
}

/**
 * lmm_tree_insert() - add a free block
 * @q: the queue
 * @root: the treap
 * @f: the block, not in any queue
 *
 * Return: the new root.
 */
struct lmm_free *lmm_tree_insert(struct lmm_freeq *q, struct lmm_free *root,
				 struct lmm_free *f)
{
	struct lmm_free *left, *right;

	if (!root || lmm_tree_priority(f) > lmm_tree_priority(root)) {
		split(q, root, f, &left, &right);
		set_children(f, left, right);
		return f;
	}
	left = left_of(q, root);
	right = right_of(q, root);
	if (key_less(f, root))
		left = lmm_tree_insert(q, left, f);
	else
		right = lmm_tree_insert(q, right, f);
	set_children(root, left, right);
	return root;
}

/* Remove @f below @t; *found says whether it was there. */
static struct lmm_free *remove_below(struct lmm_freeq *q, struct lmm_free *t,
				     struct lmm_free *f, bool *found)
{
	struct lmm_free *left, *right;

	if (!t)
		return NULL;
	left = left_of(q, t);
	right = right_of(q, t);
	if (t == f) {
		*found = true;
		return join(q, left, right);
	}
	if (key_less(f, t))
		left = remove_below(q, left, f, found);
	else
		right = remove_below(q, right, f, found);
	set_children(t, left, right);
	return t;
}

/**
 * lmm_tree_remove() - take a block out of the queue's treap
 * @q: the queue
 * @f: a block in it, with the size it was inserted with
 *
 * Return: true, or false when @f was not found where its key says.
 */
bool lmm_tree_remove(struct lmm_freeq *q, struct lmm_free *f)
{
	bool found = false;

	q->tree = remove_below(q, q->tree, f, &found);
	return found;
}

/**
 * lmm_tree_max() - the largest block (the highest address among equals)
 * @q: the queue
 *
 * Return: the block, or NULL for an empty treap.
 */
struct lmm_free *lmm_tree_max(struct lmm_freeq *q)
{
	struct lmm_free *t = q->tree, *right;

	while (t && (right = right_of(q, t)))
		t = right;
	return t;
}

/**
 * lmm_tree_ceil() - the smallest block of at least @need bytes
 * @q: the queue
 * @need: block bytes
 *
 * Return: the block (the lowest address among equals), or NULL.
 */
struct lmm_free *lmm_tree_ceil(struct lmm_freeq *q, size_t need)
{
	struct lmm_free *t = q->tree, *best = NULL;

	while (t) {
		if (lmm_block_size(&t->hdr) >= need) {
			best = t;
			t = left_of(q, t);
		} else {
			t = right_of(q, t);
		}
	}
	return best;
}

/**
 * lmm_tree_first_fit() - the lowest-addressed block of at least @need bytes
 * @q: the queue
 * @need: block bytes
 *
 * The answer comes from min_addr fields, which live in free blocks: the
 * caller checks it like any block it did not reach through a checked link.
 *
 * Return: the block, or NULL.
 */
struct lmm_free *lmm_tree_first_fit(struct lmm_freeq *q, size_t need)
{
	struct lmm_free *t = q->tree, *right;
	unsigned long best = ~0UL;

	while (t) {
		if (lmm_block_size(&t->hdr) >= need) {
			if (addr_of(t) < best)
				best = addr_of(t);
			right = right_of(q, t);
			if (right && min_of(right) < best)
				best = min_of(right);
			t = left_of(q, t);
		} else {
			t = right_of(q, t);
		}
	}
	return best == ~0UL ? NULL : (struct lmm_free *)best;
}
