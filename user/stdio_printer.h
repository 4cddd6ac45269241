/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * stdio_printer.h - lmm reports on a stdio stream.
 */
#ifndef LMM_STDIO_PRINTER_H
#define LMM_STDIO_PRINTER_H

#include <stdio.h>

#include "lmm.h"

/* A printer that writes to @stream (stdout if NULL). */
struct lmm_printer lmm_stdio_printer(FILE *stream);

#endif /* LMM_STDIO_PRINTER_H */
