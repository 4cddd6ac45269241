// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mem_demo.c - the Mem seed's scenario: one 4 KiB region, three 100-byte
 * allocations, the middle one freed, and the errors Mem_Free() reports.
 */
#include <stdio.h>

#include "demo.h"
#include "mem.h"

int main(void)
{
	char *a, *b, *c;

	step("Mem_Init(4096)");
	if (!Mem_Init(4096))
		return 1;
	Mem_Dump();

	step("Mem_Alloc(100) three times");
	a = Mem_Alloc(100);
	b = Mem_Alloc(100);
	c = Mem_Alloc(100);
	if (!a || !b || !c)
		return 1;
	Mem_Dump();

	step("Mem_Free(b): a free 100-byte hole between two used blocks");
	if (Mem_Free(b))
		return 1;
	Mem_Dump();

	step("refused: Mem_Free(b) again, Mem_Free(a + 16), Mem_Alloc(8192)");
	printf("Mem_Free(b) again   -> %d\n", Mem_Free(b));
	printf("Mem_Free(a + 16)    -> %d\n", Mem_Free(a + 16));
	printf("Mem_Alloc(8192)     -> %s\n", Mem_Alloc(8192) ? "a block" : "NULL");

	step("Mem_Free(a), Mem_Free(c): one free block again");
	if (Mem_Free(a) || Mem_Free(c))
		return 1;
	Mem_Dump();
	return 0;
}
