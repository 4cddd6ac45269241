/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * mem.h - the Mem seed's API: one heap over one region of memory.
 *
 * Mem_Init() maps the region once; Mem_Alloc() and Mem_Free() work like
 * malloc() and free(); Mem_Dump() prints every block.  Worst fit by
 * default; the environment variable LMM_MEM_POLICY=best|first|worst picks
 * the policy at Mem_Init().
 */
#ifndef MEM_H
#define MEM_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The start of the managed space (page-aligned, the size rounded up to
 * pages; lmm keeps its bookkeeping elsewhere), or NULL (size <= 0, called
 * twice, or no memory).  The blocks tile that space: writing into it
 * other than through Mem_Alloc()'s pointers damages them.
 */
void *Mem_Init(int sizeOfRegion);
/* 16-byte aligned memory, or NULL (size <= 0, no Mem_Init, no room). */
void *Mem_Alloc(int size);
/* 0, or -1 for a pointer Mem_Alloc() did not hand out or already freed. */
int Mem_Free(void *ptr);
void Mem_Dump(void);

#ifdef __cplusplus
}
#endif

#endif /* MEM_H */
