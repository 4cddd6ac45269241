/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Fuzz shim: the few helpers of <linux/kernel.h> lmm's module uses. */
#ifndef FUZZ_SHIM_LINUX_KERNEL_H
#define FUZZ_SHIM_LINUX_KERNEL_H
#include <linux/types.h>
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#endif
