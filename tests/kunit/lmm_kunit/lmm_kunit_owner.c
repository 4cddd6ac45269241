// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm_kunit_owner.c - family names are unique per owner.
 *
 * Unlike the rest of this module, this file is compiled without LMM_CORE
 * (Kbuild): it sees lmm.h as a client module does, so lmm_family_create()
 * and lmm_family_find() here land in lmm_kunit's own name space.  The
 * cases check that mapping, and that the core keeps owners apart: two
 * owners may register one name, each finds its own, the default name
 * space (NULL, userspace's) is a third, and one owner still cannot
 * register a name twice.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>

#include "lmm_kunit.h"

/* Owners are compared by address only: two distinct objects will do. */
static const u8 owner_a;
static const u8 owner_b;

static void create_in(struct kunit *test, const void *owner,
		      const char *owner_name, const char *name,
		      struct lmm_family **fp)
{
	KUNIT_ASSERT_EQ(test, lmm_family_create_owned(owner, owner_name, name,
						      16, NULL, fp), 0);
	KUNIT_ASSERT_NOT_NULL(test, *fp);
}

/* What a client module writes lands under THIS_MODULE, named after it. */
static void client_calls_land_in_the_module_name_space(struct kunit *test)
{
	struct lmm_family *f;

	KUNIT_ASSERT_EQ(test, lmm_family_create("own_t", 24, NULL, &f), 0);
	KUNIT_EXPECT_STREQ(test, lmm_family_owner_name(f), KBUILD_MODNAME);
	KUNIT_EXPECT_STREQ(test, lmm_family_owner_name(f), "lmm_kunit");
	KUNIT_EXPECT_PTR_EQ(test, lmm_family_find_owned(THIS_MODULE, "own_t"), f);
	KUNIT_EXPECT_PTR_EQ(test, lmm_family_find("own_t"), f);
	KUNIT_EXPECT_NULL(test, lmm_family_find_owned(NULL, "own_t"));
	KUNIT_EXPECT_NULL(test, lmm_family_find_owned(&owner_a, "own_t"));
}

/* Two owners, one name: two families, each found by its owner. */
static void two_owners_may_register_one_name(struct kunit *test)
{
	struct lmm_family *a, *b;

	create_in(test, &owner_a, "a", "emp_t", &a);
	create_in(test, &owner_b, "b", "emp_t", &b);
	KUNIT_EXPECT_PTR_NE(test, a, b);
	KUNIT_EXPECT_PTR_EQ(test, lmm_family_find_owned(&owner_a, "emp_t"), a);
	KUNIT_EXPECT_PTR_EQ(test, lmm_family_find_owned(&owner_b, "emp_t"), b);
	KUNIT_EXPECT_STREQ(test, lmm_family_owner_name(a), "a");
	KUNIT_EXPECT_STREQ(test, lmm_family_owner_name(b), "b");
	KUNIT_EXPECT_STREQ(test, lmm_family_name(a), "emp_t");
	KUNIT_EXPECT_STREQ(test, lmm_family_name(b), "emp_t");
	/* Neither is this module's, nor the default name space's. */
	KUNIT_EXPECT_NULL(test, lmm_family_find("emp_t"));
	KUNIT_EXPECT_NULL(test, lmm_family_find_owned(NULL, "emp_t"));
}

/* NULL is a name space of its own, beside the modules'. */
static void default_name_space_is_separate(struct kunit *test)
{
	struct lmm_family *dflt, *mine, *a;

	create_in(test, NULL, "", "node_t", &dflt);
	KUNIT_EXPECT_STREQ(test, lmm_family_owner_name(dflt), "");
	KUNIT_EXPECT_NULL(test, lmm_family_find("node_t"));
	KUNIT_EXPECT_NULL(test, lmm_family_find_owned(&owner_a, "node_t"));
	KUNIT_ASSERT_EQ(test, lmm_family_create("node_t", 8, NULL, &mine), 0);
	create_in(test, &owner_a, "a", "node_t", &a);
	KUNIT_EXPECT_PTR_EQ(test, lmm_family_find_owned(NULL, "node_t"), dflt);
	KUNIT_EXPECT_PTR_EQ(test, lmm_family_find("node_t"), mine);
	KUNIT_EXPECT_PTR_EQ(test, lmm_family_find_owned(&owner_a, "node_t"), a);
	KUNIT_EXPECT_PTR_NE(test, dflt, mine);
	KUNIT_EXPECT_PTR_NE(test, mine, a);
}

/* Within one owner a name is still unique, whatever the size. */
static void one_owner_cannot_register_a_name_twice(struct kunit *test)
{
	struct lmm_family *a, *b, *again;

	create_in(test, &owner_a, "a", "dup_t", &a);
	create_in(test, &owner_b, "b", "dup_t", &b);
	again = a;
	KUNIT_EXPECT_EQ(test, lmm_family_create_owned(&owner_a, "a", "dup_t",
						      64, NULL, &again),
			-EEXIST);
	KUNIT_EXPECT_NULL(test, again);
	KUNIT_ASSERT_EQ(test, lmm_family_create("dup_t", 8, NULL, &again), 0);
	KUNIT_EXPECT_EQ(test, lmm_family_create("dup_t", 8, NULL, &again),
			-EEXIST);
	KUNIT_EXPECT_NULL(test, again);
	KUNIT_EXPECT_PTR_EQ(test, lmm_family_find_owned(&owner_a, "dup_t"), a);
	KUNIT_EXPECT_PTR_EQ(test, lmm_family_find_owned(&owner_b, "dup_t"), b);
}

/* Destroying one owner's family leaves the other's, blocks and all. */
static void destroy_leaves_the_other_owners_family(struct kunit *test)
{
	struct lmm_family *a, *b;
	void *p;

	create_in(test, &owner_a, "a", "pair_t", &a);
	create_in(test, &owner_b, "b", "pair_t", &b);
	p = lmm_alloc(b, 2, NULL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	lmm_test_fill(p, 32, 7);
	KUNIT_EXPECT_EQ(test, lmm_family_destroy(a), 0);
	KUNIT_EXPECT_NULL(test, lmm_family_find_owned(&owner_a, "pair_t"));
	KUNIT_EXPECT_PTR_EQ(test, lmm_family_find_owned(&owner_b, "pair_t"), b);
	KUNIT_EXPECT_TRUE(test, lmm_test_verify(p, 32, 7));
	KUNIT_EXPECT_EQ(test, lmm_free(b, p), 0);
}

/* Its list is in lmm_kunit_cases.h, where the count of cases is taken. */
static struct kunit_case owner_cases[] = {
	LMM_KUNIT_OWNER_CASES(LMM_KUNIT_CASE, LMM_KUNIT_CASE_PARAM)
	{}
};

/* .exit checks every family and shuts the core down. */
static struct kunit_suite lmm_kunit_owner_suite = {
	.name = "lmm_owner",
	.suite_init = lmm_kunit_suite_init,
	.exit = lmm_kunit_case_exit,
	.test_cases = owner_cases,
};

kunit_test_suite(lmm_kunit_owner_suite);
