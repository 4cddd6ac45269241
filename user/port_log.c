// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * port_log.c - the userspace port's log: one line on stderr.
 */
#include <stdarg.h>
#include <stdio.h>

#include "lmm_port.h"

void lmm_port_log(enum lmm_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs(level == LMM_LOG_DAMAGE ? "lmm: damage: " : "lmm: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
