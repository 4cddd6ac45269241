// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * text.c - lmmsim's text output.
 *
 * After each operation: what it returned, the block map (one line per
 * page in family mode), the free blocks in the order the policy searches
 * them, and the figures.  Without -c the same lines carry "?" where the
 * answers go, so the output is a quiz whose key is the same command
 * with -c.  Sizes are capacities: the 8-byte header is never included.
 */
#include <string.h>

#include "lmm_port.h"
#include "lmmsim.h"

static const char *policy_long(enum lmm_policy policy)
{
	switch (policy) {
	case LMM_BEST_FIT:
		return "best fit (smallest block that fits; free list smallest first)";
	case LMM_FIRST_FIT:
		return "first fit (lowest address that fits; free list by address)";
	default:
		return "worst fit (largest block; free list largest first)";
	}
}

/**
 * sim_op_text() - an operation as the output names it
 * @opts: the options (units or bytes)
 * @op: the operation
 * @buf: where the text goes
 * @size: of @buf
 *
 * Return: @buf.
 */
const char *sim_op_text(const struct sim_opts *opts, const struct sim_op *op,
			char *buf, size_t size)
{
	if (!op->alloc)
		snprintf(buf, size, "Free(ptr[%zu])", op->ptr);
	else if (opts->family_name)
		snprintf(buf, size, "ptr[%zu] = Alloc(%zu unit%s)", op->ptr,
			 op->n, op->n == 1 ? "" : "s");
	else
		snprintf(buf, size, "ptr[%zu] = Alloc(%zu)", op->ptr, op->n);
	return buf;
}

void sim_text_header(FILE *out, const struct sim_opts *opts,
		     const struct sim_trace *trace)
{
	if (opts->family_name)
		fprintf(out, "lmmsim: family %s of %zu-byte units, on the real lmm core\n",
			opts->family_name, opts->struct_bytes);
	else
		fprintf(out, "lmmsim: a region of %zu bytes, coalescing %s, on the real lmm core\n",
			(opts->region_bytes + LMM_PAGE_SIZE - 1) /
			LMM_PAGE_SIZE * LMM_PAGE_SIZE,
			opts->coalesce ? "on" : "off");
	if (!opts->compare)
		fprintf(out, "policy: %s\n", policy_long(opts->policy));
	if (!opts->trace_text && !opts->trace_file)
		fprintf(out, "random trace: seed %lu, %zu operations, sizes 1 to %zu, %u%% allocations\n",
			opts->seed, opts->nops, opts->max_size,
			opts->percent_alloc);
	fprintf(out, "trace: ");
	sim_trace_print(out, trace);
	fprintf(out, "\nsizes exclude the 8-byte header; U used, F free, Q quarantined\n");
	if (opts->family_name)
		fprintf(out, "a block is page:offset (its payload's offset in the page); empty pages go back at once\n");
	else
		fprintf(out, "a block is its payload's offset from the region base; payloads are 16-aligned\n");
	fprintf(out, "fragmentation = 1 - largest free / total free\n");
}

static char state_letter(enum lmm_block_state state)
{
	return state == LMM_WALK_FREE ? 'F' :
	       state == LMM_WALK_USED ? 'U' : 'Q';
}

static void print_where(FILE *out, const struct sim_opts *opts,
			const struct lmm_block_info *b)
{
	if (opts->family_name)
		fprintf(out, "%u:%zu", b->page, b->offset);
	else
		fprintf(out, "%zu", b->offset);
}

/*
 * The block map: one line for a region, one per page for a family; the
 * first line starts with @lead, the others with as many spaces.
 */
static void print_map(FILE *out, const struct sim_opts *opts,
		      const struct sim_step *step, const char *lead)
{
	int pad = (int)strlen(lead);
	size_t i;

	if (!step->nblocks) {
		fprintf(out, "%s(no pages)\n", lead);
		return;
	}
	for (i = 0; i < step->nblocks; i++) {
		const struct lmm_block_info *b = &step->blocks[i];
		bool first = !i || b->page != step->blocks[i - 1].page;

		if (first && i)
			fprintf(out, "|\n%*s", pad, "");
		else if (first)
			fprintf(out, "%s", lead);
		if (first && opts->family_name) {
			fprintf(out, "page %u ", b->page);
			if (b->npages > 1)
				fprintf(out, "(run of %u pages) ", b->npages);
		}
		fprintf(out, "|%c%zu", state_letter(b->state), b->capacity);
	}
	fprintf(out, "|\n");
}

static void print_free_list(FILE *out, const struct sim_opts *opts,
			    const struct sim_step *step)
{
	size_t i;

	fprintf(out, "  free ");
	if (!step->nfree)
		fprintf(out, " (none)");
	for (i = 0; i < step->nfree; i++) {
		fprintf(out, " %zu@", step->free[i].capacity);
		print_where(out, opts, &step->free[i]);
	}
	fprintf(out, "\n");
}

static void print_figures(FILE *out, const struct sim_opts *opts,
			  const struct lmm_stats *s)
{
	fprintf(out, "  stats free %zu in %zu block%s, largest %zu, fragmentation %u.%u%%",
		s->free_bytes, s->free_blocks, s->free_blocks == 1 ? "" : "s",
		s->largest_free_bytes, s->fragmentation_pm / 10,
		s->fragmentation_pm % 10);
	if (opts->family_name)
		fprintf(out, ", pages %zu (requested %llu, released %llu)",
			s->pages_in_use, (unsigned long long)s->page_requests,
			(unsigned long long)s->page_releases);
	fprintf(out, "\n");
}

/* What an operation returned, or "?" in quiz mode. */
static void print_result(FILE *out, const struct sim_opts *opts,
			 const struct sim_op *op, const struct sim_step *step)
{
	if (!opts->compute) {
		fprintf(out, "returned ?");
		return;
	}
	if (step->outcome == SIM_FAILED)
		fprintf(out, "returned NULL (failed: no free block is large enough)");
	else if (step->outcome == SIM_NOTHING)
		fprintf(out, "does nothing (ptr[%zu] is NULL: its allocation failed)",
			op->ptr);
	else if (!op->alloc)
		fprintf(out, "returned 0");
	else {
		fprintf(out, "returned ");
		print_where(out, opts, &step->where);
	}
}

static void print_state(FILE *out, const struct sim_opts *opts,
			const struct sim_step *step)
{
	if (!opts->compute) {
		fprintf(out, "  map   ?\n  free  ?\n  stats ?\n");
		return;
	}
	print_map(out, opts, step, "  map   ");
	print_free_list(out, opts, step);
	print_figures(out, opts, &step->stats);
}

void sim_text_run(FILE *out, const struct sim_opts *opts,
		  const struct sim_trace *trace, const struct sim_run *run)
{
	char buf[64];
	size_t i;

	fprintf(out, "\nat the start\n");
	print_state(out, opts, &run->steps[0]);
	for (i = 0; i < trace->nops; i++) {
		const struct sim_op *op = &trace->ops[i];

		fprintf(out, "\n%s ", sim_op_text(opts, op, buf, sizeof(buf)));
		print_result(out, opts, op, &run->steps[i + 1]);
		fprintf(out, "\n");
		print_state(out, opts, &run->steps[i + 1]);
	}
}

void sim_text_compare(FILE *out, const struct sim_opts *opts,
		      const struct sim_trace *trace,
		      const struct sim_run *runs, size_t nruns)
{
	char buf[64];
	size_t i, r;

	for (i = 0; i < trace->nops; i++) {
		const struct sim_op *op = &trace->ops[i];

		fprintf(out, "\n%s\n", sim_op_text(opts, op, buf, sizeof(buf)));
		for (r = 0; r < nruns; r++) {
			const struct sim_step *step = &runs[r].steps[i + 1];

			fprintf(out, "  %-5s ", lmm_policy_name(runs[r].policy));
			print_result(out, opts, op, step);
			fprintf(out, "\n");
			if (opts->compute)
				print_map(out, opts, step, "        ");
			else
				fprintf(out, "        ?\n");
		}
	}
}

static void table_row(FILE *out, const struct sim_opts *opts,
		      const char *label, const struct sim_run *runs,
		      size_t nruns, size_t which)
{
	size_t r;

	fprintf(out, "%-20s", label);
	for (r = 0; r < nruns; r++) {
		const struct lmm_stats *s = &runs[r].steps[runs[r].nsteps - 1].stats;
		unsigned long long v[] = {
			s->failed_allocs, s->free_bytes, s->free_blocks,
			s->largest_free_bytes, s->fragmentation_pm,
			s->page_requests, s->page_releases,
		};

		if (!opts->compute)
			fprintf(out, " %8s", "?");
		else if (which == 4)
			fprintf(out, " %5llu.%llu%%", v[4] / 10, v[4] % 10);
		else
			fprintf(out, " %8llu", v[which]);
	}
	fprintf(out, "\n");
}

void sim_text_table(FILE *out, const struct sim_opts *opts,
		    const struct sim_run *runs, size_t nruns)
{
	static const char *const labels[] = {
		"failed requests", "free bytes", "free blocks",
		"largest free block", "fragmentation", "pages requested",
		"pages released",
	};
	size_t r, row, rows = opts->family_name ? 7 : 5;

	fprintf(out, "\n%-20s", "at the end");
	for (r = 0; r < nruns; r++)
		fprintf(out, " %8s", lmm_policy_name(runs[r].policy));
	fprintf(out, "\n");
	for (row = 0; row < rows; row++)
		table_row(out, opts, labels[row], runs, nruns, row);
}
