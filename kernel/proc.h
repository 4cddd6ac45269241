/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * proc.h - the file /proc/lmm (proc.c), as module load and unload see it.
 */
#ifndef LMM_PROC_H
#define LMM_PROC_H

int lmm_proc_init(void);
void lmm_proc_exit(void);

#endif /* LMM_PROC_H */
