// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * race_tests.c - destroy racing with use, in every API (issue 9, point 4).
 *
 * In each race one thread loops an operation on the family "hot_t" (the
 * seed API's xcalloc()/xfree(), a handle from lmm_family_find(), a free
 * without a handle, statistics, the checker, reports, set_debug) while
 * another loops lmm_family_destroy(lmm_family_find("hot_t")) and
 * registers the name again.  A handle may die at any moment, so every
 * call must either succeed or return the error lmm.h documents for a bad
 * handle (-EINVAL, NULL with -EINVAL, LMM_CHECK_HANDLE), and a family
 * with a live block must stay (-EBUSY).  Nothing may crash.
 *
 * Handles of destroyed families and regions are also tried one by one,
 * including handles whose memory may now belong to a new family: they
 * must be refused and the new family must not change.
 *
 * Every scenario runs in a child process, so a crash fails its case and
 * not the whole run.  What the child writes to stderr goes to a file the
 * parent reads: lines that are not the seed API's expected "xcalloc: "
 * complaints (lmm's damage log, a sanitizer's report) are echoed and fail
 * the case.  A child still running after RACE_SECONDS is killed.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cunit_adapter.h"
#include "uapi_mm.h"

#define RACE_NAME	"hot_t"
#define RACE_BYTES	36
#define RACE_ROUNDS	20000	/* the user's calls, at least ... */
#define RACE_DESTROYS	1000	/* ... and the destroyer's rounds, at least */
#define RACE_BUDGET_MS	3000	/* unless the machine is that slow */
#define RACE_SECONDS	30	/* a child this late is stuck: kill it */
#define STALE_HANDLES	16
#define ECHO_LINES	100	/* unexpected stderr lines shown per case */

/* The seed API names its type: XCALLOC(1, hot_t) passes "hot_t". */
typedef struct {
	char bytes[RACE_BYTES];
} hot_t;

/*
 * The results of one thread.  @wrong counts results lmm.h does not allow;
 * the first one is kept (value and source line) for the failure message.
 */
struct tally {
	u64 rounds;
	u64 done;		/* calls that succeeded */
	u64 refused;		/* calls refused with a documented error */
	u64 wrong;
	long first_wrong;
	int first_wrong_line;
};

enum { USER, DESTROYER, NSIDES };

/* What a child found, in memory shared with the parent. */
struct race {
	struct tally side[NSIDES];
	bool stop;		/* atomic: the user thread is done */
	u64 created;		/* atomic: successful registrations ... */
	u64 destroyed;		/* atomic: ... and destroys of "hot_t" */
	u64 printed;		/* report lines the user thread got */
	struct lmm_region *region;	/* atomic: the region being raced */
	bool exists_at_end;	/* "hot_t" is registered after the race */
	int check_at_end;	/* lmm_check() after the race */
	unsigned int reused;	/* stale handles equal to a live one */
};

typedef void (*scenario_fn)(struct race *rc);

/* --- the child: counting and running -------------------------------- */

/* Count one result: @ok a success, @refused a documented refusal. */
#define TALLY(tl, value, ok, refused) \
	tally_one((tl), (long)(value), (ok), (refused), __LINE__)

static void tally_one(struct tally *tl, long value, bool ok, bool refused,
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

static void count_printed(void *ctx, const char *fmt, va_list args)
{
	struct race *rc = ctx;
	char buf[256];

	vsnprintf(buf, sizeof(buf), fmt, args);
	rc->printed++;
}

/* A family that has held blocks: pages to walk, cache, and free. */
static void warm_up(struct lmm_family *f, struct tally *tl)
{
	void *p[2];
	int err = 0;
	int i;

	for (i = 0; i < 2; i++) {
		p[i] = lmm_alloc(f, (size_t)i + 1, &err);
		TALLY(tl, err, p[i], err == -EINVAL);
	}
	for (i = 0; i < 2; i++) {
		if (!p[i])
			continue;
		/* A live block keeps its family: the free must work. */
		err = lmm_free(f, p[i]);
		TALLY(tl, err, !err, false);
	}
}

static void register_hot(struct race *rc, struct tally *tl)
{
	struct lmm_family *f;
	int err = lmm_family_create(RACE_NAME, RACE_BYTES, NULL, &f);

	TALLY(tl, err, !err, err == -EEXIST);
	if (err)
		return;
	__atomic_add_fetch(&rc->created, 1, __ATOMIC_RELAXED);
	warm_up(f, tl);
}

/* One round of the destroyer: down by name, and up again. */
static void destroy_and_register(struct race *rc, struct tally *tl)
{
	int err = lmm_family_destroy(lmm_family_find(RACE_NAME));

	/* -EINVAL: another destroyer was first (find gave NULL, or stale). */
	TALLY(tl, err, !err, err == -EBUSY || err == -EINVAL);
	if (!err)
		__atomic_add_fetch(&rc->destroyed, 1, __ATOMIC_RELAXED);
	register_hot(rc, tl);
}

struct race_spec {
	void (*use)(struct race *rc, struct tally *tl, u64 round);
	void (*destroy)(struct race *rc, struct tally *tl);
};

struct racer {
	pthread_t thread;
	const struct race_spec *spec;
	struct race *rc;
	pthread_barrier_t *start;
};

static u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000 + (u64)ts.tv_nsec / 1000000;
}

/*
 * The user's calls are much faster than a destroy (which unmaps pages):
 * a fixed count of them could all fall between two destroys.  So the
 * user goes on until the destroyer, too, has done its share.
 */
static bool user_done(struct race *rc, u64 deadline)
{
	u64 destroys = __atomic_load_n(&rc->side[DESTROYER].rounds,
				       __ATOMIC_RELAXED);

	if (rc->side[USER].rounds < RACE_ROUNDS)
		return false;
	return destroys >= RACE_DESTROYS || now_ms() > deadline;
}

static void *run_user(void *arg)
{
	struct racer *r = arg;
	struct tally *tl = &r->rc->side[USER];
	u64 deadline;

	pthread_barrier_wait(r->start);
	deadline = now_ms() + RACE_BUDGET_MS;
	for (tl->rounds = 0; !user_done(r->rc, deadline); tl->rounds++)
		r->spec->use(r->rc, tl, tl->rounds);
	__atomic_store_n(&r->rc->stop, true, __ATOMIC_RELEASE);
	return NULL;
}

static void *run_destroyer(void *arg)
{
	struct racer *r = arg;
	struct tally *tl = &r->rc->side[DESTROYER];

	pthread_barrier_wait(r->start);
	while (!__atomic_load_n(&r->rc->stop, __ATOMIC_ACQUIRE)) {
		r->spec->destroy(r->rc, tl);
		__atomic_store_n(&tl->rounds, tl->rounds + 1,
				 __ATOMIC_RELAXED);
	}
	return NULL;
}

/* Both threads, started together; back when both are done. */
static void race_threads(struct race *rc, const struct race_spec *spec)
{
	pthread_barrier_t start;
	struct racer destroyer = { .spec = spec, .rc = rc, .start = &start };
	struct racer user = { .spec = spec, .rc = rc, .start = &start };

	pthread_barrier_init(&start, NULL, 2);
	if (pthread_create(&destroyer.thread, NULL, run_destroyer, &destroyer))
		abort();
	if (pthread_create(&user.thread, NULL, run_user, &user))
		abort();
	pthread_join(user.thread, NULL);
	pthread_join(destroyer.thread, NULL);
	pthread_barrier_destroy(&start);
}

/* The child's part of every family race. */
static void race_family(struct race *rc, const struct race_spec *spec)
{
	register_hot(rc, &rc->side[DESTROYER]);
	race_threads(rc, spec);
	rc->exists_at_end = lmm_family_find(RACE_NAME) != NULL;
	rc->check_at_end = lmm_check(NULL);
}

/* --- the parent: fork, wait, judge ----------------------------------- */

struct child {
	struct race *rc;
	int log;		/* the child's stderr */
	int status;
};

/* Run @fn in a child.  Return: false if it could not even be started. */
static bool child_run(struct lmm_test *t, scenario_fn fn, struct child *c)
{
	FILE *log = tmpfile();
	pid_t pid;

	c->rc = mmap(NULL, sizeof(*c->rc), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	c->log = log ? dup(fileno(log)) : -1;
	if (log)
		fclose(log);
	if (!LMM_EXPECT(t, c->rc != MAP_FAILED) || !LMM_EXPECT(t, c->log >= 0))
		return false;
	memset(c->rc, 0, sizeof(*c->rc));
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		dup2(c->log, STDERR_FILENO);
		alarm(RACE_SECONDS);
		fn(c->rc);
		fflush(stderr);
		_exit(0);
	}
	if (!LMM_EXPECT(t, pid > 0))
		return false;
	waitpid(pid, &c->status, 0);
	return true;
}

static bool expected_line(const char *line, bool seed_api)
{
	/* The seed API says so when "hot_t" is missing or went away. */
	return seed_api && !strncmp(line, "xcalloc: ", 9);
}

/* Echo what the child said that it should not have; return how many. */
static u64 unexpected_lines(int fd, bool seed_api)
{
	FILE *f = fdopen(fd, "r");
	char *line = NULL;
	size_t size = 0;
	u64 n = 0;

	if (!f) {
		close(fd);
		return 1;
	}
	rewind(f);
	while (getline(&line, &size, f) > 0) {
		if (expected_line(line, seed_api))
			continue;
		if (n++ < ECHO_LINES)
			fprintf(stderr, "race child: %s", line);
	}
	free(line);
	fclose(f);
	return n;
}

static void expect_no_wrong(struct lmm_test *t, const struct tally *tl,
			    const char *who)
{
	char msg[160];

	snprintf(msg, sizeof(msg),
		 "%s: %llu results lmm.h does not allow, the first %ld at race_tests.c:%d",
		 who, (unsigned long long)tl->wrong, tl->first_wrong,
		 tl->first_wrong_line);
	LMM_EXPECT_MSG(t, !tl->wrong, msg);
}

/* The child ended by itself, said nothing unexpected, and got no wrong result. */
static void expect_clean_child(struct lmm_test *t, struct child *c,
			       bool seed_api)
{
	u64 unexpected_stderr_lines;
	char msg[160];

	if (WIFSIGNALED(c->status)) {
		snprintf(msg, sizeof(msg), "the child died of signal %d (%s)",
			 WTERMSIG(c->status), strsignal(WTERMSIG(c->status)));
		LMM_EXPECT_MSG(t, false, msg);
	} else {
		int exit_status = WEXITSTATUS(c->status);

		/* 66: a sanitizer's report (halt_on_error), echoed below */
		LMM_EXPECT(t, WIFEXITED(c->status));
		LMM_EXPECT_EQ(t, exit_status, 0);
	}
	unexpected_stderr_lines = unexpected_lines(c->log, seed_api);
	LMM_EXPECT_EQ(t, unexpected_stderr_lines, 0);
	expect_no_wrong(t, &c->rc->side[USER], "user");
	expect_no_wrong(t, &c->rc->side[DESTROYER], "destroyer");
}

static void end_child(struct child *c)
{
	munmap(c->rc, sizeof(*c->rc));
}

/*
 * A family race: clean, complete, and a race indeed (the destroyer took
 * the family down while the user ran, and the user's calls did succeed).
 */
static void expect_family_race(struct lmm_test *t, scenario_fn fn,
			       bool seed_api)
{
	struct child c;
	struct race *rc;

	if (!child_run(t, fn, &c))
		return;
	rc = c.rc;
	expect_clean_child(t, &c, seed_api);
	if (WIFEXITED(c.status) && !WEXITSTATUS(c.status)) {
		LMM_EXPECT_GE(t, rc->side[USER].rounds, RACE_ROUNDS);
		LMM_EXPECT_GT(t, rc->side[USER].done, 0);
		LMM_EXPECT_GT(t, rc->destroyed, 0);
		/* Every round ends by registering: the name is taken once. */
		LMM_EXPECT(t, rc->exists_at_end);
		LMM_EXPECT_EQ(t, rc->created - rc->destroyed, 1);
		LMM_EXPECT_EQ(t, rc->check_at_end, LMM_CHECK_OK);
	}
	end_child(&c);
}

/* --- the races ------------------------------------------------------- */

static void use_seed_api(struct race *rc, struct tally *tl, u64 round)
{
	hot_t *p = XCALLOC(1, hot_t);

	(void)rc;
	if (!p) {
		/* Documented: a line on stderr, and NULL. */
		tl->refused++;
		return;
	}
	TALLY(tl, round, lmm_test_is_zero(p, sizeof(*p)), false);
	memset(p, 0xa5, sizeof(*p));
	XFREE(p);	/* an error would be a line on stderr */
}

static void seed_race(struct race *rc)
{
	static const struct race_spec spec = {
		use_seed_api, destroy_and_register
	};

	race_family(rc, &spec);
}

/* The per-thread name cache must never hand out a family that went away. */
static void seed_api_xcalloc_races_destroy(struct lmm_test *t)
{
	expect_family_race(t, seed_race, true);
}

/* Allocate through a handle that may die; free through @free_handle. */
static void *alloc_hot(struct tally *tl, u64 round, struct lmm_family **fp)
{
	struct lmm_family *f = lmm_family_find(RACE_NAME);
	size_t units = 1 + round % 3;
	int err = 0;
	char *p = lmm_alloc(f, units, &err);

	*fp = f;
	/* NULL from find, or a handle destroyed since: -EINVAL. */
	TALLY(tl, err, p, err == -EINVAL);
	if (!p)
		return NULL;
	TALLY(tl, round, lmm_test_is_zero(p, units * RACE_BYTES), false);
	lmm_test_fill(p, units * RACE_BYTES, round);
	return p;
}

static void use_handle(struct race *rc, struct tally *tl, u64 round)
{
	struct lmm_family *f;
	void *p = alloc_hot(tl, round, &f);
	int err;

	(void)rc;
	if (!p)
		return;
	/* The live block kept the family alive: the free must work. */
	err = lmm_free(f, p);
	TALLY(tl, err, !err, false);
}

static void handle_race(struct race *rc)
{
	static const struct race_spec spec = {
		use_handle, destroy_and_register
	};

	race_family(rc, &spec);
}

static void find_alloc_free_races_destroy(struct lmm_test *t)
{
	expect_family_race(t, handle_race, false);
}

static void use_free_without_handle(struct race *rc, struct tally *tl,
				    u64 round)
{
	struct lmm_family *f;
	void *p = alloc_hot(tl, round, &f);
	int err;

	(void)rc;
	if (!p)
		return;
	err = lmm_free(NULL, p);
	TALLY(tl, err, !err, false);
	/* Again: refused, whatever family holds the page by now. */
	err = lmm_free(NULL, p);
	TALLY(tl, err, err == -EINVAL, false);
}

static void free_race(struct race *rc)
{
	static const struct race_spec spec = {
		use_free_without_handle, destroy_and_register
	};

	race_family(rc, &spec);
}

static void free_without_handle_races_destroy(struct lmm_test *t)
{
	expect_family_race(t, free_race, false);
}

static void use_stats(struct race *rc, struct tally *tl, u64 round)
{
	struct lmm_family *f = lmm_family_find(RACE_NAME);
	const char *name = lmm_family_name(f);
	struct lmm_stats s;
	int err = lmm_family_stats(f, &s);

	(void)rc;
	TALLY(tl, err, !err, err == -EINVAL);
	if (!err)
		TALLY(tl, s.struct_bytes,
		      s.struct_bytes == RACE_BYTES && s.allocs >= s.frees,
		      false);
	/* "?" is the documented name of a bad handle. */
	TALLY(tl, round, !strcmp(name, RACE_NAME), !strcmp(name, "?"));
}

static void stats_race(struct race *rc)
{
	static const struct race_spec spec = {
		use_stats, destroy_and_register
	};

	race_family(rc, &spec);
}

static void stats_race_destroy(struct lmm_test *t)
{
	expect_family_race(t, stats_race, false);
}

static void use_checker(struct race *rc, struct tally *tl, u64 round)
{
	struct lmm_family *f = lmm_family_find(RACE_NAME);
	int err = lmm_family_check(f, NULL);

	(void)rc;
	TALLY(tl, err, err == LMM_CHECK_OK, err == LMM_CHECK_HANDLE);
	if (round % 4 == 0) {
		err = lmm_check(NULL);
		TALLY(tl, err, err == LMM_CHECK_OK, false);
	}
}

static void checker_race(struct race *rc)
{
	static const struct race_spec spec = {
		use_checker, destroy_and_register
	};

	race_family(rc, &spec);
}

static void checker_races_destroy(struct lmm_test *t)
{
	expect_family_race(t, checker_race, false);
}

static void use_reports(struct race *rc, struct tally *tl, u64 round)
{
	struct lmm_printer out = { count_printed, rc };
	struct lmm_family *f = lmm_family_find(RACE_NAME);
	u64 printed = rc->printed;

	switch (round % 4) {
	case 0:
		lmm_report_families(&out);
		/* At least the "families: N" line, whatever happened. */
		TALLY(tl, round, rc->printed > printed, false);
		break;
	case 1:
		lmm_report_usage(&out, f);
		lmm_report_usage(&out, NULL);
		TALLY(tl, round, rc->printed > printed, false);
		break;
	case 2:
		lmm_report_blocks(&out, f);
		break;
	default:
		lmm_report_leaks(&out, f);
		break;
	}
}

static void report_race(struct race *rc)
{
	static const struct race_spec spec = {
		use_reports, destroy_and_register
	};

	race_family(rc, &spec);
}

static void reports_race_destroy(struct lmm_test *t)
{
	expect_family_race(t, report_race, false);
}

static void use_set_debug(struct race *rc, struct tally *tl, u64 round)
{
	struct lmm_family *f = lmm_family_find(RACE_NAME);
	int err;

	(void)rc;
	lmm_family_set_debug(f, round & 1);
	/* Poisoned or not, the family must stay sound. */
	err = lmm_family_check(f, NULL);
	TALLY(tl, err, err == LMM_CHECK_OK, err == LMM_CHECK_HANDLE);
}

static void set_debug_race(struct race *rc)
{
	static const struct race_spec spec = {
		use_set_debug, destroy_and_register
	};

	race_family(rc, &spec);
}

static void set_debug_races_destroy(struct lmm_test *t)
{
	expect_family_race(t, set_debug_race, false);
}

/*
 * No destroy at all: set_debug (and the allocations it affects) against
 * the list of families, which shows each family's debug setting and
 * policy.  Nothing can crash here; only ThreadSanitizer can tell whether
 * the list reads them under the lock that guards their writes.
 */
static void toggle_debug(struct race *rc, struct tally *tl)
{
	struct lmm_family *f = lmm_family_find(RACE_NAME);

	(void)rc;
	lmm_family_set_debug(f, tl->rounds & 1);
	warm_up(f, tl);
}

static void use_family_list(struct race *rc, struct tally *tl, u64 round)
{
	struct lmm_printer out = { count_printed, rc };
	u64 printed = rc->printed;

	lmm_report_families(&out);
	/* "families: 1", the heading and the family's line. */
	TALLY(tl, round, rc->printed - printed == 3, false);
}

static void debug_listing_race(struct race *rc)
{
	static const struct race_spec spec = {
		use_family_list, toggle_debug
	};

	race_family(rc, &spec);
}

static void family_list_races_set_debug(struct lmm_test *t)
{
	struct child c;

	if (!child_run(t, debug_listing_race, &c))
		return;
	expect_clean_child(t, &c, false);
	if (WIFEXITED(c.status) && !WEXITSTATUS(c.status)) {
		LMM_EXPECT_GE(t, c.rc->side[USER].rounds, RACE_ROUNDS);
		LMM_EXPECT_EQ(t, c.rc->side[USER].done,
			      c.rc->side[USER].rounds);
		LMM_EXPECT(t, c.rc->exists_at_end);
		LMM_EXPECT_EQ(t, c.rc->check_at_end, LMM_CHECK_OK);
	}
	end_child(&c);
}

/* Two destroyers on the same name: one wins each handle, never both. */
static void use_destroy(struct race *rc, struct tally *tl, u64 round)
{
	(void)round;
	destroy_and_register(rc, tl);
}

static void double_destroy_race(struct race *rc)
{
	static const struct race_spec spec = {
		use_destroy, destroy_and_register
	};

	race_family(rc, &spec);
}

static void two_destroyers_race(struct lmm_test *t)
{
	expect_family_race(t, double_destroy_race, false);
}

/* --- regions: a handle in a shared variable, destroyed and replaced -- */

#define RACE_REGION_BYTES	(64 * 1024)

static struct lmm_region *new_region(struct tally *tl)
{
	struct lmm_region *r;
	int err = lmm_region_create(RACE_REGION_BYTES, LMM_WORST_FIT, &r);

	TALLY(tl, err, !err, false);
	return err ? NULL : r;
}

static void replace_region(struct race *rc, struct tally *tl)
{
	struct lmm_region *old = __atomic_load_n(&rc->region,
						 __ATOMIC_ACQUIRE);

	/* Live blocks go with it: the user's frees must be refused. */
	lmm_region_destroy(old);
	rc->destroyed++;
	__atomic_store_n(&rc->region, new_region(tl), __ATOMIC_RELEASE);
	rc->created++;
}

/*
 * The user never touches the memory: a region takes its live blocks
 * with it, so writing to them after a destroy is the caller's bug.
 */
static void use_region(struct race *rc, struct tally *tl, u64 round)
{
	struct lmm_region *r = __atomic_load_n(&rc->region, __ATOMIC_ACQUIRE);
	struct lmm_stats s;
	int err = 0;
	void *p = lmm_region_alloc(r, 1 + round % 200, &err);

	TALLY(tl, err, p, err == -EINVAL);
	if (p) {
		err = lmm_region_free(r, p);
		TALLY(tl, err, !err, err == -EINVAL);
	}
	err = lmm_region_stats(r, &s);
	TALLY(tl, err, !err, err == -EINVAL);
	err = lmm_region_check(r, NULL);
	TALLY(tl, err, err == LMM_CHECK_OK, err == LMM_CHECK_HANDLE);
}

static void region_race(struct race *rc)
{
	static const struct race_spec spec = { use_region, replace_region };
	struct lmm_region *r;

	rc->region = new_region(&rc->side[DESTROYER]);
	rc->created = 1;
	race_threads(rc, &spec);
	r = rc->region;
	rc->exists_at_end = r != NULL;
	rc->check_at_end = lmm_region_check(r, NULL);
	lmm_region_destroy(r);
}

static void region_use_races_destroy(struct lmm_test *t)
{
	struct child c;

	if (!child_run(t, region_race, &c))
		return;
	expect_clean_child(t, &c, false);
	if (WIFEXITED(c.status) && !WEXITSTATUS(c.status)) {
		LMM_EXPECT_GE(t, c.rc->side[USER].rounds, RACE_ROUNDS);
		LMM_EXPECT_GT(t, c.rc->side[USER].done, 0);
		LMM_EXPECT_GT(t, c.rc->destroyed, 0);
		LMM_EXPECT(t, c.rc->exists_at_end);
		LMM_EXPECT_EQ(t, c.rc->check_at_end, LMM_CHECK_OK);
	}
	end_child(&c);
}

/* --- dead handles, one thread ---------------------------------------- */

static void expect_refused_family(struct race *rc, struct tally *tl,
				  struct lmm_family *dead, void *live_block)
{
	struct lmm_printer out = { count_printed, rc };
	struct lmm_stats s;
	int err = 0;
	void *p = lmm_alloc(dead, 1, &err);

	TALLY(tl, err, false, !p && err == -EINVAL);
	err = lmm_free(dead, live_block);
	TALLY(tl, err, false, err == -EINVAL);
	err = lmm_family_stats(dead, &s);
	TALLY(tl, err, false, err == -EINVAL);
	err = lmm_family_check(dead, NULL);
	TALLY(tl, err, false, err == LMM_CHECK_HANDLE);
	TALLY(tl, 0, false, !strcmp(lmm_family_name(dead), "?"));
	lmm_family_set_debug(dead, true);
	lmm_report_usage(&out, dead);
	lmm_report_blocks(&out, dead);
	lmm_report_leaks(&out, dead);
	err = lmm_family_destroy(dead);
	TALLY(tl, err, false, err == -EINVAL);
}

static void second_destroy(struct race *rc)
{
	struct tally *tl = &rc->side[USER];
	struct lmm_family *f;
	int err = lmm_family_create(RACE_NAME, RACE_BYTES, NULL, &f);

	TALLY(tl, err, !err, false);
	if (err)
		return;
	warm_up(f, tl);
	err = lmm_family_destroy(f);
	TALLY(tl, err, !err, false);
	err = lmm_family_destroy(f);
	TALLY(tl, err, false, err == -EINVAL);
	rc->check_at_end = lmm_check(NULL);
}

static void second_destroy_is_refused(struct lmm_test *t)
{
	struct child c;

	if (!child_run(t, second_destroy, &c))
		return;
	expect_clean_child(t, &c, false);
	LMM_EXPECT_EQ(t, c.rc->side[USER].refused, 1);
	LMM_EXPECT_EQ(t, c.rc->check_at_end, LMM_CHECK_OK);
	end_child(&c);
}

/* The figures a stale handle must not move. */
static bool same_figures(const struct lmm_stats *a, const struct lmm_stats *b)
{
	return a->allocs == b->allocs && a->frees == b->frees &&
	       a->blocks_in_use == b->blocks_in_use &&
	       a->failed_allocs == b->failed_allocs &&
	       a->bad_frees == b->bad_frees &&
	       a->pages_in_use == b->pages_in_use;
}

/* Destroyed handles, then a new family where their memory may be reused. */
static void stale_family_handles(struct race *rc)
{
	struct lmm_family *dead[STALE_HANDLES], *f;
	struct tally *tl = &rc->side[USER];
	struct lmm_stats before, after;
	char name[16];
	void *p;
	int i, err;

	for (i = 0; i < STALE_HANDLES; i++) {
		snprintf(name, sizeof(name), "old_%d", i);
		err = lmm_family_create(name, 24, NULL, &dead[i]);
		TALLY(tl, err, !err, false);
		if (err)
			return;
		warm_up(dead[i], tl);
		err = lmm_family_destroy(dead[i]);
		TALLY(tl, err, !err, false);
	}
	err = lmm_family_create(RACE_NAME, 24, NULL, &f);
	TALLY(tl, err, !err, false);
	p = lmm_alloc(f, 1, &err);
	TALLY(tl, err, p, false);
	if (!f || !p || lmm_family_stats(f, &before))
		return;
	tl->done = 0;	/* from here on, count only the checks below */
	for (i = 0; i < STALE_HANDLES; i++) {
		rc->reused += dead[i] == f;
		expect_refused_family(rc, tl, dead[i], p);
	}
	err = lmm_family_stats(f, &after);
	TALLY(tl, err, !err && same_figures(&before, &after), false);
	TALLY(tl, 0, lmm_family_find(RACE_NAME) == f, false);
	err = lmm_free(f, p);
	TALLY(tl, err, !err, false);
	rc->check_at_end = lmm_family_check(f, NULL);
}

static void stale_handle_never_reaches_a_new_family(struct lmm_test *t)
{
	struct child c;

	if (!child_run(t, stale_family_handles, &c))
		return;
	expect_clean_child(t, &c, false);
	/* 6 refusals per dead handle, then 3 checks of the new family. */
	LMM_EXPECT_EQ(t, c.rc->side[USER].refused, STALE_HANDLES * 6);
	LMM_EXPECT_EQ(t, c.rc->side[USER].done, 3);
	LMM_EXPECT_EQ(t, c.rc->check_at_end, LMM_CHECK_OK);
	end_child(&c);
}

static void expect_refused_region(struct tally *tl, struct lmm_region *dead,
				  void *block)
{
	struct lmm_stats s;
	int err = 0;
	void *p = lmm_region_alloc(dead, 64, &err);

	TALLY(tl, err, false, !p && err == -EINVAL);
	err = lmm_region_free(dead, block);
	TALLY(tl, err, false, err == -EINVAL);
	err = lmm_region_stats(dead, &s);
	TALLY(tl, err, false, err == -EINVAL);
	err = lmm_region_check(dead, NULL);
	TALLY(tl, err, false, err == LMM_CHECK_HANDLE);
	lmm_region_set_debug(dead, true);
	lmm_region_destroy(dead);	/* again: nothing to do, no crash */
}

static void stale_region_handles(struct race *rc)
{
	struct lmm_region *dead[STALE_HANDLES], *r;
	struct tally *tl = &rc->side[USER];
	struct lmm_stats before, after;
	void *old_block[STALE_HANDLES];
	void *p;
	int i;

	for (i = 0; i < STALE_HANDLES; i++) {
		dead[i] = new_region(tl);
		if (!dead[i])
			return;
		old_block[i] = lmm_region_alloc(dead[i], 100, NULL);
		TALLY(tl, 0, old_block[i], false);
		lmm_region_destroy(dead[i]);
	}
	r = new_region(tl);
	p = r ? lmm_region_alloc(r, 100, NULL) : NULL;
	TALLY(tl, 0, p, false);
	if (!p || lmm_region_stats(r, &before))
		return;
	tl->done = 0;	/* from here on, count only the checks below */
	for (i = 0; i < STALE_HANDLES; i++) {
		rc->reused += dead[i] == r;
		expect_refused_region(tl, dead[i], i % 2 ? p : old_block[i]);
	}
	TALLY(tl, 0, !lmm_region_stats(r, &after) &&
		     same_figures(&before, &after), false);
	TALLY(tl, 0, !lmm_region_free(r, p), false);
	rc->check_at_end = lmm_region_check(r, NULL);
	lmm_region_destroy(r);
}

static void destroyed_region_refuses_everything(struct lmm_test *t)
{
	struct child c;

	if (!child_run(t, stale_region_handles, &c))
		return;
	expect_clean_child(t, &c, false);
	LMM_EXPECT_EQ(t, c.rc->side[USER].refused, STALE_HANDLES * 4);
	LMM_EXPECT_EQ(t, c.rc->side[USER].done, 2);
	LMM_EXPECT_EQ(t, c.rc->check_at_end, LMM_CHECK_OK);
	end_child(&c);
}

static const struct lmm_test_case race_cases[] = {
	LMM_TEST_CASE(second_destroy_is_refused),
	LMM_TEST_CASE(stale_handle_never_reaches_a_new_family),
	LMM_TEST_CASE(destroyed_region_refuses_everything),
	LMM_TEST_CASE(seed_api_xcalloc_races_destroy),
	LMM_TEST_CASE(find_alloc_free_races_destroy),
	LMM_TEST_CASE(free_without_handle_races_destroy),
	LMM_TEST_CASE(stats_race_destroy),
	LMM_TEST_CASE(checker_races_destroy),
	LMM_TEST_CASE(reports_race_destroy),
	LMM_TEST_CASE(set_debug_races_destroy),
	LMM_TEST_CASE(family_list_races_set_debug),
	LMM_TEST_CASE(two_destroyers_race),
	LMM_TEST_CASE(region_use_races_destroy),
	LMM_TEST_END
};

const struct lmm_test_suite lmm_race_suite = {
	.name = "race",
	.cases = race_cases,
};
