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
 */
#include "internal.h"

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

static bool key_less(const struct lmm_free *a, const struct lmm_free *b)
{
	size_t sa = lmm_block_size(&a->hdr), sb = lmm_block_size(&b->hdr);

	return sa < sb || (sa == sb && addr_of(a) < addr_of(b));
}

static void update(struct lmm_free *t)
{
	unsigned long min = addr_of(t);

	if (t->tree.left && t->tree.left->tree.min_addr < min)
		min = t->tree.left->tree.min_addr;
	if (t->tree.right && t->tree.right->tree.min_addr < min)
		min = t->tree.right->tree.min_addr;
	t->tree.min_addr = min;
}

/* Split @t into keys below @key (*lo) and the rest (*hi). */
static void split(struct lmm_free *t, const struct lmm_free *key,
		  struct lmm_free **lo, struct lmm_free **hi)
{
	if (!t) {
		*lo = NULL;
		*hi = NULL;
	} else if (key_less(t, key)) {
		split(t->tree.right, key, &t->tree.right, hi);
		update(t);
		*lo = t;
	} else {
		split(t->tree.left, key, lo, &t->tree.left);
		update(t);
		*hi = t;
	}
}

/* Join two treaps where every key of @lo is below every key of @hi. */
static struct lmm_free *join(struct lmm_free *lo, struct lmm_free *hi)
{
	if (!lo)
		return hi;
	if (!hi)
		return lo;
	if (lmm_tree_priority(lo) > lmm_tree_priority(hi)) {
		lo->tree.right = join(lo->tree.right, hi);
		update(lo);
		return lo;
	}
	hi->tree.left = join(lo, hi->tree.left);
	update(hi);
	return hi;
}

/**
 * lmm_tree_insert() - add a free block
 * @root: the treap
 * @f: the block, not in any queue
 *
 * Return: the new root.
 */
struct lmm_free *lmm_tree_insert(struct lmm_free *root, struct lmm_free *f)
{
	if (!root || lmm_tree_priority(f) > lmm_tree_priority(root)) {
		split(root, f, &f->tree.left, &f->tree.right);
		update(f);
		return f;
	}
	if (key_less(f, root))
		root->tree.left = lmm_tree_insert(root->tree.left, f);
	else
		root->tree.right = lmm_tree_insert(root->tree.right, f);
	update(root);
	return root;
}

/**
 * lmm_tree_remove() - take a block out of the treap
 * @root: the treap
 * @f: a block in it, with the size it was inserted with
 *
 * Return: the new root.
 */
struct lmm_free *lmm_tree_remove(struct lmm_free *root, struct lmm_free *f)
{
	if (!root)
		return NULL;
	if (root == f)
		return join(f->tree.left, f->tree.right);
	if (key_less(f, root))
		root->tree.left = lmm_tree_remove(root->tree.left, f);
	else
		root->tree.right = lmm_tree_remove(root->tree.right, f);
	update(root);
	return root;
}

/**
 * lmm_tree_max() - the largest block (the highest address among equals)
 * @root: the treap
 *
 * Return: the block, or NULL for an empty treap.
 */
struct lmm_free *lmm_tree_max(struct lmm_free *root)
{
	while (root && root->tree.right)
		root = root->tree.right;
	return root;
}

/**
 * lmm_tree_ceil() - the smallest block of at least @need bytes
 * @root: the treap
 * @need: block bytes
 *
 * Return: the block (the lowest address among equals), or NULL.
 */
struct lmm_free *lmm_tree_ceil(struct lmm_free *root, size_t need)
{
	struct lmm_free *best = NULL;

	while (root) {
		if (lmm_block_size(&root->hdr) >= need) {
			best = root;
			root = root->tree.left;
		} else {
			root = root->tree.right;
		}
	}
	return best;
}

/**
 * lmm_tree_first_fit() - the lowest-addressed block of at least @need bytes
 * @root: the treap
 * @need: block bytes
 *
 * Return: the block, or NULL.
 */
struct lmm_free *lmm_tree_first_fit(struct lmm_free *root, size_t need)
{
	unsigned long best = ~0UL;

	while (root) {
		if (lmm_block_size(&root->hdr) >= need) {
			if (addr_of(root) < best)
				best = addr_of(root);
			if (root->tree.right && root->tree.right->tree.min_addr < best)
				best = root->tree.right->tree.min_addr;
			root = root->tree.left;
		} else {
			root = root->tree.right;
		}
	}
	return best == ~0UL ? NULL : (struct lmm_free *)best;
}
