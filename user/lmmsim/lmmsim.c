// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmmsim.c - replay an allocation trace on the real lmm core.
 *
 * The options follow OSTEP's vm-freespace/malloc.py (chapter 17's
 * homework), so its exercises carry over; the allocator underneath is
 * lmm's own region or page family, not a model of one.  See
 * Documentation/lmmsim.rst.
 */
#define _GNU_SOURCE		/* getopt_long() */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lmmsim.h"

static const char usage[] =
"usage: lmmsim [options]\n"
"  -A TRACE         the trace, e.g. \"+10,-0,+20,-1\": +N allocates N bytes\n"
"                   (units with --family) as ptr[k]; -k frees ptr[k]\n"
"  -F FILE          the trace from a file: items as for -A on any number of\n"
"                   lines, # starts a comment\n"
"  -s SEED          draw a random trace instead (default 0)\n"
"  -n OPS           operations in a random trace (default 10)\n"
"  -r MAX           largest random request (default 256 bytes, 8 units)\n"
"  -P PERCENT       allocations in a random trace, in percent (default 50)\n"
"  -S BYTES         region size, rounded up to pages (default 4096)\n"
"  -a ALIGN         alignment; lmm aligns every payload to 16 bytes\n"
"  -p POLICY        worst, best or first (default worst)\n"
"  -C on|off        coalescing of free blocks (region only; default on)\n"
"  -c               compute the answers (without it: a quiz, \"?\" for them)\n"
"  --family NAME:SIZE  a page family of SIZE-byte units instead of a region\n"
"  --compare        the trace under worst, best and first fit\n"
"  --html FILE      also write a static HTML timeline to FILE\n";

/* A decimal number in [@lo, @hi], or exit with status 2. */
static unsigned long parse_number(const char *opt, const char *text,
				  unsigned long lo, unsigned long hi)
{
	unsigned long v = 0;
	const char *p = text;

	if (!*p)
		sim_fatal("%s \"\": not a number", opt);
	for (; *p; p++) {
		unsigned long digit = (unsigned long)(*p - '0');

		if (*p < '0' || *p > '9' || v > (~0UL - digit) / 10)
			sim_fatal("%s \"%s\": not a number from %lu to %lu",
				  opt, text, lo, hi);
		v = v * 10 + digit;
	}
	if (v < lo || v > hi)
		sim_fatal("%s %s: out of range (%lu to %lu)", opt, text, lo, hi);
	return v;
}

static enum lmm_policy parse_policy(const char *text)
{
	if (!strcasecmp(text, "worst"))
		return LMM_WORST_FIT;
	if (!strcasecmp(text, "best"))
		return LMM_BEST_FIT;
	if (!strcasecmp(text, "first"))
		return LMM_FIRST_FIT;
	sim_fatal("-p %s: not worst, best or first", text);
}

static void parse_family(const char *text, struct sim_opts *opts)
{
	const char *colon = strchr(text, ':');
	static char name[LMM_NAME_MAX + 1];
	size_t len = colon ? (size_t)(colon - text) : 0;

	if (!colon || !len || len > LMM_NAME_MAX)
		sim_fatal("--family %s: not NAME:SIZE (a name of 1 to %d characters)",
			  text, LMM_NAME_MAX);
	memcpy(name, text, len);
	name[len] = '\0';
	opts->family_name = name;
	opts->struct_bytes = parse_number("--family SIZE", colon + 1, 1,
					  SIM_MAX_BYTES);
}

enum { OPT_FAMILY = 256, OPT_COMPARE, OPT_HTML };

static const struct option long_options[] = {
	{ "family", required_argument, NULL, OPT_FAMILY },
	{ "compare", no_argument, NULL, OPT_COMPARE },
	{ "html", required_argument, NULL, OPT_HTML },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void parse_options(int argc, char **argv, struct sim_opts *opts,
			  const char **max_text, const char **coalesce_text)
{
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:S:a:p:n:r:P:A:F:cC:h",
				long_options, NULL)) != -1) {
		switch (c) {
		case 's':
			opts->seed = parse_number("-s", optarg, 0, ~0UL);
			break;
		case 'S':
			opts->region_bytes = parse_number("-S", optarg, 1,
							  SIM_MAX_REGION);
			break;
		case 'a':
			opts->align = parse_number("-a", optarg, 1, 4096);
			break;
		case 'p':
			opts->policy = parse_policy(optarg);
			break;
		case 'n':
			opts->nops = parse_number("-n", optarg, 1, SIM_MAX_OPS);
			break;
		case 'r':
			*max_text = optarg;
			break;
		case 'P':
			opts->percent_alloc = parse_number("-P", optarg, 0, 100);
			break;
		case 'A':
			opts->trace_text = optarg;
			break;
		case 'F':
			opts->trace_file = optarg;
			break;
		case 'c':
			opts->compute = true;
			break;
		case 'C':
			*coalesce_text = optarg;
			break;
		case OPT_FAMILY:
			parse_family(optarg, opts);
			break;
		case OPT_COMPARE:
			opts->compare = true;
			break;
		case OPT_HTML:
			opts->html_path = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		case ':':
			sim_fatal("option %s needs a value (see lmmsim -h)",
				  argv[optind - 1]);
		default:
			sim_fatal("unknown option %s (see lmmsim -h)",
				  argv[optind - 1]);
		}
	}
	if (optind < argc)
		sim_fatal("unexpected argument \"%s\" (see lmmsim -h)",
			  argv[optind]);
}

/* Checks that need every option known. */
static void settle_options(struct sim_opts *opts, const char *max_text,
			   const char *coalesce_text)
{
	size_t unit = opts->family_name ? opts->struct_bytes : 1;

	if (coalesce_text && !strcmp(coalesce_text, "off"))
		opts->coalesce = false;
	else if (coalesce_text && strcmp(coalesce_text, "on"))
		sim_fatal("-C %s: not on or off", coalesce_text);
	if (opts->trace_text && opts->trace_file)
		sim_fatal("-A and -F: give the trace one way");
	if (!opts->coalesce && opts->family_name)
		sim_fatal("-C off: a family always coalesces (coalescing off is a region's teaching mode)");
	if (opts->align & (opts->align - 1) || opts->align > 16)
		sim_fatal("-a %zu: lmm aligns every payload to 16 bytes; use a power of two up to 16",
			  opts->align);
	opts->max_size = max_text ?
		parse_number("-r", max_text, 1, SIM_MAX_BYTES / unit) :
		opts->family_name ? 8 : 256;
}

int main(int argc, char **argv)
{
	struct sim_opts opts = {
		.region_bytes = 4096, .align = 16, .policy = LMM_WORST_FIT,
		.nops = 10, .percent_alloc = 50, .coalesce = true,
	};
	static const enum lmm_policy all[] = {
		LMM_WORST_FIT, LMM_BEST_FIT, LMM_FIRST_FIT
	};
	const char *max_text = NULL, *coalesce_text = NULL;
	struct sim_run runs[3];
	struct sim_trace trace;
	size_t nruns, r, unit;

	parse_options(argc, argv, &opts, &max_text, &coalesce_text);
	settle_options(&opts, max_text, coalesce_text);
	unit = opts.family_name ? opts.struct_bytes : 1;
	if (opts.trace_text)
		sim_trace_parse(opts.trace_text, SIM_MAX_BYTES / unit,
				opts.family_name, &trace);
	else if (opts.trace_file)
		sim_trace_read(opts.trace_file, SIM_MAX_BYTES / unit,
			       opts.family_name, &trace);
	else
		sim_trace_random(&opts, &trace);
	nruns = opts.compare ? 3 : 1;
	for (r = 0; r < nruns; r++)
		sim_run(&opts, &trace, opts.compare ? all[r] : opts.policy,
			&runs[r]);
	sim_text_header(stdout, &opts, &trace);
	if (opts.compare)
		sim_text_compare(stdout, &opts, &trace, runs, nruns);
	else
		sim_text_run(stdout, &opts, &trace, &runs[0]);
	sim_text_table(stdout, &opts, runs, nruns);
	if (opts.html_path &&
	    sim_html_write(opts.html_path, &opts, &trace, runs, nruns))
		sim_fatal("--html %s: cannot write the file", opts.html_path);
	for (r = 0; r < nruns; r++)
		sim_run_free(&runs[r]);
	sim_trace_free(&trace);
	lmm_teardown();
	return 0;
}
