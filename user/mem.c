// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mem.c - the Mem seed's API (mem.h): one lmm region per process.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmm.h"
#include "lmm_port.h"
#include "mem.h"
#include "mem_internal.h"
#include "stdio_printer.h"

static struct lmm_region *mem_region;

static enum lmm_policy policy_from_env(void)
{
	const char *name = getenv("LMM_MEM_POLICY");

	if (name && !strcmp(name, "best"))
		return LMM_BEST_FIT;
	if (name && !strcmp(name, "first"))
		return LMM_FIRST_FIT;
	if (name && strcmp(name, "worst"))
		fprintf(stderr, "Mem_Init: LMM_MEM_POLICY=%s is not worst, best or first; using worst\n",
			name);
	return LMM_WORST_FIT;
}

void *Mem_Init(int sizeOfRegion)
{
	int err;

	if (mem_region) {
		fprintf(stderr, "Mem_Init: already called\n");
		return NULL;
	}
	if (sizeOfRegion <= 0) {
		fprintf(stderr, "Mem_Init: size %d must be positive\n",
			sizeOfRegion);
		return NULL;
	}
	err = lmm_region_create((size_t)sizeOfRegion, policy_from_env(),
				&mem_region);
	if (err) {
		fprintf(stderr, "Mem_Init: %d bytes: %s\n", sizeOfRegion,
			lmm_strerror(err));
		return NULL;
	}
	/* The heap itself, as in OSTEP: lmm's bookkeeping stays out of reach. */
	return lmm_region_base(mem_region);
}

void *Mem_Alloc(int size)
{
	void *p;
	int err;

	if (!mem_region) {
		fprintf(stderr, "Mem_Alloc: call Mem_Init first\n");
		return NULL;
	}
	if (size <= 0) {
		fprintf(stderr, "Mem_Alloc: size %d must be positive\n", size);
		return NULL;
	}
	p = lmm_region_alloc(mem_region, (size_t)size, &err);
	if (!p)
		fprintf(stderr, "Mem_Alloc: %d bytes: %s\n", size,
			lmm_strerror(err));
	return p;
}

/*
 * A refused pointer is named by its offset in the region, as Mem_Dump()
 * names blocks, so that saved output is the same on every run; a raw
 * address would change with the address space layout.
 */
static void report_refused_free(const void *ptr, int err)
{
	unsigned long base = (unsigned long)lmm_region_base(mem_region);
	unsigned long addr = (unsigned long)ptr;
	struct lmm_stats s;

	/* A region's pages are its area: pages_in_use of them, all mapped. */
	if (base && !lmm_region_stats(mem_region, &s) && addr >= base &&
	    addr - base < s.pages_in_use * LMM_PAGE_SIZE)
		fprintf(stderr, "Mem_Free: offset %lu: %s\n", addr - base,
			lmm_strerror(err));
	else
		fprintf(stderr, "Mem_Free: a pointer outside the region: %s\n",
			lmm_strerror(err));
}

int Mem_Free(void *ptr)
{
	int err;

	if (!ptr)
		return 0;
	err = mem_region ? lmm_region_free(mem_region, ptr) : -EINVAL;
	if (err) {
		report_refused_free(ptr, err);
		return -1;
	}
	return 0;
}

void Mem_Dump(void)
{
	struct lmm_printer out = lmm_stdio_printer(stdout);

	if (!mem_region) {
		printf("Mem_Dump: no region (call Mem_Init first)\n");
		return;
	}
	lmm_report_region(&out, mem_region);
}

void mem_reset_for_tests(void)
{
	lmm_region_destroy(mem_region);
	mem_region = NULL;
}
