/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * proc_state.h - what commands written to /proc/lmm create (proc_state.c):
 * the /proc families, the numbered handles, and their lock.
 *
 * The lock is proc_state.c's own: the reader of /proc/lmm (proc.c) holds
 * it, with the registry lock, between lmm_proc_state_read_begin() and
 * lmm_proc_state_read_end(), never by name.
 */
#ifndef LMM_PROC_STATE_H
#define LMM_PROC_STATE_H

#include <linux/types.h>

#include "lmm.h"

struct lmm_cmd;

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
void lmm_proc_state_read_begin(void);
void lmm_proc_state_read_end(void);
struct lmm_handle *lmm_handle_next(unsigned long *id);
unsigned long lmm_handle_count(void);

#endif /* LMM_PROC_STATE_H */
