// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * port.c - the userspace port: locks from pthreads, zero, fill, random.
 *
 * See common/lmm_port.h for the contract.  Pages come from port_pages.c
 * and the log goes through port_log.c, in files of their own so that a
 * test port (tests/fuzz/fuzz_port.c) can replace just those.
 *
 * Locks are skipped while the process has one thread, as glibc's malloc
 * does: __libc_single_threaded turns false before a second thread
 * exists, and lmm never starts a thread while it holds a lock, so a lock
 * skipped at entry cannot be needed before the matching unlock.  Each
 * lock remembers whether it was really taken (@held), so an unlock never
 * releases a mutex that was skipped, even if the flag changed in between.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/single_threaded.h>
#include <time.h>
#include <unistd.h>

#include "lmm_port.h"

/* The head comes first: lmm_port_unlock(), inline, reads it. */
struct lmm_lock {
	struct lmm_port_lock_head head;
	pthread_mutex_t mutex;
};

static struct lmm_lock registry_lock = { { false },
					 PTHREAD_MUTEX_INITIALIZER };

/*
 * Lock objects come from a pool carved out of mmap()'d pages, never from
 * malloc(): the core keeps a lock's pointer only inside pages of its own,
 * which LeakSanitizer does not scan, so a malloc()'d lock would be
 * reported as leaked by every program that exits without lmm_shutdown().
 * A destroyed lock goes back to the pool's free list; the pool's pages
 * stay mapped until exit (a page holds some eighty locks).
 */
union lock_slot {
	struct lmm_lock lock;
	union lock_slot *next_free;
};

#define SLOTS_PER_PAGE	(LMM_PAGE_SIZE / sizeof(union lock_slot))

static pthread_mutex_t pool_mutex = PTHREAD_MUTEX_INITIALIZER;
static union lock_slot *pool_free;	/* under pool_mutex */

/* Put a fresh page's slots on the free list (pool_mutex held). */
static bool pool_grow(void)
{
	union lock_slot *page = lmm_port_pages_alloc(1);
	size_t i;

	if (!page)
		return false;
	for (i = 0; i < SLOTS_PER_PAGE; i++) {
		page[i].next_free = pool_free;
		pool_free = &page[i];
	}
	return true;
}

static union lock_slot *pool_take(void)
{
	union lock_slot *slot = NULL;

	pthread_mutex_lock(&pool_mutex);
	if (pool_free || pool_grow()) {
		slot = pool_free;
		pool_free = slot->next_free;
	}
	pthread_mutex_unlock(&pool_mutex);
	return slot;
}

static void pool_give_back(union lock_slot *slot)
{
	pthread_mutex_lock(&pool_mutex);
	slot->next_free = pool_free;
	pool_free = slot;
	pthread_mutex_unlock(&pool_mutex);
}

struct lmm_lock *lmm_port_lock_create(enum lmm_lock_kind kind)
{
	union lock_slot *slot = pool_take();

	(void)kind;	/* pthreads has no lock classes */
	if (!slot)
		return NULL;
	slot->lock.head.held = false;
	if (pthread_mutex_init(&slot->lock.mutex, NULL)) {
		pool_give_back(slot);
		return NULL;
	}
	return &slot->lock;
}

void lmm_port_lock_destroy(struct lmm_lock *lock)
{
	pthread_mutex_destroy(&lock->mutex);
	pool_give_back((union lock_slot *)lock);
}

/*
 * lmm_port_lock() and lmm_port_unlock() are inline (user/types/
 * lmm_port_inline.h): they call these only when there is a mutex to take
 * or to release.
 */
void lmm_port_lock_mutex(struct lmm_lock *lock)
{
	pthread_mutex_lock(&lock->mutex);
	lock->head.held = true;
}

void lmm_port_unlock_mutex(struct lmm_lock *lock)
{
	lock->head.held = false;
	pthread_mutex_unlock(&lock->mutex);
}

struct lmm_lock *lmm_port_registry_lock(void)
{
	return &registry_lock;
}

void lmm_port_fill(void *dst, u8 byte, size_t bytes)
{
	memset(dst, byte, bytes);
}

u32 lmm_port_random(void)
{
	u32 value;

	if (getrandom(&value, sizeof(value), GRND_NONBLOCK) == sizeof(value))
		return value;
	return (u32)time(NULL) ^ (u32)getpid() * 2654435761u;
}
