/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_kernel.h - what the files of lmm.ko tell each other.
 *
 * The core (common/) knows nothing of this header.  Here live the pieces
 * only the module has: the tunables, the /proc/lmm command language and
 * the objects that commands create.
 *
 * Lock order, outermost first:
 *
 *   lmm_proc_lock (proc_state.c)  the /proc families and handles
 *   registry lock (port.c)        the core's list of families
 *   family lock, region lock      one each, created by the core
 *   page table lock               a leaf
 *
 * A reader of /proc/lmm holds the first two from ->start() to ->stop().
 */
#ifndef LMM_KERNEL_H
#define LMM_KERNEL_H

#include <linux/mutex.h>
#include <linux/types.h>

#include "lmm_frontend.h"

/* main.c: the tunables (module parameters). */
unsigned long lmm_param_proc_max_bytes(void);
unsigned int lmm_param_proc_max_handles(void);

/* port.c */
void lmm_kernel_shutdown(void);

/* proc_cmd.c: parsing one command; no state, no allocation. */
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

/* proc_state.c: the families and handles made through /proc/lmm. */
extern struct mutex lmm_proc_lock;

/**
 * struct lmm_handle - a block allocated through /proc/lmm
 * @family: the /proc family it came from
 * @ptr: the block; never printed
 * @units: units of the family's size it holds
 * @bytes: @units times the family's size
 */
struct lmm_handle {
	struct lmm_family *family;
	void *ptr;
	u64 units;
	size_t bytes;
};

int lmm_cmd_run(const struct lmm_cmd *cmd);
void lmm_proc_state_reset(void);
struct lmm_handle *lmm_handle_next(unsigned long *id);
unsigned long lmm_handle_count(void);

/* proc.c */
int lmm_proc_init(void);
void lmm_proc_exit(void);

#endif /* LMM_KERNEL_H */
