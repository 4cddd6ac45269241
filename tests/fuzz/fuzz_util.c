// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_util.c - helpers shared by the fuzz targets (see fuzz_util.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

/* The stderr libFuzzer prints to, kept when the program's is silenced. */
static FILE *real_stderr;

uint8_t fuzz_u8(struct fuzz_input *in)
{
	return fuzz_more(in) ? in->data[in->pos++] : 0;
}

uint16_t fuzz_u16(struct fuzz_input *in)
{
	uint16_t lo = fuzz_u8(in);

	return (uint16_t)(lo | fuzz_u8(in) << 8);
}

uint32_t fuzz_u32(struct fuzz_input *in)
{
	uint32_t lo = fuzz_u16(in);

	return lo | (uint32_t)fuzz_u16(in) << 16;
}

size_t fuzz_below(struct fuzz_input *in, size_t n)
{
	return (n > 256 ? fuzz_u16(in) : fuzz_u8(in)) % n;
}

void fuzz_bytes(struct fuzz_input *in, void *dst, size_t len)
{
	size_t avail = in->size - in->pos;
	size_t take = len < avail ? len : avail;

	memcpy(dst, in->data + in->pos, take);
	memset((char *)dst + take, 0, len - take);
	in->pos += take;
}

void fuzz_quiet_stdio(void)
{
	const char *verbose = getenv("FUZZ_VERBOSE");
	FILE *null_stream;

	real_stderr = stderr;
	if (verbose && *verbose && strcmp(verbose, "0"))
		return;
	null_stream = fopen("/dev/null", "w");
	if (!null_stream)
		return;
	/* glibc's stdout and stderr are plain variables, meant to be set. */
	stdout = null_stream;
	stderr = null_stream;
}

static void drop_vprint(void *ctx, const char *fmt, va_list args)
{
	char line[256];

	(void)ctx;
	vsnprintf(line, sizeof(line), fmt, args);
}

static void err_vprint(void *ctx, const char *fmt, va_list args)
{
	(void)ctx;
	vfprintf(real_stderr ? real_stderr : stderr, fmt, args);
}

const struct lmm_printer fuzz_null_printer = { drop_vprint, NULL };
const struct lmm_printer fuzz_err_printer = { err_vprint, NULL };

static uint8_t pattern_byte(size_t i, uint32_t id)
{
	/* Neither 0 (what a fresh block holds) nor periodic in small steps. */
	return (uint8_t)((id * 0x9e3779b1u + i * 0x45u + (i >> 8)) | 1);
}

void fuzz_pattern_fill(void *payload, size_t bytes, uint32_t id)
{
	uint8_t *p = payload;
	size_t i;

	for (i = 0; i < bytes; i++)
		p[i] = pattern_byte(i, id);
}

long fuzz_pattern_diff(const void *payload, size_t bytes, uint32_t id)
{
	const uint8_t *p = payload;
	size_t i;

	for (i = 0; i < bytes; i++)
		if (p[i] != pattern_byte(i, id))
			return (long)i;
	return -1;
}

unsigned char fuzz_foreign_static[256];

void fuzz_live_init(struct fuzz_live *live, size_t max_blocks,
		    size_t max_freed)
{
	FUZZ_ASSERT(max_blocks <= FUZZ_LIVE_MAX && max_freed <= FUZZ_FREED_MAX,
		    "live table of %zu blocks, %zu freed", max_blocks,
		    max_freed);
	memset(live, 0, sizeof(*live));
	live->max_blocks = max_blocks;
	live->max_freed = max_freed;
}

bool fuzz_live_full(const struct fuzz_live *live)
{
	return live->nblocks == live->max_blocks;
}

struct fuzz_block *fuzz_live_find(struct fuzz_live *live, const void *ptr)
{
	size_t i;

	for (i = 0; i < live->nblocks; i++)
		if (live->blocks[i].ptr == ptr)
			return &live->blocks[i];
	return NULL;
}

struct fuzz_block *fuzz_live_pick(struct fuzz_live *live,
				  struct fuzz_input *in)
{
	if (!live->nblocks)
		return NULL;
	return &live->blocks[fuzz_below(in, live->nblocks)];
}

static bool live_overlaps(const struct fuzz_live *live, const char *p,
			  size_t bytes)
{
	size_t i;

	for (i = 0; i < live->nblocks; i++) {
		const char *q = live->blocks[i].ptr;

		if (p < q + live->blocks[i].bytes && q < p + bytes)
			return true;
	}
	return false;
}

void fuzz_live_expect_fresh(const struct fuzz_live *live, const void *ptr,
			    size_t bytes)
{
	FUZZ_ASSERT(((uintptr_t)ptr & 15) == 0, "%p is not 16-byte aligned",
		    ptr);
	FUZZ_ASSERT(!live_overlaps(live, ptr, bytes),
		    "new block %p (%zu bytes) overlaps a live block", ptr,
		    bytes);
}

struct fuzz_block *fuzz_live_add(struct fuzz_live *live, void *ptr,
				 size_t bytes)
{
	struct fuzz_block *block = &live->blocks[live->nblocks++];

	*block = (struct fuzz_block){
		.ptr = ptr, .bytes = bytes, .family = -1, .region = -1,
		.id = live->next_id++,
	};
	fuzz_pattern_fill(ptr, bytes, block->id);
	return block;
}

void fuzz_live_verify(const struct fuzz_block *block)
{
	long at = fuzz_pattern_diff(block->ptr, block->bytes, block->id);

	FUZZ_ASSERT(at < 0, "live block %u (%p, %zu bytes) changed at byte %ld",
		    block->id, block->ptr, block->bytes, at);
}

void fuzz_live_verify_all(const struct fuzz_live *live)
{
	size_t i;

	for (i = 0; i < live->nblocks; i++)
		fuzz_live_verify(&live->blocks[i]);
}

void fuzz_live_remove(struct fuzz_live *live, struct fuzz_block *block)
{
	live->freed[live->nfreed++ % live->max_freed] = block->ptr;
	*block = live->blocks[--live->nblocks];
}

void *fuzz_freed_pick(struct fuzz_live *live, struct fuzz_input *in)
{
	size_t kept = live->nfreed < live->max_freed ? live->nfreed :
						       live->max_freed;

	return kept ? live->freed[fuzz_below(in, kept)] : NULL;
}

void *fuzz_free_candidate(struct fuzz_live *live, struct fuzz_input *in,
			  unsigned int kind, const struct fuzz_block *block,
			  void *stack)
{
	switch (kind) {
	case 0:
		return block ? (char *)block->ptr + 1 +
				       fuzz_below(in, block->bytes) :
			       NULL;
	case 1:
		return fuzz_foreign_static + 16 * fuzz_below(in, 4);
	case 2:
		return stack;
	case 3:
		return fuzz_freed_pick(live, in);
	default:
		return block ? block->ptr : NULL;
	}
}

void fuzz_fail(const char *fmt, ...)
{
	FILE *out = real_stderr ? real_stderr : stderr;
	va_list ap;

	va_start(ap, fmt);
	fputs("lmm fuzz: invariant broken: ", out);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
	va_end(ap);
	fflush(out);
	abort();
}
