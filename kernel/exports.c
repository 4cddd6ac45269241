// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * exports.c - the native API of lmm (common/lmm.h) and the front ends'
 * plumbing (common/lmm_frontend.h) and the walks for teaching tools
 * (common/lmm_walk.h), for other modules.
 *
 * The functions are defined, with their kernel-doc, in common/; the core
 * is shared with userspace and so carries no export markers itself.
 * Each export here says in a line what the function is for (which also
 * tells checkpatch that the definition is elsewhere on purpose).
 * Every one of them may sleep: none may be called in atomic context.
 *
 * Every function the three headers declare is exported, and nothing else:
 * scripts/check-exports.sh (make check-user) compares this list with the
 * headers and with user/libcommon.map.  The plumbing is exported too, so
 * that a front end or a test module can use the lmm.ko everybody loads.
 */
#include <linux/export.h>

#include "lmm_frontend.h"
#include "lmm_walk.h"

/* Register a struct type, by name and size, as a page family. */
EXPORT_SYMBOL_GPL(lmm_family_create);
/* Look a family up by name. */
EXPORT_SYMBOL_GPL(lmm_family_find);
/* Register a struct type in an owner's name space. */
EXPORT_SYMBOL_GPL(lmm_family_create_owned);
/* Look a family up by owner and name. */
EXPORT_SYMBOL_GPL(lmm_family_find_owned);
/* Who a family belongs to, as reports name it. */
EXPORT_SYMBOL_GPL(lmm_family_owner_name);
/* Unregister a family that has no live blocks. */
EXPORT_SYMBOL_GPL(lmm_family_destroy);
/* The name a family was registered with. */
EXPORT_SYMBOL_GPL(lmm_family_name);
/* Red zones and poisoning for a family's new blocks. */
EXPORT_SYMBOL_GPL(lmm_family_set_debug);

/* Zeroed memory for N units of a family. */
EXPORT_SYMBOL_GPL(lmm_alloc);
/* Free what lmm_alloc() gave; foreign and stale pointers are refused. */
EXPORT_SYMBOL_GPL(lmm_free);

/* A plain heap over a fresh range of pages. */
EXPORT_SYMBOL_GPL(lmm_region_create);
/* Bytes from a region. */
EXPORT_SYMBOL_GPL(lmm_region_alloc);
/* Free what lmm_region_alloc() gave. */
EXPORT_SYMBOL_GPL(lmm_region_free);
/* Give a region's pages back. */
EXPORT_SYMBOL_GPL(lmm_region_destroy);
/* Red zones and poisoning for a region's new blocks. */
EXPORT_SYMBOL_GPL(lmm_region_set_debug);
/* The first byte of a region's area (its bookkeeping lives elsewhere). */
EXPORT_SYMBOL_GPL(lmm_region_base);

/* The figures of one family. */
EXPORT_SYMBOL_GPL(lmm_family_stats);
/* Where a live block is: page index and offset, as reports show it. */
EXPORT_SYMBOL_GPL(lmm_family_where);
/* The figures of all families together. */
EXPORT_SYMBOL_GPL(lmm_total_stats);
/* The figures of a region. */
EXPORT_SYMBOL_GPL(lmm_region_stats);
/* The list of families, through a printer. */
EXPORT_SYMBOL_GPL(lmm_report_families);
/* The usage table of one family or all. */
EXPORT_SYMBOL_GPL(lmm_report_usage);
/* The block map of a family's pages. */
EXPORT_SYMBOL_GPL(lmm_report_blocks);
/* The live blocks of a family. */
EXPORT_SYMBOL_GPL(lmm_report_leaks);
/* The block map and figures of a region. */
EXPORT_SYMBOL_GPL(lmm_report_region);
/* The header row of the usage table. */
EXPORT_SYMBOL_GPL(lmm_report_usage_header);
/* The line that says what the sizes of a report mean. */
EXPORT_SYMBOL_GPL(lmm_report_legend);
/* One row of the usage table. */
EXPORT_SYMBOL_GPL(lmm_report_usage_row);
/* The block map of one page, for iterators. */
EXPORT_SYMBOL_GPL(lmm_report_family_page);
/* "worst", "best" or "first". */
EXPORT_SYMBOL_GPL(lmm_policy_name);
/* A sentence for an error code of lmm. */
EXPORT_SYMBOL_GPL(lmm_strerror);

/* Check every invariant of every family. */
EXPORT_SYMBOL_GPL(lmm_check);
/* Check every invariant of one family. */
EXPORT_SYMBOL_GPL(lmm_family_check);
/* Check every invariant of a region. */
EXPORT_SYMBOL_GPL(lmm_region_check);
/* What a checker result means. */
EXPORT_SYMBOL_GPL(lmm_violation_name);

/* Empty pages the families created from now on keep. */
EXPORT_SYMBOL_GPL(lmm_set_cache_pages_default);
/* A number that changes when a family goes away. */
EXPORT_SYMBOL_GPL(lmm_family_generation);
/* Hold the list of families still, to walk it. */
EXPORT_SYMBOL_GPL(lmm_registry_lock);
/* Let it change again. */
EXPORT_SYMBOL_GPL(lmm_registry_unlock);
/* The first family (registry lock held). */
EXPORT_SYMBOL_GPL(lmm_family_first);
/* The family after another (registry lock held). */
EXPORT_SYMBOL_GPL(lmm_family_next);
/* Destroy every family, live blocks or not. */
EXPORT_SYMBOL_GPL(lmm_shutdown);
/* lmm_shutdown(), and give back the handle slots and the page map. */
EXPORT_SYMBOL_GPL(lmm_teardown);

/* Every block of a region, in address order (lmm_walk.h). */
EXPORT_SYMBOL_GPL(lmm_region_walk);
/* A region's free blocks, in the order its policy searches them. */
EXPORT_SYMBOL_GPL(lmm_region_walk_free);
/* Every block of a family's pages, page by page. */
EXPORT_SYMBOL_GPL(lmm_family_walk);
/* A family's free blocks, in the order its policy searches them. */
EXPORT_SYMBOL_GPL(lmm_family_walk_free);
/* A region's teaching mode: freed blocks are not merged. */
EXPORT_SYMBOL_GPL(lmm_region_set_coalesce);
