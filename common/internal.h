/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * internal.h - the data structures of the core, shared by its files.
 *
 * Read common/family.c first: its top comment explains the design.
 */
#ifndef LMM_INTERNAL_H
#define LMM_INTERNAL_H

#include "lmm_frontend.h"
#include "lmm_port.h"

#define LMM_LONG_BITS		(8 * sizeof(unsigned long))
#define LMM_ALIGN		16UL	/* payload alignment and size granule */
#define LMM_HDR_BYTES		8UL	/* struct lmm_block */
#define LMM_FOOTER_BYTES	8UL	/* size copy at the end of a free block */
#define LMM_REDZONE_BYTES	16UL	/* minimum slack added in debug mode */

#define lmm_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

/* Fill patterns: the same values the kernel's poison.h uses. */
#define LMM_POISON_FREE		0x6b
#define LMM_REDZONE_BYTE	0xbb

#define LMM_PAGE_MAGIC		0x4c4d4d50	/* "LMMP" */

/*
 * struct lmm_block - the 8-byte header in front of every payload.
 * @size_flags: bytes of the whole block (a multiple of 16) | LMM_BLOCK_*
 * @units: units of the family's struct held (0 in runs and regions)
 * @check: a hash of the header's own address and fields; see block.c
 */
struct lmm_block {
	u32 size_flags;
	u16 units;
	u16 check;
};

#define LMM_BLOCK_USED		0x1	/* allocated */
#define LMM_BLOCK_PREV_FREE	0x2	/* the block before is free: footer valid */
#define LMM_BLOCK_REDZONE	0x4	/* allocated with a red zone (debug) */
#define LMM_BLOCK_POISONED	0x8	/* free payload holds LMM_POISON_FREE */
#define LMM_BLOCK_FLAGS		0xfU

/*
 * struct lmm_free - a free block, as the free queue sees it.  The links
 * live in the payload, which a free block does not need; the last 8 bytes
 * of the block repeat its size (the footer) so the next block can find it.
 */
struct lmm_free {
	struct lmm_block hdr;
	union {
		struct {		/* in a size-class list */
			unsigned long next;
			unsigned long prev;
		} list;
		struct {		/* in the treap of large blocks */
			unsigned long left;
			unsigned long right;
			unsigned long min_addr;	/* lowest address below */
		} tree;
	};
};

/* A used block nobody can free: where damage was found and left alone. */
#define LMM_UNITS_QUARANTINE	0xffffU

/* The smallest free block: header, two links, footer. */
#define LMM_BLOCK_MIN		32UL
/* ... and one that can also hold a treap node. */
#define LMM_BLOCK_MIN_TREE	48UL

/*
 * struct lmm_freeq - the free blocks of one family or region, ordered so
 * that the block a policy wants is found without a scan.
 *
 * Blocks smaller than nclasses * 16 bytes sit in exact size classes, one
 * LIFO list per multiple of 16, with a two-level bitmap of the non-empty
 * classes: the largest (or smallest fitting) block is two bit searches
 * away.  Larger blocks, and every block under first fit, sit in a treap
 * ordered by (size, address) that also knows the lowest address below each
 * node.  Every in-page block of a family fits a class, so the family hot
 * path never touches the treap.
 */
struct lmm_freeq {
	struct lmm_free **heads;
	unsigned long *map;
	unsigned long summary;
	unsigned int nclasses;
	enum lmm_policy policy;
	/* Teaching mode of a region: freed blocks are never merged. */
	bool apart;
	size_t min_block;
	struct lmm_free *tree;
	size_t nblocks;
	size_t nbytes;		/* block bytes, headers included */
	/* Whose blocks may be linked: a family's id, or a region's area. */
	u32 owner_id;
	unsigned long area_lo;
	unsigned long area_hi;
	/* Damage seen: repair before the next use; @suspect is left alone. */
	bool broken;
	struct lmm_free *suspect;
	/* Tells the owner of damage found while merging or reusing a block. */
	void (*damaged)(struct lmm_freeq *q, const void *at, const char *what);
	/* Rebuilds the queue from the owner's blocks (repair.c). */
	void (*repair)(struct lmm_freeq *q);
};

#define LMM_FREEQ_MAX_CLASSES	(LMM_LONG_BITS * LMM_LONG_BITS)

/* An intrusive chained hash table; a node knows nothing of its key. */
struct lmm_hnode {
	struct lmm_hnode *next;
};

struct lmm_hash {
	struct lmm_hnode **buckets;
	size_t nbuckets;		/* a power of two */
	size_t count;
	unsigned long (*key_of)(const struct lmm_hnode *node);
};

/*
 * struct lmm_page - the header at the start of every page (or run of
 * pages) a family owns.  @live_map has a bit per 16-byte slot of the page,
 * set where the payload of a live block starts: it is what makes a free of
 * an interior or stale pointer detectable without trusting user memory.
 *
 * What every allocation and free reads or writes (the live map, the live
 * count, the page count) comes first, in the page's first 64-byte cache
 * line: a free of a random block then misses one line of the header, not
 * two (bench rand: 2 in 5 frees touched the second).
 */
struct lmm_page {
	unsigned long live_map[LMM_PAGE_SIZE / LMM_ALIGN / LMM_LONG_BITS];
	u32 live_blocks;
	u32 npages;			/* > 1 for a run */
	u64 run_units;			/* units held by a run */
	struct lmm_page *prev;
	struct lmm_page *next;
	u32 family_id;			/* the owner id in the page map */
	u32 magic;
	u32 index;			/* for reports: no raw addresses */
};

/* First block header: 8 bytes before a 16-byte boundary. */
#define LMM_PAGE_FIRST_BLOCK \
	((sizeof(struct lmm_page) + LMM_HDR_BYTES + LMM_ALIGN - 1) / \
	 LMM_ALIGN * LMM_ALIGN - LMM_HDR_BYTES)
/* The largest block a single page holds (the last 8 bytes: end sentinel). */
#define LMM_PAGE_BLOCK_MAX \
	(LMM_PAGE_SIZE - LMM_PAGE_FIRST_BLOCK - LMM_HDR_BYTES)
#define LMM_FAMILY_CLASSES	(LMM_PAGE_SIZE / LMM_ALIGN)

struct lmm_counters {
	size_t units_in_use;
	size_t blocks_in_use;
	size_t payload_bytes_in_use;	/* regions only: families derive it */
	u64 page_requests;
	u64 page_releases;
	u64 allocs;
	u64 frees;
	u64 failed_allocs;
	u64 bad_frees;
	u64 corruptions;
};

struct lmm_family {
	u32 id;				/* slot index: the owner id of its pages */
	unsigned long handle;		/* what callers hold; 0 once destroyed */
	struct lmm_slot *slot;
	char name[LMM_NAME_MAX + 1];
	const void *owner;		/* whose name space; NULL: the default */
	char owner_name[LMM_NAME_MAX + 1];
	size_t struct_bytes;
	bool debug;
	int cache_pages;
	struct lmm_lock *lock;
	struct lmm_hnode name_node;	/* in the registry's name table */
	unsigned long name_hash;
	struct lmm_family *prev;	/* registry list, creation order */
	struct lmm_family *next;
	struct lmm_page *first_page;
	struct lmm_page *last_page;
	size_t npages;			/* pages and runs on the list */
	struct lmm_freeq freeq;
	size_t pages_in_use;		/* pages and runs' pages, not empty */
	size_t pages_cached;		/* empty single pages kept */
	u32 next_page_index;
	struct lmm_counters count;
	struct lmm_free *class_heads[LMM_FAMILY_CLASSES];
	unsigned long class_map[LMM_FAMILY_CLASSES / LMM_LONG_BITS];
};

struct lmm_region {
	u32 id;
	unsigned long handle;		/* what callers hold; 0 once destroyed */
	struct lmm_slot *slot;
	bool debug;
	struct lmm_lock *lock;
	void *meta;			/* class heads, class map, live map */
	char *base;			/* the area blocks tile */
	size_t area_bytes;
	size_t area_npages;
	size_t meta_npages;
	unsigned long *live_map;	/* a bit per 16-byte slot of the area */
	struct lmm_freeq freeq;
	struct lmm_counters count;
};

/*
 * secret.c: the keys of the check values and of the links, drawn once.
 * Only secret.c writes them; everybody else reads them through the inline
 * accessors below (both are on the hot path).
 */
extern u64 lmm_secret_for_headers;	/* 0 until drawn */
extern unsigned long lmm_secret_for_links;

void lmm_secrets_ready(void);

/*
 * Atomic, as secret.c stores it; relaxed, because the handle of the family
 * or region that writes a header is published after it.  It also made
 * gcc 12 schedule the hot path better: 316.2 against 318.6 instructions
 * per operation with a plain load (callgrind, bench churn 100000 36).
 */
static inline u64 lmm_header_secret(void)
{
	return __atomic_load_n(&lmm_secret_for_headers, __ATOMIC_RELAXED);
}

static inline unsigned long lmm_link_secret(void)
{
	return lmm_secret_for_links;
}

/*
 * The words of struct lmm_free are links a write after free can reach, so none is
 * stored as it is (safe-linking, as glibc does): each is XOR'ed with its
 * own address shifted right by a page and with a secret drawn once.  A
 * stray write decodes to an address nowhere near a block of the owner,
 * and every link is checked (freeq.h) before it is followed.
 */
static inline unsigned long lmm_link_key(const unsigned long *where)
{
	return ((unsigned long)where >> LMM_PAGE_SHIFT) ^ lmm_link_secret();
}

static inline struct lmm_free *lmm_link_get(const unsigned long *where)
{
	return (struct lmm_free *)(*where ^ lmm_link_key(where));
}

static inline void lmm_link_set(unsigned long *where, const void *to)
{
	*where = (unsigned long)to ^ lmm_link_key(where);
}

/*
 * The key of both list links of a free block at once.  They lie in one
 * 16-byte granule (right after the header, at the 16-byte aligned start
 * of the payload), which never straddles a page: lmm_link_key() gives
 * them the same key, which the compiler cannot see.  The hot list code
 * computes it once per block (lmm_list_get(), lmm_list_set()).
 */
static inline unsigned long lmm_list_key(const struct lmm_free *f)
{
	return lmm_link_key(&f->list.next);
}

static inline struct lmm_free *lmm_list_get(const unsigned long *where,
					    unsigned long key)
{
	return (struct lmm_free *)(*where ^ key);
}

static inline void lmm_list_set(unsigned long *where, unsigned long key,
				const void *to)
{
	*where = (unsigned long)to ^ key;
}

/*
 * handle.c: a handle is (generation << LMM_SLOT_GEN_SHIFT) | kind | index
 * of a slot; see handle.c.
 */
struct lmm_slot {
	unsigned long handle;		/* the live handle; 0 while free */
	void *object;			/* kept from one generation to the next */
	struct lmm_lock *lock;		/* the object's lock, as long-lived */
	u32 generation;
	u32 next_free;			/* index of the next free slot */
	u32 npages;			/* of the object */
};

#define LMM_SLOT_INDEX_BITS	18
#define LMM_SLOT_MAX		0x40000UL	/* 1 << LMM_SLOT_INDEX_BITS */
#define LMM_SLOT_KIND		LMM_SLOT_MAX	/* the bit above the index */
#define LMM_SLOT_FAMILY		0UL
#define LMM_SLOT_REGION		LMM_SLOT_KIND
#define LMM_SLOT_GEN_SHIFT	(LMM_SLOT_INDEX_BITS + 1)

/* A page of slots; a power of two so that finding one is a shift. */
#define LMM_SLOTS_PER_CHUNK	64
extern struct lmm_slot *lmm_slot_chunks[];

/* The slot of @index, if its chunk exists; @index < LMM_SLOT_MAX. */
static inline struct lmm_slot *lmm_slot_at(unsigned long index)
{
	struct lmm_slot *chunk;

	chunk = __atomic_load_n(&lmm_slot_chunks[index / LMM_SLOTS_PER_CHUNK],
				__ATOMIC_ACQUIRE);
	return likely(chunk) ? &chunk[index % LMM_SLOTS_PER_CHUNK] : NULL;
}

/**
 * lmm_slot_of() - the slot a handle names, without checking its generation
 * @handle: anything a caller passed as a handle
 *
 * Return: the slot, or NULL when the handle cannot name one.
 */
static inline struct lmm_slot *lmm_slot_of(unsigned long handle)
{
	unsigned long index = handle & (LMM_SLOT_MAX - 1);

	return index ? lmm_slot_at(index) : NULL;
}

/*
 * The tail both lookups share: lock the object of @slot (a slot of a
 * chunk that exists) and keep it only if the slot's handle, read under
 * the lock, is still @handle (or, @any_live, any live handle).  A slot
 * never used (slot 0 among them) has no lock: nothing is locked then.
 * @any_live is a constant at each call: the test folds to one compare.
 */
static inline void *lmm_slot_lock_live(struct lmm_slot *slot,
				       unsigned long handle, bool any_live)
{
	struct lmm_lock *lock = __atomic_load_n(&slot->lock, __ATOMIC_ACQUIRE);
	unsigned long live;

	if (unlikely(!lock))
		return NULL;
	lmm_port_lock(lock);
	/* Acquire: the object was set up before its handle was published. */
	live = __atomic_load_n(&slot->handle, __ATOMIC_ACQUIRE);
	if (likely(any_live ? live != 0 : live == handle)) {
		void *object = slot->object;

		/*
		 * A slot with a lock has had its object since slot_new():
		 * saying so spares every caller a test of what it got.
		 */
		if (!object)
			__builtin_unreachable();
		return object;
	}
	lmm_port_unlock(lock);
	return NULL;
}

/**
 * lmm_slot_get() - lock the object a handle names
 * @handle: the handle
 * @kind: LMM_SLOT_FAMILY or LMM_SLOT_REGION
 *
 * Inline: every call of the native API starts here.
 *
 * Return: the object with its lock held, or NULL when the handle is not
 * live (nothing is locked then).
 */
static inline void *lmm_slot_get(unsigned long handle, unsigned long kind)
{
	struct lmm_slot *slot = lmm_slot_at(handle & (LMM_SLOT_MAX - 1));

	if (unlikely(!slot || (handle & LMM_SLOT_KIND) != kind))
		return NULL;
	return lmm_slot_lock_live(slot, handle, false);
}

/**
 * lmm_slot_get_index() - lock the live object of a slot, by index
 * @index: a slot index, as the page map records owners (any value)
 *
 * For a free without a handle: the page map gives the index, and the
 * caller checks the map again under the lock, since the page may have
 * changed hands in between.  Slots of one index keep their kind.
 *
 * Return: the object with its lock held, or NULL when the slot holds no
 * live object (nothing is locked then).
 */
static inline void *lmm_slot_get_index(u32 index)
{
	struct lmm_slot *slot;

	if (unlikely(!index || index >= LMM_SLOT_MAX))
		return NULL;
	slot = lmm_slot_at(index);
	if (unlikely(!slot))
		return NULL;
	return lmm_slot_lock_live(slot, 0, true);
}

void *lmm_slot_peek(unsigned long handle, unsigned long kind);
struct lmm_slot *lmm_slot_alloc(unsigned long kind, size_t object_npages,
				u32 *indexp);
unsigned long lmm_slot_publish(struct lmm_slot *slot, u32 index,
			       unsigned long kind);
void lmm_slot_kill(struct lmm_slot *slot);
void lmm_slot_free(struct lmm_slot *slot, u32 index, unsigned long kind);
void lmm_slot_teardown(void);

/* pagemap.c: page number -> owner id, in three levels of 12 bits. */
#define LMM_MAP_BITS		12
#define LMM_MAP_FANOUT		4096UL		/* 1 << LMM_MAP_BITS */
#define LMM_MAP_ADDR_BITS	(LMM_PAGE_SHIFT + 3 * LMM_MAP_BITS)

struct lmm_pagemap_leaf {
	u32 owner[LMM_MAP_FANOUT];
};

struct lmm_pagemap_mid {
	struct lmm_pagemap_leaf *leaf[LMM_MAP_FANOUT];
};

extern struct lmm_pagemap_mid *lmm_pagemap_root[LMM_MAP_FANOUT];
/*
 * The address bits above 47 that every page shares, shifted to line up
 * with address >> 36: subtracting it leaves the root index, or a value
 * of FANOUT or more (wrapped, when smaller) for any other address.  One
 * subtraction and one compare instead of a shift, a compare and a mask.
 * Before the first page is recorded it covers no address at all.
 */
extern unsigned long lmm_pagemap_base;

/* The root index of page number @pfn: LMM_MAP_FANOUT or more if none. */
static inline unsigned long lmm_pagemap_top(unsigned long pfn)
{
	return (pfn >> (2 * LMM_MAP_BITS)) -
	       __atomic_load_n(&lmm_pagemap_base, __ATOMIC_ACQUIRE);
}

/*
 * The owner entry of page number @pfn, whose root index @top is in range.
 * No pointer on the way down is NULL (pagemap.c): a part of the address
 * space never recorded leads to the shared empty leaf, whose owners are
 * all 0.  So the walk is three loads and no test.
 */
static inline const u32 *lmm_pagemap_slot(unsigned long top,
					  unsigned long pfn)
{
	struct lmm_pagemap_mid *mid;
	struct lmm_pagemap_leaf *leaf;

	mid = __atomic_load_n(&lmm_pagemap_root[top], __ATOMIC_ACQUIRE);
	leaf = __atomic_load_n(&mid->leaf[(pfn >> LMM_MAP_BITS) &
					  (LMM_MAP_FANOUT - 1)],
			       __ATOMIC_ACQUIRE);
	return &leaf->owner[pfn & (LMM_MAP_FANOUT - 1)];
}

/**
 * lmm_pagemap_entry() - where the page map records an address's owner
 * @addr: any address; nothing is read through it
 *
 * Leaves are never freed while lmm runs, so the entry can be read again
 * later (under a family lock) in one load instead of another walk.
 *
 * Return: the entry, or NULL for an address outside the covered part.
 */
static inline const u32 *lmm_pagemap_entry(const void *addr)
{
	unsigned long pfn = (unsigned long)addr >> LMM_PAGE_SHIFT;
	unsigned long top = lmm_pagemap_top(pfn);

	return top < LMM_MAP_FANOUT ? lmm_pagemap_slot(top, pfn) : NULL;
}

/**
 * lmm_pagemap_owner() - the family that owns the page of an address
 * @addr: any address; nothing is read through it
 *
 * Inline: the allocation and free paths ask it for every link they follow.
 *
 * Return: the owner id, or 0 when no family owns that page.
 */
static inline u32 lmm_pagemap_owner(const void *addr)
{
	unsigned long pfn = (unsigned long)addr >> LMM_PAGE_SHIFT;
	unsigned long top = lmm_pagemap_top(pfn);

	if (top >= LMM_MAP_FANOUT)
		return 0;
	return __atomic_load_n(lmm_pagemap_slot(top, pfn), __ATOMIC_RELAXED);
}

/*
 * The page after @page on @family's list, for the reports and walks.  The
 * list links live in the pages: one that the page map does not give to
 * @family ends the walk rather than leading it astray.
 */
static inline struct lmm_page *lmm_family_next_page(const struct lmm_family *family,
						    const struct lmm_page *page)
{
	struct lmm_page *next = page->next;

	if (next && ((unsigned long)next % LMM_PAGE_SIZE ||
		     lmm_pagemap_owner(next) != family->id))
		return NULL;
	return next;
}

int lmm_pagemap_init(void);
void lmm_pagemap_fini(void);
int lmm_pagemap_record(const void *first, size_t npages, u32 owner,
		       u32 tail_owner);
void lmm_pagemap_forget(const void *first, size_t npages);
void lmm_pagemap_teardown(void);

/* report.c */
__printf(2, 3) void lmm_print(const struct lmm_printer *out,
			      const char *fmt, ...);

static inline size_t lmm_div_round_up(size_t x, size_t d)
{
	return (x + d - 1) / d;
}

static inline size_t lmm_round_up(size_t x, size_t a)
{
	return lmm_div_round_up(x, a) * a;
}

/* block.c */
struct lmm_block *lmm_block_area_init(void *start, size_t bytes);
struct lmm_free *lmm_block_merge(struct lmm_freeq *q, struct lmm_block *b,
				 const struct lmm_block *first, bool poison);
struct lmm_free *lmm_block_free_apart(struct lmm_freeq *q,
				      struct lmm_block *b, bool poison);
size_t lmm_block_capacity(const struct lmm_block *b);
int lmm_block_inspect_damage(struct lmm_freeq *q, struct lmm_block *b,
			     bool *header_ok);
void lmm_block_redzone_fill(struct lmm_block *b, size_t bytes);
long lmm_block_redzone_damage(const struct lmm_block *b);
long lmm_block_poison_damage(const struct lmm_freeq *q,
			     const struct lmm_free *f);

/*
 * The header is read as one 64-bit word.  The check value covers every
 * bit of it but its own and PREV_FREE (which changes whenever the block
 * before is freed or allocated, and is verified anyway: the footer it
 * leads to must point at a valid free header of the same size).
 */
union lmm_block_word {
	struct lmm_block hdr;
	u64 word;
};

static inline u64 lmm_block_word(const struct lmm_block *b)
{
	return ((const union lmm_block_word *)b)->word;
}

/* The bits of the word the check value covers (folded to a constant). */
static inline u64 lmm_block_covered(void)
{
	const union lmm_block_word m = { .hdr = {
		.size_flags = ~LMM_BLOCK_PREV_FREE, .units = 0xffff } };

	return m.word;
}

/*
 * Keyed by the secret before the first multiply, by the address after it:
 * knowing one header and its check value tells nothing of another's.
 */
static inline u16 lmm_block_check(const struct lmm_block *b, u64 word)
{
	u64 x = ((word & lmm_block_covered()) ^ lmm_header_secret()) *
		0x9e3779b97f4a7c15ULL;

	x = (x ^ (unsigned long)b) * 0xc2b2ae3d27d4eb4fULL;
	return (u16)(x >> 48);
}

/**
 * lmm_block_set() - write a header with a fresh check value
 * @b: where the header goes
 * @size: bytes of the whole block, a multiple of 16
 * @flags: LMM_BLOCK_* bits
 * @units: units of a family's struct, or 0
 */
static inline void lmm_block_set(struct lmm_block *b, size_t size, u32 flags, u16 units)
{
	union lmm_block_word w = { .hdr = { .size_flags = (u32)size | flags,
					    .units = units } };

	w.hdr.check = lmm_block_check(b, w.word);
	((union lmm_block_word *)b)->word = w.word;	/* one store */
}

/**
 * lmm_block_valid() - does a header carry its own check value?
 * @b: the header
 *
 * Return: true when the header is intact.
 */
static inline bool lmm_block_valid(const struct lmm_block *b)
{
	union lmm_block_word w = { .word = lmm_block_word(b) };

	return w.hdr.check == lmm_block_check(b, w.word);
}

static inline size_t lmm_block_size(const struct lmm_block *b)
{
	return b->size_flags & ~LMM_BLOCK_FLAGS;
}

/**
 * lmm_block_size_for() - the block size that holds a payload
 * @payload_bytes: bytes the caller asked for
 * @redzone: leave room for a red zone and the requested size
 * @min: the smallest block the free queue can hold
 *
 * Return: the block size, or 0 if it does not fit in 32 bits.
 */
static inline size_t lmm_block_size_for(size_t payload_bytes, bool redzone, size_t min)
{
	size_t extra = LMM_HDR_BYTES + (redzone ? LMM_REDZONE_BYTES : 0);
	size_t size;

	if (payload_bytes > 0xffff0000UL - extra)
		return 0;
	size = lmm_round_up(payload_bytes + extra, LMM_ALIGN);
	return size < min ? min : size;
}

static inline u32 lmm_block_flags(const struct lmm_block *b)
{
	return b->size_flags & LMM_BLOCK_FLAGS;
}

static inline struct lmm_block *lmm_block_next(const struct lmm_block *b)
{
	return (struct lmm_block *)((char *)b + lmm_block_size(b));
}

static inline void *lmm_block_payload(struct lmm_block *b)
{
	return (char *)b + LMM_HDR_BYTES;
}

static inline struct lmm_block *lmm_block_of(const void *payload)
{
	return (struct lmm_block *)((char *)payload - LMM_HDR_BYTES);
}

/* freeq.c */
void lmm_freeq_init(struct lmm_freeq *q, enum lmm_policy policy,
		    struct lmm_free **heads, unsigned long *map,
		    unsigned int nclasses);
struct lmm_free *lmm_freeq_pick(struct lmm_freeq *q, size_t need);
size_t lmm_freeq_largest(const struct lmm_freeq *q);

/* repair.c */
void lmm_repair_area(struct lmm_freeq *q, struct lmm_block *first,
		     struct lmm_block *end, const void *base,
		     const unsigned long *live_map, bool poison);
void lmm_block_quarantine(struct lmm_block *b, size_t size);
void lmm_freeq_quarantine(struct lmm_freeq *q, struct lmm_free *f,
			  const char *what);
void lmm_freeq_clear(struct lmm_freeq *q);
void lmm_family_repair(struct lmm_freeq *q);
void lmm_region_repair(struct lmm_freeq *q);

/* tree.c */
struct lmm_free *lmm_tree_insert(struct lmm_freeq *q, struct lmm_free *root,
				 struct lmm_free *f);
bool lmm_tree_remove(struct lmm_freeq *q, struct lmm_free *f);
u32 lmm_tree_priority(const struct lmm_free *f);
struct lmm_free *lmm_tree_child(struct lmm_freeq *q, struct lmm_free *t,
				const unsigned long *link);
struct lmm_free *lmm_tree_max(struct lmm_freeq *q);
struct lmm_free *lmm_tree_ceil(struct lmm_freeq *q, size_t need);
struct lmm_free *lmm_tree_first_fit(struct lmm_freeq *q, size_t need);

/* hash.c */
int lmm_hash_init(struct lmm_hash *h,
		  unsigned long (*key_of)(const struct lmm_hnode *node));
void lmm_hash_destroy(struct lmm_hash *h);
void lmm_hash_add(struct lmm_hash *h, struct lmm_hnode *node,
		  unsigned long key);
void lmm_hash_del(struct lmm_hash *h, struct lmm_hnode *node,
		  unsigned long key);

static inline size_t lmm_hash_bucket(const struct lmm_hash *h,
				     unsigned long key)
{
	return (size_t)(((u64)key * 0x9e3779b97f4a7c15ULL) >> 32) &
	       (h->nbuckets - 1);
}

/* The first node of the chain a key hashes to (follow ->next). */
static inline struct lmm_hnode *lmm_hash_chain(const struct lmm_hash *h,
					       unsigned long key)
{
	return h->buckets[lmm_hash_bucket(h, key)];
}

/* page.c */
struct lmm_page *lmm_page_create(struct lmm_family *family, size_t npages);
bool lmm_page_destroy(struct lmm_family *family, struct lmm_page *page);
size_t lmm_page_span(struct lmm_family *family, struct lmm_page *page,
		     const struct lmm_block *b);
struct lmm_block *lmm_page_end(struct lmm_page *page);

static inline struct lmm_page *lmm_page_of(const void *addr)
{
	return (struct lmm_page *)((unsigned long)addr & ~(LMM_PAGE_SIZE - 1));
}

/* The header of a page's first block. */
static inline struct lmm_block *lmm_page_first_block(struct lmm_page *page)
{
	return (struct lmm_block *)((char *)page + LMM_PAGE_FIRST_BLOCK);
}

/**
 * lmm_page_find() - the page of a family that holds an address
 * @family: the family, locked
 * @addr: any address
 *
 * Only the page map is asked, never the memory at @addr.
 *
 * Return: the page, or NULL when @family does not own that address.
 */
static inline struct lmm_page *lmm_page_find(struct lmm_family *family, const void *addr)
{
	if (lmm_pagemap_owner(addr) != family->id)
		return NULL;
	return lmm_page_of(addr);
}

/* bitmap helpers shared by pages and regions */
static inline bool lmm_bit_test(const unsigned long *map, size_t bit)
{
	return (map[bit / LMM_LONG_BITS] >> (bit % LMM_LONG_BITS)) & 1;
}

static inline void lmm_bit_set(unsigned long *map, size_t bit)
{
	map[bit / LMM_LONG_BITS] |= 1UL << (bit % LMM_LONG_BITS);
}

static inline void lmm_bit_clear(unsigned long *map, size_t bit)
{
	map[bit / LMM_LONG_BITS] &= ~(1UL << (bit % LMM_LONG_BITS));
}

/**
 * lmm_page_live_block() - the live block whose payload starts at @ptr
 * @page: the page that holds @ptr
 * @ptr: a pointer someone wants freed
 *
 * Only the live map is consulted, never the memory at @ptr, so interior,
 * stale and doubly freed pointers are all refused exactly.
 *
 * Return: the block, or NULL.
 */
static inline struct lmm_block *lmm_page_live_block(struct lmm_page *page, const void *ptr)
{
	unsigned long off = (unsigned long)ptr - (unsigned long)page;

	if (off % LMM_ALIGN || off < LMM_PAGE_FIRST_BLOCK + LMM_HDR_BYTES ||
	    off >= LMM_PAGE_SIZE)
		return NULL;
	if (!lmm_bit_test(page->live_map, off / LMM_ALIGN))
		return NULL;
	return lmm_block_of(ptr);
}

/* family.c: the families in order of creation (registry lock held). */
struct lmm_family *lmm_families_first(void);
struct lmm_family *lmm_families_next(const struct lmm_family *family);
size_t lmm_families_count(void);

/* The live family a handle names, locked; NULL for any other value. */
static inline struct lmm_family *lmm_family_get(const struct lmm_family *handle)
{
	return lmm_slot_get((unsigned long)handle, LMM_SLOT_FAMILY);
}

static inline void lmm_family_put(struct lmm_family *family)
{
	lmm_port_unlock(family->lock);
}

/* What a region handle names now, not locked (white-box tests too). */
static inline struct lmm_region *lmm_region_peek(const struct lmm_region *handle)
{
	return lmm_slot_peek((unsigned long)handle, LMM_SLOT_REGION);
}

/* The live family a handle names, not locked: only for what may race. */
static inline struct lmm_family *lmm_family_peek(const struct lmm_family *handle)
{
	return lmm_slot_peek((unsigned long)handle, LMM_SLOT_FAMILY);
}

void lmm_family_stats_locked(struct lmm_family *family,
			     struct lmm_stats *stats);

/* stats.c */
void lmm_stats_fill(struct lmm_stats *stats, const struct lmm_counters *c,
		    const struct lmm_freeq *q);
void lmm_stats_add(struct lmm_stats *sum, const struct lmm_stats *part);

#endif /* LMM_INTERNAL_H */
