/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_kernel.h - the kernel port's own entry (port.c), and the map of
 * lmm.ko's files.
 *
 * The core (common/) knows nothing of this header.  Each file of kernel/
 * has its interface in a header of its name (this one is port.c's), and
 * calls run one way only, from the top down:
 *
 *   main.c        load and unload
 *     proc.c        the file /proc/lmm: reading it, writing commands
 *       proc_state.c  what commands create; their limits and their lock
 *         proc_cmd.c    parsing one command
 *     port.c        pages and locks for the core; shutdown at unload
 *
 * (exports.c only names the core's functions.)  No header of kernel/
 * includes another, so a file can call only what it includes, and
 * scripts/kernel-layers.sh (make checkpatch) fails on any include that
 * points up or sideways into a circle, and on any variable shared
 * between files.
 *
 * Lock order, outermost first:
 *
 *   /proc lock (proc_state.c)     the /proc families and handles
 *   registry lock (port.c)        the core's list of families
 *   family lock, region lock      one each, created by the core
 *   page table lock               a leaf
 *
 * A reader of /proc/lmm holds the first two from ->start() to ->stop(),
 * taken in that order by lmm_proc_state_read_begin().
 */
#ifndef LMM_KERNEL_H
#define LMM_KERNEL_H

void lmm_kernel_shutdown(void);

#endif /* LMM_KERNEL_H */
