// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * race_tests.c - destroy racing with use, in every API (issue 9, point 4),
 * under pthreads.
 *
 * The races themselves are portable (tests/cases/race_ops.c, shared with
 * the KUnit suite); this file adds the seed API's race (xcalloc() and
 * xfree() through the per-thread name cache of user/mm.c), the threads,
 * and the judging.
 *
 * Every scenario runs in a child process, so a crash fails its case and
 * not the whole run.  What the child writes to stderr goes to a file the
 * parent reads: lines that are not the seed API's expected "xcalloc: "
 * complaints (lmm's damage log, a sanitizer's report) are echoed and fail
 * the case.  A child still running after RACE_SECONDS is killed.
 *
 * `make tsan` runs this suite under ThreadSanitizer (tests/tsan.mk).
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
#include "race_ops.h"
#include "uapi_mm.h"

#define RACE_ROUNDS	20000	/* the user's calls, at least ... */
#define RACE_DESTROYS	1000	/* ... and the destroyer's rounds, at least */
#define RACE_BUDGET_MS	3000	/* unless the machine is that slow */
#define RACE_SECONDS	20	/* a child this late is stuck: kill it */
#define ECHO_LINES	100	/* unexpected stderr lines shown per case */

/* The seed API names its type: XCALLOC(1, hot_t) passes "hot_t". */
typedef struct {
	char bytes[RACE_BYTES];
} hot_t;

/* --- the child: two threads ------------------------------------------ */

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

static void *run_user(void *arg)
{
	struct racer *r = arg;
	struct race_tally *tl = &r->rc->side[RACE_USER];
	u64 deadline;

	pthread_barrier_wait(r->start);
	deadline = now_ms() + RACE_BUDGET_MS;
	while (!race_user_done(r->rc, RACE_ROUNDS, RACE_DESTROYS) &&
	       (tl->rounds < RACE_ROUNDS || now_ms() < deadline)) {
		r->spec->use(r->rc, tl, tl->rounds);
		race_count_round(tl);
	}
	__atomic_store_n(&r->rc->stop, true, __ATOMIC_RELEASE);
	return NULL;
}

static void *run_destroyer(void *arg)
{
	struct racer *r = arg;
	struct race_tally *tl = &r->rc->side[RACE_DESTROYER];

	pthread_barrier_wait(r->start);
	while (!__atomic_load_n(&r->rc->stop, __ATOMIC_ACQUIRE)) {
		r->spec->destroy(r->rc, tl);
		race_count_round(tl);
	}
	return NULL;
}

/* Set up, run both threads (started together), and take the end state. */
static void race_threads(struct race *rc, const struct race_spec *spec)
{
	pthread_barrier_t start;
	struct racer destroyer = { .spec = spec, .rc = rc, .start = &start };
	struct racer user = { .spec = spec, .rc = rc, .start = &start };

	race_setup(rc, spec);
	pthread_barrier_init(&start, NULL, 2);
	if (pthread_create(&destroyer.thread, NULL, run_destroyer, &destroyer))
		abort();
	if (pthread_create(&user.thread, NULL, run_user, &user))
		abort();
	pthread_join(user.thread, NULL);
	pthread_join(destroyer.thread, NULL);
	pthread_barrier_destroy(&start);
	race_finish(rc, spec);
}

/* --- the parent: fork, wait, judge ----------------------------------- */

typedef void (*scenario_fn)(struct race *rc);

/* The race a child runs (set by the parent before the fork). */
static const struct race_spec *child_spec;

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

static void expect_no_wrong(struct lmm_test *t, const struct race_tally *tl,
			    const char *who, const char *file)
{
	char msg[160];

	snprintf(msg, sizeof(msg),
		 "%s: %llu results lmm.h does not allow, the first %ld at %s:%d",
		 who, (unsigned long long)tl->wrong, tl->first_wrong, file,
		 tl->first_wrong_line);
	LMM_EXPECT_MSG(t, !tl->wrong, msg);
}

/*
 * The child ended by itself, said nothing unexpected, and got no wrong
 * result.  Return: true if it exited normally with status 0.
 */
static bool expect_clean_child(struct lmm_test *t, struct child *c,
			       bool seed_api)
{
	const char *file = seed_api ? __FILE__ : "tests/cases/race_ops.c";
	u64 unexpected_stderr_lines;
	int exit_status = -1;
	char msg[160];

	if (WIFSIGNALED(c->status)) {
		snprintf(msg, sizeof(msg), "the child died of signal %d (%s)",
			 WTERMSIG(c->status), strsignal(WTERMSIG(c->status)));
		LMM_EXPECT_MSG(t, false, msg);
	} else {
		exit_status = WEXITSTATUS(c->status);
		/* 66: a sanitizer's report (halt_on_error), echoed below */
		LMM_EXPECT_EQ(t, exit_status, 0);
	}
	unexpected_stderr_lines = unexpected_lines(c->log, seed_api);
	LMM_EXPECT_EQ(t, unexpected_stderr_lines, 0);
	/* The seed race's user is here, its destroyer in race_ops.c. */
	expect_no_wrong(t, &c->rc->side[RACE_USER], "user", file);
	expect_no_wrong(t, &c->rc->side[RACE_DESTROYER], "destroyer",
			"tests/cases/race_ops.c");
	return exit_status == 0;
}

static void end_child(struct child *c)
{
	munmap(c->rc, sizeof(*c->rc));
}

static void run_child_spec(struct race *rc)
{
	race_threads(rc, child_spec);
}

/*
 * A race: clean, complete, and a race indeed (the destroyer took the
 * family down while the user ran, and the user's calls did succeed).
 */
static void expect_race(struct lmm_test *t, const struct race_spec *spec,
			bool seed_api)
{
	struct child c;
	struct race *rc;

	child_spec = spec;
	if (!child_run(t, run_child_spec, &c))
		return;
	rc = c.rc;
	if (expect_clean_child(t, &c, seed_api)) {
		LMM_EXPECT_GE(t, rc->side[RACE_USER].rounds, RACE_ROUNDS);
		LMM_EXPECT_GT(t, rc->side[RACE_USER].done, 0);
		if (!spec->crash_free)
			LMM_EXPECT_GT(t, rc->destroyed, 0);
		/* Every round ends by creating: it is there, once. */
		LMM_EXPECT(t, rc->exists_at_end);
		LMM_EXPECT_EQ(t, rc->created - rc->destroyed, 1);
		LMM_EXPECT_EQ(t, rc->check_at_end, LMM_CHECK_OK);
	}
	end_child(&c);
}

static void expect_named_race(struct lmm_test *t, const char *name)
{
	const struct race_spec *spec;

	for (spec = race_specs; spec->name; spec++)
		if (!strcmp(spec->name, name))
			break;
	LMM_ASSERT_NOT_NULL(t, spec->name);
	expect_race(t, spec, false);
}

/* --- the seed API's race --------------------------------------------- */

static void use_seed_api(struct race *rc, struct race_tally *tl, u64 round)
{
	hot_t *p = XCALLOC(1, hot_t);

	(void)rc;
	if (!p) {
		/* Documented: a line on stderr, and NULL. */
		tl->refused++;
		return;
	}
	RACE_TALLY(tl, round, lmm_test_is_zero(p, sizeof(*p)), false);
	memset(p, 0xa5, sizeof(*p));
	XFREE(p);	/* an error would be a line on stderr */
	race_check_hot(tl);
}

/* The per-thread name cache must never hand out a family that went away. */
static void seed_api_xcalloc_races_destroy(struct lmm_test *t)
{
	static const struct race_spec spec = {
		.name = "seed_api",
		.use = use_seed_api,
		.destroy = race_destroy_and_register,
	};

	expect_race(t, &spec, true);
}

/* --- the portable races ---------------------------------------------- */

static void find_alloc_free_races_destroy(struct lmm_test *t)
{
	expect_named_race(t, "find_alloc_free");
}

static void free_without_handle_races_destroy(struct lmm_test *t)
{
	expect_named_race(t, "free_without_handle");
}

static void stats_race_destroy(struct lmm_test *t)
{
	expect_named_race(t, "stats");
}

static void checker_races_destroy(struct lmm_test *t)
{
	expect_named_race(t, "checker");
}

static void reports_race_destroy(struct lmm_test *t)
{
	expect_named_race(t, "reports");
}

static void set_debug_races_destroy(struct lmm_test *t)
{
	expect_named_race(t, "set_debug");
}

/* For ThreadSanitizer: nothing can crash here. */
static void family_list_races_set_debug(struct lmm_test *t)
{
	expect_named_race(t, "family_list_vs_set_debug");
}

static void two_destroyers_race(struct lmm_test *t)
{
	expect_named_race(t, "two_destroyers");
}

static void region_use_races_destroy(struct lmm_test *t)
{
	expect_named_race(t, "region");
}

/* Every race of race_ops.c has its case above. */
static void every_race_has_a_case(struct lmm_test *t)
{
	const struct race_spec *spec;
	unsigned int n = 0;

	for (spec = race_specs; spec->name; spec++)
		n++;
	LMM_EXPECT_EQ(t, n, 9);
}

/* --- dead handles, one thread ---------------------------------------- */

/* Clean, and the numbers of refusals and successes a correct core gives. */
static void expect_scenario(struct lmm_test *t, scenario_fn fn,
			    u64 refused, u64 done)
{
	struct child c;

	if (!child_run(t, fn, &c))
		return;
	expect_clean_child(t, &c, false);
	LMM_EXPECT_EQ(t, c.rc->side[RACE_USER].refused, refused);
	LMM_EXPECT_EQ(t, c.rc->side[RACE_USER].done, done);
	LMM_EXPECT_EQ(t, c.rc->check_at_end, LMM_CHECK_OK);
	end_child(&c);
}

static void second_destroy_is_refused(struct lmm_test *t)
{
	/* Done: the warm-up's 2 allocations and 2 frees, create, destroy. */
	expect_scenario(t, race_second_destroy, RACE_SECOND_DESTROY_REFUSED,
			6);
}

static void stale_handle_never_reaches_a_new_family(struct lmm_test *t)
{
	expect_scenario(t, race_stale_family_handles,
			RACE_STALE_FAMILY_REFUSED, RACE_STALE_FAMILY_DONE);
}

static void destroyed_region_refuses_everything(struct lmm_test *t)
{
	expect_scenario(t, race_stale_region_handles,
			RACE_STALE_REGION_REFUSED, RACE_STALE_REGION_DONE);
}

#define RACE_CASES(C) \
	C(every_race_has_a_case) \
	C(second_destroy_is_refused) \
	C(stale_handle_never_reaches_a_new_family) \
	C(destroyed_region_refuses_everything) \
	C(seed_api_xcalloc_races_destroy) \
	C(find_alloc_free_races_destroy) \
	C(free_without_handle_races_destroy) \
	C(stats_race_destroy) \
	C(checker_races_destroy) \
	C(reports_race_destroy) \
	C(set_debug_races_destroy) \
	C(family_list_races_set_debug) \
	C(two_destroyers_race) \
	C(region_use_races_destroy)

LMM_TEST_SUITE(race, RACE_CASES);
