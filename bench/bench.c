// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bench.c - one measurement of one allocator on one workload.
 *
 *   lmm_bench ALLOCATOR WORKLOAD N STRUCT_BYTES [SEED]
 *
 * prints one line of key=value figures (sys_maps and sys_unmaps: the
 * userspace port's mmap() and munmap()/madvise() calls in the timed part).
 * bench/run.py runs it many times, interleaved, under different allocators (jemalloc, mimalloc and tcmalloc
 * are LD_PRELOADed into the "libc" allocator) and under callgrind, and
 * turns the lines into tables.
 *
 * Allocators: lmm (native handle), lmm-best, lmm-first, lmm-xcalloc (the
 * seed API: lookup by name), libc (calloc/free of whatever malloc the
 * process has), freelist (a fixed-size free list: the practical floor),
 * mem (the Mem_* region, for the "region" workload), libc-region.
 *
 * Workloads (all zeroed allocations):
 *   seq     N allocations, then N frees in the same order
 *   rand    N allocations, then N frees in random order
 *   churn   N live to start, then 10 * N random alloc-or-free on 2N slots
 *   mixed   churn with 1..8 units per allocation
 *   region  churn of 16..512-byte blocks (for mem and libc-region)
 *
 * Every object is stamped at both ends when allocated and the stamps are
 * checked before it is freed, so overlapping or corrupted objects fail the
 * run; every allocation is checked to be zeroed at both ends.  The timed
 * part is timed_loop(), which callgrind can count alone with
 * --toggle-collect=timed_loop.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "lmm.h"
#include "lmm_types.h"	/* u64, as the core writes it */
#include "mem.h"
#include "port_pages.h"
#include "uapi_mm.h"

struct slot {
	unsigned char *p;
	size_t bytes;
	u64 id;		/* which allocation: the stamp is derived from it */
};

static struct slot *slots;
static size_t nslots;

struct allocator {
	const char *name;
	int (*setup)(size_t struct_bytes);
	void *(*alloc)(size_t units);
	void (*release)(void *p);
};

static size_t unit_bytes;
static struct lmm_family *family;
static u64 rng_state;

static u64 rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* --- lmm ----------------------------------------------------------- */

static int lmm_setup_policy(size_t struct_bytes, enum lmm_policy policy)
{
	struct lmm_family_opts opts = { .policy = policy, .cache_pages = -1 };

	return lmm_family_create("bench_t", struct_bytes, &opts, &family);
}

static int lmm_setup(size_t b) { return lmm_setup_policy(b, LMM_WORST_FIT); }
static int lmm_setup_best(size_t b) { return lmm_setup_policy(b, LMM_BEST_FIT); }
static int lmm_setup_first(size_t b) { return lmm_setup_policy(b, LMM_FIRST_FIT); }
static void *lmm_do_alloc(size_t units) { return lmm_alloc(family, units, NULL); }
static void lmm_do_free(void *p) { lmm_free(family, p); }
static void *xc_alloc(size_t units) { return xcalloc("bench_t", (int)units); }
static void xc_free(void *p) { xfree(p); }

/* --- libc (or a preloaded malloc) ------------------------------------ */

static int libc_setup(size_t b) { (void)b; return 0; }
static void *libc_alloc(size_t units) { return calloc(units, unit_bytes); }
static void libc_free(void *p) { free(p); }

/* --- the floor: a fixed-size free list, no size header, no checks ----- */

struct fl_node {
	struct fl_node *next;
};

static struct fl_node *fl_head;
static unsigned char *fl_bump, *fl_end;

static int fl_setup(size_t b)
{
	size_t bytes = 1UL << 30;

	(void)b;
	fl_bump = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (fl_bump == MAP_FAILED)
		return -1;
	fl_end = fl_bump + bytes;
	return 0;
}

/* One size only (run.py runs it on the one-unit workloads). */
static void *fl_alloc(size_t units)
{
	size_t size = (unit_bytes + 15) & ~15UL;
	void *p;

	if (units != 1)
		return NULL;
	if (fl_head) {
		p = fl_head;
		fl_head = fl_head->next;
		memset(p, 0, size);
		return p;
	}
	if (fl_bump + size > fl_end)
		return NULL;
	p = fl_bump;		/* fresh mmap memory is already zero */
	fl_bump += size;
	return p;
}

static void fl_free(void *p)
{
	struct fl_node *n = p;

	n->next = fl_head;
	fl_head = n;
}

/* --- the Mem_* region against malloc ---------------------------------- */

/*
 * The region holds three times the expected live bytes (N objects of 264
 * bytes on average plus headers): a region is all the memory Mem_* has,
 * and worst fit spreads over all of it before it reuses holes.
 */
static int mem_setup(size_t b)
{
	size_t bytes = nslots / 2 * 272 * 3;

	(void)b;
	return Mem_Init(bytes > 0x7ffff000 ? 0x7ffff000 : (int)bytes) ? 0 : -1;
}

static void *mem_alloc(size_t bytes) { return Mem_Alloc((int)bytes); }
static void mem_free(void *p) { Mem_Free(p); }
static void *libc_bytes(size_t bytes) { return malloc(bytes); }

static const struct allocator allocators[] = {
	{ "lmm", lmm_setup, lmm_do_alloc, lmm_do_free },
	{ "lmm-best", lmm_setup_best, lmm_do_alloc, lmm_do_free },
	{ "lmm-first", lmm_setup_first, lmm_do_alloc, lmm_do_free },
	{ "lmm-xcalloc", lmm_setup, xc_alloc, xc_free },
	{ "libc", libc_setup, libc_alloc, libc_free },
	{ "freelist", fl_setup, fl_alloc, fl_free },
	{ "mem", mem_setup, mem_alloc, mem_free },
	{ "libc-region", libc_setup, libc_bytes, libc_free },
};

static const struct allocator *alloc_ops;
static size_t live;
static u64 ops;
static int failures;
static int (*pick_units)(void);
static size_t (*pick_bytes)(size_t units);

static int one_unit(void) { return 1; }
static int up_to_8_units(void) { return 1 + (int)(rng() % 8); }
static size_t units_bytes(size_t units) { return units * unit_bytes; }
static size_t region_bytes(size_t units) { (void)units; return 16 + rng() % 497; }

static u64 stamp_of(const struct slot *s)
{
	return (s->id + 1) * 0x9e3779b97f4a7c15ULL;
}

static void stamp(struct slot *s)
{
	u64 v = stamp_of(s);

	memcpy(s->p, &v, sizeof(v));
	memcpy(s->p + s->bytes - sizeof(v), &v, sizeof(v));
}

static bool stamps_intact(const struct slot *s)
{
	u64 v = stamp_of(s), head, tail;

	memcpy(&head, s->p, sizeof(head));
	memcpy(&tail, s->p + s->bytes - sizeof(tail), sizeof(tail));
	return head == v && tail == v;
}

static bool zeroed(const unsigned char *p, size_t bytes)
{
	u64 head, tail;

	memcpy(&head, p, sizeof(head));
	memcpy(&tail, p + bytes - sizeof(tail), sizeof(tail));
	return !head && !tail;
}

static void fill_slot(struct slot *s)
{
	int units = pick_units();
	size_t bytes = pick_bytes((size_t)units);

	/* the region workload asks for bytes, the others for units */
	s->p = alloc_ops->alloc(pick_bytes == region_bytes ? bytes :
				(size_t)units);
	s->bytes = bytes;
	s->id = ops++;
	if (!s->p) {
		failures++;
		return;
	}
	/* malloc (region workload) does not zero: only calloc paths must */
	if (pick_bytes != region_bytes && !zeroed(s->p, bytes))
		failures++;
	stamp(s);
	live++;
}

static void empty_slot(struct slot *s)
{
	if (!stamps_intact(s))
		failures++;
	alloc_ops->release(s->p);
	s->p = NULL;
	ops++;
	live--;
}

/*
 * The part that is timed, and counted by callgrind.  "fill" and "empty"
 * are the two halves of seq and rand (rand shuffles in between, untimed).
 */
__attribute__((noinline)) void timed_loop(const char *workload, size_t n)
{
	size_t i;

	if (!strcmp(workload, "fill")) {
		for (i = 0; i < n; i++)
			fill_slot(&slots[i]);
		return;
	}
	if (!strcmp(workload, "empty")) {
		for (i = 0; i < n; i++)
			if (slots[i].p)
				empty_slot(&slots[i]);
		return;
	}
	for (i = 0; i < 10 * n; i++) {
		struct slot *s = &slots[rng() % nslots];

		if (s->p)
			empty_slot(s);
		else
			fill_slot(s);
	}
}

static long anon_kib(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	long kib = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Anonymous: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void shuffle_frees(size_t n)
{
	size_t i;

	/* "rand" frees in random order: shuffle the slots after filling */
	for (i = n - 1; i > 0; i--) {
		size_t j = rng() % (i + 1);
		struct slot t = slots[i];

		slots[i] = slots[j];
		slots[j] = t;
	}
}

int main(int argc, char **argv)
{
	const char *workload;
	size_t n, i;
	bool churn;
	long kib_before, kib_live;
	struct lmm_port_page_calls calls_before, calls_after;
	double t0, t1;
	struct lmm_stats st = { 0 };

	if (argc < 5) {
		fprintf(stderr, "usage: %s ALLOCATOR WORKLOAD N STRUCT_BYTES [SEED]\n",
			argv[0]);
		return 2;
	}
	for (i = 0; i < sizeof(allocators) / sizeof(allocators[0]); i++)
		if (!strcmp(argv[1], allocators[i].name))
			alloc_ops = &allocators[i];
	workload = argv[2];
	n = strtoul(argv[3], NULL, 10);
	unit_bytes = strtoul(argv[4], NULL, 10);
	rng_state = argc > 5 ? strtoull(argv[5], NULL, 10) : 42;
	if (!alloc_ops || n < 2 || unit_bytes < 16) {
		fprintf(stderr, "bench: bad arguments\n");
		return 2;
	}
	pick_units = !strcmp(workload, "mixed") ? up_to_8_units : one_unit;
	pick_bytes = !strcmp(workload, "region") ? region_bytes : units_bytes;
	churn = strcmp(workload, "seq") && strcmp(workload, "rand");
	nslots = churn ? 2 * n : n;
	slots = calloc(nslots, sizeof(*slots));
	if (!slots || alloc_ops->setup(unit_bytes))
		return 1;
	memset(slots, 0, nslots * sizeof(*slots));	/* touch it now */

	kib_before = anon_kib();
	if (churn)
		for (i = 0; i < nslots; i += 2)
			fill_slot(&slots[i]);
	ops = 0;
	lmm_port_page_calls(&calls_before);
	if (!churn) {
		double t_filled;

		t0 = now_ns();
		timed_loop("fill", n);
		t_filled = now_ns();
		kib_live = anon_kib();
		if (!strcmp(workload, "rand"))
			shuffle_frees(n);
		t0 += now_ns() - t_filled;	/* the shuffle is not timed */
		timed_loop("empty", n);
		t1 = now_ns();
	} else {
		t0 = now_ns();
		timed_loop(workload, n);
		t1 = now_ns();
		kib_live = anon_kib();
	}
	lmm_port_page_calls(&calls_after);
	if (!churn)
		live = n;	/* bytes per object at the peak, all N live */
	if (family)
		lmm_family_stats(family, &st);
	/* lmm's own view of its free space: where fragmentation shows. */
	printf("allocator=%s workload=%s n=%zu size=%zu ops=%llu ns_per_op=%.2f live=%zu kib_per_1000_live=%.2f bytes_per_live=%.2f page_requests=%llu page_releases=%llu pages_in_use=%zu free_bytes=%zu free_blocks=%zu largest_free=%zu frag_pm=%u failures=%d sys_maps=%llu sys_unmaps=%llu\n",
	       alloc_ops->name, workload, n, unit_bytes,
	       (unsigned long long)ops, (t1 - t0) / (double)ops, live,
	       kib_live >= 0 ? (kib_live - kib_before) * 1000.0 / live : -1,
	       kib_live >= 0 ? (kib_live - kib_before) * 1024.0 / live : -1,
	       (unsigned long long)st.page_requests,
	       (unsigned long long)st.page_releases, st.pages_in_use,
	       st.free_bytes, st.free_blocks, st.largest_free_bytes,
	       st.fragmentation_pm, failures,
	       calls_after.maps - calls_before.maps,
	       calls_after.unmaps - calls_before.unmaps);
	return failures ? 1 : 0;
}
