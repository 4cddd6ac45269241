// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * pagemap.c - which family owns a page, asked of lmm's own memory only.
 *
 * A pointer handed to lmm_free(), and a free-list link read from a free
 * block, may have been written by anybody.  Before lmm reads anything
 * through one it asks this map whether the page it points into is a page
 * of the family in question.  The map is a three-level radix tree over
 * the page number, like a page table, in memory no caller is given:
 *
 *   address bits  47..36     35..24      23..12      11..0
 *                 root[]  ->  mid[]   ->  leaf[]      offset in the page
 *                 (static)   (4096 *)    (4096 owner ids, 0 = nobody)
 *
 * An owner id is the slot index of the family (handle.c).  A lookup is
 * three dependent loads and never follows anything a caller can write, so
 * any address at all can be asked about.  Nodes are added under the page
 * table lock and published with a release store; readers take no lock.
 * No pointer of the tree is NULL: where no node was made yet it points
 * at a shared empty node (an empty mid, whose leaves are all the empty
 * leaf, whose owners are all 0), so a lookup tests nothing on its way
 * down.  Until the first page is recorded the base says no address is
 * covered, and the root is filled with the empty mid before it does.
 *
 * The lock is this file's, and so is every write to the table: page.c
 * records and forgets pages through lmm_pagemap_record() and
 * lmm_pagemap_forget().  Readers use lmm_pagemap_owner(), inline in
 * internal.h because the hot path asks it for every link it follows; that
 * is why the table itself cannot be static here.
 * Nodes are never freed while lmm runs: an empty leaf costs 16 KiB and
 * pages come back to the same part of the address space.
 *
 * Bits above 47 must be the same for every page (the first page decides):
 * they are all-zero in userspace and all-one for vmalloc() on x86-64.  A
 * page elsewhere is refused rather than aliased.
 */
#include "internal.h"

/* Nothing is covered: (any address >> 36) - this is 2^63 or more. */
#define PAGEMAP_NO_BASE		(1UL << (LMM_LONG_BITS - 1))

struct lmm_pagemap_mid *lmm_pagemap_root[LMM_MAP_FANOUT];
unsigned long lmm_pagemap_base = PAGEMAP_NO_BASE;	/* bits above 47, << 12 */
static bool pagemap_high_set;
/* Where the tree has no node yet; written once, when the base is set. */
static struct lmm_pagemap_mid empty_mid;
static struct lmm_pagemap_leaf empty_leaf;
/* The writers' lock, a leaf: taken with a family lock held, never before. */
static struct lmm_lock *pagemap_lock;

/**
 * lmm_pagemap_init() - make the writers' lock, if there is none
 *
 * Call with the registry lock held (family.c, when the registry is made).
 *
 * Return: 0, or -ENOMEM.
 */
int lmm_pagemap_init(void)
{
	if (!pagemap_lock)
		pagemap_lock = lmm_port_lock_create(LMM_LOCK_PAGES);
	return pagemap_lock ? 0 : -ENOMEM;
}

/**
 * lmm_pagemap_fini() - give the writers' lock back
 *
 * Call with the registry lock held, when no family owns a page any more
 * (lmm_shutdown()).  The table stays: stale pointers are still refused.
 */
void lmm_pagemap_fini(void)
{
	if (pagemap_lock)
		lmm_port_lock_destroy(pagemap_lock);
	pagemap_lock = NULL;
}

static void *node_new(size_t bytes)
{
	void *node = lmm_port_pages_alloc(lmm_div_round_up(bytes,
							   LMM_PAGE_SIZE));

	/* 16 KiB: a port's zero pages are left untouched until used. */
	if (node && !LMM_PORT_PAGES_ZEROED)
		lmm_port_zero(node, bytes);
	return node;
}

/* A mid node whose leaves are all the empty leaf, or NULL. */
static struct lmm_pagemap_mid *mid_new(void)
{
	struct lmm_pagemap_mid *mid = node_new(sizeof(*mid));
	size_t i;

	for (i = 0; mid && i < LMM_MAP_FANOUT; i++)
		mid->leaf[i] = &empty_leaf;
	return mid;
}

/* The leaf for a page number, made if @create; page table lock held. */
static struct lmm_pagemap_leaf *leaf_of(unsigned long pfn, bool create)
{
	struct lmm_pagemap_mid **midp =
		&lmm_pagemap_root[(pfn >> (2 * LMM_MAP_BITS)) &
			      (LMM_MAP_FANOUT - 1)];
	struct lmm_pagemap_leaf **leafp;

	if (*midp == &empty_mid) {
		struct lmm_pagemap_mid *mid = create ? mid_new() : NULL;

		if (!mid)
			return NULL;
		__atomic_store_n(midp, mid, __ATOMIC_RELEASE);
	}
	leafp = &(*midp)->leaf[(pfn >> LMM_MAP_BITS) & (LMM_MAP_FANOUT - 1)];
	if (*leafp == &empty_leaf) {
		struct lmm_pagemap_leaf *leaf = create ?
						node_new(sizeof(*leaf)) : NULL;

		if (!leaf)
			return NULL;
		__atomic_store_n(leafp, leaf, __ATOMIC_RELEASE);
	}
	return *leafp;
}

/*
 * Point every pointer of the tree at the empty nodes, before the base
 * lets a reader in; page table lock held.
 */
static void fill_empty(void)
{
	size_t i;

	for (i = 0; i < LMM_MAP_FANOUT; i++) {
		empty_mid.leaf[i] = &empty_leaf;
		lmm_pagemap_root[i] = &empty_mid;
	}
}

/*
 * Record (or, with owner 0, forget) a page's owner; page table lock held.
 * Fails with -ENOMEM when a node cannot be had or the page lies outside
 * the part of the address space the map covers.
 */
static int set_locked(const void *page, u32 owner)
{
	unsigned long high = (unsigned long)page >> LMM_MAP_ADDR_BITS;
	unsigned long base = high << LMM_MAP_BITS;
	unsigned long pfn = (unsigned long)page >> LMM_PAGE_SHIFT;
	struct lmm_pagemap_leaf *leaf;

	if (!pagemap_high_set && owner) {
		fill_empty();
		/* Release: a reader the base lets in finds no NULL below. */
		__atomic_store_n(&lmm_pagemap_base, base, __ATOMIC_RELEASE);
		pagemap_high_set = true;
	}
	if (base != lmm_pagemap_base)
		return -ENOMEM;
	leaf = leaf_of(pfn, owner != 0);
	if (!leaf)
		return owner ? -ENOMEM : 0;
	__atomic_store_n(&leaf->owner[pfn & (LMM_MAP_FANOUT - 1)], owner,
			 __ATOMIC_RELEASE);
	return 0;
}

static void forget_locked(const void *first, size_t npages)
{
	size_t i;

	for (i = 0; i < npages; i++)
		set_locked((const char *)first + i * LMM_PAGE_SIZE, 0);
}

/**
 * lmm_pagemap_record() - give a page or a run of pages an owner
 * @first: the first page, LMM_PAGE_SIZE aligned
 * @npages: how many pages, contiguous
 * @owner: the owner id of the first page, not 0
 * @tail_owner: the owner id of the pages after the first
 *
 * All or nothing: on failure no page of the run is recorded.
 *
 * Return: 0, or -ENOMEM when a node cannot be had or a page lies outside
 * the part of the address space the map covers.
 */
int lmm_pagemap_record(const void *first, size_t npages, u32 owner,
		       u32 tail_owner)
{
	size_t i;
	int err = 0;

	lmm_port_lock(pagemap_lock);
	for (i = 0; i < npages && !err; i++)
		err = set_locked((const char *)first + i * LMM_PAGE_SIZE,
				 i ? tail_owner : owner);
	if (err)
		forget_locked(first, i);
	lmm_port_unlock(pagemap_lock);
	return err;
}

/**
 * lmm_pagemap_forget() - say that nobody owns a page or a run any more
 * @first: the first page
 * @npages: how many pages
 */
void lmm_pagemap_forget(const void *first, size_t npages)
{
	lmm_port_lock(pagemap_lock);
	forget_locked(first, npages);
	lmm_port_unlock(pagemap_lock);
}

/**
 * lmm_pagemap_teardown() - give every node back to the port
 *
 * Only when no family owns a page any more (module unload).
 */
void lmm_pagemap_teardown(void)
{
	size_t leaf_npages = lmm_div_round_up(sizeof(struct lmm_pagemap_leaf),
					      LMM_PAGE_SIZE);
	size_t i, j;

	__atomic_store_n(&lmm_pagemap_base, PAGEMAP_NO_BASE, __ATOMIC_RELAXED);
	for (i = 0; i < LMM_MAP_FANOUT; i++) {
		struct lmm_pagemap_mid *mid = lmm_pagemap_root[i];

		if (!mid || mid == &empty_mid)
			continue;
		for (j = 0; j < LMM_MAP_FANOUT; j++)
			if (mid->leaf[j] != &empty_leaf)
				lmm_port_pages_free(mid->leaf[j], leaf_npages);
		lmm_port_pages_free(mid, lmm_div_round_up(sizeof(*mid),
							  LMM_PAGE_SIZE));
		lmm_pagemap_root[i] = &empty_mid;
	}
	pagemap_high_set = false;
}
