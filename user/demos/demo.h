/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * demo.h - what the demos share: a step heading, in colour only on a
 * terminal, so that redirected output stays plain text, and a start that
 * keeps stdout and stderr in order when both go to one file.
 */
#ifndef LMM_DEMO_H
#define LMM_DEMO_H

#include <stdio.h>
#include <unistd.h>

/*
 * Line-buffer stdout: the library's refusals go to stderr, unbuffered, and
 * a saved run (2>&1) must show them after the line that caused them.
 */
static inline void demo_start(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static inline void step(const char *what)
{
	if (isatty(STDOUT_FILENO))
		printf("\n\033[1;36m== %s\033[0m\n", what);
	else
		printf("\n== %s\n", what);
}

#endif /* LMM_DEMO_H */
