// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm_kunit_adapter.c - lmm_test.h on top of KUnit, and the module.
 *
 * Every portable suite of tests/cases/ becomes a KUnit suite "lmm_<name>"
 * whose cases run the very case bodies the CUnit runner runs: the KUnit
 * tables are made in each file of cases, from the list of cases at its
 * end (lmm_kunit_suite.h), and each case's trampoline lands here.
 *
 * A failed check is a KUNIT_FAIL() naming the case's file and line; test
 * memory is kvzalloc()ed, tracked and freed when the case ends, after the
 * same end-of-case cleanup the CUnit adapter does.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

/* First, as Kbuild puts it first in the files of cases (see there). */
#include "lmm_kunit_suite.h"

#include "internal.h"
#include "lmm_kunit.h"

/**
 * struct lmm_kunit_adapter - what one running portable case needs
 * @test: the KUnit case the checks report to
 * @mem: test memory to free when the case ends
 */
struct lmm_kunit_adapter {
	struct kunit *test;
	struct list_head mem;
};

/* A block of test memory; the data follows, aligned like a kmalloc(). */
struct lmm_kunit_mem {
	struct list_head node;
	unsigned long long data[] __aligned(16);
};

static struct kunit *kunit_of(struct lmm_test *t)
{
	return ((struct lmm_kunit_adapter *)t->adapter)->test;
}

bool lmm_test_report(struct lmm_test *t, bool ok, const char *file, int line,
		     const char *what)
{
	if (!ok) {
		t->failures++;
		KUNIT_FAIL(kunit_of(t), "%s:%d: %s", file, line, what);
	}
	return ok;
}

bool lmm_test_report_cmp(struct lmm_test *t, bool ok, const char *file,
			 int line, const char *what, long long left,
			 long long right)
{
	if (!ok) {
		t->failures++;
		KUNIT_FAIL(kunit_of(t), "%s:%d: %s (left %lld, right %lld)",
			   file, line, what, left, right);
	}
	return ok;
}

/*
 * kvzalloc(): the model cases ask for tens of KiB at a time, which need
 * not be physically contiguous.
 */
void *lmm_test_mem(struct lmm_test *t, size_t bytes)
{
	struct lmm_kunit_adapter *a = t->adapter;
	struct lmm_kunit_mem *m;

	m = kvzalloc(struct_size(m, data, 0) + bytes, GFP_KERNEL);
	if (!m)
		return NULL;
	list_add(&m->node, &a->mem);
	return m->data;
}

int lmm_test_vformat(char *buf, size_t size, const char *fmt, va_list args)
{
	return vsnprintf(buf, size, fmt, args);
}

/**
 * lmm_kunit_run_case() - run one portable case as a KUnit case
 * @test: the KUnit case
 * @name: the portable case's name
 * @run: its body
 */
void lmm_kunit_run_case(struct kunit *test, const char *name,
			void (*run)(struct lmm_test *t))
{
	struct lmm_kunit_adapter a = { .test = test };
	struct lmm_test t = { .adapter = &a };
	struct lmm_kunit_mem *m, *next;

	INIT_LIST_HEAD(&a.mem);
	lmm_test_case_begin(&t, name);
	/* LMM_ASSERT_* return from the case: the cleanup below always runs. */
	run(&t);
	lmm_test_case_end(&t);
	list_for_each_entry_safe(m, next, &a.mem, node)
		kvfree(m);
}

/* Whether any family is registered, by anyone. */
static bool core_has_families(void)
{
	bool any;

	lmm_registry_lock();
	any = lmm_family_first();
	lmm_registry_unlock();
	return any;
}

/**
 * lmm_kunit_suite_init() - refuse to run beside other users of lmm.ko
 * @suite: the suite about to run
 *
 * The cases end with lmm_shutdown(), which frees every family of every
 * owner: beside a client of lmm.ko, or families made through /proc/lmm,
 * that would pull memory from under them.  Every suite that touches the
 * core starts from an empty registry (each one before it ended with a
 * shutdown), so any family here is someone else's: the suite then fails
 * to start, and the run misses its cases.
 *
 * Return: 0, or -EBUSY when lmm.ko holds families.
 */
int lmm_kunit_suite_init(struct kunit_suite *suite)
{
	if (!core_has_families())
		return 0;
	pr_err("lmm_kunit: %s not run: lmm.ko has families of other users; load lmm_kunit.ko only into a fresh lmm.ko\n",
	       suite->name);
	return -EBUSY;
}

void lmm_kunit_case_exit(struct kunit *test)
{
	int err = lmm_check(NULL);

	KUNIT_EXPECT_EQ_MSG(test, err, LMM_CHECK_OK, "lmm_check(): %s",
			    lmm_violation_name(err));
	lmm_shutdown();
	lmm_set_cache_pages_default(LMM_CACHE_PAGES_DEFAULT);
}

/* Owners are compared by address only. */
static const u8 other_user;

/* A family of another user stops every suite that would shut it down. */
static void suites_refuse_to_run_beside_other_users(struct kunit *test)
{
	static struct kunit_suite probe = { .name = "lmm_guard_probe" };
	struct kunit_suite *suite = &probe;
	struct lmm_family *f;

	KUNIT_ASSERT_EQ(test, lmm_kunit_suite_init(suite), 0);
	KUNIT_ASSERT_EQ(test, lmm_family_create_owned(&other_user, "other",
						      "theirs_t", 24, NULL, &f),
			0);
	KUNIT_EXPECT_EQ(test, lmm_kunit_suite_init(suite), -EBUSY);
	KUNIT_EXPECT_EQ(test, lmm_family_destroy(f), 0);
	KUNIT_EXPECT_EQ(test, lmm_kunit_suite_init(suite), 0);
}

/* Test memory is zeroed, aligned, usable to its end and freed at case end. */
static void test_mem_is_zeroed_and_aligned(struct kunit *test)
{
	struct lmm_kunit_adapter a = { .test = test };
	struct lmm_test t = { .adapter = &a };
	struct lmm_kunit_mem *m, *next;
	size_t sizes[] = { 1, 100, PAGE_SIZE, 5 * PAGE_SIZE + 3 };
	size_t i;

	INIT_LIST_HEAD(&a.mem);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned char *p = lmm_test_mem(&t, sizes[i]);

		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_EQ(test, (unsigned long)p % 16, 0UL);
		KUNIT_EXPECT_TRUE(test, lmm_test_is_zero(p, sizes[i]));
		memset(p, 0x5a, sizes[i]);
	}
	list_for_each_entry_safe(m, next, &a.mem, node)
		kvfree(m);
}

/* A report captured through lmm_test_vprint() is formatted, not raw. */
static void text_printer_formats_and_truncates(struct kunit *test)
{
	struct lmm_kunit_adapter a = { .test = test };
	struct lmm_test t = { .adapter = &a };
	struct lmm_kunit_mem *m, *next;
	struct lmm_test_text *text;

	INIT_LIST_HEAD(&a.mem);
	text = lmm_test_text(&t, 16);
	KUNIT_ASSERT_NOT_NULL(test, text);
	lmm_print(&text->printer, "%s=%d", "units", 42);
	KUNIT_EXPECT_STREQ(test, text->buf, "units=42");
	KUNIT_EXPECT_FALSE(test, text->truncated);
	lmm_print(&text->printer, " and a tail too long");
	KUNIT_EXPECT_TRUE(test, text->truncated);
	KUNIT_EXPECT_EQ(test, strlen(text->buf), 15UL);
	list_for_each_entry_safe(m, next, &a.mem, node)
		kvfree(m);
}

/* Its list is in lmm_kunit_cases.h, where the count of cases is taken. */
static struct kunit_case adapter_cases[] = {
	LMM_KUNIT_ADAPTER_CASES(LMM_KUNIT_CASE, LMM_KUNIT_CASE_PARAM)
	{}
};

/* .exit: a failed guard case must not leave its family to the next suite. */
static struct kunit_suite adapter_suite = {
	.name = "lmm_kunit_adapter",
	.suite_init = lmm_kunit_suite_init,
	.exit = lmm_kunit_case_exit,
	.test_cases = adapter_cases,
};

kunit_test_suite(adapter_suite);

/*
 * On 6.1 the suites have run by the time module_init is called.  Blocks
 * are then left live in lmm.ko, as a client that forgets to free leaves
 * them, past this module's rmmod: lmm.ko's own unload must reclaim them,
 * and the kmemleak scan after both rmmods proves it.
 */
static int __init lmm_kunit_init(void)
{
	return lmm_kunit_leave_live_blocks();
}

/* Nothing to undo: what module_init left is lmm.ko's to reclaim. */
static void __exit lmm_kunit_exit(void)
{
}

module_init(lmm_kunit_init);
module_exit(lmm_kunit_exit);

/* The insides of lmm.ko that white-box cases reach: exports_kunit.c. */
MODULE_IMPORT_NS(LMM_KUNIT);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("lmm: KUnit suites over the portable cases and the kernel port");
