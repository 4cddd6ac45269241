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
#include <linux/stdarg.h>
#else
#include "lmm_user_types.h"
#endif

#endif /* LMM_TYPES_H */
