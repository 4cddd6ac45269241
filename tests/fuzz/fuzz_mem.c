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
#include <string.h>

#include "fuzz_util.h"
#include "mem.h"
#include "mem_internal.h"

#define MAX_LIVE	64
#define MAX_OLD		16

struct live_block {
	void *ptr;
	size_t bytes;
	uint32_t id;
};

struct model {
	bool ready;		/* Mem_Init() succeeded */
	size_t heap_bytes;	/* what Mem_Init() was asked for */
	struct live_block live[MAX_LIVE];
	size_t nlive;
	void *old[MAX_OLD];
	size_t nold;
	uint32_t next_id;
};

static char foreign_static[64];

static struct live_block *live_find(struct model *m, const void *ptr)
{
	size_t i;

	for (i = 0; i < m->nlive; i++)
		if (m->live[i].ptr == ptr)
			return &m->live[i];
	return NULL;
}

static void live_verify(const struct live_block *b)
{
	long at = fuzz_pattern_diff(b->ptr, b->bytes, b->id);

	FUZZ_ASSERT(at < 0, "live block %u (%p, %zu bytes) changed at %ld",
		    b->id, b->ptr, b->bytes, at);
}

static bool overlaps_live(struct model *m, const char *p, size_t bytes)
{
	size_t i;

	for (i = 0; i < m->nlive; i++) {
		const char *q = m->live[i].ptr;

		if (p < q + m->live[i].bytes && q < p + bytes)
			return true;
	}
	return false;
}

static void heap_init(struct model *m, struct fuzz_input *in)
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

static int pick_size(struct model *m, struct fuzz_input *in)
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

static void op_alloc(struct model *m, struct fuzz_input *in)
{
	int size = pick_size(m, in);
	struct live_block *b;
	void *p;

	if (m->nlive == MAX_LIVE)
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
	FUZZ_ASSERT(((uintptr_t)p & 15) == 0, "%p not 16-byte aligned", p);
	FUZZ_ASSERT(!overlaps_live(m, p, (size_t)size),
		    "Mem_Alloc(%d) = %p overlaps a live block", size, p);
	b = &m->live[m->nlive++];
	*b = (struct live_block){ p, (size_t)size, m->next_id++ };
	fuzz_pattern_fill(p, b->bytes, b->id);
}

static void *pick_pointer(struct model *m, struct fuzz_input *in,
			  void *stack)
{
	struct live_block *b = m->nlive ? &m->live[fuzz_below(in, m->nlive)] :
					  NULL;

	switch (fuzz_u8(in) % 6) {
	case 0:
		return b ? (char *)b->ptr + 1 + fuzz_below(in, b->bytes) : NULL;
	case 1:
		return foreign_static + 16 * fuzz_below(in, 4);
	case 2:
		return stack;
	case 3:
		return m->nold ? m->old[fuzz_below(in, m->nold < MAX_OLD ?
						       m->nold : MAX_OLD)] :
				 NULL;
	default:
		return b ? b->ptr : NULL;
	}
}

static void op_free(struct model *m, struct fuzz_input *in)
{
	char stack[32];
	void *ptr = pick_pointer(m, in, stack);
	struct live_block *b = ptr ? live_find(m, ptr) : NULL;
	int expect = !ptr || b ? 0 : -1;
	int ret;

	if (b)
		live_verify(b);
	ret = Mem_Free(ptr);
	FUZZ_ASSERT(ret == expect, "Mem_Free(%p): %d, want %d", ptr, ret,
		    expect);
	if (b) {
		m->old[m->nold++ % MAX_OLD] = b->ptr;
		*b = m->live[--m->nlive];
	}
}

static void op_dump(struct model *m, struct fuzz_input *in)
{
	size_t i;

	(void)in;
	Mem_Dump();
	for (i = 0; i < m->nlive; i++)
		live_verify(&m->live[i]);
}

static void op_init_again(struct model *m, struct fuzz_input *in)
{
	int bytes = 1 + fuzz_u8(in);
	void *p = Mem_Init(bytes);

	FUZZ_ASSERT(!p || !m->ready, "a second Mem_Init succeeded");
	if (p) {	/* the first: the input chose to start without one */
		m->ready = true;
		m->heap_bytes = (size_t)bytes;
	}
}

typedef void (*fuzz_op)(struct model *m, struct fuzz_input *in);

static const fuzz_op ops[] = {
	op_alloc, op_free, op_alloc, op_free, op_dump, op_init_again,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet_stdio();	/* every refusal prints a line */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size, 0 };
	static struct model m;

	memset(&m, 0, sizeof(m));
	heap_init(&m, &in);
	while (fuzz_more(&in))
		ops[fuzz_u8(&in) % ARRAY_SIZE(ops)](&m, &in);
	op_dump(&m, &in);
	mem_reset_for_tests();
	return 0;
}
