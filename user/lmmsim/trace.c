// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * trace.c - lmmsim's traces: "+10,-0,+20,-1" parsed, or drawn from a seed.
 *
 * +N asks for N bytes (N units with --family) as the next pointer ptr[k],
 * k counting the requests from 0, failed ones included; -k frees ptr[k].
 * A trace comes from -A or from a file (-F, items on any number of lines,
 * # comments).  It is checked whole before anything runs, so a bad one
 * costs one line on stderr (its line and item number, and why) and exit
 * status 2.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lmmsim.h"

static void report(const char *fmt, va_list args)
{
	fflush(stdout);
	fputs("lmmsim: ", stderr);
	vfprintf(stderr, fmt, args);
	fputc('\n', stderr);
}

void sim_fatal(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	report(fmt, args);
	va_end(args);
	exit(SIM_EXIT_BAD_INPUT);
}

void sim_broken(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	report(fmt, args);
	va_end(args);
	exit(SIM_EXIT_BROKEN);
}

static void add_op(struct sim_trace *trace, bool alloc, size_t n)
{
	struct sim_op *op;

	if (trace->nops == SIM_MAX_OPS)
		sim_fatal("trace: more than %d operations", SIM_MAX_OPS);
	if (!trace->ops) {
		trace->ops = calloc(SIM_MAX_OPS, sizeof(*trace->ops));
		if (!trace->ops)
			sim_fatal("out of memory");
	}
	op = &trace->ops[trace->nops++];
	op->alloc = alloc;
	op->n = n;
	op->ptr = alloc ? trace->nptrs++ : n;
}

/* A decimal number that is all of @text, at most @max; false otherwise. */
static bool number(const char *text, size_t len, size_t max, size_t *value)
{
	size_t i, v = 0;

	if (!len || len > 9)
		return false;
	for (i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		v = v * 10 + (size_t)(text[i] - '0');
	}
	*value = v;
	return v <= max;
}

/* Has ptr[@k] been freed by an operation before the last one? */
static bool freed_before(const struct sim_trace *trace, size_t k)
{
	size_t i;

	for (i = 0; i < trace->nops; i++)
		if (!trace->ops[i].alloc && trace->ops[i].ptr == k)
			return true;
	return false;
}

/* Where items come from, for messages: "-A", or "FILE line N". */
struct source {
	struct sim_trace *trace;
	char where[320];
	size_t max_n;
	bool units;
};

static void parse_item(struct source *src, const char *item, size_t len,
		       size_t item_no)
{
	struct sim_trace *trace = src->trace;
	size_t n;

	if (len < 2 || (item[0] != '+' && item[0] != '-'))
		sim_fatal("%s item %zu \"%.*s\": not +N (allocate) or -K (free ptr[K])",
			  src->where, item_no, (int)len, item);
	if (!number(item + 1, len - 1, (size_t)-1 / 2, &n))
		sim_fatal("%s item %zu \"%.*s\": %.*s is not a number",
			  src->where, item_no, (int)len, item, (int)len - 1,
			  item + 1);
	if (item[0] == '+') {
		if (n < 1 || n > src->max_n)
			sim_fatal("%s item %zu \"%.*s\": size out of range (1 to %zu %s)",
				  src->where, item_no, (int)len, item,
				  src->max_n, src->units ? "units" : "bytes");
		add_op(trace, true, n);
		return;
	}
	if (n >= trace->nptrs)
		sim_fatal("%s item %zu \"%.*s\": ptr[%zu] was never allocated",
			  src->where, item_no, (int)len, item, n);
	if (freed_before(trace, n))
		sim_fatal("%s item %zu \"%.*s\": ptr[%zu] is already freed",
			  src->where, item_no, (int)len, item, n);
	add_op(trace, false, n);
}

/* The items of one line: separated by commas, spaces around them allowed. */
static void parse_items(struct source *src, const char *text)
{
	size_t item_no = 0;

	while (*text) {
		const char *end = strchr(text, ',');
		size_t len = end ? (size_t)(end - text) : strlen(text);

		item_no++;
		while (len && (*text == ' ' || *text == '\t')) {
			text++;
			len--;
		}
		while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
			len--;
		parse_item(src, text, len, item_no);
		if (!end)
			break;
		text = end + 1;
		if (!*text)
			sim_fatal("%s item %zu \"\": empty item after the last comma",
				  src->where, item_no + 1);
	}
}

/**
 * sim_trace_parse() - read a trace such as "+10,-0,+20,-1"
 * @text: the items, separated by commas (spaces around them are allowed)
 * @max_n: the largest N of a +N
 * @units: N counts units of a family's struct, not bytes (for messages)
 * @trace: filled in
 *
 * Exits with status 2 on the first bad item.
 *
 * Return: 0.
 */
int sim_trace_parse(const char *text, size_t max_n, bool units,
		    struct sim_trace *trace)
{
	struct source src = { .trace = trace, .where = "-A",
			      .max_n = max_n, .units = units };

	memset(trace, 0, sizeof(*trace));
	parse_items(&src, text);
	if (!trace->nops)
		sim_fatal("-A: the trace is empty");
	return 0;
}

/**
 * sim_trace_read() - read a trace from a file
 * @path: the file: items as for -A, on as many lines as wanted; a # starts
 *	a comment that runs to the end of its line
 * @max_n: the largest N of a +N
 * @units: N counts units of a family's struct, not bytes (for messages)
 * @trace: filled in
 *
 * Exits with status 2 on the first bad item, naming its line.
 *
 * Return: 0.
 */
int sim_trace_read(const char *path, size_t max_n, bool units,
		   struct sim_trace *trace)
{
	struct source src = { .trace = trace, .max_n = max_n, .units = units };
	FILE *in = fopen(path, "r");
	char line[4096];
	size_t line_no = 0;

	if (!in)
		sim_fatal("-F %s: cannot open the file", path);
	memset(trace, 0, sizeof(*trace));
	while (fgets(line, sizeof(line), in)) {
		char *cut = strpbrk(line, "#\r\n");

		line_no++;
		if (!strchr(line, '\n') && !feof(in))
			sim_fatal("%s line %zu: longer than %zu characters",
				  path, line_no, sizeof(line) - 2);
		if (cut)
			*cut = '\0';
		snprintf(src.where, sizeof(src.where), "%s line %zu", path,
			 line_no);
		if (line[strspn(line, " \t")])
			parse_items(&src, line);
	}
	fclose(in);
	if (!trace->nops)
		sim_fatal("-F %s: the trace is empty", path);
	return 0;
}

/* splitmix64: small, and the same numbers on every machine. */
static unsigned long long next_random(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/**
 * sim_trace_random() - draw a trace, as malloc.py does
 * @opts: -s seed, -n operations, -r largest size, -P percent of allocations
 * @trace: filled in
 *
 * Each operation allocates 1 to -r bytes (or units) with probability -P,
 * and otherwise frees a random pointer the trace has not freed yet (an
 * allocation when there is none).  The trace does not depend on what the
 * allocator answers, so every policy replays the same one.
 */
void sim_trace_random(const struct sim_opts *opts, struct sim_trace *trace)
{
	unsigned long long state = opts->seed;
	size_t *live = calloc(opts->nops + 1, sizeof(*live));
	size_t nlive = 0, i;

	if (!live)
		sim_fatal("out of memory");
	memset(trace, 0, sizeof(*trace));
	for (i = 0; i < opts->nops; i++) {
		bool alloc = !nlive ||
			     next_random(&state) % 100 < opts->percent_alloc;

		if (alloc) {
			live[nlive++] = trace->nptrs;
			add_op(trace, true,
			       1 + next_random(&state) % opts->max_size);
		} else {
			size_t pick = next_random(&state) % nlive;

			add_op(trace, false, live[pick]);
			live[pick] = live[--nlive];
		}
	}
	free(live);
}

/**
 * sim_trace_print() - a trace in -A syntax, to replay it
 * @out: where it goes
 * @trace: the trace
 */
void sim_trace_print(FILE *out, const struct sim_trace *trace)
{
	size_t i;

	for (i = 0; i < trace->nops; i++)
		fprintf(out, "%s%c%zu", i ? "," : "",
			trace->ops[i].alloc ? '+' : '-',
			trace->ops[i].alloc ? trace->ops[i].n :
					      trace->ops[i].ptr);
}

void sim_trace_free(struct sim_trace *trace)
{
	free(trace->ops);
	trace->ops = NULL;
}
