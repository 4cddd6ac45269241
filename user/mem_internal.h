/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * mem_internal.h - what tests may do to the Mem API that programs may not.
 *
 * Not installed and not exported from libcommon.so (user/libcommon.map):
 * mem.h promises one Mem_Init() per process, and only a test harness that
 * must start every input from nothing (tests/fuzz/fuzz_mem.c) breaks it.
 */
#ifndef LMM_MEM_INTERNAL_H
#define LMM_MEM_INTERNAL_H

/* Destroy the region, live blocks and all; Mem_Init() works again after. */
void mem_reset_for_tests(void);

#endif /* LMM_MEM_INTERNAL_H */
