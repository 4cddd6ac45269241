// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * stdio_printer.c - lmm reports on a stdio stream.
 */
#include "stdio_printer.h"

static void stdio_vprint(void *ctx, const char *fmt, va_list args)
{
	vfprintf(ctx, fmt, args);
}

struct lmm_printer lmm_stdio_printer(FILE *stream)
{
	struct lmm_printer out = { stdio_vprint, stream ? stream : stdout };

	return out;
}
