// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * report.c - human-readable reports, written through a printer callback.
 *
 * One formatter serves every output: stdio in userspace, seq_file behind
 * /proc/lmm in the kernel.  Addresses never appear: a block is named by
 * its page index (per family, in order of creation) and its offset in
 * that page, which is stable, short, and leaks nothing about the layout
 * of the address space.
 */
#include "internal.h"

/**
 * lmm_print() - printf() to a printer
 * @out: the printer
 * @fmt: the format, as printf() and seq_printf() take it
 */
void lmm_print(const struct lmm_printer *out, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	out->vprint(out->ctx, fmt, args);
	va_end(args);
}

static const char *const policy_names[] = {
	[LMM_WORST_FIT] = "worst",
	[LMM_BEST_FIT] = "best",
	[LMM_FIRST_FIT] = "first",
};

/**
 * lmm_policy_name() - the short name of a policy
 * @policy: the policy
 *
 * Return: "worst", "best", "first", or "?".
 */
const char *lmm_policy_name(enum lmm_policy policy)
{
	return (unsigned int)policy <= LMM_FIRST_FIT ? policy_names[policy] : "?";
}

/**
 * lmm_report_families() - list the registered families
 * @out: where the text goes
 */
void lmm_report_families(const struct lmm_printer *out)
{
	struct lmm_family *family;

	lmm_port_lock(lmm_port_registry_lock());
	lmm_print(out, "families: %zu\n", lmm_families_count());
	lmm_print(out, "%-31s %12s %6s %5s %s\n", "name", "struct_bytes",
		  "policy", "debug", "owner");
	for (family = lmm_families_first(); family;
	     family = lmm_families_next(family)) {
		bool debug;

		/* set_debug writes under the family lock: read it there */
		lmm_port_lock(family->lock);
		debug = family->debug;
		lmm_port_unlock(family->lock);
		lmm_print(out, "%-31s %12zu %6s %5s %s\n", family->name,
			  family->struct_bytes,
			  lmm_policy_name(family->freeq.policy),
			  debug ? "on" : "off",
			  family->owner_name[0] ? family->owner_name : "-");
	}
	lmm_port_unlock(lmm_port_registry_lock());
}

/**
 * lmm_report_legend() - the line that says what the sizes of a report mean
 * @out: where the text goes
 *
 * Every size a report prints (block maps, the usage table, a region's
 * figures) is a block's capacity: the bytes the program can use, the 8-byte
 * header not included.  Fragmentation is 1 - largest free / total free,
 * 0 when nothing is free (Documentation/design.rst).  The front ends print
 * this line once above their reports so that no reader has to guess.
 */
void lmm_report_legend(const struct lmm_printer *out)
{
	lmm_print(out, "(sizes exclude the 8-byte block header; %s)\n",
		  "frag = 1 - largest free / total free");
}

/**
 * lmm_report_usage_header() - the header row of the usage table
 * @out: where the text goes
 */
void lmm_report_usage_header(const struct lmm_printer *out)
{
	lmm_print(out, "%-31s %6s %6s %6s %8s %8s %10s ", "family", "size",
		  "pages", "cached", "units", "blocks", "payload_B");
	lmm_print(out, "%10s %8s %8s %5s %8s %8s ", "free_B", "free_blk",
		  "largest", "frag%", "pg_req", "pg_rel");
	lmm_print(out, "%10s %10s %6s %7s %6s\n", "allocs", "frees", "failed",
		  "badfree", "damage");
}

/**
 * lmm_report_usage_row() - one row of the usage table
 * @out: where the text goes
 * @name: the first column
 * @s: the figures
 */
void lmm_report_usage_row(const struct lmm_printer *out, const char *name,
			  const struct lmm_stats *s)
{
	lmm_print(out, "%-31s %6zu %6zu %6zu %8zu %8zu %10zu ", name,
		  s->struct_bytes, s->pages_in_use, s->pages_cached,
		  s->units_in_use, s->blocks_in_use, s->payload_bytes_in_use);
	lmm_print(out, "%10zu %8zu %8zu %3u.%u %8llu %8llu ", s->free_bytes,
		  s->free_blocks, s->largest_free_bytes,
		  s->fragmentation_pm / 10, s->fragmentation_pm % 10,
		  (unsigned long long)s->page_requests,
		  (unsigned long long)s->page_releases);
	lmm_print(out, "%10llu %10llu %6llu %7llu %6llu\n",
		  (unsigned long long)s->allocs, (unsigned long long)s->frees,
		  (unsigned long long)s->failed_allocs,
		  (unsigned long long)s->bad_frees,
		  (unsigned long long)s->corruptions);
}

/**
 * lmm_report_usage() - the usage table of one family or of all
 * @out: where the text goes
 * @family: the family, or NULL for every family and a total row
 *
 * Columns: struct size, pages holding live blocks, empty pages cached,
 * units, blocks and payload bytes in use, free bytes, free blocks, the
 * largest free block (bytes), external fragmentation in percent
 * (1 - largest/free), pages requested from and released to the provider,
 * and the counts of allocations, frees, failed allocations, refused frees
 * and damage found.
 */
void lmm_report_usage(const struct lmm_printer *out,
		      struct lmm_family *family)
{
	struct lmm_stats s, total;

	lmm_report_usage_header(out);
	if (family) {
		struct lmm_family *locked = lmm_family_get(family);

		if (locked) {
			lmm_family_stats_locked(locked, &s);
			lmm_report_usage_row(out, locked->name, &s);
			lmm_family_put(locked);
		}
		return;
	}
	lmm_port_zero(&total, sizeof(total));
	lmm_port_lock(lmm_port_registry_lock());
	for (family = lmm_families_first(); family;
	     family = lmm_families_next(family)) {
		lmm_port_lock(family->lock);
		lmm_family_stats_locked(family, &s);
		lmm_port_unlock(family->lock);
		lmm_report_usage_row(out, family->name, &s);
		lmm_stats_add(&total, &s);
	}
	lmm_port_unlock(lmm_port_registry_lock());
	lmm_report_usage_row(out, "total", &total);
}

/* One line per block of a page; family lock held. */
static void print_page(const struct lmm_printer *out, struct lmm_page *page,
		       bool live_only)
{
	struct lmm_block *b = lmm_page_first_block(page);
	struct lmm_block *end = lmm_page_end(page);

	if (!live_only)
		lmm_print(out, "  page %u: %u page%s, %u live block%s\n",
			  page->index, page->npages, page->npages > 1 ? "s" : "",
			  page->live_blocks, page->live_blocks == 1 ? "" : "s");
	for (; b < end && lmm_block_size(b); b = lmm_block_next(b)) {
		bool used = lmm_block_flags(b) & LMM_BLOCK_USED;
		unsigned long off = (unsigned long)b - (unsigned long)page;
		u64 units = page->npages > 1 ? page->run_units : b->units;
		bool left_alone = used && !lmm_page_live_block(page,
						lmm_block_payload(b));

		if ((!used || left_alone) && live_only)
			continue;
		lmm_print(out, "    page %u offset %5lu: %s %6zu bytes",
			  page->index, off + LMM_HDR_BYTES,
			  left_alone ? "left alone (damage)" :
			  used ? "used" : "free",
			  lmm_block_size(b) - LMM_HDR_BYTES);
		if (used && !left_alone)
			lmm_print(out, ", %llu unit%s", (unsigned long long)units,
				  units == 1 ? "" : "s");
		lmm_print(out, "\n");
		if (!lmm_block_valid(b))
			break;	/* the checker says more */
	}
}

/**
 * lmm_family_where() - where a live block is, in report terms
 * @handle: the family
 * @ptr: a pointer lmm_alloc() returned
 * @page_index: receives the page index, as reports show it
 * @offset: receives the payload offset in that page
 *
 * Return: 0, or -EINVAL for a bad handle or a pointer that is not a live
 * block of @family.
 */
int lmm_family_where(struct lmm_family *handle, const void *ptr,
		     u32 *page_index, size_t *offset)
{
	struct lmm_family *family = lmm_family_get(handle);
	struct lmm_page *page;
	int err = -EINVAL;

	if (!family)
		return -EINVAL;
	page = lmm_page_find(family, ptr);
	if (page && lmm_page_live_block(page, ptr)) {
		*page_index = page->index;
		*offset = (unsigned long)ptr - (unsigned long)page;
		err = 0;
	}
	lmm_family_put(family);
	return err;
}

/**
 * lmm_report_family_page() - the block map of one page of a family
 * @out: where the text goes
 * @handle: the family
 * @nth: which page, counting from 0 in the order they were taken
 *
 * Lets an iterator print one page per step (seq_file needs no buffer
 * larger than one page's map).  Finding the page walks the list: O(nth).
 *
 * Return: 0, -EINVAL for a bad handle, or -ENOENT when there is no such
 * page.
 */
int lmm_report_family_page(const struct lmm_printer *out,
			   struct lmm_family *handle, size_t nth)
{
	struct lmm_family *family = lmm_family_get(handle);
	struct lmm_page *page;

	if (!family)
		return -EINVAL;
	for (page = family->first_page; page && nth; page = lmm_family_next_page(family, page))
		nth--;
	if (page)
		print_page(out, page, false);
	lmm_family_put(family);
	return page ? 0 : -ENOENT;
}

/* Print the pages of a locked family. */
static void print_family_pages(const struct lmm_printer *out,
			       struct lmm_family *family, bool live_only)
{
	struct lmm_page *page;

	if (live_only)
		lmm_print(out, "family %s: %zu live block%s, %zu unit%s\n",
			  family->name, family->count.blocks_in_use,
			  family->count.blocks_in_use == 1 ? "" : "s",
			  family->count.units_in_use,
			  family->count.units_in_use == 1 ? "" : "s");
	else
		lmm_print(out, "family %s: %zu page%s in use, %zu cached\n",
			  family->name, family->pages_in_use,
			  family->pages_in_use == 1 ? "" : "s",
			  family->pages_cached);
	for (page = family->first_page; page; page = lmm_family_next_page(family, page))
		print_page(out, page, live_only);
}

static void print_families(const struct lmm_printer *out,
			   struct lmm_family *handle, bool live_only)
{
	struct lmm_family *family;

	if (handle) {
		family = lmm_family_get(handle);
		if (family) {
			print_family_pages(out, family, live_only);
			lmm_family_put(family);
		}
		return;
	}
	lmm_port_lock(lmm_port_registry_lock());
	for (family = lmm_families_first(); family;
	     family = lmm_families_next(family)) {
		lmm_port_lock(family->lock);
		print_family_pages(out, family, live_only);
		lmm_port_unlock(family->lock);
	}
	lmm_port_unlock(lmm_port_registry_lock());
}

/**
 * lmm_report_blocks() - the block map of every page of a family
 * @out: where the text goes
 * @family: the family, or NULL for all
 *
 * Offsets are those of the payloads, as the application sees them; sizes
 * are capacities, the 8-byte header excluded (lmm_report_legend()).
 */
void lmm_report_blocks(const struct lmm_printer *out,
		       struct lmm_family *family)
{
	print_families(out, family, false);
}

/**
 * lmm_report_leaks() - list the live blocks of a family
 * @out: where the text goes
 * @family: the family, or NULL for all
 */
void lmm_report_leaks(const struct lmm_printer *out,
		      struct lmm_family *family)
{
	print_families(out, family, true);
}

/**
 * lmm_report_region() - the block map and figures of a region
 * @out: where the text goes
 * @handle: the region
 */
void lmm_report_region(const struct lmm_printer *out,
		       struct lmm_region *handle)
{
	struct lmm_region *region;
	struct lmm_block *b, *end;
	struct lmm_stats s;

	if (lmm_region_stats(handle, &s))
		return;
	region = lmm_slot_get((unsigned long)handle, LMM_SLOT_REGION);
	if (!region)
		return;
	lmm_print(out, "region: %zu bytes, policy %s\n", region->area_bytes,
		  lmm_policy_name(region->freeq.policy));
	lmm_report_legend(out);
	lmm_print(out, "  used: %zu block%s, %zu bytes\n", s.blocks_in_use,
		  s.blocks_in_use == 1 ? "" : "s", s.payload_bytes_in_use);
	lmm_print(out, "  free: %zu block%s, %zu bytes, largest %zu, frag %u.%u%%\n",
		  s.free_blocks, s.free_blocks == 1 ? "" : "s", s.free_bytes,
		  s.largest_free_bytes, s.fragmentation_pm / 10,
		  s.fragmentation_pm % 10);
	end = (struct lmm_block *)(region->base + region->area_bytes -
				   LMM_HDR_BYTES);
	for (b = (struct lmm_block *)(region->base + LMM_ALIGN - LMM_HDR_BYTES);
	     b < end && lmm_block_size(b); b = lmm_block_next(b)) {
		lmm_print(out, "  offset %8lu: %s %8zu bytes\n",
			  (unsigned long)b + LMM_HDR_BYTES -
			  (unsigned long)region->base,
			  lmm_block_flags(b) & LMM_BLOCK_USED ? "used" : "free",
			  lmm_block_size(b) - LMM_HDR_BYTES);
		if (!lmm_block_valid(b))
			break;
	}
	lmm_port_unlock(region->lock);
}

/**
 * lmm_strerror() - a sentence for an error code of lmm
 * @err: a negative errno value returned by lmm
 *
 * Return: the sentence.
 */
const char *lmm_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case -EINVAL:
		return "invalid argument, or not a live block lmm handed out";
	case -ENOENT:
		return "no such page family or page";
	case -EEXIST:
		return "a page family of that name exists";
	case -ENOMEM:
		return "out of memory";
	case -EOVERFLOW:
		return "units * struct size overflows";
	case -EBUSY:
		return "the family still has live blocks";
	case -EFAULT:
		return "memory corruption detected (see the lmm log line)";
	default:
		return "unknown error";
	}
}
