/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Fuzz shim: <linux/overflow.h>.  The kernel's helpers are the compiler's
 * builtins too; they return true when the result wrapped.
 */
#ifndef FUZZ_SHIM_LINUX_OVERFLOW_H
#define FUZZ_SHIM_LINUX_OVERFLOW_H
#define check_add_overflow(a, b, d) __builtin_add_overflow(a, b, d)
#define check_sub_overflow(a, b, d) __builtin_sub_overflow(a, b, d)
#define check_mul_overflow(a, b, d) __builtin_mul_overflow(a, b, d)
#endif
