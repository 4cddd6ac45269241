/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmmtop_parse.h - /proc/lmm (format 3) as numbers, and what lmmtop does
 * with them: a summary, an order, a screen.
 *
 * Nothing here touches a file or a terminal, so the unit tests feed it
 * captured /proc/lmm text and read back what a person would see.
 */
#ifndef LMMTOP_PARSE_H
#define LMMTOP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The only layout of /proc/lmm that lmmtop knows (kernel/proc.c). */
#define LMMTOP_PROC_FORMAT	3
/* Family and owner names are at most 31 bytes (LMM_NAME_MAX in lmm.h). */
#define LMMTOP_NAME_MAX		31

/* The numeric columns of the families table, by their header names. */
enum lmmtop_col {
	LMMTOP_SIZE,		/* "size": bytes of one unit */
	LMMTOP_PAGES,		/* "pages": pages holding live blocks */
	LMMTOP_CACHED,		/* "cached": empty pages kept for reuse */
	LMMTOP_UNITS,
	LMMTOP_BLOCKS,
	LMMTOP_PAYLOAD,		/* "payload_B": units * size */
	LMMTOP_FREE,		/* "free_B": free bytes, headers excluded */
	LMMTOP_FREE_BLOCKS,
	LMMTOP_LARGEST,		/* "largest": largest free block's bytes */
	LMMTOP_FRAG,		/* "frag%", kept in per mille */
	LMMTOP_PG_REQ,
	LMMTOP_PG_REL,
	LMMTOP_ALLOCS,
	LMMTOP_FREES,
	LMMTOP_FAILED,
	LMMTOP_BADFREE,
	LMMTOP_DAMAGE,
	LMMTOP_NCOLS
};

struct lmmtop_family {
	char owner[LMMTOP_NAME_MAX + 1];
	char name[LMMTOP_NAME_MAX + 1];
	unsigned long long v[LMMTOP_NCOLS];
};

/* One reading of /proc/lmm. */
struct lmmtop_snapshot {
	char version[16];
	unsigned long page_size;
	size_t nfamilies;
	struct lmmtop_family *families;	/* malloc'ed, nfamilies long */
	unsigned long long handles;	/* live handles made through /proc */
};

/* The whole of lmm: columns added up, fragmentation of the sum. */
struct lmmtop_summary {
	size_t nfamilies;
	unsigned long long v[LMMTOP_NCOLS];	/* LMMTOP_SIZE unused */
};

enum lmmtop_sort {
	LMMTOP_BY_NAME,
	LMMTOP_BY_PAGES,
	LMMTOP_BY_USED,
	LMMTOP_BY_FREE,
	LMMTOP_BY_FRAG,
	LMMTOP_BY_ALLOCS,
	LMMTOP_NSORTS
};

/* What the screen can hold; 0 means no limit (for -o). */
struct lmmtop_screen {
	unsigned int rows;
	unsigned int cols;
	bool ansi;		/* redraw in place, header row in reverse */
	double delay;		/* seconds between refreshes, for the header */
};

int lmmtop_parse(const char *text, size_t len, struct lmmtop_snapshot *snap,
		 char *err, size_t errlen);
void lmmtop_snapshot_free(struct lmmtop_snapshot *snap);

void lmmtop_summarise(const struct lmmtop_snapshot *snap,
		      struct lmmtop_summary *sum);

int lmmtop_sort_by_name(const char *word, enum lmmtop_sort *key);
int lmmtop_sort_by_key(int c, enum lmmtop_sort *key);
const char *lmmtop_sort_name(enum lmmtop_sort key);
void lmmtop_sort(struct lmmtop_snapshot *snap, enum lmmtop_sort key);

void lmmtop_render(FILE *out, const struct lmmtop_snapshot *snap,
		   enum lmmtop_sort key, const struct lmmtop_screen *screen);
void lmmtop_render_message(FILE *out, const char *msg,
			   const struct lmmtop_screen *screen);

#endif /* LMMTOP_PARSE_H */
