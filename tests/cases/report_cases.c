// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * report_cases.c - the reports, printed into a buffer: the right names,
 * header rows and counts, blocks named by page and offset, and never a
 * raw pointer.
 */
#include "lmm_test.h"

#define TEXT_BYTES 65536

/* Columns of a usage row, counting the name as 0. */
enum usage_column {
	COL_SIZE = 1, COL_PAGES, COL_CACHED, COL_UNITS, COL_BLOCKS, COL_PAYLOAD,
	COL_FREE_B, COL_FREE_BLK, COL_LARGEST, COL_FRAG, COL_PG_REQ,
	COL_PG_REL, COL_ALLOCS, COL_FREES, COL_FAILED, COL_BADFREE,
	COL_DAMAGE,
};

static void families_report_lists_every_family(struct lmm_test *t)
{
	struct lmm_family_opts best_debug = { .policy = LMM_BEST_FIT,
					      .debug = true };
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);

	LMM_ASSERT_NOT_NULL(t, text);
	lmm_report_families(&text->printer);
	LMM_EXPECT_HAS(t, text->buf, "families: 0\n");
	lmm_test_text_clear(text);
	lmm_test_family(t, "alpha_t", 36, NULL);
	lmm_test_family(t, "beta_t", 100, &best_debug);
	lmm_report_families(&text->printer);
	LMM_EXPECT_HAS(t, text->buf, "families: 2\n");
	LMM_EXPECT_HAS(t, text->buf, "name struct_bytes policy debug owner\n");
	LMM_EXPECT_HAS(t, text->buf, "alpha_t 36 worst off -\n");
	LMM_EXPECT_HAS(t, text->buf, "beta_t 100 best on -\n");
}

static void usage_report_has_a_header_and_the_right_counts(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_family *f = lmm_test_family(t, "use_t", 36, NULL);
	const char *row;
	void *p[3];
	int i;

	LMM_ASSERT(t, text && f);
	for (i = 0; i < 3; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, (size_t)i + 2, NULL));
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, (char *)p[0] + 16), -EINVAL);
	LMM_EXPECT_NULL(t, lmm_alloc(f, 0, NULL));
	lmm_report_usage(&text->printer, f);
	LMM_EXPECT_HAS(t, text->buf,
		       "family size pages cached units blocks payload_B free_B free_blk largest frag% pg_req pg_rel allocs frees failed badfree damage\n");
	row = lmm_test_line(text->buf, "use_t");
	LMM_ASSERT_NOT_NULL(t, row);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_SIZE), 36);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_PAGES), 1);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_CACHED), 0);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_UNITS), 2 + 4);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_BLOCKS), 2);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_PAYLOAD), 6 * 36);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_FREE_B),
		      lmm_test_stats(t, f).free_bytes);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_FREE_BLK), 2);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_LARGEST),
		      lmm_test_stats(t, f).largest_free_bytes);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_PG_REQ), 1);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_PG_REL), 0);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_ALLOCS), 3);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_FREES), 1);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_FAILED), 1);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_BADFREE), 1);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_DAMAGE), 0);
	/* One family asked for: no other row, no total. */
	LMM_EXPECT_NULL(t, lmm_test_line(text->buf, "total"));
	LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
}

static void usage_report_of_all_families_ends_with_a_total(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_family *a = lmm_test_family(t, "tot_a", 8, NULL);
	struct lmm_family *b = lmm_test_family(t, "tot_b", 1000, NULL);
	const char *ra, *rb, *total;
	void *pa, *pb;

	LMM_ASSERT(t, text && a && b);
	pa = lmm_alloc(a, 7, NULL);
	pb = lmm_alloc(b, 5, NULL);		/* a 2-page run */
	LMM_ASSERT(t, pa && pb);
	lmm_report_usage(&text->printer, NULL);
	ra = lmm_test_line(text->buf, "tot_a");
	rb = lmm_test_line(text->buf, "tot_b");
	total = lmm_test_line(text->buf, "total");
	LMM_ASSERT(t, ra && rb && total);
	LMM_EXPECT(t, ra < rb && rb < total);
	LMM_EXPECT_EQ(t, lmm_test_field(rb, COL_PAGES), 2);
	LMM_EXPECT_EQ(t, lmm_test_field(total, COL_SIZE), 0);
	LMM_EXPECT_EQ(t, lmm_test_field(total, COL_UNITS), 12);
	LMM_EXPECT_EQ(t, lmm_test_field(total, COL_BLOCKS), 2);
	LMM_EXPECT_EQ(t, lmm_test_field(total, COL_PAYLOAD), 56 + 5000);
	LMM_EXPECT_EQ(t, lmm_test_field(total, COL_PAGES), 3);
	LMM_EXPECT_EQ(t, lmm_test_field(total, COL_ALLOCS), 2);
	LMM_EXPECT_EQ(t, lmm_free(a, pa), 0);
	LMM_EXPECT_EQ(t, lmm_free(b, pb), 0);
}

static void usage_row_helpers_print_given_figures(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_stats s;
	const char *row;

	LMM_ASSERT_NOT_NULL(t, text);
	lmm_test_memset(&s, 0, sizeof(s));
	s.struct_bytes = 12;
	s.units_in_use = 345;
	s.fragmentation_pm = 257;
	s.corruptions = 6;
	lmm_report_usage_header(&text->printer);
	lmm_report_usage_row(&text->printer, "custom", &s);
	LMM_EXPECT_NOT_NULL(t, lmm_test_line(text->buf, "family"));
	row = lmm_test_line(text->buf, "custom");
	LMM_ASSERT_NOT_NULL(t, row);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_SIZE), 12);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_UNITS), 345);
	LMM_EXPECT_EQ(t, lmm_test_field(row, COL_DAMAGE), 6);
	/* Permille shown as a percentage with one decimal. */
	LMM_EXPECT_HAS(t, row, " 25.7 ");
}

static void blocks_report_maps_every_block(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_family *f = lmm_test_family(t, "map_t", 36, NULL);
	char line[80];
	char *p[3];
	int i;

	LMM_ASSERT(t, text && f);
	for (i = 0; i < 3; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, (size_t)i + 1, NULL));
	LMM_EXPECT_EQ(t, lmm_free(f, p[1]), 0);
	lmm_report_blocks(&text->printer, f);
	LMM_EXPECT_HAS(t, text->buf, "family map_t: 1 page in use, 0 cached\n");
	LMM_EXPECT_HAS(t, text->buf, "page 0: 1 page, 2 live blocks\n");
	lmm_test_format(line, sizeof(line),
			"page 0 offset %lu: used 40 bytes, 1 unit\n",
			lmm_test_page_offset(p[0]));
	LMM_EXPECT_HAS(t, text->buf, line);
	lmm_test_format(line, sizeof(line), "page 0 offset %lu: free 72 bytes\n",
			lmm_test_page_offset(p[1]));
	LMM_EXPECT_HAS(t, text->buf, line);
	lmm_test_format(line, sizeof(line),
			"page 0 offset %lu: used 120 bytes, 3 units\n",
			lmm_test_page_offset(p[2]));
	LMM_EXPECT_HAS(t, text->buf, line);
	/* ... and the rest of the page, free. */
	lmm_test_format(line, sizeof(line), "page 0 offset %lu: free",
			lmm_test_page_offset(p[2]) + 128);
	LMM_EXPECT_HAS(t, text->buf, line);
	LMM_EXPECT_EQ(t, lmm_free(f, p[0]), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
	lmm_test_text_clear(text);
	lmm_report_blocks(&text->printer, f);
	LMM_EXPECT_HAS(t, text->buf, "family map_t: 0 pages in use, 1 cached\n");
	LMM_EXPECT_HAS(t, text->buf, "page 0: 1 page, 0 live blocks\n");
}

static void leak_report_names_page_and_offset_of_live_blocks(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_family *f = lmm_test_family(t, "leak_t", 1, NULL);
	char line[80];
	char *a, *gone, *fill, *b, *run;

	LMM_ASSERT(t, text && f);
	a = lmm_alloc(f, 100, NULL);
	gone = lmm_alloc(f, 100, NULL);
	/* Fill page 0, so that the next block opens page 1. */
	fill = lmm_alloc(f, lmm_test_stats(t, f).largest_free_bytes, NULL);
	b = lmm_alloc(f, 200, NULL);
	run = lmm_alloc(f, 9000, NULL);
	LMM_ASSERT(t, a && gone && fill && b && run);
	LMM_EXPECT_EQ(t, lmm_free(f, gone), 0);
	lmm_report_leaks(&text->printer, f);
	LMM_EXPECT_HAS(t, text->buf, "family leak_t: 4 live blocks, ");
	lmm_test_format(line, sizeof(line),
			"page 0 offset %lu: used 104 bytes, 100 units\n",
			lmm_test_page_offset(a));
	LMM_EXPECT_HAS(t, text->buf, line);
	lmm_test_format(line, sizeof(line),
			"page 1 offset %lu: used 200 bytes, 200 units\n",
			lmm_test_page_offset(b));
	LMM_EXPECT_HAS(t, text->buf, line);
	lmm_test_format(line, sizeof(line), "page 2 offset %lu: used",
			lmm_test_page_offset(run));
	LMM_EXPECT_HAS(t, text->buf, line);
	LMM_EXPECT_HAS(t, text->buf, ", 9000 units\n");
	/* Freed blocks are no leak, and free space is not listed. */
	lmm_test_format(line, sizeof(line), "page 0 offset %lu:",
			lmm_test_page_offset(gone));
	LMM_EXPECT_HASNT(t, text->buf, line);
	LMM_EXPECT_HASNT(t, text->buf, "free");
	lmm_test_text_clear(text);
	LMM_EXPECT_EQ(t, lmm_free(f, a), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, b), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, run), 0);
	lmm_report_leaks(&text->printer, f);
	LMM_EXPECT_HAS(t, text->buf, "family leak_t: 1 live block, ");
	LMM_EXPECT_EQ(t, lmm_free(f, fill), 0);
}

static void leak_report_of_all_covers_every_family(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_family *a = lmm_test_family(t, "all_a", 8, NULL);
	struct lmm_family *b = lmm_test_family(t, "all_b", 8, NULL);
	void *pa;

	LMM_ASSERT(t, text && a && b);
	pa = lmm_alloc(a, 1, NULL);
	LMM_ASSERT_NOT_NULL(t, pa);
	lmm_report_leaks(&text->printer, NULL);
	LMM_EXPECT_HAS(t, text->buf, "family all_a: 1 live block, 1 unit\n");
	LMM_EXPECT_HAS(t, text->buf, "family all_b: 0 live blocks, 0 units\n");
	LMM_EXPECT_EQ(t, lmm_free(a, pa), 0);
}

static void family_page_report_prints_one_page(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_family *f = lmm_test_family(t, "one_t", 1, NULL);
	void *p, *q;

	LMM_ASSERT(t, text && f);
	p = lmm_alloc(f, 3000, NULL);
	q = lmm_alloc(f, 3000, NULL);
	LMM_ASSERT(t, p && q);
	LMM_EXPECT_EQ(t, lmm_report_family_page(&text->printer, f, 1), 0);
	LMM_EXPECT_HAS(t, text->buf, "page 1: 1 page, 1 live block\n");
	LMM_EXPECT_HASNT(t, text->buf, "page 0");
	lmm_test_text_clear(text);
	LMM_EXPECT_EQ(t, lmm_report_family_page(&text->printer, f, 2), -ENOENT);
	LMM_EXPECT_EQ(t, text->len, 0);
	LMM_EXPECT_EQ(t, lmm_free(f, p), 0);
	LMM_EXPECT_EQ(t, lmm_free(f, q), 0);
}

static void region_report_shows_figures_and_blocks(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_BEST_FIT);
	char line[80];
	char *a, *b, *c;

	LMM_ASSERT(t, text && r);
	a = lmm_region_alloc(r, 100, NULL);
	b = lmm_region_alloc(r, 100, NULL);
	c = lmm_region_alloc(r, 100, NULL);
	LMM_ASSERT(t, a && b && c);
	LMM_EXPECT_EQ(t, lmm_region_free(r, b), 0);
	lmm_report_region(&text->printer, r);
	LMM_EXPECT_HAS(t, text->buf, "region: 4096 bytes, policy best\n");
	LMM_EXPECT_HAS(t, text->buf, "used: 2 blocks, 208 bytes\n");
	LMM_EXPECT_HAS(t, text->buf, "free: 2 blocks, ");
	lmm_test_format(line, sizeof(line), "offset %lu: used 104 bytes\n",
			(unsigned long)(a - a) + 16);
	LMM_EXPECT_HAS(t, text->buf, line);
	lmm_test_format(line, sizeof(line), "offset %lu: free 104 bytes\n",
			(unsigned long)(b - a) + 16);
	LMM_EXPECT_HAS(t, text->buf, line);
	lmm_test_format(line, sizeof(line), "offset %lu: used 104 bytes\n",
			(unsigned long)(c - a) + 16);
	LMM_EXPECT_HAS(t, text->buf, line);
}

/* Every lowercase hex spelling of @p, with and without leading zeros. */
static void expect_no_address(struct lmm_test *t, const char *text,
			      const void *p)
{
	char hex[32];

	lmm_test_format(hex, sizeof(hex), "%lx", (unsigned long)p);
	LMM_EXPECT_HASNT(t, text, hex);
	lmm_test_format(hex, sizeof(hex), "%lX", (unsigned long)p);
	LMM_EXPECT_HASNT(t, text, hex);
	lmm_test_format(hex, sizeof(hex), "%lu", (unsigned long)p);
	LMM_EXPECT_HASNT(t, text, hex);
}

static void reports_never_show_raw_pointers(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_family *f = lmm_test_family(t, "secret_t", 24, NULL);
	struct lmm_region *r = lmm_test_region(t, 8192, LMM_WORST_FIT);
	void *p[6];
	int i;

	LMM_ASSERT(t, text && f && r);
	for (i = 0; i < 4; i++)
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, (size_t)i * 90 + 1,
							NULL));
	LMM_ASSERT_NOT_NULL(t, p[4] = lmm_region_alloc(r, 500, NULL));
	LMM_ASSERT_NOT_NULL(t, p[5] = lmm_region_alloc(r, 50, NULL));
	lmm_report_families(&text->printer);
	lmm_report_usage(&text->printer, NULL);
	lmm_report_blocks(&text->printer, NULL);
	lmm_report_leaks(&text->printer, NULL);
	lmm_report_family_page(&text->printer, f, 0);
	lmm_report_region(&text->printer, r);
	LMM_ASSERT(t, !text->truncated);
	LMM_EXPECT_HASNT(t, text->buf, "0x");
	for (i = 0; i < 6; i++) {
		expect_no_address(t, text->buf, p[i]);
		expect_no_address(t, text->buf, (char *)p[i] -
				  lmm_test_page_offset(p[i]));
	}
	expect_no_address(t, text->buf, f);
	expect_no_address(t, text->buf, r);
	for (i = 0; i < 4; i++)
		LMM_EXPECT_EQ(t, lmm_free(f, p[i]), 0);
}

static void strerror_explains_every_error(struct lmm_test *t)
{
	static const int errs[] = {
		0, -EINVAL, -ENOENT, -EEXIST, -ENOMEM, -EOVERFLOW, -EBUSY,
		-EFAULT
	};
	unsigned int i, j;

	for (i = 0; i < LMM_ARRAY_SIZE(errs); i++) {
		const char *s = lmm_strerror(errs[i]);

		LMM_EXPECT(t, s && lmm_test_strlen(s) > 5);
		LMM_EXPECT(t, !lmm_test_streq(s, lmm_strerror(-9999)));
		for (j = 0; j < i; j++)
			LMM_EXPECT(t, !lmm_test_streq(s, lmm_strerror(errs[j])));
	}
	LMM_EXPECT_STREQ(t, lmm_strerror(-EEXIST),
			 "a page family of that name exists");
	LMM_EXPECT_STREQ(t, lmm_strerror(-9999), "unknown error");
}

static void violation_names_describe_each_code(struct lmm_test *t)
{
	int v, w;

	for (v = LMM_CHECK_OK; v <= LMM_CHECK_STATS; v++) {
		LMM_EXPECT(t, lmm_test_strlen(lmm_violation_name(v)) > 1);
		for (w = LMM_CHECK_OK; w < v; w++)
			LMM_EXPECT(t, !lmm_test_streq(lmm_violation_name(v),
						      lmm_violation_name(w)));
	}
	LMM_EXPECT_STREQ(t, lmm_violation_name(LMM_CHECK_HEADER),
			 "block header fails its check value");
	LMM_EXPECT_STREQ(t, lmm_violation_name(-1), "unknown");
	LMM_EXPECT_STREQ(t, lmm_violation_name(LMM_CHECK_STATS + 1), "unknown");
}

/* lmm_family_where() names a live block as the block map does. */
static void where_names_page_and_offset_of_live_blocks(struct lmm_test *t)
{
	struct lmm_family *f = lmm_test_family(t, "where_t", 36, NULL);
	size_t offset = 0;
	u32 page = 99;
	char *p[84];
	int i;

	LMM_ASSERT(t, f);
	for (i = 0; i < 84; i++)	/* 83 fit a page: the last is on page 1 */
		LMM_ASSERT_NOT_NULL(t, p[i] = lmm_alloc(f, 1, NULL));
	LMM_EXPECT_EQ(t, lmm_family_where(f, p[1], &page, &offset), 0);
	LMM_EXPECT_EQ(t, page, 0);
	LMM_EXPECT_EQ(t, offset, lmm_test_page_offset(p[1]));
	LMM_EXPECT_EQ(t, lmm_family_where(f, p[83], &page, &offset), 0);
	LMM_EXPECT_EQ(t, page, 1);
	LMM_EXPECT_EQ(t, offset, lmm_test_page_offset(p[83]));
	/* Interior, freed, foreign: no answer, nothing written. */
	page = 99;
	LMM_EXPECT_EQ(t, lmm_family_where(f, p[1] + 16, &page, &offset), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_free(f, p[2]), 0);
	LMM_EXPECT_EQ(t, lmm_family_where(f, p[2], &page, &offset), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_family_where(f, &offset, &page, &offset), -EINVAL);
	LMM_EXPECT_EQ(t, lmm_family_where(NULL, p[1], &page, &offset), -EINVAL);
	LMM_EXPECT_EQ(t, page, 99);
	for (i = 0; i < 84; i++)
		if (i != 2)
			LMM_EXPECT_EQ(t, lmm_free(f, p[i]), 0);
}

/*
 * One meaning for a size: the block map prints the capacity the statistics
 * count (header excluded), so its free block is the "largest" figure and a
 * region's used blocks add up to its payload figure.
 */
static void block_map_sizes_are_the_statistics_sizes(struct lmm_test *t)
{
	struct lmm_test_text *text = lmm_test_text(t, TEXT_BYTES);
	struct lmm_family *f = lmm_test_family(t, "cap_t", 36, NULL);
	struct lmm_region *r = lmm_test_region(t, 4096, LMM_WORST_FIT);
	struct lmm_stats s;
	char line[96];
	char *p;

	LMM_ASSERT(t, text && f && r);
	LMM_ASSERT_NOT_NULL(t, p = lmm_alloc(f, 1, NULL));
	lmm_report_blocks(&text->printer, f);
	s = lmm_test_stats(t, f);
	lmm_test_format(line, sizeof(line), "offset %lu: free %zu bytes\n",
			lmm_test_page_offset(p) + 48, s.largest_free_bytes);
	LMM_EXPECT_HAS(t, text->buf, line);
	LMM_EXPECT_EQ(t, s.largest_free_bytes, 4000 - 48 - 8);
	LMM_EXPECT_EQ(t, lmm_free(f, p), 0);

	lmm_test_text_clear(text);
	LMM_ASSERT_NOT_NULL(t, lmm_region_alloc(r, 100, NULL));
	LMM_ASSERT_NOT_NULL(t, lmm_region_alloc(r, 200, NULL));
	LMM_ASSERT_EQ(t, lmm_region_stats(r, &s), 0);
	LMM_EXPECT_EQ(t, s.payload_bytes_in_use, 104 + 200);
	lmm_report_region(&text->printer, r);
	LMM_EXPECT_HAS(t, text->buf, "(sizes exclude the 8-byte block header; frag = 1 - largest free / total free)\n");
	LMM_EXPECT_HAS(t, text->buf, "used: 2 blocks, 304 bytes\n");
	LMM_EXPECT_HAS(t, text->buf, "offset 16: used 104 bytes\n");
	LMM_EXPECT_HAS(t, text->buf, "offset 128: used 200 bytes\n");
	lmm_test_format(line, sizeof(line),
			"free: 1 block, %zu bytes, largest %zu, frag 0.0%%\n",
			s.free_bytes, s.largest_free_bytes);
	LMM_EXPECT_HAS(t, text->buf, line);
}

#define REPORT_CASES(C) \
	C(families_report_lists_every_family) \
	C(usage_report_has_a_header_and_the_right_counts) \
	C(usage_report_of_all_families_ends_with_a_total) \
	C(usage_row_helpers_print_given_figures) \
	C(blocks_report_maps_every_block) \
	C(leak_report_names_page_and_offset_of_live_blocks) \
	C(leak_report_of_all_covers_every_family) \
	C(family_page_report_prints_one_page) \
	C(where_names_page_and_offset_of_live_blocks) \
	C(region_report_shows_figures_and_blocks) \
	C(block_map_sizes_are_the_statistics_sizes) \
	C(reports_never_show_raw_pointers) \
	C(strerror_explains_every_error) \
	C(violation_names_describe_each_code)

LMM_TEST_SUITE(report, REPORT_CASES);
