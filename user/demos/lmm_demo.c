// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm_demo.c - the LMM seed's scenario: register emp_t and student_t,
 * allocate and free a few, and print what the memory manager sees.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "uapi_mm.h"

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

int main(void)
{
	emp_t *emp1, *emp2, *emp3;
	student_t *stud1, *stud2;

	step("mm_init(), MM_REG_STRUCT(emp_t), MM_REG_STRUCT(student_t)");
	mm_init();
	MM_REG_STRUCT(emp_t);
	MM_REG_STRUCT(student_t);
	mm_print_registered_page_families();

	step("XCALLOC 3 emp_t and 2 student_t");
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

	step("XFREE(emp1), XFREE(emp3): emp2 stays, its neighbours merge");
	XFREE(emp1);
	XFREE(emp3);
	mm_print_memory_usage("emp_t");
	mm_print_block_usage();

	step("bad input is refused: XFREE(emp1) again, XCALLOC of an unknown type");
	XFREE(emp1);
	if (xcalloc("unknown_t", 1))
		return 1;

	step("XFREE the rest: empty pages stay cached (2 per family)");
	XFREE(emp2);
	XFREE(stud1);
	XFREE(stud2);
	mm_print_memory_usage(NULL);
	return 0;
}
