// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_util.c - helpers shared by the fuzz targets (see fuzz_util.h).
 */
#include <stdarg.h>
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
