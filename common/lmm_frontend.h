/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_frontend.h - what a front end of lmm needs besides the API.
 *
 * lmm.h is what an application allocates with.  A front end serves other
 * programs over it: the seed APIs (user/mm.c caches name lookups), the
 * /proc/lmm interface (kernel/proc.c walks the families a page at a time,
 * kernel/main.c sets the cache and shuts lmm down), the tests.  Those need
 * the registry's lock and order, the report's rows, and the lifetime of
 * lmm itself.  Every function here is exported like the API (libcommon.so,
 * lmm.ko), so that a front end can live outside lmm.
 */
#ifndef LMM_FRONTEND_H
#define LMM_FRONTEND_H

#include "lmm.h"

#define LMM_CACHE_PAGES_DEFAULT	2	/* empty pages a family keeps */

void lmm_set_cache_pages_default(int npages);

/* Changes whenever a family goes away: cached lookups must look again. */
unsigned long lmm_family_generation(void);

/*
 * Walking the families, for seq_file and other iterators: take the
 * registry lock, then first/next; the family locks may be taken inside.
 */
void lmm_registry_lock(void);
void lmm_registry_unlock(void);
struct lmm_family *lmm_family_first(void);
struct lmm_family *lmm_family_next(struct lmm_family *family);

/* The parts of the reports, for a front end that pages through them. */
void lmm_report_legend(const struct lmm_printer *out);
void lmm_report_usage_header(const struct lmm_printer *out);
void lmm_report_usage_row(const struct lmm_printer *out, const char *name,
			  const struct lmm_stats *stats);
int lmm_report_family_page(const struct lmm_printer *out,
			   struct lmm_family *family, size_t nth);

/*
 * The end of lmm: lmm_shutdown() destroys every family (tests, unload);
 * lmm_teardown() also gives back what keeps stale handles safe, when no
 * caller can hold one any more.
 */
void lmm_shutdown(void);
void lmm_teardown(void);

#endif /* LMM_FRONTEND_H */
