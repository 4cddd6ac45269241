/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm.h - the native API of lmm, the Linux memory manager.
 *
 * An application registers each struct type once as a *page family* and
 * keeps the handle; allocations of N units of that type come from pages the
 * family owns, so the hot path does no lookup.  A *region* is a plain heap
 * over one range of memory (the Mem_* API is built on it).
 *
 * Errors are negative errno values.  Functions returning a pointer return
 * NULL on failure and store the error in *errp when errp is not NULL.
 * Every function is thread safe; in the kernel they may sleep.
 *
 * This is the allocator's API.  What a front end needs besides (the seed
 * APIs in user/, /proc/lmm in kernel/, the tests) is in lmm_frontend.h.
 */
#ifndef LMM_H
#define LMM_H

/*
 * Only standard types and lmm_ names: a program that includes this file
 * keeps the kernel's short type names and compiler macros for itself
 * (scripts/test-install.sh builds one that defines them).  The kernel has
 * no <stdint.h>; <linux/types.h> gives it the same names.
 */
#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/stdarg.h>
#else
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

/* printf-like arguments from @fmt on, checked by the compiler. */
#define LMM_PRINTF(fmt, args)	__attribute__((format(printf, fmt, args)))

#define LMM_VERSION		"1.0"
#define LMM_NAME_MAX		31	/* bytes in a family name, [A-Za-z0-9_] */

/* Which free block an allocation is carved from. */
enum lmm_policy {
	LMM_WORST_FIT,	/* the largest free block (the default) */
	LMM_BEST_FIT,	/* the smallest free block that is large enough */
	LMM_FIRST_FIT,	/* the lowest-addressed free block that is large enough */
};

struct lmm_family;
struct lmm_region;

/* Options for a new family; a NULL pointer means all defaults. */
struct lmm_family_opts {
	enum lmm_policy policy;
	int cache_pages;	/* empty pages kept; < 0 means the default */
	bool debug;		/* red zones and poisoning from the start */
};

/* Figures of one family, a region, or the sum of all families. */
struct lmm_stats {
	size_t struct_bytes;		/* size of one unit (0 for totals) */
	size_t pages_in_use;		/* pages holding live blocks */
	size_t pages_cached;		/* empty pages kept for reuse */
	size_t units_in_use;
	size_t blocks_in_use;
	/* units * struct_bytes; for a region, the capacity of used blocks */
	size_t payload_bytes_in_use;
	size_t free_bytes;		/* in free blocks, headers excluded */
	size_t free_blocks;
	size_t largest_free_bytes;
	unsigned int fragmentation_pm;	/* 1000 * (1 - largest / free) */
	uint64_t page_requests;		/* pages asked of the provider */
	uint64_t page_releases;		/* pages given back */
	uint64_t allocs;
	uint64_t frees;
	uint64_t failed_allocs;
	uint64_t bad_frees;		/* refused pointers */
	uint64_t corruptions;		/* damaged headers, red zones, poison */
};

/* Where reports go: vprintf-like, so stdio and seq_file can both serve. */
struct lmm_printer {
	LMM_PRINTF(2, 0) void (*vprint)(void *ctx, const char *fmt, va_list args);
	void *ctx;
};

int lmm_family_create(const char *name, size_t struct_bytes,
		      const struct lmm_family_opts *opts,
		      struct lmm_family **familyp);
struct lmm_family *lmm_family_find(const char *name);
int lmm_family_create_owned(const void *owner, const char *owner_name,
			    const char *name, size_t struct_bytes,
			    const struct lmm_family_opts *opts,
			    struct lmm_family **familyp);
struct lmm_family *lmm_family_find_owned(const void *owner, const char *name);
const char *lmm_family_owner_name(const struct lmm_family *family);
int lmm_family_destroy(struct lmm_family *family);
const char *lmm_family_name(const struct lmm_family *family);
void lmm_family_set_debug(struct lmm_family *family, bool on);

void *lmm_alloc(struct lmm_family *family, size_t units, int *errp);
int lmm_free(struct lmm_family *family, void *ptr);

int lmm_region_create(size_t bytes, enum lmm_policy policy,
		      struct lmm_region **regionp);
void *lmm_region_alloc(struct lmm_region *region, size_t bytes, int *errp);
int lmm_region_free(struct lmm_region *region, void *ptr);
void lmm_region_destroy(struct lmm_region *region);
void lmm_region_set_debug(struct lmm_region *region, bool on);
void *lmm_region_base(struct lmm_region *region);

int lmm_family_stats(struct lmm_family *family, struct lmm_stats *stats);
int lmm_family_where(struct lmm_family *family, const void *ptr,
		     uint32_t *page_index, size_t *offset);
void lmm_total_stats(struct lmm_stats *stats);
int lmm_region_stats(struct lmm_region *region, struct lmm_stats *stats);

void lmm_report_families(const struct lmm_printer *out);
void lmm_report_usage(const struct lmm_printer *out,
		      struct lmm_family *family);
void lmm_report_blocks(const struct lmm_printer *out,
		       struct lmm_family *family);
void lmm_report_leaks(const struct lmm_printer *out,
		      struct lmm_family *family);
void lmm_report_region(const struct lmm_printer *out,
		       struct lmm_region *region);

/* What the invariant checker found first; 0 means all is well. */
enum lmm_violation {
	LMM_CHECK_OK,
	LMM_CHECK_HANDLE,	/* not a live family or region */
	LMM_CHECK_PAGE,		/* page header damaged or not registered */
	LMM_CHECK_HEADER,	/* block header fails its check value */
	LMM_CHECK_TILING,	/* block sizes do not tile the page */
	LMM_CHECK_PREV_FREE,	/* PREV_FREE flag disagrees with neighbour */
	LMM_CHECK_ADJACENT_FREE, /* two free blocks side by side */
	LMM_CHECK_FOOTER,	/* footer of a free block is wrong */
	LMM_CHECK_LIVE_MAP,	/* live map disagrees with used blocks */
	LMM_CHECK_QUEUE,	/* queue holds something not a free block */
	LMM_CHECK_QUEUE_ORDER,	/* size class or treap order broken */
	LMM_CHECK_MEMBERS,	/* queue members are not the free blocks */
	LMM_CHECK_STATS,	/* counters disagree with the walk */
};

const char *lmm_violation_name(int violation);
const char *lmm_policy_name(enum lmm_policy policy);

int lmm_check(const struct lmm_printer *out);
int lmm_family_check(struct lmm_family *family,
		     const struct lmm_printer *out);
int lmm_region_check(struct lmm_region *region,
		     const struct lmm_printer *out);

const char *lmm_strerror(int err);

/*
 * A kernel module that uses lmm.ko gets a name space of its own, without
 * asking: its lmm_family_create() and lmm_family_find() become the _owned
 * calls with THIS_MODULE as the owner and its module name as the owner's
 * name in /proc/lmm.  So two independent modules (or a module and /proc)
 * may both register "emp_t", and neither can find, and so neither can
 * destroy, the other's family.  A macro rather than an inline function,
 * because THIS_MODULE and KBUILD_MODNAME must be the caller's, and rather
 * than a new name, so that clients keep the API userspace has.
 *
 * LMM_CORE is defined for the files of the core and of lmm.ko itself
 * (Kbuild): they call the functions as they are, and /proc passes its own
 * owner explicitly.  Built into the kernel, THIS_MODULE is NULL: the
 * default name space.
 */
#if defined(__KERNEL__) && !defined(LMM_CORE)
#include <linux/module.h>

#define lmm_family_create(name, struct_bytes, opts, familyp)		\
	lmm_family_create_owned(THIS_MODULE, KBUILD_MODNAME, (name),	\
				(struct_bytes), (opts), (familyp))
#define lmm_family_find(name)	lmm_family_find_owned(THIS_MODULE, (name))
#endif

#endif /* LMM_H */
