/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_types.h - the types and macros the core borrows from its environment.
 *
 * This is the only file in common/ that knows which build it is part of.
 * The kernel supplies u32 and friends through <linux/types.h>; userspace
 * gets them from the compiler's freestanding headers.  Nothing here calls
 * a function: errno values and integer types only.
 */
#ifndef LMM_TYPES_H
#define LMM_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/compiler.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#ifndef __printf
#define __printf(fmt, args) __attribute__((format(printf, fmt, args)))
#endif
#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
#endif /* __KERNEL__ */

#endif /* LMM_TYPES_H */
