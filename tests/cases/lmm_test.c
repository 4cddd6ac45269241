// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm_test.c - helpers shared by the portable cases: strings, patterns,
 * fixtures and the end-of-case cleanup.  No libc: this file is built into
 * the kernel's KUnit module as it is.
 */
#include "lmm_test.h"

size_t lmm_test_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

bool lmm_test_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int lmm_test_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = lmm_test_vformat(buf, size, fmt, args);
	va_end(args);
	return n;
}

void lmm_test_vprint(void *ctx, const char *fmt, va_list args)
{
	struct lmm_test_text *text = ctx;
	size_t room = text->size - text->len;
	int n = lmm_test_vformat(text->buf + text->len, room, fmt, args);

	if (n < 0)
		return;
	if ((size_t)n >= room) {
		text->truncated = true;
		text->len = text->size - 1;
	} else {
		text->len += (size_t)n;
	}
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Does @needle match at @at, a run of blanks matching any other run? */
static bool match_at(const char *at, const char *needle)
{
	while (*needle) {
		if (blank(*needle)) {
			if (!blank(*at))
				return false;
			while (blank(*needle))
				needle++;
			while (blank(*at))
				at++;
			continue;
		}
		if (*at != *needle)
			return false;
		at++;
		needle++;
	}
	return true;
}

bool lmm_test_contains(const char *text, const char *needle)
{
	if (!text || !needle)
		return false;
	for (; *text; text++)
		if (match_at(text, needle))
			return true;
	return !*needle;
}

bool lmm_test_expect_text(struct lmm_test *t, const char *file, int line,
			  const char *text, const char *needle, bool want)
{
	char what[200];

	lmm_test_format(what, sizeof(what), "text %s \"%s\"",
			want ? "has" : "lacks", needle);
	return lmm_test_report(t, lmm_test_contains(text, needle) == want,
			       file, line, what);
}

const char *lmm_test_line(const char *text, const char *first)
{
	size_t n = lmm_test_strlen(first);

	while (text && *text) {
		const char *p = text;
		size_t i;

		while (blank(*p))
			p++;
		for (i = 0; i < n && p[i] == first[i]; i++)
			;
		if (i == n && (blank(p[n]) || p[n] == '\n' || !p[n]))
			return text;
		while (*text && *text != '\n')
			text++;
		if (*text)
			text++;
	}
	return NULL;
}

long long lmm_test_field(const char *line, unsigned int nth)
{
	long long value = 0;
	const char *p = line;

	if (!line)
		return -1;
	for (;;) {
		while (blank(*p))
			p++;
		if (!*p || *p == '\n')
			return -1;
		if (!nth)
			break;
		while (*p && !blank(*p) && *p != '\n')
			p++;
		nth--;
	}
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9')
		value = value * 10 + (*p++ - '0');
	return value;
}

struct lmm_test_text *lmm_test_text(struct lmm_test *t, size_t size)
{
	struct lmm_test_text *text = lmm_test_mem(t, sizeof(*text));

	if (!text)
		return NULL;
	text->buf = lmm_test_mem(t, size);
	if (!text->buf)
		return NULL;
	text->size = size;
	text->printer.vprint = lmm_test_vprint;
	text->printer.ctx = text;
	return text;
}

void lmm_test_text_clear(struct lmm_test_text *text)
{
	text->len = 0;
	text->truncated = false;
	text->buf[0] = '\0';
}

/* splitmix64's finaliser: every bit of the word depends on @id and @i. */
static u64 pattern_word(u64 id, u64 i)
{
	u64 x = id * 0x9e3779b97f4a7c15ULL + i * 0xbf58476d1ce4e5b9ULL + 1;

	x ^= x >> 30;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

void lmm_test_fill(void *p, size_t bytes, u64 id)
{
	u8 *b = p;
	size_t i;

	if (!((unsigned long)p & 7)) {
		u64 *w = p;

		for (i = 0; i < bytes / 8; i++)
			w[i] = pattern_word(id, i);
		for (i = bytes / 8 * 8; i < bytes; i++)
			b[i] = (u8)(pattern_word(id, bytes / 8) >> (8 * (i % 8)));
		return;
	}
	for (i = 0; i < bytes; i++)
		b[i] = (u8)(pattern_word(id, i / 8) >> (8 * (i % 8)));
}

bool lmm_test_verify(const void *p, size_t bytes, u64 id)
{
	const u8 *b = p;
	size_t i;

	if (!((unsigned long)p & 7)) {
		const u64 *w = p;

		for (i = 0; i < bytes / 8; i++)
			if (w[i] != pattern_word(id, i))
				return false;
		for (i = bytes / 8 * 8; i < bytes; i++)
			if (b[i] != (u8)(pattern_word(id, bytes / 8) >>
					 (8 * (i % 8))))
				return false;
		return true;
	}
	for (i = 0; i < bytes; i++)
		if (b[i] != (u8)(pattern_word(id, i / 8) >> (8 * (i % 8))))
			return false;
	return true;
}

bool lmm_test_is_zero(const void *p, size_t bytes)
{
	const u8 *b = p;
	size_t i = 0;

	if (!((unsigned long)p & 7)) {
		for (; i + 8 <= bytes; i += 8)
			if (*(const u64 *)(b + i))
				return false;
	}
	for (; i < bytes; i++)
		if (b[i])
			return false;
	return true;
}

void lmm_test_memset(void *p, u8 byte, size_t bytes)
{
	u8 *b = p;

	while (bytes--)
		*b++ = byte;
}

void lmm_test_memcpy(void *dst, const void *src, size_t bytes)
{
	u8 *d = dst;
	const u8 *s = src;

	while (bytes--)
		*d++ = *s++;
}

struct lmm_family *lmm_test_family(struct lmm_test *t, const char *name,
				   size_t struct_bytes,
				   const struct lmm_family_opts *opts)
{
	struct lmm_family *family = NULL;
	int err = lmm_family_create(name, struct_bytes, opts, &family);

	LMM_EXPECT_EQ(t, err, 0);
	LMM_EXPECT_NOT_NULL(t, family);
	return family;
}

struct lmm_family *lmm_test_family_policy(struct lmm_test *t,
					  const char *name,
					  size_t struct_bytes,
					  enum lmm_policy policy)
{
	struct lmm_family_opts opts = { .policy = policy, .cache_pages = -1 };

	return lmm_test_family(t, name, struct_bytes, &opts);
}

struct lmm_region *lmm_test_region(struct lmm_test *t, size_t bytes,
				   enum lmm_policy policy)
{
	struct lmm_region *region = NULL;
	int i;

	for (i = 0; i < LMM_TEST_MAX_REGIONS; i++)
		if (!t->regions[i])
			break;
	if (!LMM_EXPECT_MSG(t, i < LMM_TEST_MAX_REGIONS,
			    "too many regions in one case"))
		return NULL;
	LMM_EXPECT_EQ(t, lmm_region_create(bytes, policy, &region), 0);
	LMM_EXPECT_NOT_NULL(t, region);
	t->regions[i] = region;
	return region;
}

void lmm_test_region_forget(struct lmm_test *t, struct lmm_region *region)
{
	int i;

	for (i = 0; i < LMM_TEST_MAX_REGIONS; i++)
		if (t->regions[i] == region)
			t->regions[i] = NULL;
}

struct lmm_stats lmm_test_stats(struct lmm_test *t, struct lmm_family *f)
{
	struct lmm_stats s;

	lmm_test_memset(&s, 0, sizeof(s));
	LMM_EXPECT_EQ(t, lmm_family_stats(f, &s), 0);
	return s;
}

struct lmm_stats lmm_test_region_stats(struct lmm_test *t,
				       struct lmm_region *r)
{
	struct lmm_stats s;

	lmm_test_memset(&s, 0, sizeof(s));
	LMM_EXPECT_EQ(t, lmm_region_stats(r, &s), 0);
	return s;
}

void lmm_test_case_begin(struct lmm_test *t, const char *name)
{
	int i;

	t->name = name;
	t->failures = 0;
	t->damage_left = false;
	for (i = 0; i < LMM_TEST_MAX_REGIONS; i++)
		t->regions[i] = NULL;
}

/*
 * Whatever a case did, the next one starts from nothing: regions are
 * destroyed, families shut down, the cache default restored.  Unless the
 * case says it left damage behind, everything must still be sound.
 */
void lmm_test_case_end(struct lmm_test *t)
{
	int i;

	for (i = 0; i < LMM_TEST_MAX_REGIONS; i++) {
		struct lmm_region *region = t->regions[i];

		if (!region)
			continue;
		if (!t->damage_left) {
			int err = lmm_region_check(region, NULL);

			lmm_test_report_cmp(t, err == LMM_CHECK_OK, __FILE__,
					    __LINE__,
					    "lmm_region_check() == 0 at case end",
					    err, 0);
		}
		lmm_region_destroy(region);
		t->regions[i] = NULL;
	}
	if (!t->damage_left) {
		int err = lmm_check(NULL);

		lmm_test_report_cmp(t, err == LMM_CHECK_OK, __FILE__, __LINE__,
				    "lmm_check() == 0 at case end", err, 0);
	}
	lmm_shutdown();
	lmm_set_cache_pages_default(LMM_CACHE_PAGES_DEFAULT);
}
