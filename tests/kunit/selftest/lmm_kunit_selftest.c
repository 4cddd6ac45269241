// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Self-test of the KUnit pipeline (scripts/kunit/), not a test of lmm: one
 * suite of three cases that pass, and switches that each make the run fail
 * on purpose in one way the pipeline must catch.
 *
 * On 6.1 KUnit runs a module's suites when the module is coming, before its
 * parameters are parsed and before its module_init: a parameter cannot steer
 * a case. The cases' mistakes are therefore chosen when building:
 *
 *   KCFLAGS=-DSELFTEST_FAIL=1  a case's expectation is false ("not ok")
 *   KCFLAGS=-DSELFTEST_SKIP=1  a case skips itself (a skip nobody asked for)
 *
 * and the module_init's mistakes by parameters, at insmod:
 *
 *   leak=1     kmalloc() a buffer that is never freed (kmemleak)
 *   lockdep=1  take two mutexes in both orders (lockdep)
 *   kasan=1    read past the end of a vmalloc()ed buffer (KASAN)
 */
#include <kunit/test.h>
#include <linux/compiler.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#ifndef SELFTEST_FAIL
#define SELFTEST_FAIL 0
#endif
#ifndef SELFTEST_SKIP
#define SELFTEST_SKIP 0
#endif

static bool leak;
module_param(leak, bool, 0444);
MODULE_PARM_DESC(leak, "leak a kmalloc()ed buffer from module init");

static bool lockdep;
module_param(lockdep, bool, 0444);
MODULE_PARM_DESC(lockdep, "take two mutexes in opposite orders in module init");

static bool kasan;
module_param(kasan, bool, 0444);
MODULE_PARM_DESC(kasan, "read out of the bounds of a vmalloc()ed buffer in module init");

/* Plain arithmetic; SELFTEST_FAIL turns the second expectation false. */
static void selftest_arith(struct kunit *test)
{
	int four = 2 + 2;

	KUNIT_EXPECT_EQ(test, four, 4);
	KUNIT_EXPECT_EQ_MSG(test, four + SELFTEST_FAIL, 4,
			    "failing on purpose (SELFTEST_FAIL)");
}

/* A zeroed slab buffer that KUnit frees when the case ends. */
static void selftest_kzalloc(struct kunit *test)
{
	unsigned char *buf;

	if (SELFTEST_SKIP)
		kunit_skip(test, "skipping on purpose (SELFTEST_SKIP)");
	buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, buf[0], 0);
	KUNIT_EXPECT_EQ(test, buf[63], 0);
}

/* A vmalloc()ed buffer of a few pages, used to its last byte and freed. */
static void selftest_vmalloc(struct kunit *test)
{
	size_t size = 3 * PAGE_SIZE + 100;
	unsigned char *buf = vmalloc(size);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(buf));
	memset(buf, 0xa5, size);
	KUNIT_EXPECT_EQ(test, buf[size - 1], 0xa5);
	vfree(buf);
}

static struct kunit_case selftest_cases[] = {
	KUNIT_CASE(selftest_arith),
	KUNIT_CASE(selftest_kzalloc),
	KUNIT_CASE(selftest_vmalloc),
	{}
};

static struct kunit_suite selftest_suite = {
	.name = "lmm_kunit_selftest",
	.test_cases = selftest_cases,
};
kunit_test_suite(selftest_suite);

/* Kept in module data only: once the module is gone, nothing points to it. */
static void *selftest_leaked;

static DEFINE_MUTEX(selftest_lock_a);
static DEFINE_MUTEX(selftest_lock_b);

/* Two paths that nest the same two mutexes in opposite orders: run one after
 * the other they never deadlock, but lockdep sees the possible cycle. */
static void selftest_lock_ab(void)
{
	mutex_lock(&selftest_lock_a);
	mutex_lock(&selftest_lock_b);
	mutex_unlock(&selftest_lock_b);
	mutex_unlock(&selftest_lock_a);
}

static void selftest_lock_ba(void)
{
	mutex_lock(&selftest_lock_b);
	mutex_lock(&selftest_lock_a);
	mutex_unlock(&selftest_lock_a);
	mutex_unlock(&selftest_lock_b);
}

/* Reads the byte 12 past the end of a 100-byte vmalloc()ed buffer: inside the
 * mapped page, so only KASAN_VMALLOC can tell it is out of bounds. */
static void selftest_vmalloc_oob(void)
{
	size_t size = 100, past = 12;
	unsigned char *buf = vmalloc(size);

	if (!buf)
		return;
	OPTIMIZER_HIDE_VAR(past);
	pr_info("lmm_kunit_selftest: byte past the end: %u\n",
		READ_ONCE(buf[size + past]));
	vfree(buf);
}

static int __init selftest_init(void)
{
	if (leak) {
		selftest_leaked = kmalloc(96, GFP_KERNEL);
		pr_info("lmm_kunit_selftest: leaking %p on purpose\n", selftest_leaked);
	}
	if (lockdep) {
		selftest_lock_ab();
		selftest_lock_ba();
	}
	if (kasan)
		selftest_vmalloc_oob();
	return 0;
}

static void __exit selftest_exit(void)
{
}

module_init(selftest_init);
module_exit(selftest_exit);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("lmm: self-test of the KUnit test pipeline");
