// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * port_pages.c - the userspace port's pages: anonymous mmap() mappings.
 *
 * See common/lmm_port.h for the contract; mmap() gives zeroed,
 * page-aligned memory, and a run of pages is one mapping.
 */
#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS under -std=c11 */
#include <sys/mman.h>

#include "lmm_port.h"

void *lmm_port_pages_alloc(size_t npages)
{
	void *p;

	if (!npages || npages > (size_t)-1 / LMM_PAGE_SIZE)
		return NULL;
	p = mmap(NULL, npages * LMM_PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void lmm_port_pages_free(void *addr, size_t npages)
{
	munmap(addr, npages * LMM_PAGE_SIZE);
}
