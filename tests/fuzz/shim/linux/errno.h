/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Fuzz shim: the kernel's errno values are the uapi header's, which the C
 * library's <errno.h> includes too (hence include_next, not <errno.h>).
 */
#ifndef FUZZ_SHIM_LINUX_ERRNO_H
#define FUZZ_SHIM_LINUX_ERRNO_H
#include_next <linux/errno.h>
#endif
