// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * seed_api_tests.c - the LMM seed's API (uapi_mm.h): MM_REG_STRUCT,
 * XCALLOC, XFREE and the mm_print_* reports, with what they print on
 * stdout and stderr captured and checked.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_adapter.h"
#include "uapi_mm.h"

typedef struct emp_ {
	char name[32];
	unsigned int emp_id;
	unsigned int dept_id;
} emp_t;

typedef struct student_ {
	char name[20];
	int roll;
	float marks[3];
} student_t;

struct point {
	int x, y;
};

static struct lmm_family *registered(struct lmm_test *t, const char *name,
				     size_t bytes)
{
	struct lmm_family *f = lmm_family_find(name);

	if (LMM_EXPECT_NOT_NULL(t, f))
		LMM_EXPECT_EQ(t, lmm_test_stats(t, f).struct_bytes, bytes);
	return f;
}

static void reg_struct_registers_the_type_by_name(struct lmm_test *t)
{
	mm_init();
	MM_REG_STRUCT(emp_t);
	MM_REG_STRUCT(student_t);
	registered(t, "emp_t", sizeof(emp_t));
	registered(t, "student_t", sizeof(student_t));
}

static void struct_keyword_becomes_an_underscore(struct lmm_test *t)
{
	struct point *p;

	MM_REG_STRUCT(struct point);
	registered(t, "struct_point", sizeof(struct point));
	p = XCALLOC(2, struct point);
	LMM_ASSERT_NOT_NULL(t, p);
	p[1].y = 7;
	XFREE(p);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, lmm_family_find("struct_point")).frees,
		      1);
}

static void xcalloc_returns_zeroed_units_and_xfree_frees(struct lmm_test *t)
{
	struct lmm_family *f;
	struct capture c;
	emp_t *e;
	int i;

	MM_REG_STRUCT(emp_t);
	f = registered(t, "emp_t", sizeof(emp_t));
	LMM_ASSERT_NOT_NULL(t, f);
	e = XCALLOC(3, emp_t);
	LMM_ASSERT_NOT_NULL(t, e);
	LMM_EXPECT(t, lmm_test_is_zero(e, 3 * sizeof(emp_t)));
	for (i = 0; i < 3; i++) {
		snprintf(e[i].name, sizeof(e[i].name), "emp %d", i);
		e[i].emp_id = (unsigned int)i;
	}
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).units_in_use, 3);
	LMM_ASSERT(t, capture_begin(&c));
	XFREE(e);
	capture_end(&c);
	LMM_EXPECT_STREQ(t, c.err, "");
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).units_in_use, 0);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).frees, 1);
}

static void duplicate_registration_prints_one_line(struct lmm_test *t)
{
	struct capture c;

	MM_REG_STRUCT(emp_t);
	LMM_ASSERT(t, capture_begin(&c));
	mm_instantiate_new_page_family("emp_t", 99);
	capture_end(&c);
	LMM_EXPECT_HAS(t, c.err, "mm: cannot register 'emp_t' (99 bytes): ");
	LMM_EXPECT_HAS(t, c.err, lmm_strerror(-EEXIST));
	LMM_EXPECT_STREQ(t, strchr(c.err, '\n'), "\n");
	LMM_EXPECT_STREQ(t, c.out, "");
	/* The first registration stands. */
	registered(t, "emp_t", sizeof(emp_t));
}

static void bad_registrations_print_an_error(struct lmm_test *t)
{
	char long_name[41];
	struct capture c;

	memset(long_name, 'a', 40);
	long_name[40] = '\0';
	LMM_ASSERT(t, capture_begin(&c));
	mm_instantiate_new_page_family("bad-name", 8);
	mm_instantiate_new_page_family(long_name, 8);
	mm_instantiate_new_page_family(NULL, 8);
	mm_instantiate_new_page_family("zero_t", 0);
	capture_end(&c);
	LMM_EXPECT_HAS(t, c.err, "cannot register 'bad-name' (8 bytes)");
	LMM_EXPECT_HAS(t, c.err, long_name);
	LMM_EXPECT_HAS(t, c.err, "cannot register '(null)'");
	LMM_EXPECT_HAS(t, c.err, "cannot register 'zero_t' (0 bytes)");
	LMM_EXPECT_HAS(t, c.err, lmm_strerror(-EINVAL));
	LMM_EXPECT_NULL(t, lmm_family_find("zero_t"));
	LMM_EXPECT_NULL(t, lmm_family_find(long_name));
}

static void xcalloc_of_an_unknown_type_is_null_and_says_so(struct lmm_test *t)
{
	struct capture c;
	void *p;

	LMM_ASSERT(t, capture_begin(&c));
	p = XCALLOC(1, nothing_t);
	capture_end(&c);
	LMM_EXPECT_NULL(t, p);
	LMM_EXPECT_STREQ(t, c.err,
			 "xcalloc: no page family 'nothing_t' is registered\n");
	LMM_ASSERT(t, capture_begin(&c));
	p = xcalloc(NULL, 1);
	capture_end(&c);
	LMM_EXPECT_NULL(t, p);
	LMM_EXPECT_HAS(t, c.err, "xcalloc: no page family '(null)'");
}

static void xcalloc_refuses_bad_unit_counts(struct lmm_test *t)
{
	struct capture c;
	void *p, *q, *r;

	MM_REG_STRUCT(emp_t);
	LMM_ASSERT(t, capture_begin(&c));
	p = XCALLOC(0, emp_t);
	q = XCALLOC(-3, emp_t);
	r = XCALLOC(INT_MAX, emp_t);	/* 80 GiB: no block is that large */
	capture_end(&c);
	LMM_EXPECT(t, !p && !q && !r);
	LMM_EXPECT_HAS(t, c.err, "xcalloc: 0 units of 'emp_t': units must be positive\n");
	LMM_EXPECT_HAS(t, c.err, "xcalloc: -3 units of 'emp_t'");
	LMM_EXPECT_HAS(t, c.err, lmm_strerror(-ENOMEM));
	LMM_EXPECT_EQ(t, lmm_test_stats(t, lmm_family_find("emp_t")).allocs, 0);
}

static void xfree_of_null_is_silent(struct lmm_test *t)
{
	struct capture c;

	LMM_ASSERT(t, capture_begin(&c));
	XFREE(NULL);
	capture_end(&c);
	LMM_EXPECT_STREQ(t, c.err, "");
	LMM_EXPECT_STREQ(t, c.out, "");
}

static void xfree_of_a_bad_pointer_prints_an_error(struct lmm_test *t)
{
	static char not_ours[64] __aligned(16);
	struct lmm_family *f;
	struct capture c;
	emp_t *e;

	MM_REG_STRUCT(emp_t);
	f = lmm_family_find("emp_t");
	e = XCALLOC(2, emp_t);
	LMM_ASSERT(t, f && e);
	XFREE(e);
	LMM_ASSERT(t, capture_begin(&c));
	XFREE(e);			/* twice */
	XFREE(not_ours);
	capture_end(&c);
	LMM_EXPECT_HAS(t, c.err, "xfree: ");
	LMM_EXPECT_HAS(t, c.err, lmm_strerror(-EINVAL));
	LMM_EXPECT_PTR_NE(t, strchr(c.err, '\n'), strrchr(c.err, '\n'));
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).frees, 1);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).bad_frees, 1);
}

/* Two types, a few blocks: what the reports print about them. */
struct scene {
	emp_t *e[3];
	student_t *s;
};

static bool scene_setup(struct lmm_test *t, struct scene *x)
{
	int i;

	MM_REG_STRUCT(emp_t);
	MM_REG_STRUCT(student_t);
	for (i = 0; i < 3; i++) {
		x->e[i] = XCALLOC(i + 1, emp_t);
		if (!LMM_EXPECT_NOT_NULL(t, x->e[i]))
			return false;
	}
	x->s = XCALLOC(4, student_t);
	return LMM_EXPECT_NOT_NULL(t, x->s);
}

static void scene_teardown(struct scene *x)
{
	int i;

	for (i = 0; i < 3; i++)
		XFREE(x->e[i]);
	XFREE(x->s);
}

static void print_memory_usage_shows_every_family(struct lmm_test *t)
{
	const char *emp, *student, *total;
	struct scene x;
	struct capture c;

	LMM_ASSERT(t, scene_setup(t, &x));
	LMM_ASSERT(t, capture_begin(&c));
	mm_print_memory_usage(NULL);
	capture_end(&c);
	LMM_EXPECT_HAS(t, c.out, "family size pages cached units blocks ");
	emp = lmm_test_line(c.out, "emp_t");
	student = lmm_test_line(c.out, "student_t");
	total = lmm_test_line(c.out, "total");
	LMM_ASSERT(t, emp && student && total);
	LMM_EXPECT_EQ(t, lmm_test_field(emp, 1), sizeof(emp_t));
	LMM_EXPECT_EQ(t, lmm_test_field(emp, 4), 6);		/* units */
	LMM_EXPECT_EQ(t, lmm_test_field(emp, 5), 3);		/* blocks */
	LMM_EXPECT_EQ(t, lmm_test_field(student, 4), 4);
	LMM_EXPECT_EQ(t, lmm_test_field(total, 4), 10);
	LMM_EXPECT_EQ(t, lmm_test_field(total, 5), 4);
	LMM_EXPECT_STREQ(t, c.err, "");
	scene_teardown(&x);
}

static void print_memory_usage_of_one_family(struct lmm_test *t)
{
	struct scene x;
	struct capture c;

	LMM_ASSERT(t, scene_setup(t, &x));
	LMM_ASSERT(t, capture_begin(&c));
	mm_print_memory_usage("student_t");
	capture_end(&c);
	LMM_EXPECT_NOT_NULL(t, lmm_test_line(c.out, "student_t"));
	LMM_EXPECT_NULL(t, lmm_test_line(c.out, "emp_t"));
	LMM_EXPECT_NULL(t, lmm_test_line(c.out, "total"));
	LMM_ASSERT(t, capture_begin(&c));
	mm_print_memory_usage("nobody_t");
	capture_end(&c);
	LMM_EXPECT_STREQ(t, c.out, "");
	LMM_EXPECT_STREQ(t, c.err,
			 "mm_print_memory_usage: no page family 'nobody_t'\n");
	scene_teardown(&x);
}

static void print_block_usage_maps_the_blocks(struct lmm_test *t)
{
	struct scene x;
	struct capture c;
	char line[80];

	LMM_ASSERT(t, scene_setup(t, &x));
	XFREE(x.e[1]);
	LMM_ASSERT(t, capture_begin(&c));
	mm_print_block_usage();
	capture_end(&c);
	LMM_EXPECT_HAS(t, c.out, "family emp_t: 1 page in use, 0 cached\n");
	LMM_EXPECT_HAS(t, c.out, "family student_t: 1 page in use, 0 cached\n");
	LMM_EXPECT_HAS(t, c.out, "page 0: 1 page, 2 live blocks\n");
	snprintf(line, sizeof(line), "page 0 offset %lu: used",
		 lmm_test_page_offset(x.e[2]));
	LMM_EXPECT_HAS(t, c.out, line);
	snprintf(line, sizeof(line), "page 0 offset %lu: free",
		 lmm_test_page_offset(x.e[1]));
	LMM_EXPECT_HAS(t, c.out, line);
	x.e[1] = NULL;
	scene_teardown(&x);
}

static void print_registered_page_families_lists_them(struct lmm_test *t)
{
	struct scene x;
	struct capture c;
	char line[80];

	LMM_ASSERT(t, scene_setup(t, &x));
	LMM_ASSERT(t, capture_begin(&c));
	mm_print_registered_page_families();
	capture_end(&c);
	LMM_EXPECT_HAS(t, c.out, "families: 2\n");
	snprintf(line, sizeof(line), "emp_t %zu worst off -\n", sizeof(emp_t));
	LMM_EXPECT_HAS(t, c.out, line);
	snprintf(line, sizeof(line), "student_t %zu worst off -\n",
		 sizeof(student_t));
	LMM_EXPECT_HAS(t, c.out, line);
	LMM_EXPECT(t, strstr(c.out, "emp_t") < strstr(c.out, "student_t"));
	scene_teardown(&x);
}

static void reports_print_no_pointers(struct lmm_test *t)
{
	struct scene x;
	struct capture c;
	char hex[32];
	int i;

	LMM_ASSERT(t, scene_setup(t, &x));
	LMM_ASSERT(t, capture_begin(&c));
	mm_print_memory_usage(NULL);
	mm_print_block_usage();
	mm_print_registered_page_families();
	capture_end(&c);
	LMM_EXPECT(t, !strstr(c.out, "0x"));
	for (i = 0; i < 3; i++) {
		snprintf(hex, sizeof(hex), "%lx", (unsigned long)x.e[i]);
		LMM_EXPECT(t, !strstr(c.out, hex));
	}
	snprintf(hex, sizeof(hex), "%lx", (unsigned long)x.s);
	LMM_EXPECT(t, !strstr(c.out, hex));
	scene_teardown(&x);
}

/*
 * xcalloc() remembers the last name pointer it looked up.  A buffer that
 * holds another name now, under the same pointer, must find the other
 * family.
 */
static void xcalloc_follows_a_reused_name_buffer(struct lmm_test *t)
{
	char name[16] = "emp_t";
	struct lmm_family *emp, *student;
	void *a, *b;

	MM_REG_STRUCT(emp_t);
	MM_REG_STRUCT(student_t);
	emp = lmm_family_find("emp_t");
	student = lmm_family_find("student_t");
	LMM_ASSERT(t, emp && student);
	a = xcalloc(name, 1);
	strcpy(name, "student_t");
	b = xcalloc(name, 1);
	LMM_ASSERT(t, a && b);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, emp).units_in_use, 1);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, student).units_in_use, 1);
	XFREE(a);
	XFREE(b);
}

/*
 * The name cache keeps several names per thread: alternating literals
 * each find their own family, every time.
 */
static void xcalloc_alternating_names_find_their_families(struct lmm_test *t)
{
	struct lmm_family *emp, *student;
	void *p[20];
	int i;

	MM_REG_STRUCT(emp_t);
	MM_REG_STRUCT(student_t);
	emp = lmm_family_find("emp_t");
	student = lmm_family_find("student_t");
	LMM_ASSERT(t, emp && student);
	for (i = 0; i < 20; i++) {
		p[i] = i % 2 ? XCALLOC(1, student_t) : XCALLOC(2, emp_t);
		LMM_ASSERT_NOT_NULL(t, p[i]);
	}
	LMM_EXPECT_EQ(t, lmm_test_stats(t, emp).units_in_use, 20);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, student).units_in_use, 10);
	for (i = 0; i < 20; i++)
		XFREE(p[i]);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, emp).units_in_use, 0);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, student).units_in_use, 0);
}

/*
 * A destroyed family is not remembered (its memory is unmapped: reading
 * it would crash), and one registered again under its name is found.
 */
static void xcalloc_forgets_a_destroyed_family(struct lmm_test *t)
{
	struct lmm_family *old, *fresh;
	struct capture c;
	struct point *p;

	MM_REG_STRUCT(struct point);
	p = XCALLOC(1, struct point);
	LMM_ASSERT_NOT_NULL(t, p);
	XFREE(p);
	old = lmm_family_find("struct_point");
	LMM_ASSERT_EQ(t, lmm_family_destroy(old), 0);
	LMM_ASSERT(t, capture_begin(&c));
	p = XCALLOC(1, struct point);
	capture_end(&c);
	LMM_EXPECT_NULL(t, p);
	LMM_EXPECT_HAS(t, c.err, "no page family 'struct point'");
	mm_instantiate_new_page_family("struct point", 64);
	fresh = lmm_family_find("struct_point");
	LMM_ASSERT_NOT_NULL(t, fresh);
	p = XCALLOC(2, struct point);
	LMM_ASSERT_NOT_NULL(t, p);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, fresh).units_in_use, 2);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, fresh).payload_bytes_in_use, 128);
	XFREE(p);
}

#define SEED_API_CASES(C) \
	C(reg_struct_registers_the_type_by_name) \
	C(struct_keyword_becomes_an_underscore) \
	C(xcalloc_returns_zeroed_units_and_xfree_frees) \
	C(duplicate_registration_prints_one_line) \
	C(bad_registrations_print_an_error) \
	C(xcalloc_of_an_unknown_type_is_null_and_says_so) \
	C(xcalloc_refuses_bad_unit_counts) \
	C(xcalloc_follows_a_reused_name_buffer) \
	C(xcalloc_alternating_names_find_their_families) \
	C(xcalloc_forgets_a_destroyed_family) \
	C(xfree_of_null_is_silent) \
	C(xfree_of_a_bad_pointer_prints_an_error) \
	C(print_memory_usage_shows_every_family) \
	C(print_memory_usage_of_one_family) \
	C(print_block_usage_maps_the_blocks) \
	C(print_registered_page_families_lists_them) \
	C(reports_print_no_pointers)

LMM_TEST_SUITE(seed_api, SEED_API_CASES);
