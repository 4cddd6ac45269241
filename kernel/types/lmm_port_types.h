/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_port_types.h - the kernel port's half of the core's private types.
 *
 * The core finds this file through -I$(src)/kernel/types alone: nothing
 * else of kernel/ is on its include path.  The kernel has u32, likely(),
 * __printf and static_assert() already; the core takes them from where
 * the kernel keeps them.
 */
#ifndef LMM_PORT_TYPES_H
#define LMM_PORT_TYPES_H

#include <linux/build_bug.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/compiler.h>
#include <linux/stdarg.h>

#endif /* LMM_PORT_TYPES_H */
