// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm_kbench.c - lmm against the slab allocators, inside the kernel.
 *
 * On load it runs the same churn on lmm (a family handle), on a
 * kmem_cache of the same object size, and on kmalloc(), and prints one
 * line per allocator and the ratios.  Under QEMU's TCG the nanoseconds
 * are not absolute, but the ratios between allocators measured in the
 * same boot are meaningful.  Loading always fails with -ECANCELED once
 * the figures are printed, so nothing stays behind.
 */
#define pr_fmt(fmt) "lmm_kbench: " fmt

#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "lmm.h"

static unsigned int nobjects = 20000;
module_param(nobjects, uint, 0444);
MODULE_PARM_DESC(nobjects, "live objects in the churn (10x as many operations)");

static unsigned int object_bytes = 36;
module_param(object_bytes, uint, 0444);
MODULE_PARM_DESC(object_bytes, "size of one object");

struct kbench_ops {
	const char *name;
	void *(*alloc)(void);
	void (*release)(void *p);
};

static struct lmm_family *family;
static struct kmem_cache *cache;
static u64 rng_state = 42;

static u64 rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static void *lmm_one(void) { return lmm_alloc(family, 1, NULL); }
static void lmm_release(void *p) { lmm_free(family, p); }
static void *cache_one(void) { return kmem_cache_zalloc(cache, GFP_KERNEL); }
static void cache_release(void *p) { kmem_cache_free(cache, p); }
static void *kmalloc_one(void) { return kzalloc(object_bytes, GFP_KERNEL); }
static void kmalloc_release(void *p) { kfree(p); }

static const struct kbench_ops allocators[] = {
	{ "lmm", lmm_one, lmm_release },
	{ "kmem_cache", cache_one, cache_release },
	{ "kmalloc", kmalloc_one, kmalloc_release },
};

/* Churn: nobjects live, then 10 * nobjects random alloc-or-free. */
static s64 churn(const struct kbench_ops *ops, void **slots, u64 *failures)
{
	unsigned int nslots = 2 * nobjects, i;
	ktime_t start;
	s64 ns;

	rng_state = 42;
	for (i = 0; i < nslots; i += 2)
		slots[i] = ops->alloc();
	start = ktime_get();
	for (i = 0; i < 10 * nobjects; i++) {
		void **slot = &slots[rng() % nslots];

		if (*slot) {
			ops->release(*slot);
			*slot = NULL;
		} else {
			*slot = ops->alloc();
			if (!*slot)
				(*failures)++;
		}
		if (!(i & 1023))
			cond_resched();
	}
	ns = ktime_to_ns(ktime_sub(ktime_get(), start));
	for (i = 0; i < nslots; i++) {
		if (slots[i])
			ops->release(slots[i]);
		slots[i] = NULL;
	}
	return ns;
}

static int __init kbench_init(void)
{
	s64 ns[ARRAY_SIZE(allocators)];
	u64 failures = 0;
	void **slots;
	int err, i;

	slots = vzalloc(array_size(2 * nobjects, sizeof(*slots)));
	cache = kmem_cache_create("lmm_kbench", object_bytes, 0, 0, NULL);
	err = lmm_family_create("kbench_t", object_bytes, NULL, &family);
	if (!slots || !cache || err) {
		err = err ?: -ENOMEM;
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(allocators); i++) {
		ns[i] = churn(&allocators[i], slots, &failures);
		pr_info("%-10s churn n=%u size=%u: %lld ns/op\n",
			allocators[i].name, nobjects, object_bytes,
			div_s64(ns[i], 10 * nobjects));
	}
	pr_info("ratios: lmm/kmem_cache %lld.%02lld, lmm/kmalloc %lld.%02lld, failures %llu\n",
		div_s64(ns[0], ns[1]), div_s64(ns[0] * 100, ns[1]) % 100,
		div_s64(ns[0], ns[2]), div_s64(ns[0] * 100, ns[2]) % 100,
		failures);
	err = failures ? -ENOMEM : -ECANCELED;
out:
	if (family)
		lmm_family_destroy(family);
	kmem_cache_destroy(cache);
	vfree(slots);
	return err;
}

module_init(kbench_init);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("lmm against kmem_cache and kmalloc on a churn");
