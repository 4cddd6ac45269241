// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * thread_tests.c - lmm under pthreads: one shared family, a family per
 * thread, a shared region under each policy, blocks freed by another
 * thread than the one that allocated them, the checker and reports
 * running alongside, and counters that must not lose an update.
 *
 * Workers never call into CUnit (it is not thread safe): they count what
 * went wrong, and the main thread asserts on the counts.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunit_adapter.h"

#define NTHREADS	4
#define WORKER_OPS	60000
#define WORKER_LIVE	256

struct live {
	char *p;
	size_t bytes;
	u64 id;
};

struct worker {
	pthread_t thread;
	unsigned int index;
	struct lmm_family *f;		/* a family ... */
	size_t struct_bytes;
	struct lmm_region *r;		/* ... or a region */
	u64 ops;
	/* What the worker did, and what went wrong. */
	u64 allocs;
	u64 frees;
	u64 enomem;
	u64 errors;
};

static void *worker_alloc(struct worker *w, size_t n, int *err)
{
	return w->f ? lmm_alloc(w->f, n, err) : lmm_region_alloc(w->r, n, err);
}

/* Frees go through the handle, or (families) through the page lookup. */
static int worker_free(struct worker *w, void *p, bool lookup)
{
	if (w->r)
		return lmm_region_free(w->r, p);
	return lmm_free(lookup ? NULL : w->f, p);
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	struct live *live = calloc(WORKER_LIVE, sizeof(*live));
	unsigned int nlive = 0;
	struct lmm_rng rng;
	u64 i;

	if (!live) {
		w->errors++;
		return NULL;
	}
	lmm_rng_seed(&rng, 0x7417 + w->index);
	for (i = 0; i < w->ops; i++) {
		if (nlive < WORKER_LIVE && (!nlive || lmm_rng_percent(&rng, 52))) {
			size_t n = w->f ? lmm_rng_range(&rng, 1, 8) :
					  lmm_rng_range(&rng, 1, 1500);
			size_t bytes = w->f ? n * w->struct_bytes : n;
			int err = 0;
			char *p = worker_alloc(w, n, &err);

			if (!p) {
				if (err == -ENOMEM && w->r)
					w->enomem++;
				else
					w->errors++;
				continue;
			}
			if (w->f && !lmm_test_is_zero(p, bytes))
				w->errors++;
			live[nlive].p = p;
			live[nlive].bytes = bytes;
			live[nlive].id = ((u64)w->index << 40) | i;
			lmm_test_fill(p, bytes, live[nlive].id);
			nlive++;
			w->allocs++;
		} else {
			unsigned int k = lmm_rng_below(&rng, nlive);

			if (!lmm_test_verify(live[k].p, live[k].bytes, live[k].id))
				w->errors++;
			if (worker_free(w, live[k].p, lmm_rng_percent(&rng, 25)))
				w->errors++;
			live[k] = live[--nlive];
			w->frees++;
		}
	}
	while (nlive--) {
		if (!lmm_test_verify(live[nlive].p, live[nlive].bytes,
				     live[nlive].id) ||
		    worker_free(w, live[nlive].p, false))
			w->errors++;
		w->frees++;
	}
	free(live);
	return NULL;
}

static bool start(struct lmm_test *t, struct worker *w, unsigned int n,
		  void *(*fn)(void *))
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		w[i].index = i;
		if (!LMM_EXPECT_EQ(t, pthread_create(&w[i].thread, NULL, fn,
						     &w[i]), 0)) {
			while (i--)
				pthread_join(w[i].thread, NULL);
			return false;
		}
	}
	return true;
}

static void join(struct worker *w, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		pthread_join(w[i].thread, NULL);
}

/* Every worker clean, and the family's figures the sum of theirs. */
static void expect_family_settled(struct lmm_test *t, struct lmm_family *f,
				  const struct worker *w, unsigned int n)
{
	struct lmm_stats s = lmm_test_stats(t, f);
	u64 allocs = 0, frees = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		LMM_EXPECT_EQ(t, w[i].errors, 0);
		if (w[i].f == f) {
			allocs += w[i].allocs;
			frees += w[i].frees;
		}
	}
	LMM_EXPECT_GT(t, allocs, 0);
	LMM_EXPECT_EQ(t, s.allocs, allocs);
	LMM_EXPECT_EQ(t, s.frees, frees);
	LMM_EXPECT_EQ(t, s.allocs - s.frees, s.blocks_in_use);
	LMM_EXPECT_EQ(t, s.blocks_in_use, 0);
	LMM_EXPECT_EQ(t, s.units_in_use, 0);
	LMM_EXPECT_EQ(t, s.payload_bytes_in_use, 0);
	LMM_EXPECT_EQ(t, s.pages_in_use, 0);
	LMM_EXPECT_EQ(t, s.page_requests - s.page_releases, s.pages_cached);
	LMM_EXPECT_EQ(t, s.bad_frees + s.corruptions + s.failed_allocs, 0);
	LMM_EXPECT_EQ(t, lmm_family_check(f, NULL), LMM_CHECK_OK);
}

static void threads_share_one_family(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "shared_t", 48, NULL);
	struct worker w[NTHREADS];
	unsigned int i;

	LMM_ASSERT_NOT_NULL(t, f);
	memset(w, 0, sizeof(w));
	for (i = 0; i < NTHREADS; i++) {
		w[i].f = f;
		w[i].struct_bytes = 48;
		w[i].ops = WORKER_OPS;
	}
	LMM_ASSERT(t, start(t, w, NTHREADS, worker_run));
	join(w, NTHREADS);
	expect_family_settled(t, f, w, NTHREADS);
	LMM_EXPECT_EQ(t, lmm_check(NULL), LMM_CHECK_OK);
}

static void threads_each_use_their_own_family(struct lmm_test *t)
{
	static const size_t sizes[NTHREADS] = { 1, 36, 120, 700 };
	struct worker w[NTHREADS];
	struct lmm_stats total;
	unsigned int i;
	u64 allocs = 0;

	memset(w, 0, sizeof(w));
	for (i = 0; i < NTHREADS; i++) {
		char name[16];

		snprintf(name, sizeof(name), "own_%u", i);
		w[i].f = lmm_test_family(t, name, sizes[i], NULL);
		LMM_ASSERT_NOT_NULL(t, w[i].f);
		w[i].struct_bytes = sizes[i];
		w[i].ops = WORKER_OPS;
	}
	LMM_ASSERT(t, start(t, w, NTHREADS, worker_run));
	join(w, NTHREADS);
	for (i = 0; i < NTHREADS; i++) {
		expect_family_settled(t, w[i].f, w, NTHREADS);
		allocs += w[i].allocs;
	}
	lmm_total_stats(&total);
	LMM_EXPECT_EQ(t, total.allocs, allocs);
	LMM_EXPECT_EQ(t, total.blocks_in_use, 0);
	LMM_EXPECT_EQ(t, lmm_check(NULL), LMM_CHECK_OK);
}

static void threads_share_one_region(struct lmm_test *t)
{
	static const enum lmm_policy policies[] = {
		LMM_WORST_FIT, LMM_BEST_FIT, LMM_FIRST_FIT
	};
	unsigned int k, i;

	for (k = 0; k < 3; k++) {
		struct lmm_region *r = lmm_test_region(t, 1 << 20, policies[k]);
		struct worker w[NTHREADS];
		u64 allocs = 0, frees = 0;
		struct lmm_stats s;

		LMM_ASSERT_NOT_NULL(t, r);
		memset(w, 0, sizeof(w));
		for (i = 0; i < NTHREADS; i++) {
			w[i].r = r;
			w[i].ops = WORKER_OPS / 2;
		}
		LMM_ASSERT(t, start(t, w, NTHREADS, worker_run));
		join(w, NTHREADS);
		for (i = 0; i < NTHREADS; i++) {
			LMM_EXPECT_EQ(t, w[i].errors, 0);
			allocs += w[i].allocs;
			frees += w[i].frees;
		}
		s = lmm_test_region_stats(t, r);
		LMM_EXPECT_EQ(t, s.allocs, allocs);
		LMM_EXPECT_EQ(t, s.frees, frees);
		LMM_EXPECT_EQ(t, s.blocks_in_use, 0);
		LMM_EXPECT_EQ(t, s.payload_bytes_in_use, 0);
		LMM_EXPECT_EQ(t, s.free_blocks, 1);
		LMM_EXPECT_EQ(t, s.largest_free_bytes, (1 << 20) - 24);
		LMM_EXPECT_EQ(t, lmm_region_check(r, NULL), LMM_CHECK_OK);
	}
}

/*
 * Blocks handed from thread to thread: producers allocate and fill,
 * consumers verify and free through lmm_free(NULL, p).
 */
#define HANDOFF_SLOTS	512
#define HANDOFF_ITEMS	40000

struct handoff {
	pthread_mutex_t lock;
	struct live slot[HANDOFF_SLOTS];
	unsigned int count;
	unsigned int producers_left;
	struct lmm_family *f[2];
};

struct hand_worker {
	struct worker w;
	struct handoff *h;
};

static void *producer(void *arg)
{
	struct hand_worker *hw = arg;
	struct handoff *h = hw->h;
	struct lmm_rng rng;
	u64 made = 0;

	lmm_rng_seed(&rng, 0xaaa + hw->w.index);
	while (made < HANDOFF_ITEMS) {
		struct lmm_family *f = h->f[lmm_rng_below(&rng, 2)];
		size_t units = lmm_rng_range(&rng, 1, 6);
		char *p = lmm_alloc(f, units, NULL);
		bool placed = false;

		if (!p) {
			hw->w.errors++;
			break;
		}
		lmm_test_fill(p, units * 40, made);
		while (!placed) {
			pthread_mutex_lock(&h->lock);
			if (h->count < HANDOFF_SLOTS) {
				h->slot[h->count].p = p;
				h->slot[h->count].bytes = units * 40;
				h->slot[h->count].id = made;
				h->count++;
				placed = true;
			}
			pthread_mutex_unlock(&h->lock);
		}
		hw->w.allocs++;
		made++;
	}
	pthread_mutex_lock(&h->lock);
	h->producers_left--;
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

static void *consumer(void *arg)
{
	struct hand_worker *hw = arg;
	struct handoff *h = hw->h;

	for (;;) {
		struct live item = { NULL, 0, 0 };
		bool done;

		pthread_mutex_lock(&h->lock);
		if (h->count)
			item = h->slot[--h->count];
		done = !h->count && !h->producers_left;
		pthread_mutex_unlock(&h->lock);
		if (item.p) {
			if (!lmm_test_verify(item.p, item.bytes, item.id) ||
			    lmm_free(NULL, item.p))
				hw->w.errors++;
			hw->w.frees++;
		} else if (done) {
			return NULL;
		}
	}
}

static void blocks_freed_by_another_thread(struct lmm_test *t)
{
	struct hand_worker hw[NTHREADS];
	struct handoff *h = calloc(1, sizeof(*h));
	u64 made = 0, freed = 0;
	struct lmm_stats total;
	unsigned int i;

	LMM_ASSERT_NOT_NULL(t, h);
	pthread_mutex_init(&h->lock, NULL);
	h->producers_left = NTHREADS / 2;
	h->f[0] = lmm_test_family(t, "hand_a", 40, NULL);
	h->f[1] = lmm_test_family(t, "hand_b", 40, NULL);
	memset(hw, 0, sizeof(hw));
	for (i = 0; i < NTHREADS; i++) {
		hw[i].h = h;
		hw[i].w.index = i;
		if (pthread_create(&hw[i].w.thread, NULL,
				   i < NTHREADS / 2 ? producer : consumer,
				   &hw[i]))
			LMM_EXPECT(t, !"pthread_create");
	}
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(hw[i].w.thread, NULL);
		LMM_EXPECT_EQ(t, hw[i].w.errors, 0);
		made += hw[i].w.allocs;
		freed += hw[i].w.frees;
	}
	LMM_EXPECT_EQ(t, made, (u64)HANDOFF_ITEMS * (NTHREADS / 2));
	LMM_EXPECT_EQ(t, freed, made);
	lmm_total_stats(&total);
	LMM_EXPECT_EQ(t, total.allocs, made);
	LMM_EXPECT_EQ(t, total.frees, made);
	LMM_EXPECT_EQ(t, total.blocks_in_use, 0);
	LMM_EXPECT_EQ(t, lmm_check(NULL), LMM_CHECK_OK);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

/* A printer that throws the text away. */
static void discard(void *ctx, const char *fmt, va_list args)
{
	char buf[512];

	(void)ctx;
	vsnprintf(buf, sizeof(buf), fmt, args);
}

struct watcher {
	pthread_t thread;
	bool stop;			/* atomic */
	u64 rounds;
	u64 errors;
};

/* Checks and reports while the workers run: each sees a sound state. */
static void *watch(void *arg)
{
	struct lmm_printer out = { discard, NULL };
	struct watcher *wt = arg;

	while (!__atomic_load_n(&wt->stop, __ATOMIC_ACQUIRE)) {
		struct lmm_stats total;

		if (lmm_check(NULL))
			wt->errors++;
		lmm_total_stats(&total);
		if (total.allocs < total.frees)
			wt->errors++;
		lmm_report_usage(&out, NULL);
		lmm_report_leaks(&out, NULL);
		lmm_report_families(&out);
		wt->rounds++;
	}
	return NULL;
}

static void checker_and_reports_run_alongside(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "watched_t", 24, NULL);
	struct worker w[NTHREADS - 1];
	struct watcher wt = { .stop = false };
	unsigned int i;

	LMM_ASSERT_NOT_NULL(t, f);
	memset(w, 0, sizeof(w));
	for (i = 0; i < NTHREADS - 1; i++) {
		w[i].f = f;
		w[i].struct_bytes = 24;
		w[i].ops = WORKER_OPS / 2;
	}
	LMM_ASSERT_EQ(t, pthread_create(&wt.thread, NULL, watch, &wt), 0);
	if (start(t, w, NTHREADS - 1, worker_run))
		join(w, NTHREADS - 1);
	__atomic_store_n(&wt.stop, true, __ATOMIC_RELEASE);
	pthread_join(wt.thread, NULL);
	LMM_EXPECT_GT(t, wt.rounds, 0);
	LMM_EXPECT_EQ(t, wt.errors, 0);
	expect_family_settled(t, f, w, NTHREADS - 1);
}

/*
 * Refused requests, counted from many threads at once: a count kept
 * without the lock loses updates as soon as two cores race on it.
 */
#define REFUSALS 2000000

struct refuser {
	pthread_t thread;
	int cpu;
	pthread_barrier_t *start;
	struct lmm_family *f;
	struct lmm_region *r;
};

/*
 * Spread the threads over the CPUs: a lost update needs two of them
 * running at the same time, which the scheduler alone may not arrange
 * on a busy machine.
 */
static void pin_to_a_cpu(int nth)
{
	cpu_set_t allowed, one;
	int cpu, seen = 0;

	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		return;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &allowed))
			continue;
		if (seen++ == nth % CPU_COUNT(&allowed)) {
			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			sched_setaffinity(0, sizeof(one), &one);
			return;
		}
	}
}

static void *refuse(void *arg)
{
	struct refuser *rf = arg;
	int i;

	pin_to_a_cpu(rf->cpu);
	pthread_barrier_wait(rf->start);	/* all at once */
	for (i = 0; i < REFUSALS; i++) {
		if (rf->f && lmm_alloc(rf->f, i % 2 ? 0 : (size_t)-1, NULL))
			abort();
		if (rf->r && lmm_region_alloc(rf->r, 0, NULL))
			abort();
	}
	return NULL;
}

static void refuse_in_threads(struct lmm_test *t, struct lmm_family *f,
			      struct lmm_region *r)
{
	struct refuser rf[NTHREADS];
	pthread_barrier_t barrier;
	unsigned int i;

	pthread_barrier_init(&barrier, NULL, NTHREADS);
	for (i = 0; i < NTHREADS; i++) {
		rf[i].start = &barrier;
		rf[i].cpu = (int)i;
		rf[i].f = f;
		rf[i].r = r;
		if (!LMM_EXPECT_EQ(t, pthread_create(&rf[i].thread, NULL, refuse,
						     &rf[i]), 0))
			abort();	/* the others would wait forever */
	}
	for (i = 0; i < NTHREADS; i++)
		pthread_join(rf[i].thread, NULL);
	pthread_barrier_destroy(&barrier);
}

static void failed_allocations_are_counted_exactly(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "refused_t", 64, NULL);
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);

	LMM_ASSERT(t, f && r);
	refuse_in_threads(t, f, NULL);
	LMM_EXPECT_EQ(t, lmm_test_stats(t, f).failed_allocs,
		      (u64)REFUSALS * NTHREADS);
	refuse_in_threads(t, NULL, r);
	LMM_EXPECT_EQ(t, lmm_test_region_stats(t, r).failed_allocs,
		      (u64)REFUSALS * NTHREADS);
}

/* Many threads register the same name at once: exactly one wins. */
struct racer {
	pthread_t thread;
	pthread_barrier_t *start;
	char name[16];
	int err;
	struct lmm_family *f;
};

static void *race(void *arg)
{
	struct racer *rc = arg;

	pthread_barrier_wait(rc->start);
	rc->err = lmm_family_create(rc->name, 32, NULL, &rc->f);
	return NULL;
}

static void one_of_many_racing_registrations_wins(struct lmm_test *t)
{
	pthread_barrier_t barrier;
	struct racer rc[NTHREADS];
	unsigned int round, i;

	for (round = 0; round < 100; round++) {
		int wins = 0, exists = 0;
		struct lmm_family *winner = NULL;

		pthread_barrier_init(&barrier, NULL, NTHREADS);
		for (i = 0; i < NTHREADS; i++) {
			rc[i].start = &barrier;
			snprintf(rc[i].name, sizeof(rc[i].name), "race_%u", round);
			pthread_create(&rc[i].thread, NULL, race, &rc[i]);
		}
		for (i = 0; i < NTHREADS; i++) {
			pthread_join(rc[i].thread, NULL);
			if (!rc[i].err) {
				wins++;
				winner = rc[i].f;
			}
			exists += rc[i].err == -EEXIST;
		}
		pthread_barrier_destroy(&barrier);
		if (!LMM_EXPECT_EQ(t, wins, 1) ||
		    !LMM_EXPECT_EQ(t, exists, NTHREADS - 1))
			break;
		LMM_EXPECT_PTR_EQ(t, lmm_family_find(rc[0].name), winner);
		/* Half of them go away again, while the others stay. */
		if (round % 2)
			LMM_EXPECT_EQ(t, lmm_family_destroy(winner), 0);
	}
	LMM_EXPECT_EQ(t, lmm_check(NULL), LMM_CHECK_OK);
}

#define THREAD_CASES(C) \
	C(threads_share_one_family) \
	C(threads_each_use_their_own_family) \
	C(threads_share_one_region) \
	C(blocks_freed_by_another_thread) \
	C(checker_and_reports_run_alongside) \
	C(failed_allocations_are_counted_exactly) \
	C(one_of_many_racing_registrations_wins)

LMM_TEST_SUITE(thread, THREAD_CASES);
