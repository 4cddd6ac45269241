// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * run.c - replay a trace on a real lmm region or family, one snapshot per
 * operation: the block map, the free queue in the policy's order and the
 * statistics, as the core itself reports them (lmm_walk.h, lmm_*_stats()).
 * The invariant checker runs after every operation: a trace that broke the
 * heap would stop lmmsim rather than print a wrong picture.
 */
#include <stdlib.h>
#include <string.h>

#include "lmm_port.h"
#include "lmmsim.h"

/* A growing array of blocks, filled by a walk. */
struct block_list {
	struct lmm_block_info *at;
	size_t n;
	size_t cap;
};

static int collect(void *ctx, const struct lmm_block_info *info)
{
	struct block_list *list = ctx;

	if (list->n == list->cap) {
		size_t cap = list->cap ? 2 * list->cap : 16;
		struct lmm_block_info *at = realloc(list->at, cap * sizeof(*at));

		if (!at)
			return -ENOMEM;
		list->at = at;
		list->cap = cap;
	}
	list->at[list->n++] = *info;
	return 0;
}

/* The heap being replayed: one region, or one family. */
struct heap {
	struct lmm_region *region;
	struct lmm_family *family;
	char *base;
	size_t struct_bytes;
	void **ptrs;
};

static void check_heap(const struct heap *heap)
{
	int bad = heap->region ? lmm_region_check(heap->region, NULL) :
				 lmm_family_check(heap->family, NULL);

	if (bad)
		sim_broken("the checker found the heap broken: %s",
			  lmm_violation_name(bad));
}

/*
 * Every step is kept (the text of --compare and the HTML need them all),
 * so the blocks kept in all are bounded: about 48 MB.
 */
#define SIM_MAX_KEPT	1000000UL

static size_t blocks_kept;

static void snapshot(const struct heap *heap, struct sim_step *step)
{
	struct block_list blocks = { 0 }, free_list = { 0 };
	int err;

	check_heap(heap);
	if (heap->region) {
		err = lmm_region_walk(heap->region, collect, &blocks);
		if (!err)
			err = lmm_region_walk_free(heap->region, collect,
						   &free_list);
		if (!err)
			err = lmm_region_stats(heap->region, &step->stats);
	} else {
		err = lmm_family_walk(heap->family, collect, &blocks);
		if (!err)
			err = lmm_family_walk_free(heap->family, collect,
						   &free_list);
		if (!err)
			err = lmm_family_stats(heap->family, &step->stats);
	}
	if (err)
		sim_broken("walking the heap: %s", lmm_strerror(err));
	blocks_kept += blocks.n + free_list.n;
	if (blocks_kept > SIM_MAX_KEPT)
		sim_fatal("the heaps of this trace hold more than %lu blocks over all steps: use fewer operations",
			  SIM_MAX_KEPT);
	step->blocks = blocks.at;
	step->nblocks = blocks.n;
	step->free = free_list.at;
	step->nfree = free_list.n;
}

/* The walk's entry for the block whose payload is @p. */
static void locate(const struct heap *heap, struct sim_step *step, void *p)
{
	size_t offset, i;
	u32 page = 0;

	if (heap->region)
		offset = (size_t)((char *)p - heap->base);
	else if (lmm_family_where(heap->family, p, &page, &offset))
		sim_broken("lmm_family_where() refused a live block");
	for (i = 0; i < step->nblocks; i++)
		if (step->blocks[i].page == page &&
		    step->blocks[i].offset == offset)
			step->where = step->blocks[i];
}

/*
 * The promise of the free list: the first block the previous step listed
 * that holds @bytes is the one the allocation returned (or, in a family,
 * a new page when none did).  Checked on every allocation.
 */
static void check_promise(const struct sim_step *before,
			  const struct sim_step *step, size_t bytes)
{
	const struct lmm_block_info *want = NULL, *got = &step->where;
	size_t i;

	for (i = 0; i < before->nfree && !want; i++)
		if (before->free[i].capacity >= bytes)
			want = &before->free[i];
	if (want && (want->page != got->page || want->offset != got->offset))
		sim_broken("the allocation took %u:%zu, not the first block listed (%u:%zu)",
			  got->page, got->offset, want->page, want->offset);
	for (i = 0; i < before->nblocks && !want; i++)
		if (before->blocks[i].page == got->page)
			sim_broken("the allocation took %u:%zu, but no block listed fits",
				  got->page, got->offset);
}

static void do_alloc(struct heap *heap, const struct sim_op *op,
		     struct sim_step *step)
{
	int err = 0;
	void *p = heap->region ? lmm_region_alloc(heap->region, op->n, &err) :
				 lmm_alloc(heap->family, op->n, &err);

	heap->ptrs[op->ptr] = p;
	if (!p && err != -ENOMEM)
		sim_broken("allocating %zu: %s", op->n, lmm_strerror(err));
	step->outcome = p ? SIM_DONE : SIM_FAILED;
	snapshot(heap, step);
	if (!p)
		return;
	locate(heap, step, p);
	check_promise(step - 1, step, heap->region ? op->n :
		      op->n * heap->struct_bytes);
}

static void do_free(struct heap *heap, const struct sim_op *op,
		    struct sim_step *step)
{
	void *p = heap->ptrs[op->ptr];
	int err;

	step->outcome = p ? SIM_DONE : SIM_NOTHING;
	if (p) {
		err = heap->region ? lmm_region_free(heap->region, p) :
				     lmm_free(heap->family, p);
		if (err)
			sim_broken("freeing ptr[%zu]: %s", op->ptr,
				  lmm_strerror(err));
		heap->ptrs[op->ptr] = NULL;
	}
	snapshot(heap, step);
}

static void heap_open(const struct sim_opts *opts, enum lmm_policy policy,
		      struct heap *heap, struct sim_run *run)
{
	int err;

	if (opts->family_name) {
		struct lmm_family_opts fopts = { .policy = policy };

		heap->struct_bytes = opts->struct_bytes;
		/* No cache: an empty page goes back at once, for all to see. */
		err = lmm_family_create(opts->family_name, opts->struct_bytes,
					&fopts, &heap->family);
		if (err == -EINVAL)
			sim_fatal("--family %s:%zu: a name is 1 to %d characters of A-Z, a-z, 0-9 and _",
				  opts->family_name, opts->struct_bytes,
				  LMM_NAME_MAX);
		if (err)
			sim_fatal("--family %s:%zu: %s", opts->family_name,
				  opts->struct_bytes, lmm_strerror(err));
		return;
	}
	err = lmm_region_create(opts->region_bytes, policy, &heap->region);
	if (!err && !opts->coalesce)
		err = lmm_region_set_coalesce(heap->region, false);
	if (err)
		sim_fatal("-S %zu: %s", opts->region_bytes, lmm_strerror(err));
	heap->base = lmm_region_base(heap->region);
	run->area_bytes = (opts->region_bytes + LMM_PAGE_SIZE - 1) /
			  LMM_PAGE_SIZE * LMM_PAGE_SIZE;
}

static void heap_close(struct heap *heap, size_t nptrs)
{
	size_t k;

	for (k = 0; k < nptrs; k++) {
		if (!heap->ptrs[k])
			continue;
		if (heap->region)
			lmm_region_free(heap->region, heap->ptrs[k]);
		else
			lmm_free(heap->family, heap->ptrs[k]);
	}
	if (heap->region)
		lmm_region_destroy(heap->region);
	else
		lmm_family_destroy(heap->family);
	free(heap->ptrs);
}

/**
 * sim_run() - replay a trace under one policy
 * @opts: the region or family to build
 * @trace: the operations
 * @policy: the policy of this run
 * @run: filled in: a snapshot before the trace and after each operation
 *
 * Return: 0 (a broken heap or an unexpected error exits).
 */
int sim_run(const struct sim_opts *opts, const struct sim_trace *trace,
	    enum lmm_policy policy, struct sim_run *run)
{
	struct heap heap = { 0 };
	size_t i;

	memset(run, 0, sizeof(*run));
	run->policy = policy;
	run->nsteps = trace->nops + 1;
	run->steps = calloc(run->nsteps, sizeof(*run->steps));
	heap.ptrs = calloc(trace->nptrs + 1, sizeof(*heap.ptrs));
	if (!run->steps || !heap.ptrs)
		sim_fatal("out of memory");
	heap_open(opts, policy, &heap, run);
	snapshot(&heap, &run->steps[0]);
	for (i = 0; i < trace->nops; i++) {
		if (trace->ops[i].alloc)
			do_alloc(&heap, &trace->ops[i], &run->steps[i + 1]);
		else
			do_free(&heap, &trace->ops[i], &run->steps[i + 1]);
	}
	heap_close(&heap, trace->nptrs);
	return 0;
}

void sim_run_free(struct sim_run *run)
{
	size_t i;

	for (i = 0; i < run->nsteps; i++) {
		free(run->steps[i].blocks);
		free(run->steps[i].free);
	}
	free(run->steps);
	run->steps = NULL;
}
