/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_port.h - what the core needs from the world, and nothing more.
 *
 * The allocator in common/ never calls libc or the kernel directly.  Each
 * build supplies these functions: user/port.c with mmap() and pthreads,
 * kernel/port.c with vmalloc() and mutexes.  Keeping the list this short
 * is what lets the same sources run, and be tested, in both worlds.
 *
 * Pages: LMM_PAGE_SIZE bytes, aligned to LMM_PAGE_SIZE, contents undefined
 * unless the port's types header defines LMM_PORT_PAGES_ZEROED to 1: then
 * every page reads as zero when handed out (userspace: mmap(); the core
 * then skips clearing what it never wrote).  A run of npages is one
 * contiguous range and is freed as a whole.
 *
 * Locks: sleeping locks are fine; the core never takes one in atomic
 * context.  It does call lmm_port_pages_alloc() and lmm_port_pages_free()
 * with a family or region lock held (and the page table lock, when the
 * table grows), so those must not take any lmm lock.
 */
#ifndef LMM_PORT_H
#define LMM_PORT_H

#include "lmm_types.h"

/* The page size the core works in; a port must hand out pages this aligned. */
#define LMM_PAGE_SHIFT	12
#define LMM_PAGE_SIZE	4096UL		/* 1 << LMM_PAGE_SHIFT */

#ifndef LMM_PORT_PAGES_ZEROED
#define LMM_PORT_PAGES_ZEROED	0	/* vmalloc(): the kernel port */
#endif

/*
 * A port whose types header defines LMM_PORT_INLINE to 1 supplies
 * lmm_port_lock(), lmm_port_unlock() and lmm_port_zero() as static inline
 * functions in its own lmm_port_inline.h (userspace: the test that skips
 * a lock while the process has one thread, and the compiler's memset).
 * Every operation of the hot path takes and drops a lock and every
 * allocation clears its payload: as calls they cost more than that work.
 */
#ifndef LMM_PORT_INLINE
#define LMM_PORT_INLINE	0	/* the kernel port: out of line */
#endif

struct lmm_lock;

/*
 * The kinds of lock the core creates, outermost first (the registry lock
 * comes before all of them).  A port can give each kind its own lock class
 * so that a lock checker (lockdep) sees the order and not a recursion.
 */
enum lmm_lock_kind {
	LMM_LOCK_FAMILY,
	LMM_LOCK_REGION,
	LMM_LOCK_PAGES,
};

void *lmm_port_pages_alloc(size_t npages);
void lmm_port_pages_free(void *addr, size_t npages);

struct lmm_lock *lmm_port_lock_create(enum lmm_lock_kind kind);
void lmm_port_lock_destroy(struct lmm_lock *lock);
#if LMM_PORT_INLINE
#include "lmm_port_inline.h"	/* lock, unlock and zero */
#else
void lmm_port_lock(struct lmm_lock *lock);
void lmm_port_unlock(struct lmm_lock *lock);
void lmm_port_zero(void *dst, size_t bytes);
#endif
/* The lock of the global registry: exists before anything else does. */
struct lmm_lock *lmm_port_registry_lock(void);

void lmm_port_fill(void *dst, u8 byte, size_t bytes);
/* A value that differs between runs, to key the block check values. */
u32 lmm_port_random(void);
/* What a log line is: damage found (an error) or a note (live at unload). */
enum lmm_log_level {
	LMM_LOG_DAMAGE,
	LMM_LOG_INFO,
};

/* Diagnostics: one line, no trailing newline needed. */
__printf(2, 3) void lmm_port_log(enum lmm_log_level level, const char *fmt,
				 ...);

#endif /* LMM_PORT_H */
