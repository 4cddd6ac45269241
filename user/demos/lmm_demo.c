// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm_demo.c - the LMM seed's scenario: register emp_t and student_t,
 * allocate and free a few, then enough to cross into a second and third
 * page, a run of pages, and pages going back, printing what the memory
 * manager sees at each step.  Blocks are named by page and offset, never
 * by address, so the output is the same on every run.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "lmm.h"
#include "lmm_frontend.h"
#include "stdio_printer.h"
#include "uapi_mm.h"

#define MANY_EMPS 200	/* single emp_t blocks: 83 fit a page, so 3 pages */
#define RUN_EMPS 200	/* one block of 7200 bytes: more than a page holds */

typedef struct emp_ {
	char name[32];
	uint32_t emp_id;
} emp_t;

typedef struct student_ {
	char name[32];
	uint32_t rollno;
	uint32_t marks_phys;
	uint32_t marks_chem;
	uint32_t marks_maths;
	struct student_ *next;
} student_t;

/* Where lmm put @ptr, in the words of the block map. */
static void print_where(const char *what, const void *ptr)
{
	size_t offset = 0;
	uint32_t page = 0;

	if (lmm_family_where(lmm_family_find("emp_t"), ptr, &page, &offset))
		printf("%s: not a live emp_t block\n", what);
	else
		printf("%s: page %u offset %zu\n", what, page, offset);
}

/* One line per emp that is the first one on a page. */
static void print_page_starts(emp_t **emps, int n)
{
	uint32_t last_page = UINT32_MAX;
	int i;

	for (i = 0; i < n; i++) {
		size_t offset;
		uint32_t page;
		char what[32];

		if (lmm_family_where(lmm_family_find("emp_t"), emps[i], &page,
				     &offset) || page == last_page)
			continue;
		snprintf(what, sizeof(what), "emps[%d], first on its page", i);
		print_where(what, emps[i]);
		last_page = page;
	}
}

static int cross_pages(emp_t **emps)
{
	struct lmm_printer out = lmm_stdio_printer(stdout);
	emp_t *run;
	int i;

	step("XCALLOC 200 single emp_t: a page holds 83 of them, so pages 1 and 2 open");
	for (i = 0; i < MANY_EMPS; i++)
		if (!(emps[i] = XCALLOC(1, emp_t)))
			return 1;
	print_page_starts(emps, MANY_EMPS);
	mm_print_memory_usage("emp_t");

	step("XCALLOC(200, emp_t): 7200 bytes, more than a page's 3992, is a run of 2 pages");
	run = XCALLOC(RUN_EMPS, emp_t);
	if (!run)
		return 1;
	print_where("the run", run);
	lmm_report_family_page(&out, lmm_family_find("emp_t"), 3);
	mm_print_memory_usage("emp_t");

	step("XFREE the run: both its pages go back to the system at once (pg_rel 2)");
	XFREE(run);
	mm_print_memory_usage("emp_t");

	step("XFREE the 200: three pages empty, two stay cached, one goes back (pg_rel 3)");
	for (i = 0; i < MANY_EMPS; i++)
		XFREE(emps[i]);
	mm_print_memory_usage("emp_t");
	return 0;
}

int main(void)
{
	struct lmm_printer out = lmm_stdio_printer(stdout);
	static emp_t *emps[MANY_EMPS];
	emp_t *emp1, *emp2, *emp3;
	student_t *stud1, *stud2;

	demo_start();
	step("mm_init(), MM_REG_STRUCT(emp_t), MM_REG_STRUCT(student_t)");
	mm_init();
	MM_REG_STRUCT(emp_t);
	MM_REG_STRUCT(student_t);
	mm_print_registered_page_families();

	step("XCALLOC 3 emp_t and 2 student_t: one page per family, blocks in a row");
	emp1 = XCALLOC(1, emp_t);
	emp2 = XCALLOC(1, emp_t);
	emp3 = XCALLOC(1, emp_t);
	stud1 = XCALLOC(1, student_t);
	stud2 = XCALLOC(1, student_t);
	if (!emp1 || !emp2 || !emp3 || !stud1 || !stud2)
		return 1;
	strcpy(emp1->name, "Ada");
	emp1->emp_id = 1;
	stud1->next = stud2;
	mm_print_memory_usage(NULL);
	mm_print_block_usage();

	step("XFREE(emp1), XFREE(emp3): emp2 stays, emp3 merges with the free rest of the page");
	XFREE(emp1);
	XFREE(emp3);
	mm_print_memory_usage("emp_t");
	mm_print_block_usage();

	step("refused, one line each on stderr: XFREE(emp1) again, XCALLOC of an unknown type");
	XFREE(emp1);
	if (xcalloc("unknown_t", 1))
		return 1;

	XFREE(emp2);
	if (cross_pages(emps))
		return 1;

	step("the leak report: every block still live, by page and offset");
	lmm_report_leaks(&out, NULL);

	step("XFREE the students: every family is empty, its pages cached");
	XFREE(stud1);
	XFREE(stud2);
	mm_print_memory_usage(NULL);
	return 0;
}
