// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * race_ops.c - the two sides of each destroy-versus-use race, and the
 * dead-handle scenarios (see race_ops.h).  Portable: lmm.h and
 * lmm_test.h only, so the CUnit and the KUnit suites run the same code.
 */
#include "race_ops.h"

void race_tally_one(struct race_tally *tl, long value, bool ok, bool refused,
		    int line)
{
	if (ok) {
		tl->done++;
	} else if (refused) {
		tl->refused++;
	} else if (!tl->wrong++) {
		tl->first_wrong = value;
		tl->first_wrong_line = line;
	}
}

u64 race_rounds(const struct race_tally *tl)
{
	return __atomic_load_n(&tl->rounds, __ATOMIC_RELAXED);
}

/* Only the owner writes; the other side reads it to know when to stop. */
void race_count_round(struct race_tally *tl)
{
	__atomic_store_n(&tl->rounds, tl->rounds + 1, __ATOMIC_RELAXED);
}

/*
 * A user's call is much faster than a destroy (which gives pages back):
 * a fixed number of them could all fall between two destroys, or all
 * find the family gone, so the user goes on until the destroyer has done
 * its share and some of the user's calls did succeed.
 */
bool race_user_done(struct race *rc, u64 min_rounds, u64 min_destroys)
{
	return rc->side[RACE_USER].rounds >= min_rounds &&
	       rc->side[RACE_USER].done > 0 &&
	       race_rounds(&rc->side[RACE_DESTROYER]) >= min_destroys;
}

static __printf(2, 0) void count_printed(void *ctx, const char *fmt,
					 va_list args)
{
	struct race *rc = ctx;
	char buf[128];

	lmm_test_vformat(buf, sizeof(buf), fmt, args);
	rc->printed++;
}

/* A family that has held blocks: pages to walk, to cache and to free. */
static void warm_up(struct lmm_family *f, struct race_tally *tl)
{
	void *p[2];
	int err = 0;
	int i;

	for (i = 0; i < 2; i++) {
		p[i] = lmm_alloc(f, (size_t)i + 1, &err);
		RACE_TALLY(tl, err, p[i], err == -EINVAL);
	}
	for (i = 0; i < 2; i++) {
		if (!p[i])
			continue;
		/* A live block keeps its family: the free must work. */
		err = lmm_free(f, p[i]);
		RACE_TALLY(tl, err, !err, false);
	}
}

void race_register_hot(struct race *rc, struct race_tally *tl)
{
	struct lmm_family *f;
	int err = lmm_family_create(RACE_NAME, RACE_BYTES, NULL, &f);

	RACE_TALLY(tl, err, !err, err == -EEXIST);
	if (err)
		return;
	__atomic_add_fetch(&rc->created, 1, __ATOMIC_RELAXED);
	warm_up(f, tl);
}

/*
 * The same without warming the new family up: when only the user
 * allocates, a pointer it freed cannot be a live block again, so a
 * second free of it must be refused.
 */
static void destroy_and_register_cold(struct race *rc, struct race_tally *tl)
{
	struct lmm_family *f;
	int err = lmm_family_destroy(lmm_family_find(RACE_NAME));

	RACE_TALLY(tl, err, !err, err == -EBUSY);
	if (!err)
		__atomic_add_fetch(&rc->destroyed, 1, __ATOMIC_RELAXED);
	err = lmm_family_create(RACE_NAME, RACE_BYTES, NULL, &f);
	RACE_TALLY(tl, err, !err, err == -EEXIST);
	if (!err)
		__atomic_add_fetch(&rc->created, 1, __ATOMIC_RELAXED);
}

void race_destroy_and_register(struct race *rc, struct race_tally *tl)
{
	int err = lmm_family_destroy(lmm_family_find(RACE_NAME));

	/* -EINVAL: another destroyer was first (find gave NULL, or stale). */
	RACE_TALLY(tl, err, !err, err == -EBUSY || err == -EINVAL);
	if (!err)
		__atomic_add_fetch(&rc->destroyed, 1, __ATOMIC_RELAXED);
	race_register_hot(rc, tl);
}

/* --- the user's side of the family races ----------------------------- */

/* Allocate through a handle that may die; the caller frees. */
static void *alloc_hot(struct race_tally *tl, u64 round,
		       struct lmm_family **fp)
{
	struct lmm_family *f = lmm_family_find(RACE_NAME);
	size_t units = 1 + round % 3;
	int err = 0;
	char *p = lmm_alloc(f, units, &err);

	*fp = f;
	/* NULL from find, or a handle destroyed since: -EINVAL. */
	RACE_TALLY(tl, err, p, err == -EINVAL);
	if (!p)
		return NULL;
	RACE_TALLY(tl, round, lmm_test_is_zero(p, units * RACE_BYTES), false);
	lmm_test_fill(p, units * RACE_BYTES, round);
	return p;
}

/*
 * With no block of the user's live: a call that takes the family lock
 * and drops it there.  A destroyer waiting for that lock gets it now and
 * can succeed, rather than find a live block (-EBUSY) every time.
 */
void race_check_hot(struct race_tally *tl)
{
	int err = lmm_family_check(lmm_family_find(RACE_NAME), NULL);

	RACE_TALLY(tl, err, err == LMM_CHECK_OK, err == LMM_CHECK_HANDLE);
}

static void use_handle(struct race *rc, struct race_tally *tl, u64 round)
{
	struct lmm_family *f;
	void *p = alloc_hot(tl, round, &f);
	int err;

	(void)rc;
	if (!p)
		return;
	/* The live block kept the family alive: the free must work. */
	err = lmm_free(f, p);
	RACE_TALLY(tl, err, !err, false);
	race_check_hot(tl);
}

static void use_free_without_handle(struct race *rc, struct race_tally *tl,
				    u64 round)
{
	struct lmm_family *f;
	void *p = alloc_hot(tl, round, &f);
	int err;

	(void)rc;
	if (!p)
		return;
	err = lmm_free(NULL, p);
	RACE_TALLY(tl, err, !err, false);
	/* Again: refused, whatever family holds the page by now. */
	err = lmm_free(NULL, p);
	RACE_TALLY(tl, err, err == -EINVAL, false);
	race_check_hot(tl);
}

static void use_stats(struct race *rc, struct race_tally *tl, u64 round)
{
	struct lmm_family *f = lmm_family_find(RACE_NAME);
	struct lmm_stats s;
	int err = lmm_family_stats(f, &s);

	(void)rc;
	RACE_TALLY(tl, err, !err, err == -EINVAL);
	if (!err)
		RACE_TALLY(tl, s.struct_bytes,
			   s.struct_bytes == RACE_BYTES && s.allocs >= s.frees,
			   false);
	/*
	 * lmm_family_name() is left out: its text lives in the family, and
	 * a family registered in the same slot rewrites it (documented).
	 */
	(void)round;
}

static void use_checker(struct race *rc, struct race_tally *tl, u64 round)
{
	struct lmm_family *f = lmm_family_find(RACE_NAME);
	int err = lmm_family_check(f, NULL);

	(void)rc;
	RACE_TALLY(tl, err, err == LMM_CHECK_OK, err == LMM_CHECK_HANDLE);
	if (round % 4 == 0) {
		err = lmm_check(NULL);
		RACE_TALLY(tl, err, err == LMM_CHECK_OK, false);
	}
}

static void use_reports(struct race *rc, struct race_tally *tl, u64 round)
{
	struct lmm_printer out = { count_printed, rc };
	struct lmm_family *f = lmm_family_find(RACE_NAME);
	u64 printed = rc->printed;

	switch (round % 4) {
	case 0:
		lmm_report_families(&out);
		/* At least the "families: N" line, whatever happened. */
		RACE_TALLY(tl, round, rc->printed > printed, false);
		break;
	case 1:
		lmm_report_usage(&out, f);
		lmm_report_usage(&out, NULL);
		RACE_TALLY(tl, round, rc->printed > printed, false);
		break;
	case 2:
		lmm_report_blocks(&out, f);
		break;
	default:
		lmm_report_leaks(&out, f);
		break;
	}
}

static void use_set_debug(struct race *rc, struct race_tally *tl, u64 round)
{
	struct lmm_family *f = lmm_family_find(RACE_NAME);
	int err;

	(void)rc;
	lmm_family_set_debug(f, round & 1);
	/* Poisoned or not, the family must stay sound. */
	err = lmm_family_check(f, NULL);
	RACE_TALLY(tl, err, err == LMM_CHECK_OK, err == LMM_CHECK_HANDLE);
}

/* Two destroyers on the same name: each handle dies once. */
static void use_destroy(struct race *rc, struct race_tally *tl, u64 round)
{
	(void)round;
	race_destroy_and_register(rc, tl);
}

/*
 * No destroy at all: set_debug (and allocations it affects) against the
 * list of families, which shows each family's debug setting and policy.
 * Nothing can crash here; only a race detector tells whether the list
 * reads them under the lock their writers hold.
 */
static void toggle_debug(struct race *rc, struct race_tally *tl)
{
	struct lmm_family *f = lmm_family_find(RACE_NAME);

	(void)rc;
	lmm_family_set_debug(f, tl->rounds & 1);
	warm_up(f, tl);
}

static void use_family_list(struct race *rc, struct race_tally *tl,
			    u64 round)
{
	struct lmm_printer out = { count_printed, rc };
	u64 printed = rc->printed;

	lmm_report_families(&out);
	/* "families: 1", the heading and the family's line. */
	RACE_TALLY(tl, round, rc->printed - printed >= 3, false);
}

/* --- regions: a handle in a shared variable, destroyed and replaced -- */

static struct lmm_region *new_region(struct race_tally *tl)
{
	struct lmm_region *r;
	int err = lmm_region_create(RACE_REGION_BYTES, LMM_WORST_FIT, &r);

	RACE_TALLY(tl, err, !err, false);
	return err ? NULL : r;
}

/* A region that has held blocks, as warm_up() for families. */
static void warm_up_region(struct lmm_region *r, struct race_tally *tl)
{
	void *p[3];
	int i, err;

	for (i = 0; i < 3; i++) {
		p[i] = lmm_region_alloc(r, 40 + 100 * i, &err);
		RACE_TALLY(tl, err, p[i], false);
	}
	for (i = 0; i < 3; i++) {
		err = lmm_region_free(r, p[i]);
		RACE_TALLY(tl, err, !err, false);
	}
}

/*
 * The new region is published before the old one goes: the user mostly
 * finds a live region, and a handle it loaded just before may die under
 * it.
 */
static void replace_region(struct race *rc, struct race_tally *tl)
{
	struct lmm_region *old = __atomic_load_n(&rc->region,
						 __ATOMIC_ACQUIRE);
	struct lmm_region *r = new_region(tl);

	if (r)
		warm_up_region(r, tl);
	__atomic_store_n(&rc->region, r, __ATOMIC_RELEASE);
	__atomic_add_fetch(&rc->created, 1, __ATOMIC_RELAXED);
	/* Live blocks go with it: the user's frees must be refused. */
	lmm_region_destroy(old);
	__atomic_add_fetch(&rc->destroyed, 1, __ATOMIC_RELAXED);
}

/*
 * The user never touches the memory: a region takes its live blocks
 * with it, so writing to them after a destroy is the caller's bug.
 */
static void use_region(struct race *rc, struct race_tally *tl, u64 round)
{
	struct lmm_region *r = __atomic_load_n(&rc->region, __ATOMIC_ACQUIRE);
	struct lmm_stats s;
	int err = 0;
	void *p = lmm_region_alloc(r, 1 + round % 200, &err);

	RACE_TALLY(tl, err, p, err == -EINVAL);
	if (p) {
		err = lmm_region_free(r, p);
		RACE_TALLY(tl, err, !err, err == -EINVAL);
	}
	err = lmm_region_stats(r, &s);
	RACE_TALLY(tl, err, !err, err == -EINVAL);
	err = lmm_region_check(r, NULL);
	RACE_TALLY(tl, err, err == LMM_CHECK_OK, err == LMM_CHECK_HANDLE);
}

#define RACE(n, u, d, ...) \
	{ .name = (n), .use = (u), .destroy = (d), __VA_ARGS__ }

const struct race_spec race_specs[] = {
	RACE("find_alloc_free", use_handle, race_destroy_and_register),
	RACE("free_without_handle", use_free_without_handle,
	     destroy_and_register_cold),
	RACE("stats", use_stats, race_destroy_and_register),
	RACE("checker", use_checker, race_destroy_and_register),
	RACE("reports", use_reports, race_destroy_and_register),
	RACE("set_debug", use_set_debug, race_destroy_and_register),
	RACE("family_list_vs_set_debug", use_family_list, toggle_debug,
	     .crash_free = true),
	RACE("two_destroyers", use_destroy, race_destroy_and_register),
	RACE("region", use_region, replace_region, .region = true),
	{ .name = NULL }
};

void race_setup(struct race *rc, const struct race_spec *spec)
{
	if (spec->region) {
		rc->region = new_region(&rc->side[RACE_DESTROYER]);
		rc->created = 1;
	} else {
		race_register_hot(rc, &rc->side[RACE_DESTROYER]);
	}
}

void race_finish(struct race *rc, const struct race_spec *spec)
{
	struct lmm_region *r = rc->region;

	if (spec->region) {
		rc->exists_at_end = r;
		rc->check_at_end = lmm_region_check(r, NULL);
		lmm_region_destroy(r);
		return;
	}
	rc->exists_at_end = lmm_family_find(RACE_NAME);
	rc->check_at_end = lmm_check(NULL);
}

/* --- dead handles, one thread ---------------------------------------- */

static void expect_refused_family(struct race *rc, struct race_tally *tl,
				  struct lmm_family *dead, void *live_block)
{
	struct lmm_printer out = { count_printed, rc };
	struct lmm_stats s;
	size_t offset;
	int err = 0;
	void *p = lmm_alloc(dead, 1, &err);
	u32 page;

	RACE_TALLY(tl, err, false, !p && err == -EINVAL);
	err = lmm_free(dead, live_block);
	RACE_TALLY(tl, err, false, err == -EINVAL);
	err = lmm_family_stats(dead, &s);
	RACE_TALLY(tl, err, false, err == -EINVAL);
	err = lmm_family_check(dead, NULL);
	RACE_TALLY(tl, err, false, err == LMM_CHECK_HANDLE);
	err = lmm_family_where(dead, live_block, &page, &offset);
	RACE_TALLY(tl, err, false, err == -EINVAL);
	RACE_TALLY(tl, 0, false, lmm_test_streq(lmm_family_name(dead), "?"));
	lmm_family_set_debug(dead, true);
	/* A number that was never a handle: the address of a variable. */
	p = lmm_alloc((struct lmm_family *)&s, 1, &err);
	RACE_TALLY(tl, err, false, !p && err == -EINVAL);
	lmm_report_usage(&out, dead);
	lmm_report_blocks(&out, dead);
	lmm_report_leaks(&out, dead);
	err = lmm_family_destroy(dead);
	RACE_TALLY(tl, err, false, err == -EINVAL);
}

void race_second_destroy(struct race *rc)
{
	struct race_tally *tl = &rc->side[RACE_USER];
	struct lmm_family *f;
	int err = lmm_family_create(RACE_NAME, RACE_BYTES, NULL, &f);

	RACE_TALLY(tl, err, !err, false);
	if (err)
		return;
	warm_up(f, tl);
	err = lmm_family_destroy(f);
	RACE_TALLY(tl, err, !err, false);
	err = lmm_family_destroy(f);
	RACE_TALLY(tl, err, false, err == -EINVAL);
	rc->check_at_end = lmm_check(NULL);
}

/* The figures a dead handle must not move. */
static bool same_figures(const struct lmm_stats *a, const struct lmm_stats *b)
{
	return a->allocs == b->allocs && a->frees == b->frees &&
	       a->blocks_in_use == b->blocks_in_use &&
	       a->failed_allocs == b->failed_allocs &&
	       a->bad_frees == b->bad_frees &&
	       a->pages_in_use == b->pages_in_use;
}

/* Destroyed handles, then a new family where their memory may be reused. */
void race_stale_family_handles(struct race *rc)
{
	struct lmm_family *dead[RACE_STALE_HANDLES], *f;
	struct race_tally *tl = &rc->side[RACE_USER];
	struct lmm_stats before, after;
	char name[16];
	void *p;
	int i, err;

	for (i = 0; i < RACE_STALE_HANDLES; i++) {
		lmm_test_format(name, sizeof(name), "old_%d", i);
		err = lmm_family_create(name, 24, NULL, &dead[i]);
		RACE_TALLY(tl, err, !err, false);
		if (err)
			return;
		warm_up(dead[i], tl);
		err = lmm_family_destroy(dead[i]);
		RACE_TALLY(tl, err, !err, false);
	}
	err = lmm_family_create(RACE_NAME, 24, NULL, &f);
	RACE_TALLY(tl, err, !err, false);
	p = lmm_alloc(f, 1, &err);
	RACE_TALLY(tl, err, p, false);
	if (!f || !p || lmm_family_stats(f, &before))
		return;
	tl->done = 0;	/* from here on, count only the checks below */
	for (i = 0; i < RACE_STALE_HANDLES; i++)
		expect_refused_family(rc, tl, dead[i], p);
	err = lmm_family_stats(f, &after);
	RACE_TALLY(tl, err, !err && same_figures(&before, &after), false);
	RACE_TALLY(tl, 0, lmm_family_find(RACE_NAME) == f, false);
	err = lmm_free(f, p);
	RACE_TALLY(tl, err, !err, false);
	rc->check_at_end = lmm_family_check(f, NULL);
}

static void expect_refused_region(struct race_tally *tl,
				  struct lmm_region *dead, void *block)
{
	struct lmm_stats s;
	int err = 0;
	void *p = lmm_region_alloc(dead, 64, &err);

	RACE_TALLY(tl, err, false, !p && err == -EINVAL);
	err = lmm_region_free(dead, block);
	RACE_TALLY(tl, err, false, err == -EINVAL);
	err = lmm_region_stats(dead, &s);
	RACE_TALLY(tl, err, false, err == -EINVAL);
	err = lmm_region_check(dead, NULL);
	RACE_TALLY(tl, err, false, err == LMM_CHECK_HANDLE);
	RACE_TALLY(tl, 0, false, !lmm_region_base(dead));
	lmm_region_set_debug(dead, true);
	lmm_region_destroy(dead);	/* again: nothing to do, no crash */
}

void race_stale_region_handles(struct race *rc)
{
	struct lmm_region *dead[RACE_STALE_HANDLES], *r;
	struct race_tally *tl = &rc->side[RACE_USER];
	void *old_block[RACE_STALE_HANDLES];
	struct lmm_stats before, after;
	void *p;
	int i, err;

	for (i = 0; i < RACE_STALE_HANDLES; i++) {
		dead[i] = new_region(tl);
		if (!dead[i])
			return;
		old_block[i] = lmm_region_alloc(dead[i], 100, NULL);
		RACE_TALLY(tl, 0, old_block[i], false);
		lmm_region_destroy(dead[i]);
	}
	r = new_region(tl);
	p = r ? lmm_region_alloc(r, 100, NULL) : NULL;
	RACE_TALLY(tl, 0, p, false);
	if (!p || lmm_region_stats(r, &before))
		return;
	tl->done = 0;	/* from here on, count only the checks below */
	/* Each dead handle frees a block of its own, or the new region's. */
	for (i = 0; i < RACE_STALE_HANDLES; i++)
		expect_refused_region(tl, dead[i], i % 2 ? p : old_block[i]);
	err = lmm_region_stats(r, &after);
	RACE_TALLY(tl, err, !err && same_figures(&before, &after), false);
	RACE_TALLY(tl, 0, !lmm_region_free(r, p), false);
	rc->check_at_end = lmm_region_check(r, NULL);
	lmm_region_destroy(r);
}
