/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_user_types.h - what <linux/types.h> and <linux/compiler.h> would give
 * the core in the kernel, from the compiler's freestanding headers.
 */
#ifndef LMM_USER_TYPES_H
#define LMM_USER_TYPES_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

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

/*
 * The userspace ports hand out pages that read as zero (fresh mmap(), or
 * cleared before reuse: see user/port_pages.c and lmm_port.h).
 */
#define LMM_PORT_PAGES_ZEROED	1

#endif /* LMM_USER_TYPES_H */
