// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mem_api_tests.c - the Mem seed's API (mem.h): Mem_Init, Mem_Alloc,
 * Mem_Free, Mem_Dump.
 *
 * Mem_Init() works once per process and its region lives until exit, so
 * each scenario runs in a child process of its own (with the policy in
 * LMM_MEM_POLICY as asked).  The child writes its findings into shared
 * memory; what it prints on stdout and stderr is captured; the parent
 * asserts on both.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cunit_adapter.h"
#include "mem.h"

#define NVALUES 32

/* What a scenario reports back: numbers, by index. */
struct findings {
	long v[NVALUES];
};

struct child_run {
	struct capture c;
	struct findings *f;
	int status;
};

typedef void (*scenario_fn)(struct findings *f);

/*
 * Run @fn in a child with LMM_MEM_POLICY set to @policy (or unset if
 * NULL).  Return: true when the child exited normally with status 0.
 */
static bool run_child(struct lmm_test *t, scenario_fn fn, const char *policy,
		      struct child_run *run)
{
	pid_t pid;

	run->f = mmap(NULL, sizeof(*run->f), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!LMM_EXPECT(t, run->f != MAP_FAILED))
		return false;
	memset(run->f, 0, sizeof(*run->f));
	if (!LMM_EXPECT(t, capture_begin(&run->c)))
		return false;
	pid = fork();
	if (pid == 0) {
		if (policy)
			setenv("LMM_MEM_POLICY", policy, 1);
		else
			unsetenv("LMM_MEM_POLICY");
		fn(run->f);
		fflush(stdout);
		fflush(stderr);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, &run->status, 0);
	capture_end(&run->c);
	return LMM_EXPECT(t, pid > 0) &&
	       LMM_EXPECT(t, WIFEXITED(run->status)) &&
	       LMM_EXPECT_EQ(t, WEXITSTATUS(run->status), 0);
}

static void end_run(struct child_run *run)
{
	munmap(run->f, sizeof(*run->f));
}

/* --- the seed's own scenario ------------------------------------------ */

enum {
	S_INIT, S_A, S_B, S_C, S_FREE_B, S_FREE_B_AGAIN, S_FREE_INTERIOR,
	S_TOO_BIG, S_FREE_A, S_FREE_C, S_ALIGNED
};

static void seed_scenario(struct findings *f)
{
	char *a, *b, *c;

	f->v[S_INIT] = Mem_Init(4096) != NULL;
	a = Mem_Alloc(100);
	b = Mem_Alloc(100);
	c = Mem_Alloc(100);
	f->v[S_A] = 0;
	f->v[S_B] = b - a;
	f->v[S_C] = c - a;
	f->v[S_ALIGNED] = !((unsigned long)a % 16 || (unsigned long)b % 16 ||
			    (unsigned long)c % 16);
	memset(a, 'a', 100);
	memset(c, 'c', 100);
	f->v[S_FREE_B] = Mem_Free(b);
	Mem_Dump();
	f->v[S_FREE_B_AGAIN] = Mem_Free(b);
	f->v[S_FREE_INTERIOR] = Mem_Free(a + 16);
	f->v[S_TOO_BIG] = Mem_Alloc(8192) != NULL;
	f->v[S_FREE_A] = Mem_Free(a);
	f->v[S_FREE_C] = Mem_Free(c);
	printf("==\n");
	Mem_Dump();
}

static void seed_scenario_runs_as_in_the_seed(struct lmm_test *t)
{
	struct child_run run;
	const char *second;

	if (run_child(t, seed_scenario, NULL, &run)) {
		LMM_EXPECT_EQ(t, run.f->v[S_INIT], 1);
		LMM_EXPECT_EQ(t, run.f->v[S_ALIGNED], 1);
		/* 100 bytes and a header, in 16-byte steps: 112 apart. */
		LMM_EXPECT_EQ(t, run.f->v[S_B], 112);
		LMM_EXPECT_EQ(t, run.f->v[S_C], 224);
		LMM_EXPECT_EQ(t, run.f->v[S_FREE_B], 0);
		LMM_EXPECT_EQ(t, run.f->v[S_FREE_B_AGAIN], -1);
		LMM_EXPECT_EQ(t, run.f->v[S_FREE_INTERIOR], -1);
		LMM_EXPECT_EQ(t, run.f->v[S_TOO_BIG], 0);
		LMM_EXPECT_EQ(t, run.f->v[S_FREE_A], 0);
		LMM_EXPECT_EQ(t, run.f->v[S_FREE_C], 0);
		/* The dump with a hole, then the one with a single block. */
		LMM_EXPECT_HAS(t, run.c.out, "region: 4096 bytes, policy worst\n");
		LMM_EXPECT_HAS(t, run.c.out, "used: 2 blocks, 208 bytes\n");
		LMM_EXPECT_HAS(t, run.c.out, "free: 2 blocks, ");
		LMM_EXPECT_HAS(t, run.c.out, "offset 16: used 104 bytes\n");
		LMM_EXPECT_HAS(t, run.c.out, "offset 128: free 104 bytes\n");
		LMM_EXPECT_HAS(t, run.c.out, "offset 240: used 104 bytes\n");
		second = strstr(run.c.out, "==\n");
		LMM_EXPECT_NOT_NULL(t, second);
		LMM_EXPECT_HAS(t, second, "used: 0 blocks, 0 bytes\n");
		LMM_EXPECT_HAS(t, second, "free: 1 block, 4072 bytes, largest 4072, frag 0.0%\n");
		LMM_EXPECT(t, !strstr(run.c.out, "0x"));
		LMM_EXPECT(t, !strstr(run.c.err, "damage"));
		/* Two refused frees and the refused 8192 bytes, one line each. */
		LMM_EXPECT_HAS(t, run.c.err, "Mem_Free: offset 128: ");
		LMM_EXPECT_HAS(t, run.c.err, "Mem_Free: offset 32: ");
		LMM_EXPECT_HAS(t, run.c.err, lmm_strerror(-EINVAL));
		LMM_EXPECT(t, !strstr(run.c.err, "0x"));
		LMM_EXPECT_HAS(t, run.c.err, "Mem_Alloc: 8192 bytes: out of memory\n");
	}
	end_run(&run);
}

/* --- misuse ----------------------------------------------------------- */

enum { B_ALLOC, B_FREE, B_FREE_NULL };

static void before_init(struct findings *f)
{
	int x;

	f->v[B_ALLOC] = Mem_Alloc(16) != NULL;
	f->v[B_FREE] = Mem_Free(&x);
	f->v[B_FREE_NULL] = Mem_Free(NULL);
	Mem_Dump();
}

static void calls_before_mem_init_fail(struct lmm_test *t)
{
	struct child_run run;

	if (run_child(t, before_init, NULL, &run)) {
		LMM_EXPECT_EQ(t, run.f->v[B_ALLOC], 0);
		LMM_EXPECT_EQ(t, run.f->v[B_FREE], -1);
		LMM_EXPECT_EQ(t, run.f->v[B_FREE_NULL], 0);
		LMM_EXPECT_HAS(t, run.c.err, "Mem_Alloc: call Mem_Init first\n");
		LMM_EXPECT_HAS(t, run.c.out, "Mem_Dump: no region");
	}
	end_run(&run);
}

enum { I_ZERO, I_NEGATIVE, I_GOOD, I_AGAIN };

static void init_twice(struct findings *f)
{
	f->v[I_ZERO] = Mem_Init(0) != NULL;
	f->v[I_NEGATIVE] = Mem_Init(-4096) != NULL;
	f->v[I_GOOD] = Mem_Init(4096) != NULL;
	f->v[I_AGAIN] = Mem_Init(4096) != NULL;
}

static void mem_init_refuses_bad_sizes_and_a_second_call(struct lmm_test *t)
{
	struct child_run run;

	if (run_child(t, init_twice, NULL, &run)) {
		LMM_EXPECT_EQ(t, run.f->v[I_ZERO], 0);
		LMM_EXPECT_EQ(t, run.f->v[I_NEGATIVE], 0);
		LMM_EXPECT_EQ(t, run.f->v[I_GOOD], 1);
		LMM_EXPECT_EQ(t, run.f->v[I_AGAIN], 0);
		LMM_EXPECT_HAS(t, run.c.err, "Mem_Init: size 0 must be positive\n");
		LMM_EXPECT_HAS(t, run.c.err, "Mem_Init: size -4096 must be positive\n");
		LMM_EXPECT_HAS(t, run.c.err, "Mem_Init: already called\n");
	}
	end_run(&run);
}

enum { A_ZERO, A_NEGATIVE, A_COUNT, A_AGAIN, A_WHOLE, A_MORE };

static void fill_up(struct findings *f)
{
	void *p[100];
	int n = 0, i;

	Mem_Init(8192);
	f->v[A_ZERO] = Mem_Alloc(0) != NULL;
	f->v[A_NEGATIVE] = Mem_Alloc(-1) != NULL;
	while (n < 100 && (p[n] = Mem_Alloc(100)))
		n++;
	f->v[A_COUNT] = n;
	/* Room again after a free, in the same place. */
	Mem_Free(p[n / 2]);
	f->v[A_AGAIN] = Mem_Alloc(100) == p[n / 2];
	for (i = 0; i < n; i++)
		Mem_Free(p[i]);
	f->v[A_WHOLE] = Mem_Alloc(8192 - 24) != NULL;
	f->v[A_MORE] = Mem_Alloc(1) != NULL;
}

static void mem_alloc_fills_up_then_recovers(struct lmm_test *t)
{
	struct child_run run;

	if (run_child(t, fill_up, NULL, &run)) {
		LMM_EXPECT_EQ(t, run.f->v[A_ZERO], 0);
		LMM_EXPECT_EQ(t, run.f->v[A_NEGATIVE], 0);
		LMM_EXPECT_EQ(t, run.f->v[A_COUNT], 73);
		LMM_EXPECT_EQ(t, run.f->v[A_AGAIN], 1);
		LMM_EXPECT_EQ(t, run.f->v[A_WHOLE], 1);
		LMM_EXPECT_EQ(t, run.f->v[A_MORE], 0);
		LMM_EXPECT_HAS(t, run.c.err, "Mem_Alloc: size 0 must be positive\n");
		LMM_EXPECT_HAS(t, run.c.err, "Mem_Alloc: size -1 must be positive\n");
		LMM_EXPECT_HAS(t, run.c.err, "Mem_Alloc: 100 bytes: out of memory\n");
	}
	end_run(&run);
}

enum { F_FOREIGN, F_STACK, F_INTERIOR, F_MINE };

static void foreign_frees(struct findings *f)
{
	char *heap = malloc(64);
	char *p;
	int x;

	Mem_Init(4096);
	p = Mem_Alloc(64);
	f->v[F_FOREIGN] = Mem_Free(heap);
	f->v[F_STACK] = Mem_Free(&x);
	f->v[F_INTERIOR] = Mem_Free(p + 1);
	f->v[F_MINE] = Mem_Free(p);
	free(heap);
}

static void mem_free_refuses_what_mem_alloc_did_not_hand_out(struct lmm_test *t)
{
	struct child_run run;

	if (run_child(t, foreign_frees, NULL, &run)) {
		LMM_EXPECT_EQ(t, run.f->v[F_FOREIGN], -1);
		LMM_EXPECT_EQ(t, run.f->v[F_STACK], -1);
		LMM_EXPECT_EQ(t, run.f->v[F_INTERIOR], -1);
		LMM_EXPECT_EQ(t, run.f->v[F_MINE], 0);
	}
	end_run(&run);
}

/* --- what Mem_Init returns: the managed space ------------------------- */

#define SPACE_REQUEST	10000	/* not a whole number of pages */
#define SPACE_BYTES	12288	/* what it is rounded up to */
#define SPACE_ALLOCS	200

enum { M_INIT, M_ALIGNED, M_COUNT, M_INSIDE, M_OUTSIDE };

/* Whether [p, p + bytes) lies in the @space_bytes from @base. */
static bool in_space(const char *base, size_t space_bytes, const char *p,
		     size_t bytes)
{
	return p >= base && p + bytes <= base + space_bytes;
}

/* Sizes from 1 to 300 bytes until the space is full. */
static void fill_the_space(struct findings *f)
{
	char *base = Mem_Init(SPACE_REQUEST);
	int i;

	f->v[M_INIT] = base != NULL;
	if (!base)
		return;
	f->v[M_ALIGNED] = (unsigned long)base % 16 == 0;
	for (i = 0; i < SPACE_ALLOCS; i++) {
		size_t bytes = 1 + (size_t)i * 37 % 300;
		char *p = Mem_Alloc((int)bytes);

		if (!p)
			break;
		f->v[M_COUNT]++;
		if (in_space(base, SPACE_BYTES, p, bytes))
			f->v[M_INSIDE]++;
		else
			f->v[M_OUTSIDE]++;
	}
}

static void mem_init_returns_the_space_mem_alloc_hands_out(struct lmm_test *t)
{
	struct child_run run;

	if (run_child(t, fill_the_space, NULL, &run)) {
		LMM_EXPECT_EQ(t, run.f->v[M_INIT], 1);
		LMM_EXPECT_EQ(t, run.f->v[M_ALIGNED], 1);
		/* It filled up: every byte of the space was in play. */
		LMM_EXPECT_GT(t, run.f->v[M_COUNT], 40);
		LMM_EXPECT_LT(t, run.f->v[M_COUNT], SPACE_ALLOCS);
		LMM_EXPECT_EQ(t, run.f->v[M_INSIDE], run.f->v[M_COUNT]);
		LMM_EXPECT_EQ(t, run.f->v[M_OUTSIDE], 0);
	}
	end_run(&run);
}

enum { L_INIT, L_ALLOC, L_FREE, L_WHOLE };

/*
 * The space starts with 8 bytes no block uses (headers sit 8 bytes before
 * 16-aligned payloads): a program may scribble there, and nothing of lmm's
 * may live there.  When Mem_Init() returned the region's bookkeeping,
 * these 8 bytes were its magic number and the heap was gone.
 */
static void scribble_on_the_lead_in(struct findings *f)
{
	char *base = Mem_Init(4096);
	char *p;

	f->v[L_INIT] = base != NULL;
	if (!base)
		return;
	memset(base, 0xa5, 8);
	p = Mem_Alloc(100);
	f->v[L_ALLOC] = p != NULL;
	f->v[L_FREE] = Mem_Free(p);
	f->v[L_WHOLE] = Mem_Alloc(4096 - 24) != NULL;
	Mem_Dump();
}

static void mem_init_space_holds_no_bookkeeping(struct lmm_test *t)
{
	struct child_run run;

	if (run_child(t, scribble_on_the_lead_in, NULL, &run)) {
		LMM_EXPECT_EQ(t, run.f->v[L_INIT], 1);
		LMM_EXPECT_EQ(t, run.f->v[L_ALLOC], 1);
		LMM_EXPECT_EQ(t, run.f->v[L_FREE], 0);
		LMM_EXPECT_EQ(t, run.f->v[L_WHOLE], 1);
		LMM_EXPECT_HAS(t, run.c.out, "used: 1 block, 4072 bytes\n");
		LMM_EXPECT(t, !strstr(run.c.err, "damage"));
	}
	end_run(&run);
}

/* What Mem_Init() is built on: the area, not the handle. */
static void region_base_is_the_first_byte_of_the_area(struct lmm_test *t)
{
	struct lmm_region *region;
	char *base, *p;

	LMM_EXPECT_NULL(t, lmm_region_base(NULL));
	LMM_ASSERT_EQ(t, lmm_region_create(4096, LMM_FIRST_FIT, &region), 0);
	base = lmm_region_base(region);
	LMM_EXPECT_NOT_NULL(t, base);
	LMM_EXPECT(t, base != (char *)region);
	LMM_EXPECT_EQ(t, (unsigned long)base % 4096, 0);
	p = lmm_region_alloc(region, 4096 - 24, NULL);
	/* 8 unused bytes, then the header: the payload is 16 bytes in. */
	LMM_EXPECT(t, p == base + 16);
	LMM_EXPECT_EQ(t, lmm_region_free(region, p), 0);
	lmm_region_destroy(region);
}

#define AFTER_MEMSET_ALLOCS	8

enum {
	Z_INIT, Z_NULLS, Z_INSIDE, Z_OUTSIDE, Z_FREES_OK, Z_FREES_REFUSED,
	Z_DUMPED
};

/*
 * The student's mistake: clearing "the heap" through Mem_Init()'s pointer.
 * The 64 bytes hold the first block's header and free-list links, so the
 * heap is damaged; lmm must notice (a "damage" line on stderr), keep the
 * process alive, and never hand out memory outside the space.
 */
static void memset_the_space(struct findings *f)
{
	char *base = Mem_Init(4096);
	int i;

	f->v[Z_INIT] = base != NULL;
	if (!base)
		return;
	memset(base, 0, 64);
	for (i = 0; i < AFTER_MEMSET_ALLOCS; i++) {
		size_t bytes = 16 + (size_t)i * 40;
		char *p = Mem_Alloc((int)bytes);

		if (!p) {
			f->v[Z_NULLS]++;
			continue;
		}
		if (!in_space(base, 4096, p, bytes)) {
			f->v[Z_OUTSIDE]++;
			continue;	/* not ours to write, nor to free */
		}
		f->v[Z_INSIDE]++;
		memset(p, 'z', bytes);
		if (i % 2)
			f->v[Mem_Free(p) ? Z_FREES_REFUSED : Z_FREES_OK]++;
	}
	Mem_Dump();
	f->v[Z_DUMPED] = 1;
}

static void memset_through_mem_init_is_caught(struct lmm_test *t)
{
	struct child_run run;

	/* A crash in the child fails run_child(), not the whole suite. */
	if (run_child(t, memset_the_space, NULL, &run)) {
		LMM_EXPECT_EQ(t, run.f->v[Z_INIT], 1);
		LMM_EXPECT_EQ(t, run.f->v[Z_OUTSIDE], 0);
		LMM_EXPECT_EQ(t, run.f->v[Z_NULLS] + run.f->v[Z_INSIDE],
			      AFTER_MEMSET_ALLOCS);
		LMM_EXPECT_EQ(t, run.f->v[Z_DUMPED], 1);
		LMM_EXPECT_HAS(t, run.c.err, "damage");
		/* A refusal is for want of room, said in one line. */
		if (run.f->v[Z_NULLS])
			LMM_EXPECT_HAS(t, run.c.err, ": out of memory\n");
		if (run.f->v[Z_FREES_REFUSED])
			LMM_EXPECT_HAS(t, run.c.err, "Mem_Free: ");
		LMM_EXPECT_HAS(t, run.c.out, "region: 4096 bytes");
	}
	end_run(&run);
}

/* --- the policy, from the environment --------------------------------- */

enum { P_HOLE, P_INIT };

/* Holes of 512, 1024 and 256 bytes; which one does 100 bytes go to? */
static void holes(struct findings *f)
{
	char *h[3], *p;
	int i;

	f->v[P_INIT] = Mem_Init(4096) != NULL;
	Mem_Alloc(40);
	h[0] = Mem_Alloc(504);
	Mem_Alloc(40);
	h[1] = Mem_Alloc(1016);
	Mem_Alloc(40);
	h[2] = Mem_Alloc(248);
	Mem_Alloc(40);
	Mem_Alloc(4080 - 4 * 48 - 512 - 1024 - 256 - 8);	/* the rest */
	for (i = 0; i < 3; i++)
		Mem_Free(h[i]);
	f->v[P_HOLE] = -1;
	p = Mem_Alloc(100);
	for (i = 0; i < 3; i++)
		if (p == h[i])
			f->v[P_HOLE] = i;
	Mem_Dump();
}

static void expect_policy(struct lmm_test *t, const char *env,
			  const char *name, long hole)
{
	struct child_run run;
	char line[64];

	if (run_child(t, holes, env, &run)) {
		LMM_EXPECT_EQ(t, run.f->v[P_INIT], 1);
		LMM_EXPECT_EQ(t, run.f->v[P_HOLE], hole);
		snprintf(line, sizeof(line), "region: 4096 bytes, policy %s\n",
			 name);
		LMM_EXPECT_HAS(t, run.c.out, line);
	}
	end_run(&run);
}

static void mem_policy_comes_from_the_environment(struct lmm_test *t)
{
	expect_policy(t, NULL, "worst", 1);
	expect_policy(t, "worst", "worst", 1);
	expect_policy(t, "best", "best", 2);
	expect_policy(t, "first", "first", 0);
}

static void unknown_mem_policy_falls_back_to_worst_fit(struct lmm_test *t)
{
	struct child_run run;

	if (run_child(t, holes, "random", &run)) {
		LMM_EXPECT_EQ(t, run.f->v[P_HOLE], 1);
		LMM_EXPECT_HAS(t, run.c.err,
			       "Mem_Init: LMM_MEM_POLICY=random is not worst, best or first; using worst\n");
		LMM_EXPECT_HAS(t, run.c.out, "policy worst\n");
	}
	end_run(&run);
}

#define MEM_API_CASES(C) \
	C(seed_scenario_runs_as_in_the_seed) \
	C(calls_before_mem_init_fail) \
	C(mem_init_refuses_bad_sizes_and_a_second_call) \
	C(mem_alloc_fills_up_then_recovers) \
	C(mem_free_refuses_what_mem_alloc_did_not_hand_out) \
	C(region_base_is_the_first_byte_of_the_area) \
	C(mem_init_returns_the_space_mem_alloc_hands_out) \
	C(mem_init_space_holds_no_bookkeeping) \
	C(memset_through_mem_init_is_caught) \
	C(mem_policy_comes_from_the_environment) \
	C(unknown_mem_policy_falls_back_to_worst_fit)

LMM_TEST_SUITE(mem_api, MEM_API_CASES);
