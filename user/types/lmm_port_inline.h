/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_port_inline.h - the userspace port's hot functions, inline in the core.
 *
 * Included by common/lmm_port.h because lmm_port_types.h sets
 * LMM_PORT_INLINE.  A lock is skipped while the process has one
 * thread (see user/port.c): that test, and the test of whether an unlock
 * has a mutex to release, are all a single-threaded program pays, so they
 * belong in the caller; the mutex calls stay in port.c.
 */
#ifndef LMM_PORT_INLINE_H
#define LMM_PORT_INLINE_H

#include <sys/single_threaded.h>

/* The first member of user/port.c's struct lmm_lock. */
struct lmm_port_lock_head {
	bool held;		/* the mutex was taken: written by the holder */
};

void lmm_port_lock_mutex(struct lmm_lock *lock);
void lmm_port_unlock_mutex(struct lmm_lock *lock);

static inline void lmm_port_lock(struct lmm_lock *lock)
{
	if (!__libc_single_threaded)
		lmm_port_lock_mutex(lock);
}

static inline void lmm_port_unlock(struct lmm_lock *lock)
{
	if (((const struct lmm_port_lock_head *)lock)->held)
		lmm_port_unlock_mutex(lock);
}

/* Every allocation clears its payload: the compiler's memset, no wrapper. */
static inline void lmm_port_zero(void *dst, size_t bytes)
{
	__builtin_memset(dst, 0, bytes);
}

#endif /* LMM_PORT_INLINE_H */
