// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hash.c - an intrusive chained hash table that grows by doubling.
 *
 * Nodes are embedded in the objects they index (families, by name) and hold
 * only a next pointer; the caller walks a chain and compares keys itself,
 * so the table needs no callbacks on the hot path.  key_of() is used only
 * when the table grows and every node must be rehashed.
 *
 * The bucket array lives in pages from the port.  If growing fails the
 * table keeps working with longer chains: growth is an optimisation.
 */
#include "internal.h"

#define HASH_MIN_BUCKETS	(LMM_PAGE_SIZE / sizeof(struct lmm_hnode *))

static size_t buckets_npages(size_t nbuckets)
{
	return lmm_div_round_up(nbuckets * sizeof(struct lmm_hnode *),
				LMM_PAGE_SIZE);
}

static struct lmm_hnode **buckets_alloc(size_t nbuckets)
{
	struct lmm_hnode **b = lmm_port_pages_alloc(buckets_npages(nbuckets));

	if (b)
		lmm_port_zero(b, nbuckets * sizeof(*b));
	return b;
}

/**
 * lmm_hash_init() - set up an empty table
 * @h: the table
 * @key_of: gives the key of a node, for rehashing
 *
 * Return: 0, or -ENOMEM.
 */
int lmm_hash_init(struct lmm_hash *h,
		  unsigned long (*key_of)(const struct lmm_hnode *node))
{
	h->nbuckets = HASH_MIN_BUCKETS;
	h->count = 0;
	h->key_of = key_of;
	h->buckets = buckets_alloc(h->nbuckets);
	return h->buckets ? 0 : -ENOMEM;
}

/**
 * lmm_hash_destroy() - free the bucket array (not the nodes)
 * @h: the table
 */
void lmm_hash_destroy(struct lmm_hash *h)
{
	if (h->buckets)
		lmm_port_pages_free(h->buckets, buckets_npages(h->nbuckets));
	h->buckets = NULL;
	h->count = 0;
}

static void grow(struct lmm_hash *h)
{
	size_t old_n = h->nbuckets, i;
	struct lmm_hnode **old = h->buckets;
	struct lmm_hnode **fresh = buckets_alloc(old_n * 2);

	if (!fresh)
		return;
	h->buckets = fresh;
	h->nbuckets = old_n * 2;
	for (i = 0; i < old_n; i++) {
		struct lmm_hnode *n = old[i], *next;

		for (; n; n = next) {
			size_t b = lmm_hash_bucket(h, h->key_of(n));

			next = n->next;
			n->next = fresh[b];
			fresh[b] = n;
		}
	}
	lmm_port_pages_free(old, buckets_npages(old_n));
}

/**
 * lmm_hash_add() - insert a node
 * @h: the table
 * @node: the node, not in any table
 * @key: its key
 */
void lmm_hash_add(struct lmm_hash *h, struct lmm_hnode *node,
		  unsigned long key)
{
	size_t b;

	if (h->count >= h->nbuckets)
		grow(h);
	b = lmm_hash_bucket(h, key);
	node->next = h->buckets[b];
	h->buckets[b] = node;
	h->count++;
}

/**
 * lmm_hash_del() - remove a node
 * @h: the table
 * @node: a node in @h
 * @key: its key
 */
void lmm_hash_del(struct lmm_hash *h, struct lmm_hnode *node,
		  unsigned long key)
{
	struct lmm_hnode **link = &h->buckets[lmm_hash_bucket(h, key)];

	while (*link && *link != node)
		link = &(*link)->next;
	if (*link) {
		*link = node->next;
		h->count--;
	}
}

