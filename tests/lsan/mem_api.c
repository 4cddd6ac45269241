// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mem_api.c - the Mem seed's API (mem.h) under LeakSanitizer: Mem_* has no
 * teardown at all, so the region lives until exit, with blocks in it,
 * and LSan must report nothing.
 */
#include <string.h>

#include "lsan_check.h"
#include "mem.h"

int main(void)
{
	char *a, *b;

	LSAN_CHECK(Mem_Init(4096));
	a = Mem_Alloc(100);
	b = Mem_Alloc(200);
	LSAN_CHECK(a && b);
	memset(a, 'a', 100);
	memset(b, 'b', 200);
	LSAN_CHECK(!Mem_Free(a));
	LSAN_CHECK(Mem_Alloc(50));
	return 0;
}
