// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * html.c - lmmsim's static HTML timeline, in the spirit of villoc.
 *
 * One table per policy, one row per operation: what it returned, the
 * heap drawn to scale (one bar per page in family mode, a block's width
 * is its share of the page's or region's block bytes, header included),
 * coloured by state, and the figures.  A failed allocation and a free
 * that had nothing to free are highlighted.  The file needs nothing else:
 * the style is inline and there is no script.  It always shows the
 * answers, like -c.
 */
#include "lmmsim.h"

static const char style[] =
"body{font-family:sans-serif;margin:1em;color:#222}\n"
"table{border-collapse:collapse;margin-bottom:2em}\n"
"th,td{padding:3px 8px;text-align:left;border-bottom:1px solid #ddd;"
"white-space:nowrap}\n"
"td.op,td.ret{font-family:monospace}\n"
".bar{display:flex;width:480px;height:20px;border:1px solid #444;"
"margin:1px 0}\n"
".b{height:100%;box-sizing:border-box;border-right:1px solid #fff}\n"
".U{background:#3b6fd8}.F{background:#8fd07f}.Q{background:#d0342c}\n"
"tr.failed td{background:#f6c6c6}tr.nothing td{background:#f8e3a3}\n"
".key span{display:inline-block;width:14px;height:14px;"
"margin:0 4px 0 12px;vertical-align:middle}\n"
".page{font-size:80%;color:#555}\n";

static char state_class(enum lmm_block_state state)
{
	return state == LMM_WALK_FREE ? 'F' :
	       state == LMM_WALK_USED ? 'U' : 'Q';
}

/* Block bytes (header included) of the blocks of one page from @i on. */
static size_t page_bytes(const struct sim_step *step, size_t i)
{
	size_t bytes = 0, j;

	for (j = i; j < step->nblocks &&
		    step->blocks[j].page == step->blocks[i].page; j++)
		bytes += step->blocks[j].capacity + 8;
	return bytes;
}

static void write_bars(FILE *out, const struct sim_opts *opts,
		       const struct sim_step *step)
{
	size_t i, total = 0;

	if (!step->nblocks)
		fprintf(out, "<span class=\"page\">no pages</span>");
	for (i = 0; i < step->nblocks; i++) {
		const struct lmm_block_info *b = &step->blocks[i];
		bool first = !i || b->page != step->blocks[i - 1].page;

		if (first) {
			if (i)
				fprintf(out, "</div>");
			if (opts->family_name)
				fprintf(out, "<div class=\"page\">page %u%s</div>",
					b->page, b->npages > 1 ? " (run)" : "");
			fprintf(out, "<div class=\"bar\">");
			total = page_bytes(step, i);
		}
		fprintf(out, "<div class=\"b %c\" style=\"width:%.3f%%\" title=\"%c%zu at %zu\"></div>",
			state_class(b->state), 100.0 * (double)(b->capacity + 8) /
			(double)total, state_class(b->state), b->capacity,
			b->offset);
	}
	if (step->nblocks)
		fprintf(out, "</div>");
}

static void write_returned(FILE *out, const struct sim_opts *opts,
			   const struct sim_op *op,
			   const struct sim_step *step)
{
	if (!op)
		fprintf(out, "-");
	else if (step->outcome == SIM_FAILED)
		fprintf(out, "NULL (failed)");
	else if (step->outcome == SIM_NOTHING)
		fprintf(out, "nothing to free");
	else if (!op->alloc)
		fprintf(out, "0");
	else if (opts->family_name)
		fprintf(out, "%u:%zu", step->where.page, step->where.offset);
	else
		fprintf(out, "%zu", step->where.offset);
}

static void write_row(FILE *out, const struct sim_opts *opts,
		      const struct sim_op *op, const struct sim_step *step,
		      size_t n)
{
	static const char *const row_class[] = {
		[SIM_DONE] = "done", [SIM_FAILED] = "failed",
		[SIM_NOTHING] = "nothing",
	};
	const struct lmm_stats *s = &step->stats;
	char buf[64];

	fprintf(out, "<tr class=\"%s\"><td>%zu</td><td class=\"op\">%s</td><td class=\"ret\">",
		op ? row_class[step->outcome] : "done", n,
		op ? sim_op_text(opts, op, buf, sizeof(buf)) : "at the start");
	write_returned(out, opts, op, step);
	fprintf(out, "</td><td>");
	write_bars(out, opts, step);
	fprintf(out, "</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%u.%u%%</td>",
		s->free_bytes, s->free_blocks, s->largest_free_bytes,
		s->fragmentation_pm / 10, s->fragmentation_pm % 10);
	if (opts->family_name)
		fprintf(out, "<td>%zu</td>", s->pages_in_use);
	fprintf(out, "</tr>\n");
}

static void write_run(FILE *out, const struct sim_opts *opts,
		      const struct sim_trace *trace, const struct sim_run *run)
{
	size_t i;

	fprintf(out, "<h2>%s fit</h2>\n<table>\n", lmm_policy_name(run->policy));
	fprintf(out, "<tr><th>#</th><th>operation</th><th>returned</th><th>heap</th><th>free bytes</th><th>free blocks</th><th>largest</th><th>fragmentation</th>%s</tr>\n",
		opts->family_name ? "<th>pages</th>" : "");
	write_row(out, opts, NULL, &run->steps[0], 0);
	for (i = 0; i < trace->nops; i++)
		write_row(out, opts, &trace->ops[i], &run->steps[i + 1], i + 1);
	fprintf(out, "</table>\n");
}

static void write_head(FILE *out, const struct sim_opts *opts,
		       const struct sim_trace *trace)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
	fprintf(out, "<title>lmmsim timeline</title>\n<style>\n%s</style>\n</head>\n<body>\n",
		style);
	fprintf(out, "<h1>lmmsim: a trace on the real lmm core</h1>\n<p>");
	if (opts->family_name)
		fprintf(out, "Family %s of %zu-byte units; a block is page:offset. ",
			opts->family_name, opts->struct_bytes);
	else
		fprintf(out, "A region of %zu bytes, coalescing %s; a block is its payload's offset. ",
			opts->region_bytes, opts->coalesce ? "on" : "off");
	fprintf(out, "Sizes exclude the 8-byte header; bars are to scale, headers included. ");
	fprintf(out, "Fragmentation = 1 - largest free / total free.</p>\n<p>Trace: <code>");
	sim_trace_print(out, trace);
	fprintf(out, "</code></p>\n<p class=\"key\">key:<span class=\"U\"></span>used<span class=\"F\"></span>free<span class=\"Q\"></span>quarantined");
	fprintf(out, "<span style=\"background:#f6c6c6\"></span>failed allocation<span style=\"background:#f8e3a3\"></span>nothing to free</p>\n");
}

/**
 * sim_html_write() - write the timeline of one or more runs
 * @path: the file to create
 * @opts: the options the runs were made with
 * @trace: the trace
 * @runs: the runs, one table each
 * @nruns: how many
 *
 * Return: 0, or -1 when the file cannot be written.
 */
int sim_html_write(const char *path, const struct sim_opts *opts,
		   const struct sim_trace *trace,
		   const struct sim_run *runs, size_t nruns)
{
	FILE *out = fopen(path, "w");
	size_t r;

	if (!out)
		return -1;
	write_head(out, opts, trace);
	for (r = 0; r < nruns; r++)
		write_run(out, opts, trace, &runs[r]);
	fprintf(out, "</body>\n</html>\n");
	return fclose(out) ? -1 : 0;
}
