// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * family_cases.c - registering, finding and destroying page families.
 */
#include "lmm_test.h"

static void register_then_find_by_name(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "emp_t", 36, NULL);
	struct lmm_stats s;

	LMM_ASSERT_NOT_NULL(t, f);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find("emp_t"), f);
	LMM_EXPECT_STREQ(t, lmm_family_name(f), "emp_t");
	s = lmm_test_stats(t, f);
	LMM_EXPECT_EQ(t, s.struct_bytes, 36);
}

static void find_of_unknown_name_is_null(struct lmm_test *t)
{
	LMM_EXPECT_NULL(t, lmm_family_find("nobody"));
	lmm_test_family(t, "somebody", 8, NULL);
	LMM_EXPECT_NULL(t, lmm_family_find("nobody"));
	/* A prefix or an extension of a registered name is another name. */
	LMM_EXPECT_NULL(t, lmm_family_find("somebod"));
	LMM_EXPECT_NULL(t, lmm_family_find("somebody2"));
}

static void names_are_case_sensitive(struct lmm_test *t)
{
	struct lmm_family *lower = lmm_test_family(t, "node", 16, NULL);
	struct lmm_family *upper = lmm_test_family(t, "NODE", 32, NULL);

	LMM_ASSERT(t, lower && upper);
	LMM_EXPECT_PTR_NE(t, lower, upper);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find("node"), lower);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find("NODE"), upper);
	LMM_EXPECT_NULL(t, lmm_family_find("Node"));
}

static void every_allowed_character_is_accepted(struct lmm_test *t)
{
	const char *name = "azAZ09_xyzXYZ_5";

	LMM_EXPECT_NOT_NULL(t, lmm_test_family(t, name, 1, NULL));
	LMM_EXPECT_NOT_NULL(t, lmm_family_find(name));
	LMM_EXPECT_NOT_NULL(t, lmm_test_family(t, "_", 1, NULL));
	LMM_EXPECT_NOT_NULL(t, lmm_test_family(t, "7", 1, NULL));
}

static void name_of_31_chars_is_accepted(struct lmm_test *t)
{
	const char *name = "abcdefghij_abcdefghij_abcdefghi";

	LMM_ASSERT_EQ(t, lmm_test_strlen(name), LMM_NAME_MAX);
	LMM_EXPECT_NOT_NULL(t, lmm_test_family(t, name, 4, NULL));
	LMM_EXPECT_NOT_NULL(t, lmm_family_find(name));
}

/* A refused registration leaves the handle NULL and registers nothing. */
static void expect_refused(struct lmm_test *t, const char *name,
			   size_t bytes, const struct lmm_family_opts *opts)
{
	struct lmm_family *f = (struct lmm_family *)&f;	/* not NULL */

	LMM_EXPECT_EQ(t, lmm_family_create(name, bytes, opts, &f), -EINVAL);
	LMM_EXPECT_NULL(t, f);
	if (name)
		LMM_EXPECT_NULL(t, lmm_family_find(name));
}

static void name_of_32_chars_is_refused(struct lmm_test *t)
{
	const char *name = "abcdefghij_abcdefghij_abcdefghij";

	LMM_ASSERT_EQ(t, lmm_test_strlen(name), LMM_NAME_MAX + 1);
	expect_refused(t, name, 4, NULL);
}

static void empty_name_is_refused(struct lmm_test *t)
{
	expect_refused(t, "", 4, NULL);
}

static void null_name_is_refused(struct lmm_test *t)
{
	expect_refused(t, NULL, 4, NULL);
}

static void name_with_space_is_refused(struct lmm_test *t)
{
	expect_refused(t, "struct foo", 4, NULL);
	expect_refused(t, " foo", 4, NULL);
	expect_refused(t, "foo ", 4, NULL);
}

static void name_with_dash_or_punctuation_is_refused(struct lmm_test *t)
{
	expect_refused(t, "foo-bar", 4, NULL);
	expect_refused(t, "foo.bar", 4, NULL);
	expect_refused(t, "foo/bar", 4, NULL);
	expect_refused(t, "caf\xc3\xa9", 4, NULL);
}

static void size_zero_is_refused(struct lmm_test *t)
{
	expect_refused(t, "empty_t", 0, NULL);
}

static void unknown_policy_is_refused(struct lmm_test *t)
{
	struct lmm_family_opts opts = { .policy = (enum lmm_policy)3 };

	expect_refused(t, "policy_t", 8, &opts);
	opts.policy = (enum lmm_policy)-1;
	expect_refused(t, "policy_t", 8, &opts);
}

static void null_handle_pointer_is_refused(struct lmm_test *t)
{
	LMM_EXPECT_EQ(t, lmm_family_create("x", 8, NULL, NULL), -EINVAL);
	LMM_EXPECT_NULL(t, lmm_family_find("x"));
}

static void duplicate_name_is_refused_with_eexist(struct lmm_test *t)
{
	struct lmm_family *first = lmm_test_family(t, "dup_t", 8, NULL);
	struct lmm_family *second = first;

	LMM_ASSERT_NOT_NULL(t, first);
	LMM_EXPECT_EQ(t, lmm_family_create("dup_t", 8, NULL, &second),
		      -EEXIST);
	LMM_EXPECT_NULL(t, second);
	/* A different size does not make it a different family. */
	LMM_EXPECT_EQ(t, lmm_family_create("dup_t", 64, NULL, &second),
		      -EEXIST);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find("dup_t"), first);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, first).struct_bytes, 8);
}

static void destroy_with_live_blocks_is_busy(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "busy_t", 24, NULL);
	void *p;

	LMM_ASSERT_NOT_NULL(t, f);
	p = lmm_alloc(f, 1, NULL);
	LMM_ASSERT_NOT_NULL(t, p);
	LMM_EXPECT_EQ(t, lmm_family_destroy(f), -EBUSY);
	/* Still registered, still usable. */
	LMM_EXPECT_PTR_EQ(t, lmm_family_find("busy_t"), f);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).blocks_in_use, 1);
	LMM_EXPECT_EQ(t, lmm_free(f, p), 0);
	LMM_EXPECT_EQ(t, lmm_family_destroy(f), 0);
	LMM_EXPECT_NULL(t, lmm_family_find("busy_t"));
}

static void destroy_then_register_again_works(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "again_t", 24, NULL);
	void *p;

	LMM_ASSERT_NOT_NULL(t, f);
	p = lmm_alloc(f, 3, NULL);
	LMM_EXPECT_EQ(t, lmm_free(f, p), 0);
	LMM_ASSERT_EQ(t, lmm_family_destroy(f), 0);
	LMM_EXPECT_NULL(t, lmm_family_find("again_t"));
	f = lmm_test_family(t, "again_t", 100, NULL);
	LMM_ASSERT_NOT_NULL(t, f);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find("again_t"), f);
	/* The new family starts from nothing. */
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).struct_bytes, 100);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).allocs, 0);
	p = lmm_alloc(f, 2, NULL);
	LMM_EXPECT_NOT_NULL(t, p);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).payload_bytes_in_use, 200);
	LMM_EXPECT_EQ(t, lmm_free(f, p), 0);
}

static void destroy_of_bad_handle_is_refused(struct lmm_test *t)
{
	LMM_EXPECT_EQ(t, lmm_family_destroy(NULL), -EINVAL);
}

static void destroy_leaves_other_families_alone(struct lmm_test *t)
{
	struct lmm_family *a = lmm_test_family(t, "a_t", 16, NULL);
	struct lmm_family *b = lmm_test_family(t, "b_t", 16, NULL);
	struct lmm_family *c = lmm_test_family(t, "c_t", 16, NULL);
	void *pa, *pc;

	LMM_ASSERT(t, a && b && c);
	pa = lmm_alloc(a, 1, NULL);
	pc = lmm_alloc(c, 1, NULL);
	lmm_test_fill(pa, 16, 1);
	lmm_test_fill(pc, 16, 3);
	LMM_EXPECT_EQ(t, lmm_family_destroy(b), 0);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find("a_t"), a);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find("c_t"), c);
	LMM_EXPECT(t, lmm_test_verify(pa, 16, 1));
	LMM_EXPECT(t, lmm_test_verify(pc, 16, 3));
	LMM_EXPECT_EQ(t, lmm_free(a, pa), 0);
	LMM_EXPECT_EQ(t, lmm_free(c, pc), 0);
}

/* The registry iterators walk the families in the order of creation. */
static void families_are_listed_in_creation_order(struct lmm_test *t)
{
	static const char *const names[] = { "zeta", "alpha", "mid" };
	struct lmm_family *f;
	unsigned int i = 0;

	for (i = 0; i < 3; i++)
		lmm_test_family(t, names[i], 8 + i, NULL);
	i = 0;
	lmm_registry_lock();
	for (f = lmm_family_first(); f; f = lmm_family_next(f)) {
		if (i < 3)
			LMM_EXPECT_STREQ(t, lmm_family_name(f), names[i]);
		i++;
	}
	lmm_registry_unlock();
	LMM_EXPECT_EQ(t, i, 3);
}

static void name_of_bad_handle_is_question_mark(struct lmm_test *t)
{
	LMM_EXPECT_STREQ(t, lmm_family_name(NULL), "?");
}

/* More than the 512 buckets the name table starts with. */
#define NFAMILIES 600

static void many_families_can_coexist(struct lmm_test *t)
{
	struct lmm_family **f = lmm_test_mem(t, NFAMILIES * sizeof(*f));
	char name[16];
	int i;

	LMM_ASSERT_NOT_NULL(t, f);
	for (i = 0; i < NFAMILIES; i++) {
		lmm_test_format(name, sizeof(name), "fam_%d", i);
		f[i] = lmm_test_family(t, name, (size_t)i + 1, NULL);
	}
	for (i = 0; i < NFAMILIES; i++) {
		lmm_test_format(name, sizeof(name), "fam_%d", i);
		LMM_EXPECT_PTR_EQ(t, lmm_family_find(name), f[i]);
	}
	for (i = 0; i < NFAMILIES; i += 2)
		LMM_EXPECT_EQ(t, lmm_family_destroy(f[i]), 0);
	for (i = 0; i < NFAMILIES; i++) {
		lmm_test_format(name, sizeof(name), "fam_%d", i);
		if (i % 2)
			LMM_EXPECT_PTR_EQ(t, lmm_family_find(name), f[i]);
		else
			LMM_EXPECT_NULL(t, lmm_family_find(name));
	}
}

/* lmm_shutdown() forgets every family: names can be registered again. */
static void shutdown_forgets_every_family(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "gone_t", 8, NULL);

	LMM_ASSERT_NOT_NULL(t, lmm_alloc(f, 1, NULL));
	lmm_shutdown();
	LMM_EXPECT_NULL(t, lmm_family_find("gone_t"));
	LMM_EXPECT_NOT_NULL(t, lmm_test_family(t, "gone_t", 8, NULL));
}

/*
 * Owners (modules, /proc, in the kernel) are compared by address only:
 * any two distinct objects are two name spaces.
 */
static const u8 owner_a;
static const u8 owner_b;

static struct lmm_family *owned(struct lmm_test *t, const void *owner,
				const char *owner_name, const char *name)
{
	struct lmm_family *f = NULL;

	LMM_EXPECT_EQ(t, lmm_family_create_owned(owner, owner_name, name, 16,
						 NULL, &f), 0);
	return f;
}

/* Two owners may register one name; each finds its own family. */
static void two_owners_may_register_one_name(struct lmm_test *t)
{
	struct lmm_family *a = owned(t, &owner_a, "a", "emp_t");
	struct lmm_family *b = owned(t, &owner_b, "b", "emp_t");
	void *p;

	LMM_ASSERT(t, a && b);
	LMM_EXPECT_PTR_NE(t, a, b);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find_owned(&owner_a, "emp_t"), a);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find_owned(&owner_b, "emp_t"), b);
	LMM_EXPECT_STREQ(t, lmm_family_owner_name(a), "a");
	LMM_EXPECT_STREQ(t, lmm_family_owner_name(b), "b");
	LMM_EXPECT_STREQ(t, lmm_family_name(b), "emp_t");
	/* Blocks of one are not blocks of the other. */
	p = lmm_alloc(a, 1, NULL);
	LMM_ASSERT_NOT_NULL(t, p);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, a).blocks_in_use, 1);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, b).blocks_in_use, 0);
	LMM_EXPECT_EQ(t, lmm_free(b, p), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_free(a, p), 0);
}

/* The default name space (NULL: lmm_family_create()) is one more. */
static void default_name_space_is_separate_from_owners(struct lmm_test *t)
{
	struct lmm_family *a = owned(t, &owner_a, "a", "node_t");
	struct lmm_family *dflt;

	LMM_ASSERT_NOT_NULL(t, a);
	LMM_EXPECT_NULL(t, lmm_family_find("node_t"));
	LMM_EXPECT_NULL(t, lmm_family_find_owned(NULL, "node_t"));
	dflt = lmm_test_family(t, "node_t", 8, NULL);
	LMM_ASSERT_NOT_NULL(t, dflt);
	LMM_EXPECT_PTR_NE(t, dflt, a);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find("node_t"), dflt);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find_owned(NULL, "node_t"), dflt);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find_owned(&owner_a, "node_t"), a);
	LMM_EXPECT_NULL(t, lmm_family_find_owned(&owner_b, "node_t"));
	LMM_EXPECT_STREQ(t, lmm_family_owner_name(dflt), "");
}

/* Within one owner a name stays unique, whatever the size. */
static void one_owner_cannot_register_a_name_twice(struct lmm_test *t)
{
	struct lmm_family *a = owned(t, &owner_a, "a", "dup_t");
	struct lmm_family *b = owned(t, &owner_b, "b", "dup_t");
	struct lmm_family *again = a;

	LMM_ASSERT(t, a && b);
	LMM_EXPECT_EQ(t, lmm_family_create_owned(&owner_a, "a", "dup_t", 64,
						 NULL, &again), -EEXIST);
	LMM_EXPECT_NULL(t, again);
	LMM_EXPECT_PTR_EQ(t, lmm_family_find_owned(&owner_a, "dup_t"), a);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, a).struct_bytes, 16);
}

/* Destroying one owner's family leaves the other's, and frees its name. */
static void destroy_leaves_the_other_owners_family(struct lmm_test *t)
{
	struct lmm_family *a = owned(t, &owner_a, "a", "pair_t");
	struct lmm_family *b = owned(t, &owner_b, "b", "pair_t");
	void *p;

	LMM_ASSERT(t, a && b);
	p = lmm_alloc(b, 2, NULL);
	LMM_ASSERT_NOT_NULL(t, p);
	lmm_test_fill(p, 32, 5);
	LMM_EXPECT_EQ(t, lmm_family_destroy(a), 0);
	LMM_EXPECT_NULL(t, lmm_family_find_owned(&owner_a, "pair_t"));
	LMM_EXPECT_PTR_EQ(t, lmm_family_find_owned(&owner_b, "pair_t"), b);
	LMM_EXPECT(t, lmm_test_verify(p, 32, 5));
	LMM_EXPECT_NOT_NULL(t, owned(t, &owner_a, "a", "pair_t"));
	LMM_EXPECT_EQ(t, lmm_free(b, p), 0);
}

/* An owner's name longer than a family name is cut, never overrun. */
static void long_owner_name_is_cut_to_31_chars(struct lmm_test *t)
{
	const char *longer = "an_owner_name_of_forty_characters_long__";
	struct lmm_family *f = owned(t, &owner_a, longer, "cut_t");

	LMM_ASSERT_NOT_NULL(t, f);
	LMM_EXPECT_EQ(t, lmm_test_strlen(lmm_family_owner_name(f)),
		      LMM_NAME_MAX);
	LMM_EXPECT_STREQ(t, lmm_family_owner_name(f),
			 "an_owner_name_of_forty_characte");
	LMM_EXPECT_STREQ(t, lmm_family_owner_name(NULL), "?");
}

#define FAMILY_CASES(C) \
	C(register_then_find_by_name) \
	C(find_of_unknown_name_is_null) \
	C(names_are_case_sensitive) \
	C(every_allowed_character_is_accepted) \
	C(name_of_31_chars_is_accepted) \
	C(name_of_32_chars_is_refused) \
	C(empty_name_is_refused) \
	C(null_name_is_refused) \
	C(name_with_space_is_refused) \
	C(name_with_dash_or_punctuation_is_refused) \
	C(size_zero_is_refused) \
	C(unknown_policy_is_refused) \
	C(null_handle_pointer_is_refused) \
	C(duplicate_name_is_refused_with_eexist) \
	C(destroy_with_live_blocks_is_busy) \
	C(destroy_then_register_again_works) \
	C(destroy_of_bad_handle_is_refused) \
	C(destroy_leaves_other_families_alone) \
	C(families_are_listed_in_creation_order) \
	C(name_of_bad_handle_is_question_mark) \
	C(many_families_can_coexist) \
	C(shutdown_forgets_every_family) \
	C(two_owners_may_register_one_name) \
	C(default_name_space_is_separate_from_owners) \
	C(one_owner_cannot_register_a_name_twice) \
	C(destroy_leaves_the_other_owners_family) \
	C(long_owner_name_is_cut_to_31_chars)

LMM_TEST_SUITE(family, FAMILY_CASES);
