/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * race_ops.h - destroy racing with use (issue 9, point 4): what the two
 * threads of each race do, and the dead-handle scenarios, written once
 * for both worlds.  The adapters bring the threads and the judging:
 * tests/cunit/race_tests.c (pthreads, each race in a child process, so a
 * crash fails one case) and tests/kunit/lmm_kunit/lmm_kunit_race.c
 * (kthreads).
 *
 * In each race a *user* thread loops an operation on the family "hot_t"
 * while a *destroyer* loops lmm_family_destroy(lmm_family_find("hot_t"))
 * and registers the name again.  A handle may die at any moment, so
 * every call must succeed or return what lmm.h documents for a bad
 * handle (-EINVAL, NULL with -EINVAL, LMM_CHECK_HANDLE, the name "?"),
 * and a family with a live block must stay (-EBUSY).  The threads only
 * count (struct race_tally); they never call the test framework.
 */
#ifndef LMM_RACE_OPS_H
#define LMM_RACE_OPS_H

#include "lmm_test.h"

#define RACE_NAME		"hot_t"
#define RACE_BYTES		36
#define RACE_STALE_HANDLES	16
#define RACE_REGION_BYTES	(64 * 1024)

/*
 * The results of one thread.  @wrong counts results lmm.h does not
 * allow; the first is kept (value and line of race_ops.c) for the
 * failure message.  @rounds is read by the other thread (atomically).
 */
struct race_tally {
	u64 rounds;
	u64 done;		/* calls that succeeded */
	u64 refused;		/* calls refused with a documented error */
	u64 wrong;
	long first_wrong;
	int first_wrong_line;
};

enum { RACE_USER, RACE_DESTROYER, RACE_SIDES };

/* One race (or dead-handle scenario) and what it found. */
struct race {
	struct race_tally side[RACE_SIDES];
	bool stop;		/* atomic: the user is done */
	u64 created;		/* atomic: registrations of "hot_t" ... */
	u64 destroyed;		/* atomic: ... and destroys, or regions */
	u64 printed;		/* report lines the user thread got */
	struct lmm_region *region;	/* atomic: the region being raced */
	bool exists_at_end;	/* "hot_t" (or the region) is there after */
	int check_at_end;	/* lmm_check() (lmm_region_check()) after */
};

/**
 * struct race_spec - one race
 * @name: for the test output
 * @use: one round of the user thread
 * @destroy: one round of the destroyer
 * @region: races a region (race_setup() makes it) rather than "hot_t"
 * @crash_free: nothing in it can crash, only a race detector can fail it
 */
struct race_spec {
	const char *name;
	void (*use)(struct race *rc, struct race_tally *tl, u64 round);
	void (*destroy)(struct race *rc, struct race_tally *tl);
	bool region;
	bool crash_free;
};

/* Count one result: @ok a success, @refused a documented refusal. */
#define RACE_TALLY(tl, value, ok, refused) \
	race_tally_one((tl), (long)(value), (ok), (refused), __LINE__)

void race_tally_one(struct race_tally *tl, long value, bool ok, bool refused,
		    int line);

/* The races of race_ops.c, ended by an entry with a NULL name. */
extern const struct race_spec race_specs[];

/* Before the threads start, and after both have ended. */
void race_setup(struct race *rc, const struct race_spec *spec);
void race_finish(struct race *rc, const struct race_spec *spec);

/* Register "hot_t", or destroy it by name and register it again. */
void race_register_hot(struct race *rc, struct race_tally *tl);
void race_destroy_and_register(struct race *rc, struct race_tally *tl);

/* A family check with none of the user's blocks live (see race_ops.c). */
void race_check_hot(struct race_tally *tl);

/* The user has done @min_rounds (some succeeded), the destroyer @min_destroys. */
bool race_user_done(struct race *rc, u64 min_rounds, u64 min_destroys);
u64 race_rounds(const struct race_tally *tl);
void race_count_round(struct race_tally *tl);

/*
 * Dead handles, one thread: refused by every call, and never reaching
 * the family or region that may reuse their memory.  Each records its
 * results in side[RACE_USER]; the RACE_*_DONE and RACE_*_REFUSED counts
 * are what a correct core gives.
 */
void race_second_destroy(struct race *rc);
#define RACE_SECOND_DESTROY_REFUSED	1
void race_stale_family_handles(struct race *rc);
#define RACE_STALE_FAMILY_REFUSED	(RACE_STALE_HANDLES * 8)
#define RACE_STALE_FAMILY_DONE		3
void race_stale_region_handles(struct race *rc);
#define RACE_STALE_REGION_REFUSED	(RACE_STALE_HANDLES * 5)
#define RACE_STALE_REGION_DONE		2

#endif /* LMM_RACE_OPS_H */
