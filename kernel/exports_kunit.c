// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * exports_kunit.c - the insides of lmm.ko that its KUnit suites reach.
 *
 * lmm_kunit.ko (tests/kunit/lmm_kunit/) tests this very module, the one
 * users load, not a private copy of the core: its white-box cases need a
 * few functions and tables that are no API.  They are exported only when
 * the kernel has KUnit, and only into the name space LMM_KUNIT, which a
 * module must import by name (MODULE_IMPORT_NS): no client gets them by
 * accident.  (The kernel's own EXPORT_SYMBOL_IF_KUNIT() would do the same
 * into a name space shared by every test; it is missing before 6.2 but
 * for later 6.1 stable releases.)  From 6.13 on a name space is written
 * as a string: this file would need "LMM_KUNIT" there.
 *
 * Some of these hold the whole core's state, for every user of lmm.ko:
 * lmm_shutdown() frees every family of every owner.  The KUnit run loads
 * lmm.ko fresh and nothing else uses it; never load lmm_kunit.ko beside
 * clients of lmm.ko, nor while /proc/lmm holds families.
 */
#include <linux/export.h>
#include <linux/kconfig.h>

#include "internal.h"
#include "lmm.h"
#include "lmm_port.h"
#include "proc_cmd.h"

#if IS_ENABLED(CONFIG_KUNIT)

/* Printing through an lmm_printer, as the report cases capture it. */
EXPORT_SYMBOL_NS_GPL(lmm_print, LMM_KUNIT);

/* The secret that keys the check values the cases forge (internal.h). */
EXPORT_SYMBOL_NS_GPL(lmm_secret_for_headers, LMM_KUNIT);
/* The secret mixed into every free-list link (internal.h). */
EXPORT_SYMBOL_NS_GPL(lmm_secret_for_links, LMM_KUNIT);
/* Rebuilding a region's queue, which the walk cases call directly. */
EXPORT_SYMBOL_NS_GPL(lmm_region_repair, LMM_KUNIT);
/* The page map that lmm_page_of() (internal.h) walks. */
EXPORT_SYMBOL_NS_GPL(lmm_pagemap_root, LMM_KUNIT);
/* How far the page map reaches. */
EXPORT_SYMBOL_NS_GPL(lmm_pagemap_base, LMM_KUNIT);
/* What a handle stands for, unchecked, behind lmm_family_of() and kin. */
EXPORT_SYMBOL_NS_GPL(lmm_slot_peek, LMM_KUNIT);
/* The free-block treap, which the inline queue functions call. */
EXPORT_SYMBOL_NS_GPL(lmm_tree_insert, LMM_KUNIT);
/* Its removal, likewise. */
EXPORT_SYMBOL_NS_GPL(lmm_tree_remove, LMM_KUNIT);

/* The kernel port (port.c), tested on its own. */
EXPORT_SYMBOL_NS_GPL(lmm_port_pages_alloc, LMM_KUNIT);
/* Pages back. */
EXPORT_SYMBOL_NS_GPL(lmm_port_pages_free, LMM_KUNIT);
/* A lock of one kind, with its lockdep class. */
EXPORT_SYMBOL_NS_GPL(lmm_port_lock_create, LMM_KUNIT);
/* Its end. */
EXPORT_SYMBOL_NS_GPL(lmm_port_lock_destroy, LMM_KUNIT);
/* Taking a lock. */
EXPORT_SYMBOL_NS_GPL(lmm_port_lock, LMM_KUNIT);
/* Dropping it. */
EXPORT_SYMBOL_NS_GPL(lmm_port_unlock, LMM_KUNIT);
/* The one static lock, outermost of the core's. */
EXPORT_SYMBOL_NS_GPL(lmm_port_registry_lock, LMM_KUNIT);
/* The random numbers that key the check values. */
EXPORT_SYMBOL_NS_GPL(lmm_port_random, LMM_KUNIT);

/* The /proc/lmm command parser (proc_cmd.c), fed hostile input. */
EXPORT_SYMBOL_NS_GPL(lmm_cmd_parse, LMM_KUNIT);

#endif /* CONFIG_KUNIT */
