// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm_kunit_thread.c - kthreads allocating and freeing at once, on one
 * shared family and on a family each, under lockdep and KASAN.
 *
 * Each worker fills every block with a pattern of its own id and verifies
 * it before the free: a block handed to two threads, or a merge that
 * swallows a live neighbour, shows as a broken pattern.  The workers only
 * count what goes wrong; the case thread judges, since KUnit's checks
 * belong to the case's own thread.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/slab.h>

#include "lmm_kunit.h"

#define MAX_WORKERS	4
#define WORKER_LIVE	48	/* blocks a worker holds at most */
#define WORKER_OPS	1500
#define WAIT_SECONDS	120

/**
 * struct thread_param - one concurrency scenario
 * @desc: its name in the KTAP
 * @nworkers: kthreads started
 * @shared: all on one family, or a family each
 * @policy: of the families
 * @debug: red zones and poison on
 * @churn: one more thread registers and destroys families meanwhile
 */
struct thread_param {
	const char *desc;
	int nworkers;
	bool shared;
	enum lmm_policy policy;
	bool debug;
	bool churn;
};

static const struct thread_param thread_params[] = {
	{ "shared_2_worst_fit", 2, true, LMM_WORST_FIT, false, false },
	{ "shared_4_best_fit_debug", 4, true, LMM_BEST_FIT, true, false },
	{ "shared_3_first_fit", 3, true, LMM_FIRST_FIT, false, false },
	{ "separate_2_worst_fit", 2, false, LMM_WORST_FIT, false, false },
	{ "separate_4_first_fit_debug", 4, false, LMM_FIRST_FIT, true, false },
	{ "separate_2_with_registry_churn", 2, false, LMM_BEST_FIT, false, true },
};

static void thread_param_desc(const struct thread_param *p, char *desc)
{
	strscpy(desc, p->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(thread, thread_params, thread_param_desc);

struct live_block {
	char *p;
	size_t bytes;
	u64 id;
};

/**
 * struct worker - one kthread's job and what it found
 * @family: where it allocates
 * @struct_bytes: the size of its unit
 * @live: the blocks it holds (here, not on the small kthread stack)
 * @seed: of its random choices
 * @id: in the patterns it writes
 * @done: completed as the thread's last act
 * @ops: operations done
 * @alloc_errors: allocations that failed
 * @free_errors: frees refused
 * @pattern_errors: blocks found not holding what was written
 * @churn_errors: family registrations or destructions that failed
 */
struct worker {
	struct lmm_family *family;
	size_t struct_bytes;
	struct live_block live[WORKER_LIVE];
	u64 seed;
	u64 id;
	struct completion done;
	unsigned int ops;
	unsigned int alloc_errors;
	unsigned int free_errors;
	unsigned int pattern_errors;
	unsigned int churn_errors;
};

/* Verify and free, through the handle or through the page table. */
static void worker_free(struct worker *w, struct live_block *b, bool by_page)
{
	if (!lmm_test_verify(b->p, b->bytes, b->id))
		w->pattern_errors++;
	if (lmm_free(by_page ? NULL : w->family, b->p))
		w->free_errors++;
}

static int alloc_worker(void *data)
{
	struct worker *w = data;
	struct live_block *live = w->live;
	struct lmm_rng rng;
	size_t nlive = 0;
	u64 serial = 0;

	lmm_rng_seed(&rng, w->seed);
	for (w->ops = 0; w->ops < WORKER_OPS; w->ops++) {
		bool alloc = nlive < WORKER_LIVE &&
			     (!nlive || lmm_rng_percent(&rng, 55));

		if (alloc) {
			/* Now and then a multi-page run. */
			size_t units = lmm_rng_percent(&rng, 2) ?
				       lmm_rng_range(&rng, 120, 300) :
				       lmm_rng_range(&rng, 1, 12);
			int err = 0;
			char *p = lmm_alloc(w->family, units, &err);

			if (!p) {
				w->alloc_errors++;
				continue;
			}
			live[nlive].p = p;
			live[nlive].bytes = units * w->struct_bytes;
			live[nlive].id = (w->id << 32) | serial++;
			lmm_test_fill(p, live[nlive].bytes, live[nlive].id);
			nlive++;
		} else {
			size_t i = lmm_rng_below(&rng, nlive);

			worker_free(w, &live[i], lmm_rng_percent(&rng, 25));
			live[i] = live[--nlive];
		}
		if (!(w->ops % 64))
			cond_resched();
	}
	while (nlive)
		worker_free(w, &live[--nlive], false);
	kthread_complete_and_exit(&w->done, 0);
}

/* Registers, uses and destroys short-lived families until told to stop. */
static int churn_worker(void *data)
{
	struct worker *w = data;
	unsigned int round;

	for (round = 0; round < 200; round++) {
		struct lmm_family *f;
		char name[24];
		char *p;

		snprintf(name, sizeof(name), "churn_%u", round);
		if (lmm_family_create(name, 24 + round % 40, NULL, &f)) {
			w->churn_errors++;
			continue;
		}
		p = lmm_alloc(f, 1 + round % 5, NULL);
		if (!p || lmm_free(f, p))
			w->churn_errors++;
		if (lmm_family_find(name) != f || lmm_family_destroy(f))
			w->churn_errors++;
		w->ops++;
		cond_resched();
	}
	kthread_complete_and_exit(&w->done, 0);
}

static void threads_share_or_split_families(struct kunit *test)
{
	const struct thread_param *p = test->param_value;
	struct lmm_family_opts opts = {
		.policy = p->policy,
		.cache_pages = -1,
		.debug = p->debug,
	};
	struct lmm_family *families[MAX_WORKERS] = {};
	int nthreads = p->nworkers + (p->churn ? 1 : 0);
	struct worker *w;
	struct lmm_stats s;
	bool all_done = true;
	int i;

	/*
	 * Not kunit_kzalloc(): a worker that never finishes still uses its
	 * struct, which must then outlive the case (a leak beats a
	 * use-after-free; the timeout fails the run anyway).
	 */
	w = kcalloc(nthreads, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	for (i = 0; i < p->nworkers; i++) {
		char name[16];

		if (p->shared && i)
			break;
		snprintf(name, sizeof(name), "thread_%d", i);
		KUNIT_ASSERT_EQ(test, lmm_family_create(name, 8 + 20 * i, &opts,
							&families[i]), 0);
	}
	for (i = 0; i < nthreads; i++) {
		struct task_struct *task;
		bool churn = i == p->nworkers;

		init_completion(&w[i].done);
		if (!churn) {
			w[i].family = p->shared ? families[0] : families[i];
			w[i].struct_bytes = p->shared ? 8 : 8 + 20 * i;
		}
		w[i].seed = 0x7a5c0000 + i;
		w[i].id = i + 1;
		task = kthread_run(churn ? churn_worker : alloc_worker, &w[i],
				   "lmm_kunit/%d", i);
		if (IS_ERR(task)) {
			KUNIT_FAIL(test, "kthread_run: %ld", PTR_ERR(task));
			complete(&w[i].done);
		}
	}
	for (i = 0; i < nthreads; i++) {
		if (!wait_for_completion_timeout(&w[i].done,
						 WAIT_SECONDS * HZ)) {
			KUNIT_FAIL(test, "worker %d still running after %d s (deadlock?)",
				   i, WAIT_SECONDS);
			all_done = false;
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, w[i].alloc_errors, 0U, "worker %d", i);
		KUNIT_EXPECT_EQ_MSG(test, w[i].free_errors, 0U, "worker %d", i);
		KUNIT_EXPECT_EQ_MSG(test, w[i].pattern_errors, 0U, "worker %d", i);
		KUNIT_EXPECT_EQ_MSG(test, w[i].churn_errors, 0U, "worker %d", i);
	}
	if (!all_done)
		return;
	KUNIT_EXPECT_EQ(test, lmm_check(NULL), LMM_CHECK_OK);
	for (i = 0; i < MAX_WORKERS; i++) {
		if (!families[i])
			continue;
		KUNIT_EXPECT_EQ(test, lmm_family_stats(families[i], &s), 0);
		KUNIT_EXPECT_EQ(test, s.blocks_in_use, 0UL);
		KUNIT_EXPECT_EQ(test, s.allocs, s.frees);
		KUNIT_EXPECT_EQ(test, s.bad_frees, 0ULL);
		KUNIT_EXPECT_EQ(test, s.corruptions, 0ULL);
		KUNIT_EXPECT_EQ(test, lmm_family_destroy(families[i]), 0);
	}
	kfree(w);
}

/* Its list is in lmm_kunit_cases.h, where the count of cases is taken. */
static struct kunit_case thread_cases[] = {
	LMM_KUNIT_THREAD_CASES(LMM_KUNIT_CASE, LMM_KUNIT_CASE_PARAM)
	{}
};

static struct kunit_suite lmm_kunit_thread_suite = {
	.name = "lmm_concurrency",
	.suite_init = lmm_kunit_suite_init,
	.exit = lmm_kunit_case_exit,
	.test_cases = thread_cases,
};

kunit_test_suite(lmm_kunit_thread_suite);
