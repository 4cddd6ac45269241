// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm_demo.c - a client of lmm.ko: the LMM seed's test program as a module.
 *
 * It registers emp_t and student_t as page families, allocates three
 * employees and two students on load, keeps them while it is loaded (see
 * them in /proc/lmm) and frees them on unload.  Because it calls lmm's
 * exported functions, lmm cannot be unloaded while this module is loaded.
 *
 * With leak=N it "forgets" N employees at unload, to show how lmm reports
 * what a client left behind when lmm itself is unloaded.
 *
 * With cross=1 it also crosses pages on load: 84 more employees open a
 * second emp_t page, and a run of 100 students (two pages) is taken and
 * given back at once, so /proc/lmm shows pg_rel > 0.
 */
#define pr_fmt(fmt) "lmm_demo: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "lmm.h"

#define NEMPLOYEES	3
#define NSTUDENTS	2
#define NCROSSING	84	/* with the 3 employees, more than a page holds */
#define RUN_STUDENTS	100	/* 5600 bytes: more than a page, a run of two */

/* emp_t and student_t of the seed (kernel style: no typedefs). */
struct emp {
	char name[32];
	u32 emp_id;
};

struct student {
	char name[32];
	u32 rollno;
	u32 marks_phys;
	u32 marks_chem;
	u32 marks_maths;
	struct student *next;
};

static unsigned int leak;
module_param(leak, uint, 0444);
MODULE_PARM_DESC(leak, "employees left allocated at unload (default 0)");

static bool cross;
module_param(cross, bool, 0444);
MODULE_PARM_DESC(cross, "cross pages on load: a second emp_t page, a run of students given back (default off)");

static struct lmm_family *emp_family;
static struct lmm_family *student_family;
static struct emp *employees[NEMPLOYEES];
static struct student *students[NSTUDENTS];
static struct emp *crossing[NCROSSING];

static void free_all(unsigned int keep)
{
	unsigned int i;

	for (i = keep; i < NEMPLOYEES; i++) {
		lmm_free(emp_family, employees[i]);
		employees[i] = NULL;
	}
	for (i = 0; i < NSTUDENTS; i++) {
		lmm_free(student_family, students[i]);
		students[i] = NULL;
	}
	for (i = 0; i < NCROSSING; i++) {
		if (crossing[i])
			lmm_free(emp_family, crossing[i]);
		crossing[i] = NULL;
	}
}

static int alloc_all(void)
{
	int err = 0;
	int i;

	for (i = 0; i < NEMPLOYEES; i++) {
		employees[i] = lmm_alloc(emp_family, 1, &err);
		if (!employees[i])
			return err;
		scnprintf(employees[i]->name, sizeof(employees[i]->name),
			  "employee %d", i + 1);
		employees[i]->emp_id = i + 1;
	}
	for (i = 0; i < NSTUDENTS; i++) {
		students[i] = lmm_alloc(student_family, 1, &err);
		if (!students[i])
			return err;
		scnprintf(students[i]->name, sizeof(students[i]->name),
			  "student %d", i + 1);
		students[i]->rollno = i + 1;
		if (i)
			students[i - 1]->next = students[i];
	}
	return 0;
}

/*
 * cross=1: enough employees to open a second page, and a run of students
 * freed at once, whose two pages go back to vmalloc() on the spot.
 */
static int cross_pages(void)
{
	struct student *run;
	int err = 0;
	int i;

	if (!cross)
		return 0;
	for (i = 0; i < NCROSSING; i++) {
		crossing[i] = lmm_alloc(emp_family, 1, &err);
		if (!crossing[i])
			return err;
	}
	run = lmm_alloc(student_family, RUN_STUDENTS, &err);
	if (!run)
		return err;
	return lmm_free(student_family, run);
}

static void report(struct lmm_family *family)
{
	struct lmm_stats s;

	if (!lmm_family_stats(family, &s))
		pr_info("%s: %zu units of %zu bytes in %zu blocks on %zu page%s, %llu page%s given back\n",
			lmm_family_name(family), s.units_in_use,
			s.struct_bytes, s.blocks_in_use, s.pages_in_use,
			s.pages_in_use == 1 ? "" : "s",
			(unsigned long long)s.page_releases,
			s.page_releases == 1 ? "" : "s");
}

static int __init lmm_demo_init(void)
{
	int err;

	err = lmm_family_create("emp_t", sizeof(struct emp), NULL,
				&emp_family);
	if (err)
		goto fail;
	err = lmm_family_create("student_t", sizeof(struct student), NULL,
				&student_family);
	if (err)
		goto fail_emp;
	err = alloc_all();
	if (!err)
		err = cross_pages();
	if (err)
		goto fail_alloc;
	report(emp_family);
	report(student_family);
	return 0;

fail_alloc:
	free_all(0);
	lmm_family_destroy(student_family);
fail_emp:
	lmm_family_destroy(emp_family);
fail:
	pr_err("cannot set up: %s\n", lmm_strerror(err));
	return err;
}

static void __exit lmm_demo_exit(void)
{
	unsigned int keep = min_t(unsigned int, leak, NEMPLOYEES);

	free_all(keep);
	lmm_family_destroy(student_family);
	/* With live blocks the family stays registered: lmm reports it. */
	if (lmm_family_destroy(emp_family))
		pr_info("left %u emp_t live, as leak=%u asked\n", keep, leak);
	pr_info("unloaded\n");
}

module_init(lmm_demo_init);
module_exit(lmm_demo_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("lmm sample client: emp_t and student_t page families");
MODULE_SOFTDEP("pre: lmm");
