/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Fuzz shim: the parser takes no lock; lmm_kernel.h only names the type. */
#ifndef FUZZ_SHIM_LINUX_MUTEX_H
#define FUZZ_SHIM_LINUX_MUTEX_H
struct mutex {
	int unused;
};
#endif
