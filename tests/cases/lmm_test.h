/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_test.h - the thin assertion layer the portable test cases are
 * written against.
 *
 * The cases in tests/cases/ include only "lmm.h" (and "internal.h" where a
 * white-box test must reach inside) and this file: no libc, no CUnit, no
 * printf.  An adapter supplies the few functions marked "adapter" below:
 * tests/cunit/ does it with CUnit and malloc(), a KUnit module can do it
 * with KUNIT_EXPECT and kunit_kzalloc(), so the same case bodies run in
 * both worlds and cannot drift apart.
 *
 * A case is a function taking a struct lmm_test.  LMM_EXPECT_* record a
 * failure and go on; LMM_ASSERT_* record it and return from the case.  The
 * adapter calls lmm_test_case_end() after every case: it destroys the
 * regions the case made with lmm_test_region(), checks that every family
 * is still sound (unless the case left damage behind on purpose), shuts
 * the registry down and restores the default page cache, so no case sees
 * what another left behind.
 */
#ifndef LMM_TEST_H
#define LMM_TEST_H

#include "lmm_frontend.h"
/* The cases are the core's own: they write u32 and -EINVAL as it does. */
#include "lmm_types.h"

#define LMM_TEST_MAX_REGIONS	8

#define LMM_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#ifndef __aligned
#define __aligned(n)		__attribute__((aligned(n)))
#endif

/**
 * struct lmm_test - the context of one running case
 * @name: the name of the case
 * @failures: how many checks have failed so far
 * @damage_left: set by a case that leaves damaged state on purpose; the
 *	final soundness check is then skipped
 * @regions: regions made with lmm_test_region(), destroyed at case end
 * @adapter: whatever the adapter needs (its list of test memory, ...)
 */
struct lmm_test {
	const char *name;
	unsigned int failures;
	bool damage_left;
	struct lmm_region *regions[LMM_TEST_MAX_REGIONS];
	void *adapter;
};

struct lmm_test_case {
	const char *name;
	void (*run)(struct lmm_test *t);
};

/* A suite: a name and its cases, ended by LMM_TEST_END. */
struct lmm_test_suite {
	const char *name;
	const struct lmm_test_case *cases;
};

#define LMM_TEST_CASE(fn)	{ #fn, fn },
#define LMM_TEST_END		{ NULL, NULL }

/*
 * The end of a file of cases: the list of its cases, an X-macro that
 * calls C(case) for each, in the order they run, and the suite made of
 * it (lmm_<suite>_suite, which lmm_suites.h declares):
 *
 *	#define BLOCK_CASES(C) \
 *		C(payloads_are_16_byte_aligned) \
 *		C(payload_is_zeroed_even_when_reused)
 *
 *	LMM_TEST_SUITE(block, BLOCK_CASES);
 *
 * The list is the one place that names a case, and the compiler reads
 * it: a name without a function does not build, and a case function
 * (static) left out of the list is an unused function, which -Werror
 * refuses.  So no adapter can run a different set of cases, and the
 * count of cases comes from the lists too (tests/kunit/count-cases.sh).
 *
 * An adapter that needs each case by name at compile time (KUnit's
 * static case tables) defines LMM_TEST_ADAPTER_SUITE(suite, LIST) before
 * this header is read; its definitions then land in the file of the
 * cases, next to the portable table.
 */
#ifndef LMM_TEST_ADAPTER_SUITE
/* Nothing to add; a declaration, to take the ';' after the suite. */
#define LMM_TEST_ADAPTER_SUITE(suite, LIST) \
	extern const struct lmm_test_suite lmm_##suite##_suite
#endif

#define LMM_TEST_SUITE(suite, LIST)					\
	static const struct lmm_test_case suite##_cases[] = {		\
		LIST(LMM_TEST_CASE)					\
		LMM_TEST_END						\
	};								\
	const struct lmm_test_suite lmm_##suite##_suite = {		\
		.name = #suite,						\
		.cases = suite##_cases,					\
	};								\
	LMM_TEST_ADAPTER_SUITE(suite, LIST)

/* --- adapter ---------------------------------------------------------- */

/*
 * Record the outcome of one check.  @what says what was checked; it is
 * only shown on failure.  Return: @ok.
 */
bool lmm_test_report(struct lmm_test *t, bool ok, const char *file, int line,
		     const char *what);
/* The same for a comparison: both sides are shown on failure. */
bool lmm_test_report_cmp(struct lmm_test *t, bool ok, const char *file,
			 int line, const char *what, long long left,
			 long long right);
/* Zeroed memory that lives until the end of the case; NULL if none. */
void *lmm_test_mem(struct lmm_test *t, size_t bytes);
/* vsnprintf(): formats into @buf, always terminated; returns the length. */
__printf(3, 0) int lmm_test_vformat(char *buf, size_t size, const char *fmt,
				    va_list args);

/* --- helpers (lmm_test.c) -------------------------------------------- */

/* snprintf(), through the adapter's lmm_test_vformat(). */
__printf(3, 4) int lmm_test_format(char *buf, size_t size, const char *fmt,
				   ...);
/* The vprint of an lmm_printer that appends to a struct lmm_test_text. */
__printf(2, 0) void lmm_test_vprint(void *ctx, const char *fmt,
				    va_list args);

/* --- checks ----------------------------------------------------------- */

#define LMM_EXPECT(t, cond) \
	lmm_test_report((t), !!(cond), __FILE__, __LINE__, #cond)

#define LMM_EXPECT_MSG(t, cond, msg) \
	lmm_test_report((t), !!(cond), __FILE__, __LINE__, (msg))

#define LMM_EXPECT_CMP(t, a, op, b) ({					\
	long long __lmm_a = (long long)(a);				\
	long long __lmm_b = (long long)(b);				\
	lmm_test_report_cmp((t), __lmm_a op __lmm_b, __FILE__, __LINE__, \
			    #a " " #op " " #b, __lmm_a, __lmm_b);	\
})

#define LMM_EXPECT_EQ(t, a, b)	LMM_EXPECT_CMP(t, a, ==, b)
#define LMM_EXPECT_NE(t, a, b)	LMM_EXPECT_CMP(t, a, !=, b)
#define LMM_EXPECT_LT(t, a, b)	LMM_EXPECT_CMP(t, a, <, b)
#define LMM_EXPECT_LE(t, a, b)	LMM_EXPECT_CMP(t, a, <=, b)
#define LMM_EXPECT_GT(t, a, b)	LMM_EXPECT_CMP(t, a, >, b)
#define LMM_EXPECT_GE(t, a, b)	LMM_EXPECT_CMP(t, a, >=, b)

#define LMM_EXPECT_NULL(t, p)		LMM_EXPECT(t, (p) == NULL)
#define LMM_EXPECT_NOT_NULL(t, p)	LMM_EXPECT(t, (p) != NULL)
#define LMM_EXPECT_PTR_EQ(t, a, b) \
	LMM_EXPECT(t, (const void *)(a) == (const void *)(b))
#define LMM_EXPECT_PTR_NE(t, a, b) \
	LMM_EXPECT(t, (const void *)(a) != (const void *)(b))
#define LMM_EXPECT_STREQ(t, a, b) \
	LMM_EXPECT(t, lmm_test_streq((a), (b)))
/* @text contains @needle, runs of blanks in either matching one space. */
#define LMM_EXPECT_HAS(t, text, needle) \
	lmm_test_expect_text((t), __FILE__, __LINE__, (text), (needle), true)
#define LMM_EXPECT_HASNT(t, text, needle) \
	lmm_test_expect_text((t), __FILE__, __LINE__, (text), (needle), false)

/* The ASSERT forms return from the case (a void function) on failure. */
#define LMM_ASSERT(t, cond) \
	do { if (!LMM_EXPECT(t, cond)) return; } while (0)
#define LMM_ASSERT_EQ(t, a, b) \
	do { if (!LMM_EXPECT_EQ(t, a, b)) return; } while (0)
#define LMM_ASSERT_NE(t, a, b) \
	do { if (!LMM_EXPECT_NE(t, a, b)) return; } while (0)
#define LMM_ASSERT_NULL(t, p) \
	do { if (!LMM_EXPECT_NULL(t, p)) return; } while (0)
#define LMM_ASSERT_NOT_NULL(t, p) \
	do { if (!LMM_EXPECT_NOT_NULL(t, p)) return; } while (0)
#define LMM_ASSERT_PTR_EQ(t, a, b) \
	do { if (!LMM_EXPECT_PTR_EQ(t, a, b)) return; } while (0)

/* --- a deterministic PRNG: xorshift64* -------------------------------- */

struct lmm_rng {
	u64 state;
};

static inline void lmm_rng_seed(struct lmm_rng *r, u64 seed)
{
	/* xorshift has one fixed point, 0: never start there. */
	r->state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

static inline u64 lmm_rng_next(struct lmm_rng *r)
{
	u64 x = r->state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Uniform in [0, n) for n <= 2^32, without a 64-bit division. */
static inline u32 lmm_rng_below(struct lmm_rng *r, u32 n)
{
	return (u32)(((lmm_rng_next(r) >> 32) * (u64)n) >> 32);
}

/* Uniform in [lo, hi]. */
static inline u32 lmm_rng_range(struct lmm_rng *r, u32 lo, u32 hi)
{
	return lo + lmm_rng_below(r, hi - lo + 1);
}

/* True with probability @percent / 100. */
static inline bool lmm_rng_percent(struct lmm_rng *r, u32 percent)
{
	return lmm_rng_below(r, 100) < percent;
}

/* --- helpers (tests/cases/lmm_test.c) --------------------------------- */

/* Text a report is captured into, through @printer. */
struct lmm_test_text {
	struct lmm_printer printer;
	char *buf;
	size_t size;
	size_t len;
	bool truncated;
};

struct lmm_test_text *lmm_test_text(struct lmm_test *t, size_t size);
void lmm_test_text_clear(struct lmm_test_text *text);

size_t lmm_test_strlen(const char *s);
bool lmm_test_streq(const char *a, const char *b);
bool lmm_test_contains(const char *text, const char *needle);
bool lmm_test_expect_text(struct lmm_test *t, const char *file, int line,
			  const char *text, const char *needle, bool want);
/* The line of @text that starts (after blanks) with the word @first. */
const char *lmm_test_line(const char *text, const char *first);
/* The @nth (from 0) number of the line @line, or -1. */
long long lmm_test_field(const char *line, unsigned int nth);

/* A pattern derived from @id: fill, then verify that it is intact. */
void lmm_test_fill(void *p, size_t bytes, u64 id);
bool lmm_test_verify(const void *p, size_t bytes, u64 id);
bool lmm_test_is_zero(const void *p, size_t bytes);
void lmm_test_memset(void *p, u8 byte, size_t bytes);
void lmm_test_memcpy(void *dst, const void *src, size_t bytes);

/* The offset of @p inside its 4 KiB page. */
static inline unsigned long lmm_test_page_offset(const void *p)
{
	return (unsigned long)p & 4095UL;
}

struct lmm_family *lmm_test_family(struct lmm_test *t, const char *name,
				   size_t struct_bytes,
				   const struct lmm_family_opts *opts);
struct lmm_family *lmm_test_family_policy(struct lmm_test *t,
					  const char *name,
					  size_t struct_bytes,
					  enum lmm_policy policy);
struct lmm_region *lmm_test_region(struct lmm_test *t, size_t bytes,
				   enum lmm_policy policy);
void lmm_test_region_forget(struct lmm_test *t, struct lmm_region *region);
struct lmm_stats lmm_test_stats(struct lmm_test *t, struct lmm_family *f);
struct lmm_stats lmm_test_region_stats(struct lmm_test *t,
				       struct lmm_region *r);

void lmm_test_case_begin(struct lmm_test *t, const char *name);
void lmm_test_case_end(struct lmm_test *t);

#endif /* LMM_TEST_H */
