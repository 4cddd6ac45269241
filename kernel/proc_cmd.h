/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * proc_cmd.h - the command language of /proc/lmm (proc_cmd.c): parsing
 * one command, with no state, no lock and no allocation.
 *
 * The parser sits at the bottom of lmm.ko's files (see lmm_kernel.h):
 * it calls none of them, so the fuzzer and the KUnit suites can take it
 * alone.
 */
#ifndef LMM_PROC_CMD_H
#define LMM_PROC_CMD_H

#include <linux/types.h>

#include "lmm.h"

#define LMM_CMD_MAX_BYTES	256

enum lmm_cmd_op {
	LMM_CMD_REGISTER,	/* register NAME SIZE */
	LMM_CMD_UNREGISTER,	/* unregister NAME */
	LMM_CMD_ALLOC,		/* alloc NAME UNITS */
	LMM_CMD_FREE,		/* free HANDLE */
	LMM_CMD_RESET,		/* reset */
	LMM_CMD_CHECK,		/* check */
};

/**
 * struct lmm_cmd - one parsed command
 * @op: what to do
 * @name: the family name, for register, unregister and alloc
 * @number: SIZE, UNITS or HANDLE, at least 1
 */
struct lmm_cmd {
	enum lmm_cmd_op op;
	char name[LMM_NAME_MAX + 1];
	u64 number;
};

int lmm_cmd_parse(const char *buf, size_t len, struct lmm_cmd *cmd);

#endif /* LMM_PROC_CMD_H */
