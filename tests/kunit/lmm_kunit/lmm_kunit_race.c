// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm_kunit_race.c - destroy racing with use, in kthreads (issue 9,
 * point 4): the races of tests/cases/race_ops.c, which the CUnit suite
 * runs under pthreads, here under lockdep and KASAN.
 *
 * A user kthread loops one operation on the family "hot_t" (or on a
 * region) while a destroyer kthread destroys it and makes it again.  The
 * threads only count; the case thread judges.  The dead-handle scenarios
 * run in the case thread itself.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "lmm_kunit.h"
#include "race_ops.h"

/* Smaller than in userspace: TCG and KASAN make each call slow. */
#define RACE_ROUNDS	2000	/* the user's calls, at least ... */
#define RACE_DESTROYS	100	/* ... and the destroyer's rounds, at least */
#define RACE_BUDGET_MS	2000	/* unless the machine is that slow */
#define WAIT_SECONDS	120

/**
 * struct race_run - one race between two kthreads
 * @rc: what the threads found (race_ops.h)
 * @spec: the race
 * @deadline: in jiffies: past it, the user stops once it has done
 *	RACE_ROUNDS, even if the destroyer is behind
 * @done: completed by each thread as its last act
 */
struct race_run {
	struct race rc;
	const struct race_spec *spec;
	unsigned long deadline;
	struct completion done[RACE_SIDES];
};

static bool user_goes_on(struct race_run *run)
{
	const struct race_tally *tl = &run->rc.side[RACE_USER];

	if (race_user_done(&run->rc, RACE_ROUNDS, RACE_DESTROYS))
		return false;
	return tl->rounds < RACE_ROUNDS || time_before(jiffies, run->deadline);
}

static int user_thread(void *data)
{
	struct race_run *run = data;
	struct race_tally *tl = &run->rc.side[RACE_USER];

	while (user_goes_on(run)) {
		run->spec->use(&run->rc, tl, tl->rounds);
		race_count_round(tl);
		if (!(tl->rounds % 32))
			cond_resched();
	}
	__atomic_store_n(&run->rc.stop, true, __ATOMIC_RELEASE);
	kthread_complete_and_exit(&run->done[RACE_USER], 0);
}

static int destroyer_thread(void *data)
{
	struct race_run *run = data;
	struct race_tally *tl = &run->rc.side[RACE_DESTROYER];

	while (!__atomic_load_n(&run->rc.stop, __ATOMIC_ACQUIRE)) {
		run->spec->destroy(&run->rc, tl);
		race_count_round(tl);
		cond_resched();
	}
	kthread_complete_and_exit(&run->done[RACE_DESTROYER], 0);
}

static const void *race_gen_params(const void *prev, char *desc)
{
	const struct race_spec *spec = prev ? (const struct race_spec *)prev + 1 :
					      race_specs;

	if (!spec->name)
		return NULL;
	strscpy(desc, spec->name, KUNIT_PARAM_DESC_SIZE);
	return spec;
}

static void start(struct kunit *test, struct race_run *run, int side)
{
	struct task_struct *task;

	task = kthread_run(side == RACE_USER ? user_thread : destroyer_thread,
			   run, "lmm_race/%d", side);
	if (IS_ERR(task)) {
		KUNIT_FAIL(test, "kthread_run: %ld", PTR_ERR(task));
		/* The other side must not wait for it. */
		__atomic_store_n(&run->rc.stop, true, __ATOMIC_RELEASE);
		complete(&run->done[side]);
	}
}

static void expect_no_wrong(struct kunit *test, const struct race_tally *tl,
			    const char *who)
{
	KUNIT_EXPECT_EQ_MSG(test, tl->wrong, 0ULL,
			    "%s: results lmm.h does not allow, the first %ld at race_ops.c:%d",
			    who, tl->first_wrong, tl->first_wrong_line);
}

static void races_destroy(struct kunit *test)
{
	const struct race_spec *spec = test->param_value;
	struct race_run *run;
	bool all_done = true;
	int side;

	/*
	 * Not kunit_kzalloc(): a thread that never finishes still uses the
	 * run, which must then outlive the case (a leak beats a
	 * use-after-free; the timeout fails the run anyway).
	 */
	run = kzalloc(sizeof(*run), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, run);
	run->spec = spec;
	for (side = 0; side < RACE_SIDES; side++)
		init_completion(&run->done[side]);
	race_setup(&run->rc, spec);
	run->deadline = jiffies + msecs_to_jiffies(RACE_BUDGET_MS);
	start(test, run, RACE_DESTROYER);
	start(test, run, RACE_USER);
	for (side = 0; side < RACE_SIDES; side++) {
		if (!wait_for_completion_timeout(&run->done[side],
						 WAIT_SECONDS * HZ)) {
			KUNIT_FAIL(test, "race %s: thread %d still running after %d s",
				   spec->name, side, WAIT_SECONDS);
			all_done = false;
		}
	}
	if (!all_done)
		return;
	race_finish(&run->rc, spec);
	expect_no_wrong(test, &run->rc.side[RACE_USER], "user");
	expect_no_wrong(test, &run->rc.side[RACE_DESTROYER], "destroyer");
	KUNIT_EXPECT_GE(test, run->rc.side[RACE_USER].rounds,
			(u64)RACE_ROUNDS);
	KUNIT_EXPECT_GT(test, run->rc.side[RACE_USER].done, 0ULL);
	if (!spec->crash_free)
		KUNIT_EXPECT_GT(test, run->rc.destroyed, 0ULL);
	/* Every round ends by creating: it is there, once. */
	KUNIT_EXPECT_TRUE(test, run->rc.exists_at_end);
	KUNIT_EXPECT_EQ(test, run->rc.created - run->rc.destroyed, 1ULL);
	KUNIT_EXPECT_EQ(test, run->rc.check_at_end, LMM_CHECK_OK);
	kfree(run);
}

/* A dead-handle scenario: the refusals and successes a sound core gives. */
static void expect_scenario(struct kunit *test, void (*fn)(struct race *rc),
			    u64 refused, u64 done)
{
	struct race *rc = kunit_kzalloc(test, sizeof(*rc), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, rc);
	fn(rc);
	expect_no_wrong(test, &rc->side[RACE_USER], "user");
	KUNIT_EXPECT_EQ(test, rc->side[RACE_USER].refused, refused);
	KUNIT_EXPECT_EQ(test, rc->side[RACE_USER].done, done);
	KUNIT_EXPECT_EQ(test, rc->check_at_end, LMM_CHECK_OK);
}

static void second_destroy_is_refused(struct kunit *test)
{
	/* Done: the warm-up's 2 allocations and 2 frees, create, destroy. */
	expect_scenario(test, race_second_destroy,
			RACE_SECOND_DESTROY_REFUSED, 6);
}

static void stale_handle_never_reaches_a_new_family(struct kunit *test)
{
	expect_scenario(test, race_stale_family_handles,
			RACE_STALE_FAMILY_REFUSED, RACE_STALE_FAMILY_DONE);
}

static void destroyed_region_refuses_everything(struct kunit *test)
{
	expect_scenario(test, race_stale_region_handles,
			RACE_STALE_REGION_REFUSED, RACE_STALE_REGION_DONE);
}

/* Its list is in lmm_kunit_cases.h, where the count of cases is taken. */
static struct kunit_case race_cases[] = {
	LMM_KUNIT_RACE_CASES(LMM_KUNIT_CASE, LMM_KUNIT_CASE_PARAM)
	{}
};

static struct kunit_suite lmm_kunit_race_suite = {
	.name = "lmm_race",
	.suite_init = lmm_kunit_suite_init,
	.exit = lmm_kunit_case_exit,
	.test_cases = race_cases,
};

kunit_test_suite(lmm_kunit_race_suite);
