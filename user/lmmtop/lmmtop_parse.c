// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmmtop_parse.c - read the text of /proc/lmm (format 3, kernel/proc.c)
 * into numbers.
 *
 * Only the title line, the families table and the handle count are read;
 * the block map is skipped.  The table's columns are found by their header
 * names, not by position, but the format number on the title line is
 * checked first: a layout lmmtop does not know is refused with one line
 * that says why, never half understood.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lmmtop_parse.h"

/* A row of the table is ~210 bytes; anything this long is not /proc/lmm. */
#define LINE_MAX_BYTES	1024
#define MAX_TOKENS	64

static const char *const col_names[LMMTOP_NCOLS] = {
	[LMMTOP_SIZE] = "size",
	[LMMTOP_PAGES] = "pages",
	[LMMTOP_CACHED] = "cached",
	[LMMTOP_UNITS] = "units",
	[LMMTOP_BLOCKS] = "blocks",
	[LMMTOP_PAYLOAD] = "payload_B",
	[LMMTOP_FREE] = "free_B",
	[LMMTOP_FREE_BLOCKS] = "free_blk",
	[LMMTOP_LARGEST] = "largest",
	[LMMTOP_FRAG] = "frag%",
	[LMMTOP_PG_REQ] = "pg_req",
	[LMMTOP_PG_REL] = "pg_rel",
	[LMMTOP_ALLOCS] = "allocs",
	[LMMTOP_FREES] = "frees",
	[LMMTOP_FAILED] = "failed",
	[LMMTOP_BADFREE] = "badfree",
	[LMMTOP_DAMAGE] = "damage",
};

/* Where the parse is: the text, the current line, the error buffer. */
struct parser {
	const char *text;
	size_t len;
	size_t pos;
	unsigned int lineno;
	char line[LINE_MAX_BYTES];
	char *tok[MAX_TOKENS];
	int ntok;
	int col_index[LMMTOP_NCOLS];	/* token index of each column */
	int header_tokens;
	char *err;
	size_t errlen;
};

static __attribute__((format(printf, 2, 3)))
int fail(struct parser *p, const char *fmt, ...)
{
	size_t n;
	va_list args;

	if (!p->errlen)
		return -1;
	n = (size_t)snprintf(p->err, p->errlen, "line %u: ", p->lineno);
	if (n < p->errlen) {
		va_start(args, fmt);
		vsnprintf(p->err + n, p->errlen - n, fmt, args);
		va_end(args);
	}
	return -1;
}

/*
 * Copy the next line into p->line, without its newline.
 * Return: 1 with a line, 0 at the end of the text, -1 for a line too long
 * or a NUL byte (the error is set).
 */
static int next_line(struct parser *p)
{
	size_t start = p->pos, n;
	const char *nl;

	if (p->pos >= p->len)
		return 0;
	p->lineno++;
	nl = memchr(p->text + start, '\n', p->len - start);
	n = nl ? (size_t)(nl - (p->text + start)) : p->len - start;
	p->pos = start + n + (nl ? 1 : 0);
	if (n >= sizeof(p->line))
		return fail(p, "longer than %zu bytes", sizeof(p->line) - 1);
	if (memchr(p->text + start, '\0', n))
		return fail(p, "a NUL byte");
	memcpy(p->line, p->text + start, n);
	p->line[n] = '\0';
	return 1;
}

/* Split p->line on blanks. Return: 0, or -1 with too many words. */
static int split(struct parser *p)
{
	char *s = p->line, *save = NULL, *t;

	p->ntok = 0;
	while ((t = strtok_r(s, " \t", &save))) {
		s = NULL;
		if (p->ntok == MAX_TOKENS)
			return fail(p, "more than %d words", MAX_TOKENS);
		p->tok[p->ntok++] = t;
	}
	return 0;
}

/* Decimal digits only, no sign, no overflow. */
static bool parse_ull(const char *s, unsigned long long *v)
{
	unsigned long long x = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned int d = (unsigned int)(*s - '0');

		if (d > 9 || x > (~0ULL - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*v = x;
	return true;
}

/* "12.3" (percent, one decimal) as per mille: 123. */
static bool parse_percent(const char *s, unsigned long long *pm)
{
	const char *dot = strchr(s, '.');
	char whole[8];
	unsigned long long w;
	size_t n;

	if (!dot || dot == s || (size_t)(dot - s) >= sizeof(whole))
		return false;
	if (dot[1] < '0' || dot[1] > '9' || dot[2])
		return false;
	n = (size_t)(dot - s);
	memcpy(whole, s, n);
	whole[n] = '\0';
	if (!parse_ull(whole, &w) || w > 100)
		return false;
	*pm = w * 10 + (unsigned long long)(dot[1] - '0');
	return *pm <= 1000;
}

static int parse_title(struct parser *p, struct lmmtop_snapshot *snap)
{
	int format = 0, end = 0;

	if (next_line(p) <= 0)
		return p->lineno ? -1 : fail(p, "empty: is this /proc/lmm?");
	if (sscanf(p->line, "lmm version %15[^,], page size %lu, format %d%n",
		   snap->version, &snap->page_size, &format, &end) < 2)
		return fail(p, "not the title of /proc/lmm: \"%.60s\"", p->line);
	if (!end || p->line[end])
		return fail(p, "no \"format N\" at the end of the title: "
			    "this lmm.ko is older than lmmtop (format %d)",
			    LMMTOP_PROC_FORMAT);
	if (format != LMMTOP_PROC_FORMAT)
		return fail(p, "/proc/lmm format %d, lmmtop reads format %d",
			    format, LMMTOP_PROC_FORMAT);
	return 0;
}

/* The header row: where each column is. */
static int parse_header(struct parser *p)
{
	int c, i;
	int r = next_line(p);

	if (r < 0 || (r > 0 && split(p)))
		return -1;
	if (!r)
		return fail(p, "no header row after \"families:\"");
	if (p->ntok < 2 || strcmp(p->tok[0], "owner") ||
	    strcmp(p->tok[1], "family"))
		return fail(p, "the header row does not start \"owner family\"");
	for (c = 0; c < LMMTOP_NCOLS; c++) {
		p->col_index[c] = -1;
		for (i = 2; i < p->ntok; i++)
			if (!strcmp(p->tok[i], col_names[c]))
				p->col_index[c] = i;
		if (p->col_index[c] < 0)
			return fail(p, "no column \"%s\" in the header row",
				    col_names[c]);
	}
	p->header_tokens = p->ntok;
	return 0;
}

static int copy_name(struct parser *p, char *dst, const char *src,
		     const char *what)
{
	size_t n = strlen(src);

	if (n > LMMTOP_NAME_MAX)
		return fail(p, "%s name longer than %d bytes", what,
			    LMMTOP_NAME_MAX);
	memcpy(dst, src, n + 1);
	return 0;
}

static int parse_row(struct parser *p, struct lmmtop_family *f)
{
	int c;

	if (split(p))
		return -1;
	if (p->ntok != p->header_tokens)
		return fail(p, "a family row of %d columns, the header has %d",
			    p->ntok, p->header_tokens);
	if (copy_name(p, f->owner, p->tok[0], "an owner") ||
	    copy_name(p, f->name, p->tok[1], "a family"))
		return -1;
	for (c = 0; c < LMMTOP_NCOLS; c++) {
		const char *t = p->tok[p->col_index[c]];
		bool ok = c == LMMTOP_FRAG ? parse_percent(t, &f->v[c]) :
					     parse_ull(t, &f->v[c]);

		if (!ok)
			return fail(p, "column %s: \"%.30s\" is not a %s",
				    col_names[c], t, c == LMMTOP_FRAG ?
				    "percentage with one decimal" :
				    "decimal number");
	}
	return 0;
}

static int add_family(struct parser *p, struct lmmtop_snapshot *snap,
		      size_t *cap)
{
	struct lmmtop_family *f;

	if (snap->nfamilies == *cap) {
		size_t n = *cap ? *cap * 2 : 16;

		f = realloc(snap->families, n * sizeof(*f));
		if (!f)
			return fail(p, "out of memory");
		snap->families = f;
		*cap = n;
	}
	f = &snap->families[snap->nfamilies];
	memset(f, 0, sizeof(*f));
	if (parse_row(p, f))
		return -1;
	snap->nfamilies++;
	return 0;
}

/* From "families:" to the blank line that ends the table. */
static int parse_families(struct parser *p, struct lmmtop_snapshot *snap)
{
	size_t cap = 0;
	int r;

	while ((r = next_line(p)) > 0 && strcmp(p->line, "families:"))
		;
	if (r <= 0)
		return r < 0 ? -1 : fail(p, "no \"families:\" section");
	if (parse_header(p))
		return -1;
	while ((r = next_line(p)) > 0 && p->line[0])
		if (add_family(p, snap, &cap))
			return -1;
	return r;
}

/* "handles: N", after the block map; absent means none. */
static int parse_handles(struct parser *p, struct lmmtop_snapshot *snap)
{
	int r;

	while ((r = next_line(p)) > 0) {
		if (strncmp(p->line, "handles: ", 9))
			continue;
		if (!parse_ull(p->line + 9, &snap->handles))
			return fail(p, "\"handles:\" without a number");
		return 0;
	}
	return r;
}

/**
 * lmmtop_parse() - read the text of /proc/lmm
 * @text: what was read (need not end in NUL)
 * @len: its length
 * @snap: filled on success; free it with lmmtop_snapshot_free()
 * @err: on failure, one line that says which line was wrong and why
 * @errlen: size of @err
 *
 * Return: 0, or -1 with @err set and @snap empty.
 */
int lmmtop_parse(const char *text, size_t len, struct lmmtop_snapshot *snap,
		 char *err, size_t errlen)
{
	struct parser p = {
		.text = text, .len = len, .err = err, .errlen = errlen,
	};

	memset(snap, 0, sizeof(*snap));
	if (errlen)
		err[0] = '\0';
	if (parse_title(&p, snap) || parse_families(&p, snap) < 0 ||
	    parse_handles(&p, snap) < 0) {
		lmmtop_snapshot_free(snap);
		return -1;
	}
	return 0;
}

/**
 * lmmtop_snapshot_free() - free what lmmtop_parse() allocated
 * @snap: the snapshot; left empty
 */
void lmmtop_snapshot_free(struct lmmtop_snapshot *snap)
{
	free(snap->families);
	snap->families = NULL;
	snap->nfamilies = 0;
}

/**
 * lmmtop_summarise() - the columns of every family added up
 * @snap: the snapshot
 * @sum: the totals; fragmentation is that of the sum, as lmm_stats_add()
 *       computes it: 1 - (the largest free block of all) / (all free bytes)
 */
void lmmtop_summarise(const struct lmmtop_snapshot *snap,
		      struct lmmtop_summary *sum)
{
	size_t i;
	int c;

	memset(sum, 0, sizeof(*sum));
	sum->nfamilies = snap->nfamilies;
	for (i = 0; i < snap->nfamilies; i++) {
		const unsigned long long *v = snap->families[i].v;

		for (c = 0; c < LMMTOP_NCOLS; c++)
			if (c != LMMTOP_SIZE && c != LMMTOP_LARGEST &&
			    c != LMMTOP_FRAG)
				sum->v[c] += v[c];
		if (v[LMMTOP_LARGEST] > sum->v[LMMTOP_LARGEST])
			sum->v[LMMTOP_LARGEST] = v[LMMTOP_LARGEST];
	}
	if (sum->v[LMMTOP_FREE])
		sum->v[LMMTOP_FRAG] = 1000 - sum->v[LMMTOP_LARGEST] * 1000 /
					     sum->v[LMMTOP_FREE];
}
