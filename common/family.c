// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * family.c - page families: the registry, allocation and free.
 *
 * THE DESIGN IN ONE PAGE
 *
 * An application registers each struct type once, by name and size, as a
 * *family*.  A family owns whole pages (4 KiB) that it takes from the port
 * (mmap() in userspace, vmalloc() in the kernel).  Each page starts with a
 * small header (page.c) and is tiled by blocks; a block is an 8-byte header
 * and a 16-byte aligned payload (block.c).  An allocation of N units needs
 * one block of N * size bytes of payload:
 *
 *   1. The family's free queue (freeq.c) gives the block its policy wants;
 *      under worst fit, the default, that is the largest free block of the
 *      whole family, found in O(1) through exact size classes.
 *   2. If even that block is too small, the family takes a new page.
 *   3. The block is split: the front is handed out, the rest goes back to
 *      the free queue if it can hold a free block.
 *
 * A free is the reverse: the block is merged with a free neighbour on
 * either side in O(1) (footer and PREV_FREE flag, block.c) and the merged
 * block goes back to the queue.  When a page holds no live block it goes
 * back to the port, unless the family keeps it in its small cache of empty
 * pages (cache_pages, default 2), so alloc/free churn at a page boundary
 * does not thrash the port.
 *
 * A request larger than one page's largest block gets a *run*: n
 * contiguous pages holding exactly one block, returned on free.
 *
 * Frees are checked before anything is read: the page of the pointer must
 * belong to the family in the page map (pagemap.c, lmm's own memory), and
 * the page's live map must have a bit set where a live payload starts.
 * Only then is the header read, and its check value must match.  So
 * foreign, interior, stale and doubly freed pointers are refused with
 * -EINVAL, and a smashed header with -EFAULT, without touching memory lmm
 * does not own.
 *
 * Nothing else a caller can write is believed either: a family handle is
 * a number checked against its slot (handle.c); a block taken from a free
 * list, and every link followed, is checked first, and damage is fenced
 * off while the queue is rebuilt from the intact blocks (freeq.h,
 * repair.c).  Documentation/design.rst has the threat model.
 *
 * COMPLEXITY (n: free blocks of the family, p: its pages)
 *
 *   register, lookup by name    O(1) average (hash of names)
 *   alloc, free                 O(1) (+ zeroing); page map lookup O(1)
 *   largest free block          O(1) (O(log n) expected under first fit)
 *   first fit, large blocks     O(log n) expected (treap, tree.c)
 *   statistics                  as the largest free block
 *   reports                     O(p + b)   (b: blocks of the family)
 *   checker                     O(p + b), O(p + b log n) under first fit
 *   repair after damage         O(p + b)
 *
 * LOCKING
 *
 * Three kinds of lock, always taken in this order:
 *
 *   registry lock (the port's)  the name table and the list of families
 *   family lock                 everything inside one family (it lives in
 *                               the family's slot, as long as the slot)
 *   page table lock             the page map's writers (a leaf)
 *
 * So reports can walk the families and lock each in turn, and a family can
 * map a new page while it is locked.  Lookups take no lock: a handle is
 * checked again under the family lock, and a free without a handle reads
 * the page's owner from the page map, takes that family's lock and asks
 * the map again: if the page changed hands in between, the free is
 * refused.
 */
#include "freeq.h"

/*
 * The registry: family names, the order of creation, the defaults.  Only
 * this file sees it; the other files walk the families through
 * lmm_families_first() and lmm_families_next().  The registry lock (the
 * port's) protects it.
 */
static struct {
	bool ready;
	int cache_pages_default;
	struct lmm_hash families;
	struct lmm_family *first;
	struct lmm_family *last;
	size_t nfamilies;
	unsigned long generation;	/* changes when a family goes away */
} registry = {
	.cache_pages_default = LMM_CACHE_PAGES_DEFAULT,
};

static unsigned long name_hash(const char *name)
{
	unsigned long h = 2166136261UL;

	while (*name)
		h = (h ^ (unsigned char)*name++) * 16777619UL;
	return h;
}

static unsigned long family_key(const struct lmm_hnode *node)
{
	return lmm_container_of(node, struct lmm_family, name_node)->name_hash;
}

static bool name_valid(const char *name)
{
	size_t len;

	if (!name)
		return false;
	for (len = 0; name[len]; len++) {
		char c = name[len];

		if (len >= LMM_NAME_MAX)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return len > 0;
}

static bool name_equal(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Set up the registry the first time it is needed; registry lock held. */
static int registry_init_locked(void)
{
	int err;

	if (registry.ready)
		return 0;
	err = lmm_hash_init(&registry.families, family_key);
	if (err)
		return err;
	err = lmm_pagemap_init();
	if (err) {
		lmm_hash_destroy(&registry.families);
		return err;
	}
	registry.ready = true;
	return 0;
}

static void family_damaged(struct lmm_freeq *q, const void *at,
			   const char *what)
{
	struct lmm_family *family = lmm_container_of(q, struct lmm_family,
						     freeq);
	struct lmm_page *page = lmm_page_of(at);
	/* Read a page header only where the page map says it is ours. */
	u32 index = lmm_pagemap_owner(page) == family->id ? page->index : ~0U;

	family->count.corruptions++;
	lmm_port_log(LMM_LOG_DAMAGE, "family %s: %s at page %d offset %lu",
		     family->name, what, (int)index,
		     (unsigned long)at + LMM_HDR_BYTES - (unsigned long)page);
}

/* Find a family by owner and name; registry lock held. */
static struct lmm_family *find_locked(const void *owner, const char *name)
{
	unsigned long key = name_hash(name);
	struct lmm_hnode *n;

	for (n = lmm_hash_chain(&registry.families, key); n; n = n->next) {
		struct lmm_family *family =
			lmm_container_of(n, struct lmm_family, name_node);

		if (family->name_hash == key && family->owner == owner &&
		    name_equal(family->name, name))
			return family;
	}
	return NULL;
}

static void copy_name(char *dst, const char *src)
{
	size_t i;

	for (i = 0; src && src[i] && i < LMM_NAME_MAX; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

static size_t family_npages(void)
{
	return lmm_div_round_up(sizeof(struct lmm_family), LMM_PAGE_SIZE);
}

/*
 * A family in a fresh or reused slot, not yet published; registry lock
 * held.  Everything but the slot's lock is set anew.
 */
static struct lmm_family *family_new(const void *owner,
				     const char *owner_name,
				     const char *name, size_t struct_bytes,
				     const struct lmm_family_opts *opts)
{
	struct lmm_family *family;
	struct lmm_slot *slot;
	u32 id;

	slot = lmm_slot_alloc(LMM_SLOT_FAMILY, family_npages(), &id);
	if (!slot)
		return NULL;
	family = slot->object;
	lmm_port_zero(family, sizeof(*family));
	family->id = id;
	family->slot = slot;
	family->lock = slot->lock;
	family->owner = owner;
	copy_name(family->owner_name, owner_name);
	copy_name(family->name, name);
	family->name_hash = name_hash(name);
	family->struct_bytes = struct_bytes;
	family->debug = opts && opts->debug;
	family->cache_pages = opts && opts->cache_pages >= 0 ?
			      opts->cache_pages :
			      registry.cache_pages_default;
	lmm_freeq_init(&family->freeq, opts ? opts->policy : LMM_WORST_FIT,
		       family->class_heads, family->class_map,
		       LMM_FAMILY_CLASSES);
	family->freeq.owner_id = id;
	family->freeq.damaged = family_damaged;
	family->freeq.repair = lmm_family_repair;
	return family;
}

/**
 * lmm_family_create_owned() - register a struct type in an owner's name space
 * @owner: who the name belongs to (a module, /proc, ...); NULL is the
 *	default name space, the only one userspace has
 * @owner_name: how reports name @owner; up to 31 characters, may be ""
 * @name: 1 to 31 characters of [A-Za-z0-9_], unique for @owner
 * @struct_bytes: the size of one unit, at least 1
 * @opts: policy, cache and debug settings, or NULL for the defaults
 * @familyp: receives the handle
 *
 * Two owners may register the same name: neither can keep the other from
 * registering its types.
 *
 * Return: 0, -EINVAL for a bad name, size or option, -EEXIST for a name
 * @owner already registered, or -ENOMEM.
 */
int lmm_family_create_owned(const void *owner, const char *owner_name,
			    const char *name, size_t struct_bytes,
			    const struct lmm_family_opts *opts,
			    struct lmm_family **familyp)
{
	struct lmm_family *family;
	int err;

	if (!familyp)
		return -EINVAL;
	*familyp = NULL;
	if (!name_valid(name) || !struct_bytes ||
	    (opts && (unsigned int)opts->policy > LMM_FIRST_FIT))
		return -EINVAL;
	lmm_secrets_ready();
	lmm_port_lock(lmm_port_registry_lock());
	err = registry_init_locked();
	if (!err && find_locked(owner, name))
		err = -EEXIST;
	family = err ? NULL : family_new(owner, owner_name, name,
					 struct_bytes, opts);
	if (!family) {
		lmm_port_unlock(lmm_port_registry_lock());
		return err ? err : -ENOMEM;
	}
	family->handle = lmm_slot_publish(family->slot, family->id,
					  LMM_SLOT_FAMILY);
	lmm_hash_add(&registry.families, &family->name_node,
		     family->name_hash);
	family->prev = registry.last;
	if (registry.last)
		registry.last->next = family;
	else
		registry.first = family;
	registry.last = family;
	registry.nfamilies++;
	*familyp = (struct lmm_family *)family->handle;
	lmm_port_unlock(lmm_port_registry_lock());
	return 0;
}

/**
 * lmm_family_create() - register a struct type as a page family
 * @name: 1 to 31 characters of [A-Za-z0-9_], unique
 * @struct_bytes: the size of one unit, at least 1
 * @opts: policy, cache and debug settings, or NULL for the defaults
 * @familyp: receives the handle
 *
 * The family goes in the default name space (lmm_family_create_owned()).
 *
 * Return: 0, -EINVAL for a bad name, size or option, -EEXIST for a name
 * already registered, or -ENOMEM.
 */
int lmm_family_create(const char *name, size_t struct_bytes,
		      const struct lmm_family_opts *opts,
		      struct lmm_family **familyp)
{
	return lmm_family_create_owned(NULL, "", name, struct_bytes, opts,
				       familyp);
}

/**
 * lmm_family_find_owned() - look a family up by owner and name
 * @owner: the name space, as given to lmm_family_create_owned()
 * @name: the name it was registered with
 *
 * Return: the family, or NULL when there is none (or the name is invalid).
 */
struct lmm_family *lmm_family_find_owned(const void *owner, const char *name)
{
	struct lmm_family *family = NULL;
	unsigned long handle = 0;

	if (!name_valid(name))
		return NULL;
	lmm_port_lock(lmm_port_registry_lock());
	if (registry.ready)
		family = find_locked(owner, name);
	if (family)
		handle = family->handle;	/* the slot is reused unlocked */
	lmm_port_unlock(lmm_port_registry_lock());
	return (struct lmm_family *)handle;
}

/**
 * lmm_family_find() - look a family up by name in the default name space
 * @name: the name it was registered with
 *
 * Return: the family, or NULL when there is none (or the name is invalid).
 */
struct lmm_family *lmm_family_find(const char *name)
{
	return lmm_family_find_owned(NULL, name);
}

/**
 * lmm_family_owner_name() - who a family belongs to, as reports say it
 * @handle: the family
 *
 * Return: the owner's name ("" in the default name space), or "?" for a
 * bad handle.
 */
const char *lmm_family_owner_name(const struct lmm_family *handle)
{
	struct lmm_family *family = lmm_family_peek(handle);

	return family ? family->owner_name : "?";
}

/**
 * lmm_family_name() - the name of a family
 * @handle: the family
 *
 * The text lives in the family: it is valid while the family is, and a
 * caller racing the family's destroy may read the next family's name.
 *
 * Return: its name, or "?" for a bad handle.
 */
const char *lmm_family_name(const struct lmm_family *handle)
{
	struct lmm_family *family = lmm_family_peek(handle);

	return family ? family->name : "?";
}

/**
 * lmm_family_set_debug() - turn red zones and poisoning on or off
 * @handle: the family
 * @on: the new setting.  A block keeps the red zone it was allocated
 *	with; poisoning (and checking it while merging) follows the setting
 *	at the time of each free.
 */
void lmm_family_set_debug(struct lmm_family *handle, bool on)
{
	struct lmm_family *family = lmm_family_get(handle);

	if (!family)
		return;
	family->debug = on;
	lmm_family_put(family);
}

static void unlink_locked(struct lmm_family *family)
{
	/* Handles cached by name (lmm_family_generation()) are stale now. */
	__atomic_store_n(&registry.generation,
			 registry.generation + 1, __ATOMIC_RELEASE);
	lmm_hash_del(&registry.families, &family->name_node,
		     family->name_hash);
	if (family->prev)
		family->prev->next = family->next;
	else
		registry.first = family->next;
	if (family->next)
		family->next->prev = family->prev;
	else
		registry.last = family->prev;
	registry.nfamilies--;
}

/* Give every page back, live blocks or not; family lock held. */
static void release_all_pages(struct lmm_family *family)
{
	size_t n = family->npages;

	/* A damaged page ends the walk: the pages after it are leaked. */
	while (family->first_page && n--)
		if (!lmm_page_destroy(family, family->first_page))
			break;
	family->first_page = NULL;
	family->last_page = NULL;
	family->npages = 0;
	lmm_freeq_init(&family->freeq, family->freeq.policy,
		       family->class_heads, family->class_map,
		       LMM_FAMILY_CLASSES);
	family->pages_in_use = 0;
	family->pages_cached = 0;
}

/* Make a family's handle dead and free everything it has; both locks held. */
static void family_kill(struct lmm_family *family)
{
	lmm_slot_kill(family->slot);
	family->handle = 0;
	unlink_locked(family);
	release_all_pages(family);
}

/**
 * lmm_family_destroy() - unregister a family and free its cached pages
 * @handle: a family with no live blocks
 *
 * The handle is dead afterwards: every function given it again returns
 * -EINVAL (or NULL), even after its slot was reused by a new family.
 *
 * Return: 0, -EINVAL for a bad handle, or -EBUSY while blocks are live.
 */
int lmm_family_destroy(struct lmm_family *handle)
{
	struct lmm_family *family;
	int err = 0;

	lmm_port_lock(lmm_port_registry_lock());
	family = lmm_family_get(handle);
	if (!family) {
		err = -EINVAL;
	} else if (family->count.blocks_in_use) {
		err = -EBUSY;
		lmm_family_put(family);
	} else {
		family_kill(family);
		lmm_family_put(family);
		lmm_slot_free(family->slot, family->id, LMM_SLOT_FAMILY);
	}
	lmm_port_unlock(lmm_port_registry_lock());
	return err;
}

/**
 * lmm_shutdown() - destroy every family, live blocks or not
 *
 * For module unload and for tests.  Families that still hold live blocks
 * are reported through lmm_port_log(): those are the caller's leaks.
 * Handles of the families destroyed are dead, like any destroyed handle.
 */
void lmm_shutdown(void)
{
	struct lmm_family *family;

	lmm_port_lock(lmm_port_registry_lock());
	while (registry.ready && registry.first) {
		family = registry.first;
		if (family->count.blocks_in_use)
			lmm_port_log(LMM_LOG_INFO,
				     "family %s: %zu blocks (%zu units) still live at shutdown",
				     family->name, family->count.blocks_in_use,
				     family->count.units_in_use);
		lmm_port_lock(family->lock);
		family_kill(family);
		lmm_port_unlock(family->lock);
		lmm_slot_free(family->slot, family->id, LMM_SLOT_FAMILY);
	}
	if (registry.ready) {
		lmm_hash_destroy(&registry.families);
		lmm_pagemap_fini();
		registry.ready = false;
	}
	lmm_port_unlock(lmm_port_registry_lock());
}

/**
 * lmm_teardown() - lmm_shutdown(), and give back what keeps handles safe
 *
 * The slots behind handles and the page map stay after lmm_shutdown(), so
 * that a stale handle is refused instead of followed.  When no caller can
 * hold a handle any more (module unload), this returns them too.  Regions
 * must be destroyed first.
 */
void lmm_teardown(void)
{
	lmm_shutdown();
	lmm_port_lock(lmm_port_registry_lock());
	lmm_pagemap_teardown();
	lmm_slot_teardown();
	lmm_port_unlock(lmm_port_registry_lock());
}

/**
 * lmm_family_generation() - a number that changes when a family goes away
 *
 * A caller that caches lmm_family_find() answers (the seed API caches the
 * last name it looked up) keeps the generation it found them in and looks
 * again when it differs.  Reading it takes no lock.
 *
 * Return: the current generation.
 */
unsigned long lmm_family_generation(void)
{
	return __atomic_load_n(&registry.generation, __ATOMIC_ACQUIRE);
}

/**
 * lmm_registry_lock() - hold the list of families still
 *
 * For iterators (lmm_family_first() and lmm_family_next()).  Family
 * functions that take only a family lock may be called inside; those
 * that create, destroy or list families may not.
 */
void lmm_registry_lock(void)
{
	lmm_port_lock(lmm_port_registry_lock());
}

/**
 * lmm_registry_unlock() - let the list of families change again
 */
void lmm_registry_unlock(void)
{
	lmm_port_unlock(lmm_port_registry_lock());
}

/**
 * lmm_family_first() - the first family registered
 *
 * Call with the registry lock held (lmm_registry_lock()).
 *
 * Return: the family, or NULL when there is none.
 */
struct lmm_family *lmm_family_first(void)
{
	struct lmm_family *family = registry.ready ? registry.first :
							 NULL;

	return family ? (struct lmm_family *)family->handle : NULL;
}

/**
 * lmm_family_next() - the family registered after another
 * @handle: a family
 *
 * Call with the registry lock held (lmm_registry_lock()).
 *
 * Return: the next family, or NULL after the last.
 */
struct lmm_family *lmm_family_next(struct lmm_family *handle)
{
	struct lmm_family *family = lmm_family_peek(handle);

	family = family ? family->next : NULL;
	return family ? (struct lmm_family *)family->handle : NULL;
}

/**
 * lmm_families_first() - the first family, as the core sees it
 *
 * For the walks of reports, statistics and the checker: call with the
 * registry lock held.
 *
 * Return: the family (not its handle), or NULL when there is none.
 */
struct lmm_family *lmm_families_first(void)
{
	return registry.ready ? registry.first : NULL;
}

/**
 * lmm_families_next() - the family created after another
 * @family: a family (not a handle); registry lock held
 *
 * Return: the next family, or NULL after the last.
 */
struct lmm_family *lmm_families_next(const struct lmm_family *family)
{
	return family->next;
}

/**
 * lmm_families_count() - how many families there are
 *
 * Return: the number; call with the registry lock held.
 */
size_t lmm_families_count(void)
{
	return registry.ready ? registry.nfamilies : 0;
}

/**
 * lmm_set_cache_pages_default() - empty pages new families keep
 * @npages: 0 or more; existing families keep their setting
 */
void lmm_set_cache_pages_default(int npages)
{
	if (npages < 0)
		return;
	lmm_port_lock(lmm_port_registry_lock());
	registry.cache_pages_default = npages;
	lmm_port_unlock(lmm_port_registry_lock());
}
