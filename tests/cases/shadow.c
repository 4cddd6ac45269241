// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * shadow.c - shadow models of a family and a region; see shadow.h.
 */
#include "shadow.h"
#include "internal.h"

/*
 * Checks in the model's hot paths report only when they fail (a passing
 * one would be counted millions of times), and a failure stops the model:
 * one failure, not a million.  shadow_compare() reports one passing check
 * per comparison.
 */
static bool shadow_fail(struct shadow *sh, const char *file, int line,
			const char *what, long long left, long long right)
{
	if (!sh->failed)
		lmm_test_report_cmp(sh->t, false, file, line, what, left, right);
	sh->failed = true;
	return false;
}

#define SHADOW_EXPECT(sh, cond) \
	(!(sh)->failed && (cond) ? true : \
	 shadow_fail((sh), __FILE__, __LINE__, #cond, 0, 0))

#define SHADOW_EXPECT_EQ(sh, a, b) ({					\
	long long __sa = (long long)(a), __sb = (long long)(b);		\
	!(sh)->failed && __sa == __sb ? true :				\
	shadow_fail((sh), __FILE__, __LINE__, #a " == " #b, __sa, __sb); \
})

static unsigned long page_of(const void *p)
{
	return (unsigned long)p & ~4095UL;
}

/* The block bytes a request needs, from the rules alone. */
static u32 need_for(const struct shadow *sh, size_t bytes, bool debug)
{
	unsigned long size = (bytes + 8 + (debug ? 16 : 0) + 15) / 16 * 16;

	if (bytes > 0xffff0000UL)
		return 0;
	return size < sh->min_block ? (u32)sh->min_block : (u32)size;
}

static bool is_run(const struct shadow *sh, u32 need)
{
	return sh->f && need > LMM_PAGE_BLOCK_MAX;
}

static size_t run_npages(u32 need)
{
	return (LMM_PAGE_FIRST_BLOCK + need + 8 + 4095) / 4096;
}

/* --- which pages hold live blocks: open addressing, linear probing --- */

static size_t slot_of(const struct shadow *sh, unsigned long page)
{
	return (size_t)((page >> 12) * 0x9e3779b97f4a7c15ULL >> 20) &
	       (sh->page_slots - 1);
}

static struct shadow_page *page_find(struct shadow *sh, unsigned long page)
{
	size_t i = slot_of(sh, page);

	while (sh->pages[i].addr) {
		if (sh->pages[i].addr == page)
			return &sh->pages[i];
		i = (i + 1) & (sh->page_slots - 1);
	}
	return NULL;
}

static struct shadow_page *page_add(struct shadow *sh, unsigned long page)
{
	size_t i = slot_of(sh, page);

	while (sh->pages[i].addr)
		i = (i + 1) & (sh->page_slots - 1);
	sh->pages[i].addr = page;
	sh->pages[i].live = 0;
	sh->npages++;
	return &sh->pages[i];
}

/* Remove a slot, shifting back what probed past it. */
static void page_del(struct shadow *sh, struct shadow_page *gone)
{
	size_t mask = sh->page_slots - 1;
	size_t hole = (size_t)(gone - sh->pages), i = hole;

	for (;;) {
		size_t home;

		i = (i + 1) & mask;
		if (!sh->pages[i].addr)
			break;
		home = slot_of(sh, sh->pages[i].addr);
		/* Can the entry at i move to the hole? */
		if (((i - home) & mask) >= ((i - hole) & mask)) {
			sh->pages[hole] = sh->pages[i];
			hole = i;
		}
	}
	sh->pages[hole].addr = 0;
	sh->npages--;
}

static bool cached_has(const struct shadow *sh, unsigned long page)
{
	size_t i;

	for (i = 0; i < sh->ncached; i++)
		if (sh->cached[i] == page)
			return true;
	return false;
}

static bool cached_take(struct shadow *sh, unsigned long page)
{
	size_t i;

	for (i = 0; i < sh->ncached; i++) {
		if (sh->cached[i] == page) {
			sh->cached[i] = sh->cached[--sh->ncached];
			return true;
		}
	}
	return false;
}

/* --- set up ----------------------------------------------------------- */

static bool shadow_arrays(struct shadow *sh, struct lmm_test *t,
			  size_t max_blocks)
{
	size_t slots = 64;

	while (slots < 2 * max_blocks + 64)
		slots *= 2;
	sh->t = t;
	sh->max_blocks = max_blocks;
	sh->blocks = lmm_test_mem(t, max_blocks * sizeof(*sh->blocks));
	sh->ext = lmm_test_mem(t, max_blocks * sizeof(*sh->ext));
	sh->max_gaps = max_blocks + 64;
	sh->gaps = lmm_test_mem(t, sh->max_gaps * sizeof(*sh->gaps));
	sh->page_slots = slots;
	sh->pages = lmm_test_mem(t, slots * sizeof(*sh->pages));
	sh->cached = lmm_test_mem(t, 64 * sizeof(*sh->cached));
	return LMM_EXPECT(t, sh->blocks && sh->ext && sh->gaps && sh->pages &&
			  sh->cached);
}

bool shadow_family(struct shadow *sh, struct lmm_test *t, const char *name,
		   size_t struct_bytes, const struct lmm_family_opts *opts,
		   size_t max_blocks)
{
	lmm_test_memset(sh, 0, sizeof(*sh));
	if (!shadow_arrays(sh, t, max_blocks))
		return false;
	sh->struct_bytes = struct_bytes;
	sh->policy = opts ? opts->policy : LMM_WORST_FIT;
	sh->cache_pages = opts && opts->cache_pages >= 0 ?
			  opts->cache_pages : LMM_CACHE_PAGES_DEFAULT;
	sh->debug = opts && opts->debug;
	sh->min_block = sh->policy == LMM_FIRST_FIT ? 48 : 32;
	if (!LMM_EXPECT_LE(t, sh->cache_pages, 64))
		return false;
	sh->f = lmm_test_family(t, name, struct_bytes, opts);
	return sh->f != NULL;
}

bool shadow_region(struct shadow *sh, struct lmm_test *t, size_t bytes,
		   enum lmm_policy policy, bool debug, size_t max_blocks)
{
	lmm_test_memset(sh, 0, sizeof(*sh));
	if (!shadow_arrays(sh, t, max_blocks))
		return false;
	sh->policy = policy;
	sh->debug = debug;
	sh->min_block = policy == LMM_FIRST_FIT ? 48 : 32;
	sh->r = lmm_test_region(t, bytes, policy);
	if (!sh->r)
		return false;
	lmm_region_set_debug(sh->r, debug);
	/* The area: the first header is 8 bytes in, the sentinel 8 from the end. */
	sh->lo = (unsigned long)lmm_region_peek(sh->r)->base + 8;
	sh->hi = (unsigned long)lmm_region_peek(sh->r)->base +
		 lmm_region_peek(sh->r)->area_bytes - 8;
	return true;
}

/* --- layout ----------------------------------------------------------- */

static void sift_down(struct shadow_extent *e, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		struct shadow_extent tmp;

		if (child >= n)
			return;
		if (child + 1 < n && e[child + 1].start > e[child].start)
			child++;
		if (e[root].start >= e[child].start)
			return;
		tmp = e[root];
		e[root] = e[child];
		e[child] = tmp;
		root = child;
	}
}

static void sort_extents(struct shadow_extent *e, size_t n)
{
	size_t i;

	for (i = n / 2; i-- > 0;)
		sift_down(e, i, n);
	while (n > 1) {
		struct shadow_extent tmp = e[0];

		e[0] = e[--n];
		e[n] = tmp;
		sift_down(e, 0, n);
	}
}

static bool add_gap(struct shadow *sh, unsigned long start, unsigned long end)
{
	if (!SHADOW_EXPECT(sh, start <= end))	/* blocks overlap */
		return false;
	if (start == end)
		return true;
	if (!SHADOW_EXPECT(sh, sh->ngaps < sh->max_gaps))
		return false;
	sh->gaps[sh->ngaps].start = start;
	sh->gaps[sh->ngaps].size = end - start;
	sh->ngaps++;
	return true;
}

/*
 * The free blocks there must be: the gaps between the live blocks of each
 * page (or of the region), and the empty pages in the cache.
 */
static bool shadow_layout(struct shadow *sh)
{
	size_t i, n = 0;

	sh->ngaps = 0;
	for (i = 0; i < sh->nblocks; i++) {
		const struct shadow_block *b = &sh->blocks[i];

		if (is_run(sh, b->need))
			continue;
		sh->ext[n].start = (unsigned long)b->p - 8;
		sh->ext[n].size = lmm_block_size(lmm_block_of(b->p));
		n++;
	}
	sort_extents(sh->ext, n);
	if (sh->r) {
		unsigned long at = sh->lo;

		for (i = 0; i < n; i++) {
			if (!add_gap(sh, at, sh->ext[i].start))
				return false;
			at = sh->ext[i].start + sh->ext[i].size;
		}
		return add_gap(sh, at, sh->hi);
	}
	for (i = 0; i < n;) {
		unsigned long page = page_of((void *)(sh->ext[i].start + 8));
		unsigned long at = page + LMM_PAGE_FIRST_BLOCK;

		for (; i < n && page_of((void *)(sh->ext[i].start + 8)) == page;
		     i++) {
			if (!add_gap(sh, at, sh->ext[i].start))
				return false;
			at = sh->ext[i].start + sh->ext[i].size;
		}
		if (!add_gap(sh, at, page + LMM_PAGE_FIRST_BLOCK +
			     LMM_PAGE_BLOCK_MAX))
			return false;
	}
	for (i = 0; i < sh->ncached; i++)
		if (!add_gap(sh, sh->cached[i] + LMM_PAGE_FIRST_BLOCK,
			     sh->cached[i] + LMM_PAGE_FIRST_BLOCK +
			     LMM_PAGE_BLOCK_MAX))
			return false;
	return true;
}

/* The gap the policy must pick for @need, or NULL when none fits. */
static const struct shadow_extent *policy_pick(const struct shadow *sh,
					       u32 need)
{
	const struct shadow_extent *pick = NULL;
	size_t i;

	for (i = 0; i < sh->ngaps; i++) {
		const struct shadow_extent *g = &sh->gaps[i];

		if (g->size < need)
			continue;
		if (!pick ||
		    (sh->policy == LMM_WORST_FIT && g->size > pick->size) ||
		    (sh->policy == LMM_BEST_FIT && g->size < pick->size) ||
		    (sh->policy == LMM_FIRST_FIT && g->start < pick->start))
			pick = g;
	}
	return pick;
}

/* Did the allocation at @p land where the policy says? */
static bool oracle(struct shadow *sh, char *p, u32 need)
{
	const struct shadow_extent *pick = policy_pick(sh, need);
	unsigned long at = (unsigned long)p - 8;
	size_t i;

	sh->oracle_checks++;
	if (!pick)		/* a fresh page, neither live nor cached */
		return SHADOW_EXPECT(sh, sh->f && !page_find(sh, page_of(p)) &&
				     !cached_has(sh, page_of(p)));
	if (sh->policy == LMM_FIRST_FIT)
		return SHADOW_EXPECT(sh, at == pick->start);
	/* Worst and best fit: any gap of the chosen size will do. */
	for (i = 0; i < sh->ngaps; i++)
		if (sh->gaps[i].start == at && sh->gaps[i].size == pick->size)
			return true;
	return SHADOW_EXPECT(sh, !"the policy's block was not chosen");
}

/* --- operations ------------------------------------------------------- */

static bool note_alloc(struct shadow *sh, char *p, u32 need)
{
	unsigned long page = page_of(p);
	struct shadow_page *sp;

	if (is_run(sh, need)) {
		sh->runs++;
		sh->run_pages += run_npages(need);
		sh->c.page_requests += run_npages(need);
		return true;
	}
	sp = page_find(sh, page);
	if (!sp) {
		if (!cached_take(sh, page))
			sh->c.page_requests++;
		if (!SHADOW_EXPECT(sh, sh->npages < sh->page_slots / 2))
			return false;
		sp = page_add(sh, page);
	}
	sp->live++;
	return true;
}

static void note_free(struct shadow *sh, char *p, u32 need)
{
	struct shadow_page *sp;

	if (is_run(sh, need)) {
		sh->run_pages -= run_npages(need);
		sh->c.page_releases += run_npages(need);
		return;
	}
	sp = page_find(sh, page_of(p));
	if (!SHADOW_EXPECT(sh, sp && sp->live))
		return;
	if (--sp->live)
		return;
	page_del(sh, sp);
	if (sh->ncached < (size_t)sh->cache_pages)
		sh->cached[sh->ncached++] = page_of(p);
	else
		sh->c.page_releases++;
}

char *shadow_alloc(struct shadow *sh, size_t n, u64 id)
{
	size_t bytes = sh->f ? n * sh->struct_bytes : n;
	u32 need = need_for(sh, bytes, sh->debug);
	struct shadow_block *b;
	int err = 0;
	char *p;

	if (sh->failed || !SHADOW_EXPECT(sh, sh->nblocks < sh->max_blocks))
		return NULL;
	p = sh->f ? lmm_alloc(sh->f, n, &err) :
		    lmm_region_alloc(sh->r, n, &err);
	if (!p) {
		sh->c.failed++;
		/* Only a full region may say no, and only when nothing fits. */
		if (!SHADOW_EXPECT(sh, sh->r && err == -ENOMEM))
			return NULL;
		/*
		 * Check one failure in four (working out the free blocks is
		 * the costly part); nothing changed, so the oracle stays
		 * armed for the next try.
		 */
		if ((sh->gaps_valid || sh->c.failed % 4 == 1) && shadow_arm(sh))
			SHADOW_EXPECT(sh, !policy_pick(sh, need));
		return NULL;
	}
	if (!SHADOW_EXPECT_EQ(sh, (unsigned long)p % 16, 0) ||
	    (sh->f && !SHADOW_EXPECT(sh, lmm_test_is_zero(p, bytes))))
		return NULL;
	if (sh->gaps_valid && !is_run(sh, need) && !oracle(sh, p, need))
		return NULL;
	sh->gaps_valid = false;
	b = &sh->blocks[sh->nblocks++];
	b->p = p;
	b->id = id;
	b->bytes = bytes;
	b->units = sh->f ? n : 0;
	b->need = need;
	b->debug = sh->debug;
	if (!is_run(sh, need)) {
		/* The header may hold a little more, never less. */
		u32 size = lmm_block_size(lmm_block_of(p));

		SHADOW_EXPECT(sh, size >= need && size < need + sh->min_block);
		if (sh->r)
			sh->c.payload += size - 8 - (sh->debug ? 16 : 0);
	}
	lmm_test_fill(p, bytes, id);
	sh->c.allocs++;
	sh->c.units += b->units;
	if (sh->f)
		sh->c.payload += bytes;
	if (sh->f && !note_alloc(sh, p, need))
		return NULL;
	return p;
}

bool shadow_free(struct shadow *sh, size_t i)
{
	struct shadow_block b = sh->blocks[i];
	u32 size = 0;
	int ret;

	if (sh->failed)
		return false;
	if (!SHADOW_EXPECT(sh, lmm_test_verify(b.p, b.bytes, b.id)))
		return false;
	if (sh->r)
		size = lmm_block_size(lmm_block_of(b.p));
	ret = sh->f ? lmm_free(sh->f, b.p) : lmm_region_free(sh->r, b.p);
	if (!SHADOW_EXPECT_EQ(sh, ret, 0))
		return false;
	sh->blocks[i] = sh->blocks[--sh->nblocks];
	sh->gaps_valid = false;
	sh->c.frees++;
	sh->c.units -= b.units;
	if (sh->f) {
		sh->c.payload -= b.bytes;
		note_free(sh, b.p, b.need);
	} else {
		sh->c.payload -= size - 8 - (b.debug ? 16 : 0);
	}
	return !sh->failed;
}

bool shadow_bad_free(struct shadow *sh, void *p)
{
	int ret = sh->f ? lmm_free(sh->f, p) : lmm_region_free(sh->r, p);

	sh->c.bad_frees++;
	return SHADOW_EXPECT_EQ(sh, ret, -EINVAL);
}

bool shadow_free_all(struct shadow *sh)
{
	while (sh->nblocks)
		if (!shadow_free(sh, sh->nblocks - 1))
			return false;
	return true;
}

bool shadow_arm(struct shadow *sh)
{
	if (!sh->gaps_valid && !sh->failed)
		sh->gaps_valid = shadow_layout(sh);
	return sh->gaps_valid;
}

bool shadow_compare(struct shadow *sh)
{
	unsigned long free_bytes = 0, largest = 0;
	struct lmm_stats s;
	size_t i;
	int ret;

	if (sh->failed)
		return false;
	lmm_test_memset(&s, 0, sizeof(s));
	ret = sh->f ? lmm_family_stats(sh->f, &s) :
		      lmm_region_stats(sh->r, &s);
	if (!SHADOW_EXPECT_EQ(sh, ret, 0) ||
	    !SHADOW_EXPECT_EQ(sh, s.blocks_in_use, sh->nblocks) ||
	    !SHADOW_EXPECT_EQ(sh, s.units_in_use, sh->c.units) ||
	    !SHADOW_EXPECT_EQ(sh, s.payload_bytes_in_use, sh->c.payload) ||
	    !SHADOW_EXPECT_EQ(sh, s.allocs, sh->c.allocs) ||
	    !SHADOW_EXPECT_EQ(sh, s.frees, sh->c.frees) ||
	    !SHADOW_EXPECT_EQ(sh, s.failed_allocs, sh->c.failed) ||
	    !SHADOW_EXPECT_EQ(sh, s.bad_frees, sh->c.bad_frees) ||
	    !SHADOW_EXPECT_EQ(sh, s.corruptions, sh->c.corruptions))
		return false;
	if (sh->f) {
		if (!SHADOW_EXPECT_EQ(sh, s.struct_bytes, sh->struct_bytes) ||
		    !SHADOW_EXPECT_EQ(sh, s.pages_in_use,
				      sh->npages + sh->run_pages) ||
		    !SHADOW_EXPECT_EQ(sh, s.pages_cached, sh->ncached) ||
		    !SHADOW_EXPECT_EQ(sh, s.page_requests, sh->c.page_requests) ||
		    !SHADOW_EXPECT_EQ(sh, s.page_releases, sh->c.page_releases))
			return false;
	} else if (!SHADOW_EXPECT_EQ(sh, s.pages_in_use,
				     (sh->hi + 8 - sh->lo + 8) / 4096)) {
		return false;
	}
	if (!shadow_layout(sh))
		return false;
	for (i = 0; i < sh->ngaps; i++) {
		free_bytes += sh->gaps[i].size - 8;
		if (sh->gaps[i].size - 8 > largest)
			largest = sh->gaps[i].size - 8;
	}
	if (!SHADOW_EXPECT_EQ(sh, s.free_blocks, sh->ngaps) ||
	    !SHADOW_EXPECT_EQ(sh, s.free_bytes, free_bytes) ||
	    !SHADOW_EXPECT_EQ(sh, s.largest_free_bytes, largest) ||
	    !SHADOW_EXPECT_EQ(sh, s.fragmentation_pm, free_bytes ?
			      1000 - largest * 1000 / free_bytes : 0))
		return false;
	ret = sh->f ? lmm_family_check(sh->f, NULL) :
		      lmm_region_check(sh->r, NULL);
	if (!SHADOW_EXPECT_EQ(sh, ret, LMM_CHECK_OK))
		return false;
	sh->gaps_valid = true;
	return lmm_test_report(sh->t, true, __FILE__, __LINE__,
			       "figures agree with the shadow model");
}
