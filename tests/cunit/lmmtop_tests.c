// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmmtop_tests.c - lmmtop's parser and screen (user/lmmtop/) on /proc/lmm
 * text captured from lmm.ko in QEMU, and on damaged copies of it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_adapter.h"
#include "lmmtop_parse.h"

/* `cat /proc/lmm` in the tour, after insmod lmm_demo.ko (6.1, format 3). */
static const char demo_capture[] =
"lmm version 1.0, page size 4096, format 3\n"
"(sizes exclude the 8-byte block header; frag = 1 - largest free / total free)\n"
"\n"
"families:\n"
"owner            family                            size  pages cached    units   blocks  payload_B     free_B free_blk  largest frag%   pg_req   pg_rel     allocs      frees failed badfree damage\n"
"proc             point                               24      1      0        3        1         72       3912        1     3912   0.0        1        0          3          2      0       0      0\n"
"lmm_demo         emp_t                               36      1      0        3        3        108       3848        1     3848   0.0        1        0          3          0      0       0      0\n"
"lmm_demo         student_t                           56      1      0        2        2        112       3864        1     3864   0.0        1        0          2          0      0       0      0\n"
"\n"
"blocks:\n"
"family point, owner proc: 1 page in use, 0 cached\n"
"  page 0: 1 page, 1 live block\n"
"    page 0 offset    96: used     72 bytes, 3 units\n"
"    page 0 offset   176: free   3912 bytes\n"
"family emp_t, owner lmm_demo: 1 page in use, 0 cached\n"
"  page 0: 1 page, 3 live blocks\n"
"    page 0 offset    96: used     40 bytes, 1 unit\n"
"    page 0 offset   144: used     40 bytes, 1 unit\n"
"    page 0 offset   192: used     40 bytes, 1 unit\n"
"    page 0 offset   240: free   3848 bytes\n"
"family student_t, owner lmm_demo: 1 page in use, 0 cached\n"
"  page 0: 1 page, 2 live blocks\n"
"    page 0 offset    96: used     56 bytes, 1 unit\n"
"    page 0 offset   160: used     56 bytes, 1 unit\n"
"    page 0 offset   224: free   3864 bytes\n"
"\n"
"handles: 1\n"
"handle family                               units      bytes   page offset\n"
"     1 point                                    3         72      0     96\n";

#define TITLE	"lmm version 1.0, page size 4096, format 3\n" \
		"(sizes exclude the 8-byte block header)\n\nfamilies:\n"
#define HEADER	"owner family size pages cached units blocks payload_B " \
		"free_B free_blk largest frag% pg_req pg_rel allocs frees " \
		"failed badfree damage\n"

/* Parse @text; the error (if any) lands in @err. */
static int parse(const char *text, struct lmmtop_snapshot *snap, char *err,
		 size_t errlen)
{
	return lmmtop_parse(text, strlen(text), snap, err, errlen);
}

static const struct lmmtop_family *find(const struct lmmtop_snapshot *snap,
					const char *name)
{
	size_t i;

	for (i = 0; i < snap->nfamilies; i++)
		if (!strcmp(snap->families[i].name, name))
			return &snap->families[i];
	return NULL;
}

/* What lmmtop_render() prints, as a malloc'ed string. */
static char *render(const struct lmmtop_snapshot *snap, enum lmmtop_sort key,
		    const struct lmmtop_screen *screen)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	lmmtop_render(f, snap, key, screen);
	fclose(f);
	return buf;
}

/* Where @needle starts in @text, or -1. */
static long pos_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);

	return p ? p - text : -1;
}

static void parses_the_demo_capture(struct lmm_test *t)
{
	struct lmmtop_snapshot snap;
	const struct lmmtop_family *emp;
	char err[200];

	LMM_ASSERT_EQ(t, parse(demo_capture, &snap, err, sizeof(err)), 0);
	LMM_EXPECT_STREQ(t, snap.version, "1.0");
	LMM_EXPECT_EQ(t, snap.page_size, 4096);
	LMM_EXPECT_EQ(t, snap.nfamilies, 3);
	LMM_EXPECT_EQ(t, snap.handles, 1);
	emp = find(&snap, "emp_t");
	if (LMM_EXPECT_NOT_NULL(t, emp)) {
		LMM_EXPECT_STREQ(t, emp->owner, "lmm_demo");
		LMM_EXPECT_EQ(t, emp->v[LMMTOP_SIZE], 36);
		LMM_EXPECT_EQ(t, emp->v[LMMTOP_PAGES], 1);
		LMM_EXPECT_EQ(t, emp->v[LMMTOP_BLOCKS], 3);
		LMM_EXPECT_EQ(t, emp->v[LMMTOP_PAYLOAD], 108);
		LMM_EXPECT_EQ(t, emp->v[LMMTOP_FREE], 3848);
		LMM_EXPECT_EQ(t, emp->v[LMMTOP_LARGEST], 3848);
		LMM_EXPECT_EQ(t, emp->v[LMMTOP_ALLOCS], 3);
	}
	LMM_EXPECT_STREQ(t, snap.families[0].owner, "proc");
	LMM_EXPECT_EQ(t, snap.families[0].v[LMMTOP_FREES], 2);
	lmmtop_snapshot_free(&snap);
	LMM_EXPECT_NULL(t, snap.families);
}

static void reads_fragmentation_as_per_mille(struct lmm_test *t)
{
	static const char text[] = TITLE HEADER
		"- a 8 1 0 1 1 8 100 2 40 60.0 1 0 1 0 0 0 0\n"
		"- b 8 1 0 1 1 8 100 2 99 1.7 1 0 1 0 0 0 0\n"
		"- c 8 1 0 1 1 8 100 9 0 100.0 1 0 1 0 0 0 0\n";
	struct lmmtop_snapshot snap;
	char err[200];

	LMM_ASSERT_EQ(t, parse(text, &snap, err, sizeof(err)), 0);
	LMM_ASSERT_EQ(t, snap.nfamilies, 3);
	LMM_EXPECT_EQ(t, snap.families[0].v[LMMTOP_FRAG], 600);
	LMM_EXPECT_EQ(t, snap.families[1].v[LMMTOP_FRAG], 17);
	LMM_EXPECT_EQ(t, snap.families[2].v[LMMTOP_FRAG], 1000);
	/* No block map, no "handles:" line: none. */
	LMM_EXPECT_EQ(t, snap.handles, 0);
	lmmtop_snapshot_free(&snap);
}

static void finds_columns_by_their_names(struct lmm_test *t)
{
	/* Same columns, another order: the numbers follow their names. */
	static const char text[] = TITLE
		"owner family damage badfree failed frees allocs pg_rel pg_req "
		"frag% largest free_blk free_B payload_B blocks units cached "
		"pages size\n"
		"m x 1 2 3 4 5 6 7 0.8 9 10 11 12 13 14 15 16 17\n";
	struct lmmtop_snapshot snap;
	char err[200];

	LMM_ASSERT_EQ(t, parse(text, &snap, err, sizeof(err)), 0);
	LMM_ASSERT_EQ(t, snap.nfamilies, 1);
	LMM_EXPECT_EQ(t, snap.families[0].v[LMMTOP_SIZE], 17);
	LMM_EXPECT_EQ(t, snap.families[0].v[LMMTOP_DAMAGE], 1);
	LMM_EXPECT_EQ(t, snap.families[0].v[LMMTOP_FRAG], 8);
	LMM_EXPECT_EQ(t, snap.families[0].v[LMMTOP_PAYLOAD], 12);
	lmmtop_snapshot_free(&snap);
}

/* @text must be refused with an error that contains @why. */
static void expect_refused(struct lmm_test *t, const char *text,
			   const char *why)
{
	struct lmmtop_snapshot snap;
	char err[200] = "";

	if (!LMM_EXPECT_EQ(t, parse(text, &snap, err, sizeof(err)), -1)) {
		lmmtop_snapshot_free(&snap);
		return;
	}
	LMM_EXPECT_MSG(t, strstr(err, why) != NULL, why);
	LMM_EXPECT_EQ(t, snap.nfamilies, 0);
	LMM_EXPECT_NULL(t, snap.families);
}

static void refuses_what_it_does_not_know(struct lmm_test *t)
{
	expect_refused(t, "", "empty");
	expect_refused(t, "hello\n", "line 1: not the title");
	expect_refused(t, "lmm version 1.0, page size 4096\n",
		       "line 1: no \"format N\"");
	expect_refused(t, "lmm version 1.0, page size 4096, format 2\n",
		       "format 2, lmmtop reads format 3");
	expect_refused(t, "lmm version 1.0, page size 4096, format 3\n\n",
		       "no \"families:\"");
	expect_refused(t, TITLE, "no header row");
	expect_refused(t, TITLE "family size\n", "line 5: the header row");
	expect_refused(t, TITLE "owner family size pages\n",
		       "no column \"cached\"");
}

static void refuses_damaged_rows(struct lmm_test *t)
{
	expect_refused(t, TITLE HEADER
		       "- a 8 1 0 1 1 8 100 2 40 60.0 1 0 1 0 0 0\n",
		       "line 6: a family row of 18 columns, the header has 19");
	expect_refused(t, TITLE HEADER
		       "- a -8 1 0 1 1 8 100 2 40 60.0 1 0 1 0 0 0 0\n",
		       "column size: \"-8\" is not a decimal number");
	expect_refused(t, TITLE HEADER
		       "- a 8 1 0 1 1 8 100 2 40 60 1 0 1 0 0 0 0\n",
		       "column frag%: \"60\" is not a percentage");
	expect_refused(t, TITLE HEADER
		       "- a 8 1 0 1 1 8 100 2 40 100.1 1 0 1 0 0 0 0\n",
		       "column frag%");
	expect_refused(t, TITLE HEADER
		       "- a 18446744073709551616 1 0 1 1 8 100 2 40 6.0 1 0 1 0 0 0 0\n",
		       "column size");
	expect_refused(t, TITLE HEADER
		       "- a_name_of_thirty_three_characters 8 1 0 1 1 8 100 2 "
		       "40 6.0 1 0 1 0 0 0 0\n", "a family name longer than 31");
	expect_refused(t, TITLE HEADER "\nhandles: many\n",
		       "line 7: \"handles:\" without a number");
}

static void refuses_a_nul_byte(struct lmm_test *t)
{
	static const char text[] = TITLE "owner\0family\n";
	struct lmmtop_snapshot snap;
	char err[200] = "";

	LMM_EXPECT_EQ(t, lmmtop_parse(text, sizeof(text) - 1, &snap, err,
				      sizeof(err)), -1);
	LMM_EXPECT_MSG(t, strstr(err, "line 5: a NUL byte") != NULL, err);
}

static void sums_every_family(struct lmm_test *t)
{
	struct lmmtop_snapshot snap;
	struct lmmtop_summary sum;
	char err[200];

	LMM_ASSERT_EQ(t, parse(demo_capture, &snap, err, sizeof(err)), 0);
	lmmtop_summarise(&snap, &sum);
	LMM_EXPECT_EQ(t, sum.nfamilies, 3);
	LMM_EXPECT_EQ(t, sum.v[LMMTOP_PAGES], 3);
	LMM_EXPECT_EQ(t, sum.v[LMMTOP_BLOCKS], 6);
	LMM_EXPECT_EQ(t, sum.v[LMMTOP_UNITS], 8);
	LMM_EXPECT_EQ(t, sum.v[LMMTOP_PAYLOAD], 72 + 108 + 112);
	LMM_EXPECT_EQ(t, sum.v[LMMTOP_FREE], 3912 + 3848 + 3864);
	LMM_EXPECT_EQ(t, sum.v[LMMTOP_LARGEST], 3912);
	LMM_EXPECT_EQ(t, sum.v[LMMTOP_ALLOCS], 8);
	LMM_EXPECT_EQ(t, sum.v[LMMTOP_FREES], 2);
	lmmtop_snapshot_free(&snap);
}

/* The families' names in their current order, joined by spaces. */
static const char *order(const struct lmmtop_snapshot *snap, char *buf,
			 size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < snap->nfamilies && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? " " : "",
				      snap->families[i].name);
	return buf;
}

static void sorts_by_every_key(struct lmm_test *t)
{
	static const char text[] = TITLE HEADER
		"m1 zeta 8 3 0 1 1 8 100 2 40 60.0 1 0 9 0 0 0 0\n"
		"m1 alpha 8 1 0 1 1 800 500 2 99 1.7 1 0 1 0 0 0 0\n"
		"m2 beta 8 1 0 1 1 80 50 9 0 10.0 1 0 5 0 0 0 0\n"
		"m0 beta 8 1 0 1 1 80 50 9 0 10.0 1 0 5 0 0 0 0\n";
	struct lmmtop_snapshot snap;
	char err[200], buf[100];

	LMM_ASSERT_EQ(t, parse(text, &snap, err, sizeof(err)), 0);
	lmmtop_sort(&snap, LMMTOP_BY_NAME);
	LMM_EXPECT_STREQ(t, order(&snap, buf, sizeof(buf)),
			 "alpha beta beta zeta");
	/* Same name: the owner decides, whatever /proc/lmm's order. */
	LMM_EXPECT_STREQ(t, snap.families[1].owner, "m0");
	lmmtop_sort(&snap, LMMTOP_BY_PAGES);
	LMM_EXPECT_STREQ(t, order(&snap, buf, sizeof(buf)),
			 "zeta alpha beta beta");
	lmmtop_sort(&snap, LMMTOP_BY_USED);
	LMM_EXPECT_STREQ(t, order(&snap, buf, sizeof(buf)),
			 "alpha beta beta zeta");
	lmmtop_sort(&snap, LMMTOP_BY_FREE);
	LMM_EXPECT_STREQ(t, order(&snap, buf, sizeof(buf)),
			 "alpha zeta beta beta");
	lmmtop_sort(&snap, LMMTOP_BY_FRAG);
	LMM_EXPECT_STREQ(t, order(&snap, buf, sizeof(buf)),
			 "zeta beta beta alpha");
	lmmtop_sort(&snap, LMMTOP_BY_ALLOCS);
	LMM_EXPECT_STREQ(t, order(&snap, buf, sizeof(buf)),
			 "zeta beta beta alpha");
	lmmtop_snapshot_free(&snap);
}

static void names_and_keys_pick_sorts(struct lmm_test *t)
{
	static const char *const names[] = {
		"name", "pages", "used", "free", "frag", "allocs"
	};
	static const char keys[] = "npufra";
	enum lmmtop_sort key;
	int k;

	for (k = 0; k < LMMTOP_NSORTS; k++) {
		LMM_EXPECT_EQ(t, lmmtop_sort_by_name(names[k], &key), 0);
		LMM_EXPECT_EQ(t, key, k);
		LMM_EXPECT_STREQ(t, lmmtop_sort_name(key), names[k]);
		key = LMMTOP_NSORTS;
		LMM_EXPECT_EQ(t, lmmtop_sort_by_key(keys[k], &key), 0);
		LMM_EXPECT_EQ(t, key, k);
	}
	key = LMMTOP_BY_USED;
	LMM_EXPECT_EQ(t, lmmtop_sort_by_name("Name", &key), -1);
	LMM_EXPECT_EQ(t, lmmtop_sort_by_name("", &key), -1);
	LMM_EXPECT_EQ(t, lmmtop_sort_by_key('q', &key), -1);
	LMM_EXPECT_EQ(t, lmmtop_sort_by_key(0, &key), -1);
	LMM_EXPECT_EQ(t, key, LMMTOP_BY_USED);
}

static void prints_one_plain_screen(struct lmm_test *t)
{
	struct lmmtop_screen screen = { .delay = 3 };
	struct lmmtop_snapshot snap;
	char err[200], *out;

	LMM_ASSERT_EQ(t, parse(demo_capture, &snap, err, sizeof(err)), 0);
	lmmtop_sort(&snap, LMMTOP_BY_USED);
	out = render(&snap, LMMTOP_BY_USED, &screen);
	LMM_ASSERT_NOT_NULL(t, out);
	LMM_EXPECT_HAS(t, out, "lmmtop - lmm 1.0, page size 4096, sorted by "
		       "used\n");
	LMM_EXPECT_HAS(t, out, "Families: 3 Pages: 3 in use, 0 cached, "
		       "3 requested, 0 released");
	LMM_EXPECT_HAS(t, out, "Used: 292 B in 6 blocks (8 units)");
	LMM_EXPECT_HAS(t, out, "Handles made through /proc: 1");
	LMM_EXPECT_HAS(t, out, "Free: 11624 B in 3 blocks, largest 3912 B");
	LMM_EXPECT_HAS(t, out, "exclude the 8-byte block header");
	LMM_EXPECT_HAS(t, out, "OWNER FAMILY SIZE PAGES BLOCKS USED_B FREE_B "
		       "LARGEST FRAG% ALLOCS\n");
	LMM_EXPECT_HAS(t, out, "\nlmm_demo emp_t 36 1 3 108 3848 3848 0.0 3\n");
	/* Most bytes used first: student_t 112, emp_t 108, point 72. */
	LMM_EXPECT_LT(t, pos_of(out, "student_t"), pos_of(out, "emp_t"));
	LMM_EXPECT_LT(t, pos_of(out, "emp_t"), pos_of(out, "proc "));
	LMM_EXPECT_HASNT(t, out, "\033");
	free(out);
	lmmtop_snapshot_free(&snap);
}

/* The longest line of @text once ANSI escapes are taken out. */
static size_t widest_line(const char *text)
{
	size_t widest = 0, n = 0;

	for (; *text; text++) {
		if (*text == '\033') {
			while (*text && !(*text >= 'A' && *text <= 'z' &&
					  *text != '[' && *text != '?'))
				text++;
			if (!*text)
				break;
			continue;
		}
		if (*text == '\n') {
			n = 0;
			continue;
		}
		if (++n > widest)
			widest = n;
	}
	return widest;
}

static size_t count_lines(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static void fits_a_small_terminal(struct lmm_test *t)
{
	struct lmmtop_screen screen = {
		.rows = 12, .cols = 40, .ansi = true, .delay = 1.5,
	};
	struct lmmtop_snapshot snap;
	char err[200], *out;

	LMM_ASSERT_EQ(t, parse(demo_capture, &snap, err, sizeof(err)), 0);
	lmmtop_sort(&snap, LMMTOP_BY_NAME);
	out = render(&snap, LMMTOP_BY_NAME, &screen);
	LMM_ASSERT_NOT_NULL(t, out);
	LMM_EXPECT_EQ(t, pos_of(out, "\033[H"), 0);
	LMM_EXPECT_HAS(t, out, "every 1.5 s");
	LMM_EXPECT_HAS(t, out, "\033[7mOWNER");
	/* 12 rows: 8 of summary, the header, one family, "more", a spare. */
	LMM_EXPECT_HAS(t, out, "lmm_demo emp_t");
	LMM_EXPECT_HASNT(t, out, "point");
	LMM_EXPECT_HAS(t, out, "... 2 more");
	LMM_EXPECT_EQ(t, count_lines(out), 11);
	LMM_EXPECT_EQ(t, widest_line(out), 40);
	free(out);
	screen.rows = 0;
	screen.cols = 0;
	out = render(&snap, LMMTOP_BY_NAME, &screen);
	LMM_ASSERT_NOT_NULL(t, out);
	LMM_EXPECT_HAS(t, out, "point");
	LMM_EXPECT_HASNT(t, out, "more");
	free(out);
	lmmtop_snapshot_free(&snap);
}

static void says_when_no_family_exists(struct lmm_test *t)
{
	struct lmmtop_screen screen = { .delay = 3 };
	struct lmmtop_snapshot snap;
	char err[200], *out;

	LMM_ASSERT_EQ(t, parse(TITLE HEADER "\nblocks:\n\nhandles: 0\n",
			       &snap, err, sizeof(err)), 0);
	LMM_EXPECT_EQ(t, snap.nfamilies, 0);
	out = render(&snap, LMMTOP_BY_PAGES, &screen);
	LMM_ASSERT_NOT_NULL(t, out);
	LMM_EXPECT_HAS(t, out, "Families: 0");
	LMM_EXPECT_HAS(t, out, "(no family: insmod lmm_demo.ko");
	free(out);
	lmmtop_snapshot_free(&snap);
}

#define LMMTOP_CASES(C) \
	C(parses_the_demo_capture) \
	C(reads_fragmentation_as_per_mille) \
	C(finds_columns_by_their_names) \
	C(refuses_what_it_does_not_know) \
	C(refuses_damaged_rows) \
	C(refuses_a_nul_byte) \
	C(sums_every_family) \
	C(sorts_by_every_key) \
	C(names_and_keys_pick_sorts) \
	C(prints_one_plain_screen) \
	C(fits_a_small_terminal) \
	C(says_when_no_family_exists)

LMM_TEST_SUITE(lmmtop, LMMTOP_CASES);
