/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmmsim.h - lmmsim: replay an allocation trace on the real lmm core and
 * show the heap after every operation (the OSTEP malloc.py homework, on a
 * real allocator).
 *
 *   trace.c  the trace: parsed from -A, or drawn from a seed
 *   run.c    one run of a trace on a region or a family, step by step
 *   text.c   the steps as text (quiz mode prints "?" for the answers)
 *   html.c   the steps as a static HTML timeline
 *   arena.c  the page provider: one arena, the lowest free pages first
 */
#ifndef LMMSIM_H
#define LMMSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lmm_frontend.h"
#include "lmm_walk.h"

#define SIM_EXIT_BAD_INPUT	2
#define SIM_EXIT_BROKEN		3	/* the heap or a promise about it broke */
#define SIM_MAX_OPS		10000
#define SIM_MAX_BYTES		(1UL << 20)	/* largest request, in bytes */
#define SIM_MAX_REGION		(16UL << 20)

/* One operation of a trace: +N allocates ptr[k], -k frees ptr[k]. */
struct sim_op {
	bool alloc;
	size_t n;		/* bytes, or units in family mode */
	size_t ptr;		/* the pointer it makes or frees */
};

struct sim_trace {
	struct sim_op *ops;
	size_t nops;
	size_t nptrs;		/* allocation requests */
};

/* What the user asked for. */
struct sim_opts {
	unsigned long seed;
	size_t region_bytes;
	size_t align;
	enum lmm_policy policy;
	size_t nops;
	size_t max_size;
	unsigned int percent_alloc;
	const char *trace_text;
	const char *trace_file;
	bool compute;
	bool coalesce;
	const char *family_name;	/* NULL: one region */
	size_t struct_bytes;
	bool compare;
	const char *html_path;
};

enum sim_outcome {
	SIM_DONE,
	SIM_FAILED,	/* no block large enough: the allocation failed */
	SIM_NOTHING,	/* free of a pointer whose allocation failed */
};

/* The state after one operation. */
struct sim_step {
	enum sim_outcome outcome;
	struct lmm_block_info where;	/* the block an allocation returned */
	struct lmm_block_info *blocks;	/* address order, page by page */
	size_t nblocks;
	struct lmm_block_info *free;	/* in the policy's order */
	size_t nfree;
	struct lmm_stats stats;
};

/* One run of a trace under one policy; step 0 is the state before. */
struct sim_run {
	enum lmm_policy policy;
	struct sim_step *steps;		/* nops + 1 */
	size_t nsteps;
	size_t area_bytes;		/* region mode: what blocks tile */
};

int sim_trace_parse(const char *text, size_t max_n, bool units,
		    struct sim_trace *trace);
int sim_trace_read(const char *path, size_t max_n, bool units,
		   struct sim_trace *trace);
void sim_trace_random(const struct sim_opts *opts, struct sim_trace *trace);
void sim_trace_print(FILE *out, const struct sim_trace *trace);
void sim_trace_free(struct sim_trace *trace);

int sim_run(const struct sim_opts *opts, const struct sim_trace *trace,
	    enum lmm_policy policy, struct sim_run *run);
void sim_run_free(struct sim_run *run);

void sim_text_header(FILE *out, const struct sim_opts *opts,
		     const struct sim_trace *trace);
void sim_text_run(FILE *out, const struct sim_opts *opts,
		  const struct sim_trace *trace, const struct sim_run *run);
void sim_text_compare(FILE *out, const struct sim_opts *opts,
		      const struct sim_trace *trace,
		      const struct sim_run *runs, size_t nruns);
void sim_text_table(FILE *out, const struct sim_opts *opts,
		    const struct sim_run *runs, size_t nruns);

int sim_html_write(const char *path, const struct sim_opts *opts,
		   const struct sim_trace *trace,
		   const struct sim_run *runs, size_t nruns);

/* Helpers shared by the printers. */
const char *sim_op_text(const struct sim_opts *opts, const struct sim_op *op,
			char *buf, size_t size);
void sim_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						    noreturn));
void sim_broken(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						     noreturn));

#endif /* LMMSIM_H */
