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

#include "fuzz_util.h"
#include "lmm_frontend.h"
#include "uapi_mm.h"

#define NNAMES		4
#define MAX_LIVE	48
#define MAX_OLD		16	/* freed pointers kept for stale frees */
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

/* A live block's family is the index of its name. */
struct fuzz_model {
	uint32_t struct_bytes[NNAMES];	/* 0: not registered */
	struct fuzz_live live;
};

static size_t live_count(struct fuzz_model *m, int name)
{
	size_t i, n = 0;

	for (i = 0; i < m->live.nblocks; i++)
		n += m->live.blocks[i].family == name;
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

static void op_register(struct fuzz_model *m, struct fuzz_input *in)
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
static void op_bad_names(struct fuzz_model *m, struct fuzz_input *in)
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

static void op_xcalloc(struct fuzz_model *m, struct fuzz_input *in)
{
	int name = (int)fuzz_below(in, NNAMES);
	char *spelling = spelled(name, fuzz_u8(in));
	uint32_t size = m->struct_bytes[name];
	int units = pick_units(in, size ? size : 1);
	size_t bytes = size * (size_t)(units > 0 ? units : 0), i;
	bool must_work = size && units > 0 && bytes <= ((size_t)1 << 20);
	struct fuzz_block *b;
	unsigned char *p;

	if (fuzz_live_full(&m->live))
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
	b = fuzz_live_add(&m->live, p, bytes);
	b->units = (size_t)units;
	b->family = name;
}

static void op_xfree(struct fuzz_model *m, struct fuzz_input *in)
{
	char stack[32];
	unsigned int kind = fuzz_u8(in) % 6;
	struct fuzz_block *b = fuzz_live_pick(&m->live, in);
	void *ptr = fuzz_free_candidate(&m->live, in, kind, b, stack);

	b = ptr ? fuzz_live_find(&m->live, ptr) : NULL;
	if (b)
		fuzz_live_verify(b);
	xfree(ptr);
	if (b)
		fuzz_live_remove(&m->live, b);
}

static void op_print(struct fuzz_model *m, struct fuzz_input *in)
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
static void op_destroy(struct fuzz_model *m, struct fuzz_input *in)
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

static void op_check(struct fuzz_model *m, struct fuzz_input *in)
{
	struct lmm_family *family;
	struct lmm_stats st;
	size_t i;
	int name;

	(void)in;
	fuzz_live_verify_all(&m->live);
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

static const fuzz_op ops[] = {
	op_register, op_xcalloc, op_xfree, op_xcalloc, op_xfree, op_print,
	op_destroy, op_check, op_bad_names,
};

static void start(struct fuzz_model *m, struct fuzz_input *in)
{
	(void)in;
	fuzz_live_init(&m->live, MAX_LIVE, MAX_OLD);
}

static void finish(struct fuzz_model *m)
{
	op_check(m, NULL);
	lmm_shutdown();
}

FUZZ_PROGRAM(mm_init, start, ops, finish);
