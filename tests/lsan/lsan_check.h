/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lsan_check.h - what the LeakSanitizer programs share: a check that
 * stops the program with a message and exit status 1, so that a broken
 * lmm cannot pass as "no leak reported".
 */
#ifndef LSAN_CHECK_H
#define LSAN_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define LSAN_CHECK(cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: check failed: %s\n",	\
				__FILE__, __LINE__, #cond);		\
			exit(1);					\
		}							\
	} while (0)

#endif /* LSAN_CHECK_H */
