// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * main.c - lmm.ko: load, unload and the page cache tunable.
 *
 * The allocator itself is the core in common/, built here against the
 * kernel port (port.c).  Other modules use it through the exported
 * native API (exports.c); people use it through /proc/lmm (proc.c),
 * whose own limits live with what they limit (proc_state.c).
 */
#define pr_fmt(fmt) "lmm: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "lmm_frontend.h"
#include "lmm_port.h"
#include "lmm_kernel.h"
#include "proc.h"

/* More cached pages than this is hoarding, not caching. */
#define CACHE_PAGES_MAX		1024

static int cache_pages = LMM_CACHE_PAGES_DEFAULT;

/* Applies to families registered from now on; others keep theirs. */
static int cache_pages_set(const char *val, const struct kernel_param *kp)
{
	int npages;
	int err;

	err = kstrtoint(val, 10, &npages);
	if (err)
		return err;
	if (npages < 0 || npages > CACHE_PAGES_MAX)
		return -EINVAL;
	*(int *)kp->arg = npages;
	lmm_set_cache_pages_default(npages);
	return 0;
}

static const struct kernel_param_ops cache_pages_ops = {
	.set = cache_pages_set,
	.get = param_get_int,
};

module_param_cb(cache_pages, &cache_pages_ops, &cache_pages, 0644);
MODULE_PARM_DESC(cache_pages,
		 "empty pages a new family keeps for reuse (0-1024, default 2)");

static int __init lmm_init(void)
{
	int err;

	err = lmm_proc_init();
	if (err)
		return err;
	pr_info("version %s loaded, page size %lu\n", LMM_VERSION,
		LMM_PAGE_SIZE);
	return 0;
}

static void __exit lmm_exit(void)
{
	lmm_proc_exit();
	lmm_kernel_shutdown();
	pr_info("unloaded\n");
}

module_init(lmm_init);
module_exit(lmm_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("lmm: page families and a heap on vmalloc() pages");
MODULE_VERSION(LMM_VERSION);
