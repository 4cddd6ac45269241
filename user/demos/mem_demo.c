// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mem_demo.c - the Mem seed's scenario: one 4 KiB region, three 100-byte
 * allocations, the middle one freed, and the errors Mem_Free() reports;
 * then two holes of different sizes and one request that each policy
 * places elsewhere.  Run it with LMM_MEM_POLICY=worst, best or first:
 * the last steps differ.  Blocks are named by their offset in the region.
 */
#include <stdio.h>
#include <stdlib.h>

#include "demo.h"
#include "mem.h"

static char *base;

/* Mem_Alloc(), and the offset it returned (or a failure), on stdout. */
static char *alloc_and_show(int bytes)
{
	char *p = Mem_Alloc(bytes);

	if (p)
		printf("Mem_Alloc(%d) -> offset %ld\n", bytes, (long)(p - base));
	else
		printf("Mem_Alloc(%d) -> NULL\n", bytes);
	return p;
}

static int seed_scenario(void)
{
	char *a, *b, *c;

	step("Mem_Alloc(100) three times: blocks of 104 usable bytes in a row");
	a = alloc_and_show(100);
	b = alloc_and_show(100);
	c = alloc_and_show(100);
	if (!a || !b || !c)
		return 1;
	Mem_Dump();

	step("Mem_Free(b): a free 104-byte hole between two used blocks");
	if (Mem_Free(b))
		return 1;
	Mem_Dump();

	step("refused, one line each on stderr: Mem_Free(b) again, Mem_Free(a + 16), Mem_Alloc(8192)");
	printf("Mem_Free(b) again   -> %d\n", Mem_Free(b));
	printf("Mem_Free(a + 16)    -> %d\n", Mem_Free(a + 16));
	if (alloc_and_show(8192))
		return 1;

	step("Mem_Free(a), Mem_Free(c): the neighbours merge, one free block again");
	if (Mem_Free(a) || Mem_Free(c))
		return 1;
	Mem_Dump();
	return 0;
}

/*
 * Holes of 504 and 200 usable bytes, low to high, and the large rest:
 * first fit takes the lowest hole that fits, best fit the smallest, worst
 * fit the largest block, the rest of the region.
 */
static int policies_differ(void)
{
	char *hole_big, *hole_small, *p[3];

	step("make two holes: Mem_Alloc 500, 100, 200, 100, then free the 500 and the 200");
	hole_big = alloc_and_show(500);
	p[0] = alloc_and_show(100);
	hole_small = alloc_and_show(200);
	p[1] = alloc_and_show(100);
	if (!hole_big || !p[0] || !hole_small || !p[1])
		return 1;
	if (Mem_Free(hole_big) || Mem_Free(hole_small))
		return 1;
	Mem_Dump();

	step("Mem_Alloc(150): first fit takes the hole at 16, best fit the one at 640, worst fit the rest");
	p[2] = alloc_and_show(150);
	if (!p[2])
		return 1;
	Mem_Dump();
	if (Mem_Free(p[0]) || Mem_Free(p[1]) || Mem_Free(p[2]))
		return 1;
	return 0;
}

int main(void)
{
	const char *policy = getenv("LMM_MEM_POLICY");

	demo_start();
	step(policy ? "Mem_Init(4096), policy from LMM_MEM_POLICY" :
	     "Mem_Init(4096), policy worst (set LMM_MEM_POLICY=best or first to compare)");
	base = Mem_Init(4096);
	if (!base)
		return 1;
	Mem_Dump();
	if (seed_scenario() || policies_differ())
		return 1;

	step("everything freed: one free block, as at the start");
	Mem_Dump();
	return 0;
}
