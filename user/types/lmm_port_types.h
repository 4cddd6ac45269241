/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_port_types.h - the userspace port's half of the core's private types.
 *
 * What <linux/types.h> and <linux/compiler.h> give the core in the kernel,
 * here from the compiler's freestanding headers.  The core finds this file
 * through the port's own include directory (-Iuser/types), never through
 * -Iuser, and it is not installed: a program that includes <lmm.h> keeps
 * the names u64, likely and __printf for itself.
 */
#ifndef LMM_PORT_TYPES_H
#define LMM_PORT_TYPES_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel's own definitions on every Linux architecture. */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

#ifndef __printf
#define __printf(fmt, args) __attribute__((format(printf, fmt, args)))
#endif
#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
/* <linux/build_bug.h>'s, as C11's <assert.h> has it (without assert()). */
#ifndef static_assert
#define static_assert(expr, msg) _Static_assert(expr, msg)
#endif

/*
 * The userspace ports hand out pages that read as zero (fresh mmap(), or
 * cleared before reuse: see user/port_pages.c and lmm_port.h).
 */
#define LMM_PORT_PAGES_ZEROED	1

/* lmm_port_lock(), _unlock() and _zero() are in lmm_port_inline.h. */
#define LMM_PORT_INLINE	1

#endif /* LMM_PORT_TYPES_H */
