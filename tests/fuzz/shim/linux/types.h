/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Fuzz shim: the uapi types (__u32...) that system headers may want, and
 * u8..u64 and bool as lmm's userspace build defines them.
 */
#ifndef FUZZ_SHIM_LINUX_TYPES_H
#define FUZZ_SHIM_LINUX_TYPES_H
#include_next <linux/types.h>
#include "lmm_port_types.h"
#endif
