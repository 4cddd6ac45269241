// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_native.c - libFuzzer target: the native API (common/lmm.h).
 *
 * The input is a program: a sequence of operations, each one opcode byte
 * and a few argument bytes (see README.rst).  The harness runs it against
 * lmm and against a shadow model of what must be true, and aborts at the
 * first difference:
 *
 *   - every live block is filled with a pattern derived from its id and
 *     checked before it is freed, so lmm corrupting a live block is seen;
 *   - a fresh family block is all zeros, 16-byte aligned and overlaps no
 *     live block;
 *   - every free's result is predicted from the model: 0 for a live block
 *     (with its own family or no handle), -EINVAL for anything else
 *     (interior, foreign, stale, doubly freed, wrong family);
 *   - statistics count what the model counts, the checker finds nothing,
 *     destroy says -EBUSY exactly when blocks are live.
 *
 * Each input ends with lmm_shutdown(), so inputs do not depend on each
 * other and a crashing input replays alone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "lmm_frontend.h"

/*
 * Calls through handles of destroyed families and regions must say
 * -EINVAL (lmm.h).  Until the core validates handles, such a call reads
 * freed memory and crashes; build with -DFUZZ_DESTROYED_HANDLES=0 to
 * fuzz everything else meanwhile.
 */
#ifndef FUZZ_DESTROYED_HANDLES
#define FUZZ_DESTROYED_HANDLES 1
#endif

#define NFAMILIES	4
#define NREGIONS	2
#define MAX_LIVE	64
#define MAX_OLD		32	/* freed pointers kept for stale frees */
#define MAX_DEAD	8	/* destroyed handles kept */
#define RUN_BYTES_MAX	(3 * 4096)	/* largest "medium" request */

struct family_slot {
	struct lmm_family *handle;
	size_t struct_bytes;
	bool live;
};

struct region_slot {
	struct lmm_region *handle;
	size_t bytes;
	bool live;
};

struct fuzz_model {
	struct family_slot families[NFAMILIES];
	struct region_slot regions[NREGIONS];
	struct fuzz_live live;	/* a family block has region -1, and back */
	struct lmm_family *dead_families[MAX_DEAD];
	size_t ndead_families;
	struct lmm_region *dead_regions[MAX_DEAD];
	size_t ndead_regions;
};

static const size_t struct_sizes[] = {
	1, 8, 16, 24, 36, 48, 64, 100, 256, 1000, 2000, 4000, 4096, 5000,
};

static const char *const family_names[NFAMILIES] = {
	"fz_a", "fz_b", "fz_c", "fz_d",
};

/* ---- the model ---- */

static void live_add(struct fuzz_model *m, void *ptr, size_t bytes,
		     size_t units, int family, int region)
{
	struct fuzz_block *b;

	fuzz_live_expect_fresh(&m->live, ptr, bytes);
	b = fuzz_live_add(&m->live, ptr, bytes);
	b->units = units;
	b->family = family;
	b->region = region;
}

static void count_family(struct fuzz_model *m, int slot, size_t *blocks,
			 size_t *units)
{
	size_t i;

	*blocks = 0;
	*units = 0;
	for (i = 0; i < m->live.nblocks; i++) {
		if (m->live.blocks[i].family == slot) {
			(*blocks)++;
			*units += m->live.blocks[i].units;
		}
	}
}

static size_t count_region(struct fuzz_model *m, int slot)
{
	size_t i, blocks = 0;

	for (i = 0; i < m->live.nblocks; i++)
		blocks += m->live.blocks[i].region == slot;
	return blocks;
}

/* One of the live blocks of families (or of regions), chosen by @in. */
static struct fuzz_block *pick_live(struct fuzz_model *m,
				    struct fuzz_input *in, bool want_region)
{
	size_t i, n = 0, nth;

	for (i = 0; i < m->live.nblocks; i++)
		n += (m->live.blocks[i].region >= 0) == want_region;
	if (!n)
		return NULL;
	nth = fuzz_below(in, n);
	for (i = 0; i < m->live.nblocks; i++)
		if ((m->live.blocks[i].region >= 0) == want_region && !nth--)
			return &m->live.blocks[i];
	return NULL;
}

static struct fuzz_block *first_live(struct fuzz_model *m,
				     bool want_region)
{
	size_t i;

	for (i = 0; i < m->live.nblocks; i++)
		if ((m->live.blocks[i].region >= 0) == want_region)
			return &m->live.blocks[i];
	return NULL;
}

static struct family_slot *live_family(struct fuzz_model *m,
				       struct fuzz_input *in, int *slotp)
{
	int slot = (int)fuzz_below(in, NFAMILIES);

	*slotp = slot;
	return m->families[slot].live ? &m->families[slot] : NULL;
}

static struct region_slot *live_region(struct fuzz_model *m,
				       struct fuzz_input *in, int *slotp)
{
	int slot = (int)fuzz_below(in, NREGIONS);

	*slotp = slot;
	return m->regions[slot].live ? &m->regions[slot] : NULL;
}

/* ---- families ---- */

static size_t pick_struct_bytes(struct fuzz_input *in)
{
	uint8_t how = fuzz_u8(in);

	if (how < 0xf0)
		return struct_sizes[how % ARRAY_SIZE(struct_sizes)];
	return 1 + fuzz_u16(in);
}

static void op_family_create(struct fuzz_model *m, struct fuzz_input *in)
{
	struct lmm_family_opts opts = { 0 };
	struct lmm_family *family;
	int slot = (int)fuzz_below(in, NFAMILIES);
	size_t struct_bytes = pick_struct_bytes(in);
	uint8_t flags = fuzz_u8(in);
	int err;

	opts.policy = (enum lmm_policy)(flags % 3);
	opts.debug = flags & 4;
	opts.cache_pages = (int)((flags >> 3) & 3) - 1;
	err = lmm_family_create(family_names[slot], struct_bytes,
				(flags & 0x80) ? NULL : &opts, &family);
	if (m->families[slot].live) {
		FUZZ_ASSERT(err == -EEXIST, "create of a taken name: %d", err);
		FUZZ_ASSERT(!family, "failed create left a handle");
		return;
	}
	FUZZ_ASSERT(!err && family, "create %s (%zu bytes): %d",
		    family_names[slot], struct_bytes, err);
	m->families[slot].handle = family;
	m->families[slot].struct_bytes = struct_bytes;
	m->families[slot].live = true;
}

/* Requests the core must refuse with -EINVAL, and not remember. */
static void op_family_create_bad(struct fuzz_input *in)
{
	static const char *const bad_names[] = {
		"", "a b", "a-b", "\xc3\xa9t\xc3\xa9", "tab\t",
		"abcdefghijabcdefghijabcdefghij_x",	/* 32 bytes */
	};
	struct lmm_family_opts opts = { .policy = LMM_FIRST_FIT + 1 };
	struct lmm_family *family = (struct lmm_family *)&opts;
	uint8_t how = fuzz_u8(in) % 4;
	int err;

	if (how == 0)
		err = lmm_family_create(bad_names[fuzz_below(in, 6)], 8, NULL,
					&family);
	else if (how == 1)
		err = lmm_family_create(NULL, 8, NULL, &family);
	else if (how == 2)
		err = lmm_family_create("fz_bad", 0, NULL, &family);
	else
		err = lmm_family_create("fz_bad", 8, &opts, &family);
	FUZZ_ASSERT(err == -EINVAL, "bad create %u: %d", how, err);
	FUZZ_ASSERT(!family, "bad create %u left a handle", how);
	FUZZ_ASSERT(lmm_family_create("fz_bad", 8, NULL, NULL) == -EINVAL,
		    "create without a handle pointer");
}

/* How many units to ask for, and what lmm_alloc must then say. */
static size_t pick_units(struct fuzz_input *in, size_t struct_bytes,
			 int *expect)
{
	uint8_t how = fuzz_u8(in) % 8;
	size_t units;

	*expect = 0;
	switch (how) {
	case 0:
		*expect = -EINVAL;
		return 0;
	case 5:	/* up to a few pages: runs of pages */
		return 1 + fuzz_below(in, RUN_BYTES_MAX / struct_bytes + 1);
	case 6:	/* units * struct_bytes overflows */
		if (struct_bytes == 1) {
			*expect = -ENOMEM;
			return SIZE_MAX - fuzz_u8(in);
		}
		*expect = -EOVERFLOW;
		return SIZE_MAX / struct_bytes + 1 + fuzz_u8(in);
	case 7:	/* more than a block can hold (block sizes are 32-bit) */
		*expect = -ENOMEM;
		units = ((size_t)1 << 33) / struct_bytes + 1;
		return units + fuzz_u16(in);
	default:
		return 1 + fuzz_below(in, 16);
	}
}

static void expect_zeroed(const unsigned char *p, size_t bytes)
{
	size_t i;

	for (i = 0; i < bytes; i++)
		FUZZ_ASSERT(!p[i], "fresh block %p not zero at byte %zu",
			    (const void *)p, i);
}

static void op_alloc(struct fuzz_model *m, struct fuzz_input *in)
{
	int slot, expect, err = 1;
	struct family_slot *f = live_family(m, in, &slot);
	size_t units;
	void *p;

	if (!f) {
		p = lmm_alloc(NULL, 1, &err);
		FUZZ_ASSERT(!p && err == -EINVAL, "alloc without family: %d",
			    err);
		return;
	}
	units = pick_units(in, f->struct_bytes, &expect);
	if (!expect && fuzz_live_full(&m->live))
		return;
	p = lmm_alloc(f->handle, units, &err);
	if (expect) {
		FUZZ_ASSERT(!p && err == expect,
			    "alloc of %zu x %zu: %p, %d (want %d)", units,
			    f->struct_bytes, p, err, expect);
		return;
	}
	FUZZ_ASSERT(p, "alloc of %zu x %zu failed: %d", units,
		    f->struct_bytes, err);
	expect_zeroed(p, units * f->struct_bytes);
	live_add(m, p, units * f->struct_bytes, units, slot, -1);
}

/* The result lmm_free(handle, ptr) must give, from the model alone. */
static int free_expected(struct fuzz_model *m, struct lmm_family *handle,
			 const void *ptr, struct fuzz_block **blockp)
{
	struct fuzz_block *b = ptr ? fuzz_live_find(&m->live, ptr) : NULL;

	*blockp = NULL;
	if (!ptr)
		return 0;
	if (!b || b->family < 0 ||
	    (handle && handle != m->families[b->family].handle))
		return -EINVAL;
	*blockp = b;
	return 0;
}

/* A pointer of one of the kinds a free may be given; NULL if none. */
static void *pick_bad_pointer(struct fuzz_model *m, struct fuzz_input *in,
			      bool region, void *stack, void *heap)
{
	struct fuzz_block *b;
	long offset;

	switch (fuzz_u8(in) % 5) {
	case 0:	/* interior: anywhere in the block but its start */
		b = pick_live(m, in, region);
		if (!b)
			return NULL;
		offset = (long)fuzz_below(in, b->bytes + 8) - 8;
		return (char *)b->ptr + (offset ? offset : -1);
	case 1:
		return (char *)stack + 16 * fuzz_below(in, 4);
	case 2:
		return fuzz_foreign_static + 16 * fuzz_below(in, 16);
	case 3:
		return heap;
	default: /* freed, stale or (when reused) live again */
		return fuzz_freed_pick(&m->live, in);
	}
}

static struct lmm_family *pick_family_handle(struct fuzz_model *m,
					     struct fuzz_input *in)
{
	int slot;
	struct family_slot *f = live_family(m, in, &slot);

	return f ? f->handle : NULL;
}

static void do_free(struct fuzz_model *m, struct lmm_family *handle, void *ptr)
{
	struct fuzz_block *b;
	int expect = free_expected(m, handle, ptr, &b);
	int err;

	if (b)
		fuzz_live_verify(b);
	err = lmm_free(handle, ptr);
	FUZZ_ASSERT(err == expect, "free(%p, %p): %d, want %d",
		    (void *)handle, ptr, err, expect);
	if (b)
		fuzz_live_remove(&m->live, b);
}

static void op_free(struct fuzz_model *m, struct fuzz_input *in)
{
	unsigned char stack[64] = { 0 };
	uint8_t how = fuzz_u8(in) % 4;
	struct fuzz_block *b;
	void *heap, *ptr;

	if (how < 3) {	/* a live block: own handle, none, another's */
		b = pick_live(m, in, false);
		if (!b)
			return;
		if (how == 0)
			do_free(m, m->families[b->family].handle, b->ptr);
		else if (how == 1)
			do_free(m, NULL, b->ptr);
		else
			do_free(m, pick_family_handle(m, in), b->ptr);
		return;
	}
	heap = malloc(64);
	ptr = pick_bad_pointer(m, in, false, stack, heap);
	do_free(m, pick_family_handle(m, in), ptr);
	free(heap);
}

static void op_family_destroy(struct fuzz_model *m, struct fuzz_input *in)
{
	int slot, err;
	struct family_slot *f = live_family(m, in, &slot);
	size_t blocks, units;

	if (!f)
		return;
	count_family(m, slot, &blocks, &units);
	err = lmm_family_destroy(f->handle);
	if (blocks) {
		FUZZ_ASSERT(err == -EBUSY, "destroy with %zu live blocks: %d",
			    blocks, err);
		return;
	}
	FUZZ_ASSERT(!err, "destroy of an empty family: %d", err);
	f->live = false;
	m->dead_families[m->ndead_families++ % MAX_DEAD] = f->handle;
}

static void op_family_stats(struct fuzz_model *m, struct fuzz_input *in)
{
	int slot;
	struct family_slot *f = live_family(m, in, &slot);
	struct lmm_stats st;
	size_t blocks, units;
	int err;

	if (!f)
		return;
	err = lmm_family_stats(f->handle, &st);
	FUZZ_ASSERT(!err, "stats: %d", err);
	count_family(m, slot, &blocks, &units);
	FUZZ_ASSERT(st.struct_bytes == f->struct_bytes &&
		    st.blocks_in_use == blocks && st.units_in_use == units,
		    "stats of %s: %zu bytes, %zu blocks, %zu units; model %zu, %zu, %zu",
		    family_names[slot], st.struct_bytes, st.blocks_in_use,
		    st.units_in_use, f->struct_bytes, blocks, units);
	FUZZ_ASSERT(st.largest_free_bytes <= st.free_bytes &&
		    st.fragmentation_pm <= 1000, "stats: free figures");
}

static void op_check(struct fuzz_model *m, struct fuzz_input *in)
{
	int slot, err;
	struct family_slot *f = live_family(m, in, &slot);

	err = f ? lmm_family_check(f->handle, &fuzz_err_printer) :
		  lmm_check(&fuzz_err_printer);
	FUZZ_ASSERT(err == LMM_CHECK_OK, "check: %s",
		    lmm_violation_name(err));
}

static void op_set_debug(struct fuzz_model *m, struct fuzz_input *in)
{
	int slot;
	uint8_t how = fuzz_u8(in);
	struct family_slot *f = live_family(m, in, &slot);
	struct region_slot *r = live_region(m, in, &slot);

	if (how & 1) {
		if (f)
			lmm_family_set_debug(f->handle, how & 2);
	} else if (r) {
		lmm_region_set_debug(r->handle, how & 2);
	}
}

static void op_where_find(struct fuzz_model *m, struct fuzz_input *in)
{
	struct fuzz_block *b = pick_live(m, in, false);
	struct lmm_family *handle;
	size_t offset;
	uint32_t page;
	int slot, err;

	if (b) {
		handle = m->families[b->family].handle;
		err = lmm_family_where(handle, b->ptr, &page, &offset);
		FUZZ_ASSERT(!err, "where of a live block: %d", err);
		err = lmm_family_where(handle, fuzz_foreign_static, &page,
				       &offset);
		FUZZ_ASSERT(err, "where of a foreign pointer: 0");
	}
	slot = (int)fuzz_below(in, NFAMILIES);
	handle = lmm_family_find(family_names[slot]);
	FUZZ_ASSERT(handle == (m->families[slot].live ?
			       m->families[slot].handle : NULL),
		    "find %s: %p", family_names[slot], (void *)handle);
	if (handle)
		FUZZ_ASSERT(!strcmp(lmm_family_name(handle),
				    family_names[slot]), "family name");
}

static void op_report(struct fuzz_model *m, struct fuzz_input *in)
{
	const struct lmm_printer *out = &fuzz_null_printer;
	uint8_t how = fuzz_u8(in) % 6;
	struct lmm_family *f = pick_family_handle(m, in);
	int slot;
	struct region_slot *r = live_region(m, in, &slot);
	struct lmm_stats total;

	if (how == 0)
		lmm_report_families(out);
	else if (how == 1 && f)
		lmm_report_usage(out, f);
	else if (how == 2 && f)
		lmm_report_blocks(out, f);
	else if (how == 3 && f)
		lmm_report_leaks(out, f);
	else if (how == 4 && r)
		lmm_report_region(out, r->handle);
	else
		lmm_total_stats(&total);
}

/* ---- regions ---- */

static void op_region_create(struct fuzz_model *m, struct fuzz_input *in)
{
	int slot, err;
	struct region_slot *r = live_region(m, in, &slot);
	uint8_t how = fuzz_u8(in);
	size_t bytes = 1 + fuzz_u16(in);
	enum lmm_policy policy = (enum lmm_policy)(how % 3);
	struct lmm_region *region;

	if (r)
		return;
	if ((how >> 2) % 8 == 0) {	/* sizes and policies it must refuse */
		err = lmm_region_create(how & 0x80 ? 0 : (size_t)5 << 30,
					policy, &region);
		FUZZ_ASSERT(err == -EINVAL && !region, "bad region: %d", err);
		err = lmm_region_create(bytes, LMM_FIRST_FIT + 1, &region);
		FUZZ_ASSERT(err == -EINVAL && !region, "bad policy: %d", err);
		return;
	}
	err = lmm_region_create(bytes, policy, &region);
	FUZZ_ASSERT(!err && region, "region of %zu bytes: %d", bytes, err);
	if (how & 0x40)
		lmm_region_set_debug(region, true);
	m->regions[slot].handle = region;
	m->regions[slot].bytes = bytes;
	m->regions[slot].live = true;
}

static void op_region_alloc(struct fuzz_model *m, struct fuzz_input *in)
{
	int slot, err = 1;
	struct region_slot *r = live_region(m, in, &slot);
	uint8_t how = fuzz_u8(in) % 8;
	size_t bytes;
	void *p;

	if (!r || fuzz_live_full(&m->live))
		return;
	if (how == 0)
		bytes = 0;
	else if (how == 1)
		bytes = SIZE_MAX - fuzz_u8(in);
	else if (how == 2)
		bytes = 1 + fuzz_below(in, 2 * r->bytes);
	else
		bytes = 1 + fuzz_below(in, 256);
	p = lmm_region_alloc(r->handle, bytes, &err);
	if (!bytes || how == 1) {
		FUZZ_ASSERT(!p && err == (bytes ? -ENOMEM : -EINVAL),
			    "region alloc of %zu: %p, %d", bytes, p, err);
		return;
	}
	if (!p) {	/* full or fragmented: the model cannot say */
		FUZZ_ASSERT(err == -ENOMEM, "region alloc of %zu: %d", bytes,
			    err);
		return;
	}
	live_add(m, p, bytes, 1, -1, slot);
}

static void do_region_free(struct fuzz_model *m, int slot, void *ptr)
{
	struct fuzz_block *b = ptr ? fuzz_live_find(&m->live, ptr) : NULL;
	int expect, err;

	if (b && b->region != slot)
		b = NULL;
	expect = !ptr || b ? 0 : -EINVAL;
	if (b)
		fuzz_live_verify(b);
	err = lmm_region_free(m->regions[slot].handle, ptr);
	FUZZ_ASSERT(err == expect, "region free(%d, %p): %d, want %d", slot,
		    ptr, err, expect);
	if (b)
		fuzz_live_remove(&m->live, b);
}

static void op_region_free(struct fuzz_model *m, struct fuzz_input *in)
{
	unsigned char stack[64] = { 0 };
	int slot;
	struct region_slot *r = live_region(m, in, &slot);
	struct fuzz_block *b;
	void *heap;
	uint8_t how = fuzz_u8(in) % 4;

	if (!r)
		return;
	if (how < 2) {	/* a live block, of this region or another */
		b = pick_live(m, in, true);
		do_region_free(m, how ? slot : (b ? b->region : slot),
			       b ? b->ptr : NULL);
		return;
	}
	if (how == 2) {	/* a family's block is foreign to a region */
		b = pick_live(m, in, false);
		if (b)
			do_region_free(m, slot, b->ptr);
		return;
	}
	heap = malloc(64);
	do_region_free(m, slot, pick_bad_pointer(m, in, true, stack, heap));
	free(heap);
}

static void op_region_stats_check(struct fuzz_model *m, struct fuzz_input *in)
{
	int slot, err;
	struct region_slot *r = live_region(m, in, &slot);
	struct lmm_stats st;

	if (!r)
		return;
	err = lmm_region_stats(r->handle, &st);
	FUZZ_ASSERT(!err && st.blocks_in_use == count_region(m, slot),
		    "region stats: %d, %zu blocks, model %zu", err,
		    st.blocks_in_use, count_region(m, slot));
	err = lmm_region_check(r->handle, &fuzz_err_printer);
	FUZZ_ASSERT(err == LMM_CHECK_OK, "region check: %s",
		    lmm_violation_name(err));
}

static void forget_region_blocks(struct fuzz_model *m, int slot)
{
	size_t i = 0;

	while (i < m->live.nblocks) {
		if (m->live.blocks[i].region == slot)
			fuzz_live_remove(&m->live, &m->live.blocks[i]);
		else
			i++;
	}
}

static void region_destroy(struct fuzz_model *m, int slot)
{
	lmm_region_destroy(m->regions[slot].handle);
	forget_region_blocks(m, slot);
	m->regions[slot].live = false;
	m->dead_regions[m->ndead_regions++ % MAX_DEAD] =
		m->regions[slot].handle;
}

static void op_region_destroy(struct fuzz_model *m, struct fuzz_input *in)
{
	int slot;

	if (live_region(m, in, &slot))
		region_destroy(m, slot);
}

/* ---- handles of destroyed families and regions ---- */

static void dead_family_call(struct fuzz_model *m, struct lmm_family *dead,
			     uint8_t how)
{
	struct fuzz_block *b = first_live(m, false);
	struct lmm_stats st;
	size_t offset;
	uint32_t page;
	int err = 0;
	void *p;

	switch (how % 7) {
	case 0:
		p = lmm_alloc(dead, 1, &err);
		FUZZ_ASSERT(!p && err == -EINVAL, "alloc, dead family: %d",
			    err);
		break;
	case 1:	/* must not free a live block of another family */
		err = lmm_free(dead, b ? b->ptr : fuzz_foreign_static);
		FUZZ_ASSERT(err == -EINVAL, "free, dead family: %d", err);
		break;
	case 2:
		err = lmm_family_stats(dead, &st);
		FUZZ_ASSERT(err == -EINVAL, "stats, dead family: %d", err);
		break;
	case 3:
		err = lmm_family_check(dead, &fuzz_null_printer);
		FUZZ_ASSERT(err == LMM_CHECK_HANDLE, "check, dead family: %d",
			    err);
		break;
	case 4:
		err = lmm_family_destroy(dead);
		FUZZ_ASSERT(err == -EINVAL, "destroy, dead family: %d", err);
		break;
	case 5:
		err = lmm_family_where(dead, fuzz_foreign_static, &page,
				       &offset);
		FUZZ_ASSERT(err == -EINVAL, "where, dead family: %d", err);
		break;
	default:
		lmm_family_set_debug(dead, true);
		FUZZ_ASSERT(!strcmp(lmm_family_name(dead), "?"),
			    "name of a dead family");
		break;
	}
}

static void dead_region_call(struct fuzz_model *m, struct lmm_region *dead,
			     uint8_t how)
{
	struct fuzz_block *b = first_live(m, true);
	struct lmm_stats st;
	int err = 0;
	void *p;

	switch (how % 5) {
	case 0:
		p = lmm_region_alloc(dead, 16, &err);
		FUZZ_ASSERT(!p && err == -EINVAL, "alloc, dead region: %d",
			    err);
		break;
	case 1:
		err = lmm_region_free(dead, b ? b->ptr : fuzz_foreign_static);
		FUZZ_ASSERT(err == -EINVAL, "free, dead region: %d", err);
		break;
	case 2:
		err = lmm_region_stats(dead, &st);
		FUZZ_ASSERT(err == -EINVAL, "stats, dead region: %d", err);
		break;
	case 3:
		err = lmm_region_check(dead, &fuzz_null_printer);
		FUZZ_ASSERT(err == LMM_CHECK_HANDLE, "check, dead region: %d",
			    err);
		break;
	default:
		lmm_region_set_debug(dead, true);
		lmm_region_destroy(dead);
		break;
	}
}

static void op_dead_handle(struct fuzz_model *m, struct fuzz_input *in)
{
	uint8_t how = fuzz_u8(in);
	size_t nf = m->ndead_families < MAX_DEAD ? m->ndead_families : MAX_DEAD;
	size_t nr = m->ndead_regions < MAX_DEAD ? m->ndead_regions : MAX_DEAD;

	if (!FUZZ_DESTROYED_HANDLES)
		return;
	if ((how & 0x80) && nr)
		dead_region_call(m, m->dead_regions[fuzz_below(in, nr)], how);
	else if (nf)
		dead_family_call(m, m->dead_families[fuzz_below(in, nf)], how);
}

static void op_verify_all(struct fuzz_model *m, struct fuzz_input *in)
{
	(void)in;
	fuzz_live_verify_all(&m->live);
}

static void op_cache_default(struct fuzz_model *m, struct fuzz_input *in)
{
	(void)m;
	lmm_set_cache_pages_default((int)fuzz_below(in, 5) - 1);
}

static void op_create_bad(struct fuzz_model *m, struct fuzz_input *in)
{
	(void)m;
	op_family_create_bad(in);
}

/* Allocation and free come twice: they are most of what programs do. */
static const fuzz_op ops[] = {
	op_family_create, op_alloc, op_free, op_alloc, op_free,
	op_family_destroy, op_family_stats, op_check, op_set_debug,
	op_where_find, op_report, op_region_create, op_region_alloc,
	op_region_free, op_region_alloc, op_region_free,
	op_region_stats_check, op_region_destroy, op_dead_handle,
	op_verify_all, op_cache_default, op_create_bad,
};

/* Everything the input left behind goes, so the next input starts clean. */
static void teardown(struct fuzz_model *m)
{
	int slot;

	for (slot = 0; slot < NREGIONS; slot++)
		if (m->regions[slot].live)
			region_destroy(m, slot);
	lmm_shutdown();
	lmm_set_cache_pages_default(LMM_CACHE_PAGES_DEFAULT);
}

static void start(struct fuzz_model *m, struct fuzz_input *in)
{
	(void)in;
	fuzz_live_init(&m->live, MAX_LIVE, MAX_OLD);
}

static void finish(struct fuzz_model *m)
{
	fuzz_live_verify_all(&m->live);
	FUZZ_ASSERT(lmm_check(&fuzz_err_printer) == LMM_CHECK_OK,
		    "final check");
	teardown(m);
}

FUZZ_PROGRAM(NULL, start, ops, finish);
