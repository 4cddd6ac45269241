// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_seed.c - libFuzzer target: the seed API (user/uapi_mm.h).
 *
 * The seed API reports errors on stderr and returns nothing, so the model
 * checks it from the outside: lmm_family_find() says which names are
 * registered, lmm_family_stats() how many blocks each holds, and live
 * blocks carry a pattern checked before every xfree().  Names reach
 * xcalloc() three ways: as the same string literal every time (the seed
 * API's per-thread cache hits), as a copy in a buffer that other names
 * are later written into (same pointer, new text: the cache must notice),
 * and with "struct " spelled "struct_".  Families are also destroyed and
 * registered again with another size behind the cache's back.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "lmm.h"
#include "uapi_mm.h"

#define NNAMES		4
#define MAX_LIVE	48
#define MAX_OLD		16
#define BYTES_MAX	(3 * 4096)	/* the largest request that must work */

/* What the program writes, and the family name lmm files it under. */
static char *const struct_names[NNAMES] = {
	"fz_a", "fz_b", "struct fz_c", "fz_d",
};
static char *const family_names[NNAMES] = {
	"fz_a", "fz_b", "struct_fz_c", "fz_d",
};

static const uint32_t struct_sizes[] = { 1, 12, 36, 100, 1000, 4000, 5000 };

/* What MM_REG_STRUCT() and XCALLOC() see of struct_names[FZ_C]. */
#define FZ_C 2
struct fz_c {
	char bytes[36];
};

/* One buffer for names built at run time: its address never changes. */
static char name_buf[LMM_NAME_MAX + 8];

struct live_block {
	void *ptr;
	size_t bytes;
	int name;
	uint32_t id;
};

struct model {
	uint32_t struct_bytes[NNAMES];	/* 0: not registered */
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

	FUZZ_ASSERT(at < 0, "live block %u (%zu bytes of %s) changed at %ld",
		    b->id, b->bytes, family_names[b->name], at);
}

static size_t live_count(struct model *m, int name)
{
	size_t i, n = 0;

	for (i = 0; i < m->nlive; i++)
		n += m->live[i].name == name;
	return n;
}

/* The name @name as the program passes it, in one of three spellings. */
static char *spelled(int name, uint8_t how)
{
	switch (how % 3) {
	case 0:
		return struct_names[name];
	case 1:
		snprintf(name_buf, sizeof(name_buf), "%s", struct_names[name]);
		return name_buf;
	default:
		snprintf(name_buf, sizeof(name_buf), "%s", family_names[name]);
		return name_buf;
	}
}

static void op_register(struct model *m, struct fuzz_input *in)
{
	int name = (int)fuzz_below(in, NNAMES);
	uint8_t how = fuzz_u8(in);
	uint32_t size = how & 0x80 ? 0 : struct_sizes[how % 7];

	if (name == FZ_C && (how & 0x40)) {	/* the way programs do it */
		size = sizeof(struct fz_c);
		MM_REG_STRUCT(struct fz_c);
	} else {
		mm_instantiate_new_page_family(spelled(name, how >> 3), size);
	}
	if (!m->struct_bytes[name])
		m->struct_bytes[name] = size;
	FUZZ_ASSERT(!lmm_family_find(family_names[name]) ==
		    !m->struct_bytes[name], "register %s, %u bytes",
		    family_names[name], size);
}

/* Names xcalloc() must refuse: never registered, or not names at all. */
static void op_bad_names(struct model *m, struct fuzz_input *in)
{
	static char *const bad[] = {
		"fz_none", "", "fz-a", "0123456789012345678901234567890123",
	};
	uint8_t how = fuzz_u8(in);

	(void)m;
	FUZZ_ASSERT(!xcalloc(how & 4 ? NULL : bad[how % 4], 1),
		    "xcalloc of a bad name");
	mm_instantiate_new_page_family(how & 8 ? NULL : bad[2 + how % 2], 8);
	mm_print_memory_usage(bad[how % 4]);
}

static int pick_units(struct fuzz_input *in, uint32_t struct_bytes)
{
	switch (fuzz_u8(in) % 6) {
	case 0:
		return -(int)fuzz_u8(in);
	case 1:	/* 4 GiB or more: more than a block can hold */
		if (struct_bytes == 1)
			return INT_MIN + fuzz_u8(in);
		return INT_MAX - fuzz_u8(in);
	case 2:
		return 1 + (int)fuzz_below(in, BYTES_MAX / struct_bytes + 1);
	default:
		return 1 + (int)fuzz_below(in, 8);
	}
}

static void op_xcalloc(struct model *m, struct fuzz_input *in)
{
	int name = (int)fuzz_below(in, NNAMES);
	char *spelling = spelled(name, fuzz_u8(in));
	uint32_t size = m->struct_bytes[name];
	int units = pick_units(in, size ? size : 1);
	size_t bytes = size * (size_t)(units > 0 ? units : 0), i;
	bool must_work = size && units > 0 && bytes <= ((size_t)1 << 20);
	unsigned char *p;

	if (m->nlive == MAX_LIVE)
		return;
	if (name == FZ_C && spelling == struct_names[FZ_C])
		p = XCALLOC(units, struct fz_c);
	else
		p = xcalloc(spelling, units);
	if (!must_work) {
		FUZZ_ASSERT(!p, "xcalloc(%s, %d): %zu bytes granted",
			    spelling, units, bytes);
		return;
	}
	FUZZ_ASSERT(p, "xcalloc(%s, %d) failed", spelling, units);
	for (i = 0; i < bytes; i++)
		FUZZ_ASSERT(!p[i], "xcalloc memory not zero at %zu", i);
	m->live[m->nlive] = (struct live_block){ p, bytes, name,
						 m->next_id++ };
	fuzz_pattern_fill(p, bytes, m->live[m->nlive].id);
	m->nlive++;
}

static void op_xfree(struct model *m, struct fuzz_input *in)
{
	char stack[32];
	uint8_t how = fuzz_u8(in) % 6;
	struct live_block *b = m->nlive ? &m->live[fuzz_below(in, m->nlive)] :
					  NULL;
	void *ptr = NULL;

	if (how == 0 && b)
		ptr = (char *)b->ptr + 1 + fuzz_below(in, b->bytes);
	else if (how == 1)
		ptr = foreign_static + 16 * fuzz_below(in, 4);
	else if (how == 2)
		ptr = stack;
	else if (how == 3 && m->nold)
		ptr = m->old[fuzz_below(in, m->nold < MAX_OLD ? m->nold :
						      MAX_OLD)];
	else if (how >= 4 && b)
		ptr = b->ptr;
	b = ptr ? live_find(m, ptr) : NULL;
	if (b)
		live_verify(b);
	xfree(ptr);
	if (b) {
		m->old[m->nold++ % MAX_OLD] = b->ptr;
		*b = m->live[--m->nlive];
	}
}

static void op_print(struct model *m, struct fuzz_input *in)
{
	uint8_t how = fuzz_u8(in) % 4;

	(void)m;
	if (how == 0)
		mm_print_memory_usage(NULL);
	else if (how == 1)
		mm_print_memory_usage(spelled((int)fuzz_below(in, NNAMES),
					      fuzz_u8(in)));
	else if (how == 2)
		mm_print_block_usage();
	else
		mm_print_registered_page_families();
}

/* Behind the seed API's back: its cached handle must be noticed stale. */
static void op_destroy(struct model *m, struct fuzz_input *in)
{
	int name = (int)fuzz_below(in, NNAMES);
	struct lmm_family *family = lmm_family_find(family_names[name]);
	int err;

	if (!family)
		return;
	err = lmm_family_destroy(family);
	if (live_count(m, name)) {
		FUZZ_ASSERT(err == -EBUSY, "destroy %s with live blocks: %d",
			    family_names[name], err);
		return;
	}
	FUZZ_ASSERT(!err, "destroy %s: %d", family_names[name], err);
	m->struct_bytes[name] = 0;
}

static void op_check(struct model *m, struct fuzz_input *in)
{
	struct lmm_family *family;
	struct lmm_stats st;
	size_t i;
	int name;

	(void)in;
	for (i = 0; i < m->nlive; i++)
		live_verify(&m->live[i]);
	for (name = 0; name < NNAMES; name++) {
		family = lmm_family_find(family_names[name]);
		FUZZ_ASSERT(!family == !m->struct_bytes[name],
			    "%s registered?", family_names[name]);
		if (!family)
			continue;
		FUZZ_ASSERT(!lmm_family_stats(family, &st) &&
			    st.struct_bytes == m->struct_bytes[name] &&
			    st.blocks_in_use == live_count(m, name),
			    "stats of %s: %zu blocks, model %zu",
			    family_names[name], st.blocks_in_use,
			    live_count(m, name));
	}
	i = (size_t)lmm_check(&fuzz_err_printer);
	FUZZ_ASSERT(!i, "check: %s", lmm_violation_name((int)i));
}

typedef void (*fuzz_op)(struct model *m, struct fuzz_input *in);

static const fuzz_op ops[] = {
	op_register, op_xcalloc, op_xfree, op_xcalloc, op_xfree, op_print,
	op_destroy, op_check, op_bad_names,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet_stdio();	/* the seed API prints every error */
	mm_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size, 0 };
	static struct model m;

	memset(&m, 0, sizeof(m));
	while (fuzz_more(&in))
		ops[fuzz_u8(&in) % ARRAY_SIZE(ops)](&m, &in);
	op_check(&m, &in);
	lmm_shutdown();
	return 0;
}
