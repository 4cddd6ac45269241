// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * port.c - the kernel port: pages from vmalloc(), locks from mutexes.
 *
 * See common/lmm_port.h for the contract.  Every lock is a mutex, so
 * every entry point of lmm may sleep: none may be called from atomic
 * context (interrupts, softirqs, spinlocks held, RCU read side).
 */
#define pr_fmt(fmt) "lmm: " fmt

#include <linux/build_bug.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "lmm_frontend.h"
#include "lmm_port.h"
#include "lmm_kernel.h"

struct lmm_lock {
	struct mutex mutex;	/* sleeping: lmm is never used in atomic context */
};

static struct lmm_lock registry_lock = {
	.mutex = __MUTEX_INITIALIZER(registry_lock.mutex),
};

/*
 * One lock class per kind, so that lockdep checks the documented order
 * (family -> region -> page table) instead of seeing every mutex made
 * here as one class taken recursively.
 */
static struct lock_class_key lock_keys[] = {
	[LMM_LOCK_FAMILY] = {},
	[LMM_LOCK_REGION] = {},
	[LMM_LOCK_PAGES] = {},
};

static const char *const lock_names[] = {
	[LMM_LOCK_FAMILY] = "lmm_family_lock",
	[LMM_LOCK_REGION] = "lmm_region_lock",
	[LMM_LOCK_PAGES] = "lmm_pages_lock",
};

/*
 * vmalloc() is a macro on 6.10 and later (allocation profiling), so it
 * is called here and nowhere else.  __GFP_NOWARN: a request lmm cannot
 * satisfy is an -ENOMEM for the caller, not a splat in the log.
 */
static void *lmm_vmalloc(unsigned long bytes)
{
	return __vmalloc(bytes, GFP_KERNEL | __GFP_NOWARN);
}

void *lmm_port_pages_alloc(size_t npages)
{
	size_t bytes;

	/* vmalloc() hands out whole pages: the core's alignment holds. */
	BUILD_BUG_ON(LMM_PAGE_SIZE != PAGE_SIZE);
	BUILD_BUG_ON(LMM_PAGE_SHIFT != PAGE_SHIFT);
	if (!npages || check_mul_overflow(npages, (size_t)LMM_PAGE_SIZE, &bytes))
		return NULL;
	return lmm_vmalloc(bytes);
}

void lmm_port_pages_free(void *addr, size_t npages)
{
	vfree(addr);
}

struct lmm_lock *lmm_port_lock_create(enum lmm_lock_kind kind)
{
	struct lmm_lock *lock;

	if ((unsigned int)kind >= ARRAY_SIZE(lock_names))
		return NULL;
	lock = kmalloc(sizeof(*lock), GFP_KERNEL);
	if (!lock)
		return NULL;
	mutex_init(&lock->mutex);
	lockdep_set_class_and_name(&lock->mutex, &lock_keys[kind],
				   lock_names[kind]);
	return lock;
}

void lmm_port_lock_destroy(struct lmm_lock *lock)
{
	mutex_destroy(&lock->mutex);
	kfree(lock);
}

void lmm_port_lock(struct lmm_lock *lock)
{
	mutex_lock(&lock->mutex);
}

void lmm_port_unlock(struct lmm_lock *lock)
{
	mutex_unlock(&lock->mutex);
}

struct lmm_lock *lmm_port_registry_lock(void)
{
	return &registry_lock;
}

void lmm_port_zero(void *dst, size_t bytes)
{
	memset(dst, 0, bytes);
}

void lmm_port_fill(void *dst, u8 byte, size_t bytes)
{
	memset(dst, byte, bytes);
}

u32 lmm_port_random(void)
{
	return get_random_u32();
}

void lmm_port_log(enum lmm_log_level level, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (level == LMM_LOG_INFO)
		pr_info("%pV\n", &vaf);
	else
		pr_err_ratelimited("%pV\n", &vaf);
	va_end(args);
}

/**
 * lmm_kernel_shutdown() - free every family at module unload
 *
 * What the core still finds live belongs to clients that did not free
 * it; the core reports it at LMM_LOG_INFO, which is pr_info() here: the
 * memory is reclaimed all the same.
 */
void lmm_kernel_shutdown(void)
{
	lmm_teardown();
}
