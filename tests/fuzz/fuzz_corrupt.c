// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_corrupt.c - libFuzzer target: lmm under a hostile program.
 *
 * Between allocations and frees the input writes attacker bytes where a
 * buggy or malicious program can: into freed blocks through pointers kept
 * after free (any offset of the old block, its header and the first 24
 * payload bytes where free-list links live included), and past the end of
 * live payloads (red zone, the next block's header, up to 64 bytes past
 * the end, never past the end of the mapping the block lies in).  The
 * bytes are raw, or made to look right: sizes, and addresses of lmm's own
 * blocks or of a victim array outside lmm, as an exploit would forge
 * free-list links.
 *
 * The first input byte picks the mode: debug (red zones and poisoning on
 * every family and region) or plain.  What must hold, in both:
 *
 *   - every pointer lmm hands out, and its whole size, lies inside pages
 *     lmm got from the port (fuzz_port.c records them);
 *   - lmm never writes outside its pages: a guard page on each side of
 *     every mapping faults, and the victim array must stay zero;
 *   - live blocks the attack never wrote into keep their bytes (the
 *     shadow pattern), whatever lmm did with the damaged ones;
 *   - no crash.  In debug mode that is the promise; in plain mode a crash
 *     is how a wild write usually shows, so it fails too.
 *
 * Damaged blocks are never read by the harness and frees of blocks the
 * attack touched may fail: lmm is free to refuse them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_port.h"
#include "fuzz_util.h"
#include "lmm_frontend.h"

#define NFAMILIES	3
#define MAX_LIVE	48
#define MAX_FREED	32
#define OVERRUN_MAX	64	/* bytes past a payload an overrun reaches */
#define HEADER_REACH	8	/* bytes before a payload a stale write hits */
#define WRITE_MAX	16

struct live_block {
	char *ptr;
	size_t bytes;
	int family;		/* slot, or -1 for a region block */
	uint32_t id;
	bool hit;		/* its payload was written by the attack */
	bool touched;		/* bytes near it were: its free may fail */
};

/* A block the program freed, and the mapping it lay in at the time. */
struct freed_block {
	char *ptr;
	size_t bytes;
	uint64_t serial;
};

struct fuzz_model {
	bool debug;
	struct lmm_family *families[NFAMILIES];
	size_t struct_bytes[NFAMILIES];
	struct lmm_region *region;
	struct live_block live[MAX_LIVE];
	size_t nlive;
	struct freed_block freed[MAX_FREED];
	size_t nfreed;
	uint32_t next_id;
};

/* Outside lmm: the target of forged links; lmm must never write here. */
static unsigned long victim[32];

static const size_t struct_sizes[] = { 8, 24, 36, 48, 100, 500, 2000 };
static const char *const family_names[NFAMILIES] = {
	"fc_a", "fc_b", "fc_c",
};

static void check_victim(const char *after)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(victim); i++)
		FUZZ_ASSERT(!victim[i],
			    "lmm wrote outside its pages (victim[%zu]) after %s",
			    i, after);
}

static void live_verify(const struct live_block *b)
{
	long at;

	if (b->hit)
		return;
	at = fuzz_pattern_diff(b->ptr, b->bytes, b->id);
	FUZZ_ASSERT(at < 0,
		    "block %u (%zu bytes at %p), never attacked, changed at byte %ld",
		    b->id, b->bytes, (void *)b->ptr, at);
}

static void verify_all(struct fuzz_model *m)
{
	size_t i;

	for (i = 0; i < m->nlive; i++)
		live_verify(&m->live[i]);
}

/* Mark the blocks a write of [at, at + len) reached. */
static void mark_written(struct fuzz_model *m, const char *at, size_t len)
{
	size_t i;

	for (i = 0; i < m->nlive; i++) {
		struct live_block *b = &m->live[i];

		if (at < b->ptr + b->bytes && b->ptr < at + len)
			b->hit = true;
		if (at < b->ptr + b->bytes + OVERRUN_MAX &&
		    b->ptr - HEADER_REACH < at + len)
			b->touched = true;
	}
}

static void expect_handed_out(struct fuzz_model *m, const char *p, size_t bytes)
{
	size_t i;

	FUZZ_ASSERT(fuzz_port_owns(p, bytes),
		    "lmm handed out %p (%zu bytes), not inside its pages",
		    (const void *)p, bytes);
	FUZZ_ASSERT(((uintptr_t)p & 15) == 0, "%p not 16-byte aligned",
		    (const void *)p);
	for (i = 0; i < m->nlive; i++) {
		const struct live_block *b = &m->live[i];

		FUZZ_ASSERT(b->hit || p >= b->ptr + b->bytes ||
			    b->ptr >= p + bytes,
			    "lmm handed out %p (%zu bytes) over live block %u",
			    (const void *)p, bytes, b->id);
	}
}

static void live_add(struct fuzz_model *m, char *p, size_t bytes, int family)
{
	struct live_block *b;

	expect_handed_out(m, p, bytes);
	b = &m->live[m->nlive++];
	*b = (struct live_block){ .ptr = p, .bytes = bytes, .family = family,
				  .id = m->next_id++ };
	fuzz_pattern_fill(p, bytes, b->id);
}

/* The program frees @b: it becomes a dangling pointer to write through. */
static void live_forget(struct fuzz_model *m, struct live_block *b)
{
	struct fuzz_mapping mapping;
	struct freed_block *f;

	if (fuzz_port_mapping_of(b->ptr, &mapping)) {
		f = &m->freed[m->nfreed++ % MAX_FREED];
		f->ptr = b->ptr;
		f->bytes = b->bytes;
		f->serial = mapping.serial;
	}
	*b = m->live[--m->nlive];
}

/* ---- the program: allocations and frees ---- */

static void op_alloc(struct fuzz_model *m, struct fuzz_input *in)
{
	int slot = (int)fuzz_below(in, NFAMILIES);
	size_t units = 1 + fuzz_below(in, fuzz_u8(in) & 0x80 ? 64 : 4);
	char *p;

	if (m->nlive == MAX_LIVE || !m->families[slot])
		return;
	p = lmm_alloc(m->families[slot], units, NULL);
	if (p)
		live_add(m, p, units * m->struct_bytes[slot], slot);
	check_victim("lmm_alloc");
}

static void op_region_alloc(struct fuzz_model *m, struct fuzz_input *in)
{
	size_t bytes = 1 + fuzz_below(in, 512);
	char *p;

	if (m->nlive == MAX_LIVE || !m->region)
		return;
	p = lmm_region_alloc(m->region, bytes, NULL);
	if (p)
		live_add(m, p, bytes, -1);
	check_victim("lmm_region_alloc");
}

static void op_free(struct fuzz_model *m, struct fuzz_input *in)
{
	struct live_block *b;
	uint8_t how = fuzz_u8(in);
	int err;

	if (!m->nlive)
		return;
	b = &m->live[fuzz_below(in, m->nlive)];
	live_verify(b);
	if (b->family < 0)
		err = lmm_region_free(m->region, b->ptr);
	else
		err = lmm_free(how & 1 ? m->families[b->family] : NULL,
			       b->ptr);
	FUZZ_ASSERT(b->touched || !err || err == -EFAULT,
		    "free of block %u, never attacked: %d", b->id, err);
	live_forget(m, b);
	check_victim("free");
}

/* The invariant checker and the reports read every damaged block. */
static void op_inspect(struct fuzz_model *m, struct fuzz_input *in)
{
	uint8_t how = fuzz_u8(in) % 4;
	struct lmm_stats st;
	int slot = (int)fuzz_below(in, NFAMILIES);

	if (how == 0 && m->families[slot])
		lmm_family_check(m->families[slot], &fuzz_null_printer);
	else if (how == 1 && m->region)
		lmm_region_check(m->region, &fuzz_null_printer);
	else if (how == 2 && m->families[slot])
		lmm_family_stats(m->families[slot], &st);
	else if (m->families[slot])
		lmm_report_blocks(&fuzz_null_printer, m->families[slot]);
	check_victim("a check");
	verify_all(m);
}

/* ---- the attack ---- */

/* Attacker bytes: raw, a size, or an address inside or outside lmm. */
static void attack_bytes(struct fuzz_model *m, struct fuzz_input *in,
			 unsigned char *bytes, size_t len)
{
	uint8_t how = fuzz_u8(in) % 4;
	int delta = (int)fuzz_below(in, 64) - 32;
	uintptr_t word;

	if (how == 0) {
		fuzz_bytes(in, bytes, len);
		return;
	}
	if (how == 1)
		word = fuzz_u16(in);
	else if (how == 2)
		word = (uintptr_t)&victim[8] + delta;
	else if (m->nlive)
		word = (uintptr_t)m->live[fuzz_below(in, m->nlive)].ptr + delta;
	else
		word = (uintptr_t)&victim[16];
	memset(bytes, 0, len);
	memcpy(bytes, &word, len < sizeof(word) ? len : sizeof(word));
}

/*
 * Write [at, at + len) if it lies in a mapping of lmm's (mapping @serial,
 * when given: the one a freed block lay in), clamped to its end.
 */
static void attack_write(struct fuzz_model *m, struct fuzz_input *in, char *at,
			 size_t len, const uint64_t *serial)
{
	unsigned char bytes[WRITE_MAX];
	struct fuzz_mapping mapping;

	if (!fuzz_port_mapping_of(at, &mapping) ||
	    (serial && mapping.serial != *serial))
		return;	/* gone back to the system: not lmm's any more */
	if (len > mapping.end - (uintptr_t)at)
		len = mapping.end - (uintptr_t)at;
	attack_bytes(m, in, bytes, len);
	mark_written(m, at, len);
	memcpy(at, bytes, len);
}

static void op_write_after_free(struct fuzz_model *m, struct fuzz_input *in)
{
	size_t n = m->nfreed < MAX_FREED ? m->nfreed : MAX_FREED;
	struct freed_block *f;
	size_t offset, len;

	if (!n)
		return;
	f = &m->freed[fuzz_below(in, n)];
	/* Mostly the header and the first 24 bytes: links and check words. */
	offset = fuzz_u8(in) & 0x80 ? fuzz_below(in, 32) :
				      fuzz_below(in, f->bytes + HEADER_REACH);
	if (offset >= f->bytes + HEADER_REACH)
		return;
	len = 1 + fuzz_below(in, WRITE_MAX);
	if (len > f->bytes + HEADER_REACH - offset)
		len = f->bytes + HEADER_REACH - offset;
	attack_write(m, in, f->ptr - HEADER_REACH + offset, len, &f->serial);
}

static void op_overrun(struct fuzz_model *m, struct fuzz_input *in)
{
	struct live_block *b;
	size_t from, len;

	if (!m->nlive)
		return;
	b = &m->live[fuzz_below(in, m->nlive)];
	from = fuzz_below(in, OVERRUN_MAX);
	len = 1 + fuzz_below(in, WRITE_MAX);
	if (len > OVERRUN_MAX - from)
		len = OVERRUN_MAX - from;
	b->touched = true;	/* its own red zone, in debug mode */
	attack_write(m, in, b->ptr + b->bytes + from, len, NULL);
}

/* ---- set-up and tear-down ---- */

static void family_setup(struct fuzz_model *m, struct fuzz_input *in, int slot)
{
	struct lmm_family_opts opts = { 0 };
	uint8_t how = fuzz_u8(in);
	int err;

	opts.policy = (enum lmm_policy)(how % 3);
	opts.cache_pages = (how >> 2) & 3;
	opts.debug = m->debug;
	m->struct_bytes[slot] = struct_sizes[(how >> 4) % 7];
	err = lmm_family_create(family_names[slot], m->struct_bytes[slot],
				&opts, &m->families[slot]);
	FUZZ_ASSERT(!err, "family %s: %d", family_names[slot], err);
}

static void setup(struct fuzz_model *m, struct fuzz_input *in)
{
	uint8_t how = fuzz_u8(in);
	int slot, err;

	m->debug = !(how & 1);
	for (slot = 0; slot < NFAMILIES; slot++)
		family_setup(m, in, slot);
	err = lmm_region_create(4096 * (1 + ((how >> 1) & 3)),
				(enum lmm_policy)((how >> 3) % 3), &m->region);
	FUZZ_ASSERT(!err, "region: %d", err);
	lmm_region_set_debug(m->region, m->debug);
}

static void op_destroy(struct fuzz_model *m, struct fuzz_input *in)
{
	int slot = (int)fuzz_below(in, NFAMILIES);
	size_t i;

	if (!m->families[slot] || lmm_family_destroy(m->families[slot]))
		return;
	i = 0;
	while (i < m->nlive) {	/* only damaged ones can be left: unmapped */
		FUZZ_ASSERT(m->live[i].family != slot || m->live[i].touched,
			    "family %s destroyed with live block %u",
			    family_names[slot], m->live[i].id);
		if (m->live[i].family == slot)
			m->live[i] = m->live[--m->nlive];
		else
			i++;
	}
	m->families[slot] = NULL;
	check_victim("lmm_family_destroy");
}

static const fuzz_op ops[] = {
	op_alloc, op_alloc, op_region_alloc, op_free, op_free,
	op_write_after_free, op_write_after_free, op_overrun, op_inspect,
	op_destroy,
};

static void finish(struct fuzz_model *m)
{
	verify_all(m);
	lmm_region_destroy(m->region);
	lmm_shutdown();
	check_victim("lmm_shutdown");
}

FUZZ_PROGRAM(NULL, setup, ops, finish);
