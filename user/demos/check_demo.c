// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * check_demo.c - checks and corruption: the checker's violation codes,
 * then bugs and attacks a program can make and what lmm does about each:
 * bad frees refused, an overrun caught by the checker and by free, and
 * the classic unsafe unlink refused.  Every refusal is printed on stdout
 * next to the call; lmm's own "lmm: damage:" lines go to stderr.
 */
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "lmm.h"
#include "lmm_frontend.h"
#include "stdio_printer.h"

#define OBJ_BYTES 36	/* an emp_t: blocks of 48 bytes, 40 usable */

/* A word outside lmm that the attack tries to overwrite. */
static unsigned long victim[4];

static void show_free(const char *what, struct lmm_family *f, void *p)
{
	int err = lmm_free(f, p);

	printf("%-34s -> %d%s%s\n", what, err, err ? ", " : "",
	       err ? lmm_strerror(err) : "");
}

static void show_check(struct lmm_family *f)
{
	struct lmm_printer out = lmm_stdio_printer(stdout);
	int code = lmm_family_check(f, &out);

	printf("lmm_family_check() -> %d (%s)\n", code,
	       lmm_violation_name(code));
}

static void list_violation_codes(void)
{
	int code;

	step("the checker's violation codes (lmm_family_check(), lmm_check())");
	for (code = LMM_CHECK_OK; code <= LMM_CHECK_STATS; code++)
		printf("%2d  %s\n", code, lmm_violation_name(code));
}

static void bad_frees(struct lmm_family *f, char **p)
{
	long on_stack;

	step("bad frees are refused before lmm reads any header");
	show_free("lmm_free(f, p[0] + 16) interior", f, p[0] + 16);
	show_free("lmm_free(f, &on_stack) foreign", f, &on_stack);
	show_free("lmm_free(f, p[0])", f, p[0]);
	show_free("lmm_free(f, p[0]) again: double", f, p[0]);
	show_free("lmm_free(forged handle, p[1])", (struct lmm_family *)12345,
		  p[1]);
}

static void overrun(struct lmm_family *f, char **p)
{
	step("an overrun: p[1] writes 48 bytes into its 40, over p[2]'s header");
	memset(p[1], 'A', 48);
	show_check(f);
	fflush(stdout);
	show_free("lmm_free(f, p[2])", f, p[2]);
	show_check(f);
}

/*
 * The classic unsafe unlink: overwrite a free block's list links so that
 * unlinking it, when its neighbour is freed and merges, writes to victim.
 */
static int unsafe_unlink(void)
{
	unsigned long fake[2] = { (unsigned long)(&victim[2] - 2), 0 };
	struct lmm_family *f;
	char *p[3];
	int i;

	step("the classic unsafe unlink, in a fresh family node_t: forged links in a free block, then a merge");
	if (lmm_family_create("node_t", OBJ_BYTES, NULL, &f))
		return 1;
	for (i = 0; i < 3; i++)
		if (!(p[i] = lmm_alloc(f, 1, NULL)))
			return 1;
	show_free("lmm_free(f, p[0])", f, p[0]);
	memcpy(p[0], fake, sizeof(fake));
	fflush(stdout);
	show_free("lmm_free(f, p[1]) merges with p[0]", f, p[1]);
	printf("victim[2] = %lu (the attack wanted it changed)\n", victim[2]);
	show_check(f);
	return 0;
}

int main(void)
{
	struct lmm_printer out = lmm_stdio_printer(stdout);
	struct lmm_family *f;
	char *p[3];
	int i;

	demo_start();
	list_violation_codes();
	step("a family of 36-byte objects, 3 blocks in a row, all checks pass");
	if (lmm_family_create("emp_t", OBJ_BYTES, NULL, &f))
		return 1;
	for (i = 0; i < 3; i++)
		if (!(p[i] = lmm_alloc(f, 1, NULL)))
			return 1;
	show_check(f);
	bad_frees(f, p);
	overrun(f, p);
	if (unsafe_unlink())
		return 1;

	step("what the statistics counted: refused frees (badfree) and damage found");
	lmm_report_legend(&out);
	lmm_report_usage(&out, NULL);
	return 0;
}
