// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_mem.c - libFuzzer target: the Mem seed's API (user/mem.h).
 *
 * One heap per input: the first byte picks the policy (LMM_MEM_POLICY,
 * valid or not) and the next two the size of Mem_Init(), or leave the heap
 * uninitialised so that every call must refuse.  Then operations: Mem_Alloc
 * of any int (negative, 0, huge), Mem_Free of live, NULL, interior,
 * foreign, freed pointers, Mem_Dump, and a second Mem_Init that must fail.
 * Live blocks carry a pattern checked before they are freed; Mem_Free's
 * result is predicted from the model (0 for a live block or NULL, -1 for
 * anything else).  The memory Mem_Init() returns is never written: what it
 * points to is for the core to define.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_util.h"
#include "mem.h"
#include "mem_internal.h"

#define MAX_LIVE	64
#define MAX_OLD		16	/* freed pointers kept for stale frees */

struct fuzz_model {
	bool ready;		/* Mem_Init() succeeded */
	size_t heap_bytes;	/* what Mem_Init() was asked for */
	struct fuzz_live live;
};

static void heap_init(struct fuzz_model *m, struct fuzz_input *in)
{
	static const char *const policies[] = {
		"worst", "best", "first", "bogus",
	};
	uint8_t how = fuzz_u8(in);
	int bytes = 1 + fuzz_u16(in) * 4;

	if (how & 8)
		setenv("LMM_MEM_POLICY", policies[how % 4], 1);
	else
		unsetenv("LMM_MEM_POLICY");
	if (how & 0x80)
		return;		/* no heap: every call must refuse */
	FUZZ_ASSERT(!Mem_Init(how & 0x40 ? -bytes : 0),
		    "Mem_Init of a size <= 0");
	m->ready = Mem_Init(bytes) != NULL;
	FUZZ_ASSERT(m->ready, "Mem_Init(%d) failed", bytes);
	m->heap_bytes = (size_t)bytes;
}

static int pick_size(struct fuzz_model *m, struct fuzz_input *in)
{
	switch (fuzz_u8(in) % 8) {
	case 0:
		return -(int)fuzz_u8(in);
	case 1:
		return INT_MAX - fuzz_u8(in);
	case 2:
		return 1 + (int)fuzz_below(in, m->heap_bytes + 64);
	default:
		return 1 + (int)fuzz_below(in, 200);
	}
}

static void op_alloc(struct fuzz_model *m, struct fuzz_input *in)
{
	int size = pick_size(m, in);
	void *p;

	if (fuzz_live_full(&m->live))
		return;
	p = Mem_Alloc(size);
	/* The heap is whole pages: more than asked for, never more than that. */
	if (!m->ready || size <= 0 ||
	    (size_t)size > (m->heap_bytes + 4095) / 4096 * 4096) {
		FUZZ_ASSERT(!p, "Mem_Alloc(%d) of a %zu-byte heap: %p", size,
			    m->heap_bytes, p);
		return;
	}
	if (!p)
		return;	/* full or fragmented: the model cannot say */
	fuzz_live_expect_fresh(&m->live, p, (size_t)size);
	fuzz_live_add(&m->live, p, (size_t)size);
}

static void op_free(struct fuzz_model *m, struct fuzz_input *in)
{
	char stack[32];
	struct fuzz_block *b = fuzz_live_pick(&m->live, in);
	unsigned int kind = fuzz_u8(in) % 6;
	void *ptr = fuzz_free_candidate(&m->live, in, kind, b, stack);
	int expect, ret;

	b = ptr ? fuzz_live_find(&m->live, ptr) : NULL;
	expect = !ptr || b ? 0 : -1;
	if (b)
		fuzz_live_verify(b);
	ret = Mem_Free(ptr);
	FUZZ_ASSERT(ret == expect, "Mem_Free(%p): %d, want %d", ptr, ret,
		    expect);
	if (b)
		fuzz_live_remove(&m->live, b);
}

static void op_dump(struct fuzz_model *m, struct fuzz_input *in)
{
	(void)in;
	Mem_Dump();
	fuzz_live_verify_all(&m->live);
}

static void op_init_again(struct fuzz_model *m, struct fuzz_input *in)
{
	int bytes = 1 + fuzz_u8(in);
	void *p = Mem_Init(bytes);

	FUZZ_ASSERT(!p || !m->ready, "a second Mem_Init succeeded");
	if (p) {	/* the first: the input chose to start without one */
		m->ready = true;
		m->heap_bytes = (size_t)bytes;
	}
}

static const fuzz_op ops[] = {
	op_alloc, op_free, op_alloc, op_free, op_dump, op_init_again,
};

static void start(struct fuzz_model *m, struct fuzz_input *in)
{
	fuzz_live_init(&m->live, MAX_LIVE, MAX_OLD);
	heap_init(m, in);
}

static void finish(struct fuzz_model *m)
{
	op_dump(m, NULL);
	mem_reset_for_tests();	/* the next input gets a fresh heap */
}

FUZZ_PROGRAM(NULL, start, ops, finish);
