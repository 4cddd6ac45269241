// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mm.c - the LMM seed's API (uapi_mm.h) on top of the native one.
 *
 * The seed looks families up by name on every call.  XCALLOC(units, T)
 * passes the same string literal every time it runs, so each thread
 * remembers its last few name pointers and the families they found (see
 * name_cache below).  A remembered handle needs no other check: handles
 * are checked on every use, so one whose family went away makes
 * lmm_alloc() fail with -EINVAL, and the name is looked up again
 * (through the name hash, O(1) on average); names are unique, so a live
 * handle found under a name is still that name's family.  A program that wants no lookup at all keeps the
 * handle of lmm_family_create() instead.
 */
#define _GNU_SOURCE		/* dl_iterate_phdr() */
#include <errno.h>
#include <link.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lmm_frontend.h"
#include "lmm_types.h"
#include "stdio_printer.h"
#include "uapi_mm.h"

/* "struct foo" becomes "struct_foo"; anything else is passed on as it is. */
static const char *family_name(const char *struct_name, char *buf,
			       size_t size)
{
	size_t i;

	if (!struct_name || strlen(struct_name) >= size)
		return struct_name;
	for (i = 0; struct_name[i]; i++)
		buf[i] = struct_name[i] == ' ' ? '_' : struct_name[i];
	buf[i] = '\0';
	return buf;
}

void mm_init(void)
{
	/* The registry sets itself up on first use; nothing to do. */
}

void mm_instantiate_new_page_family(char *struct_name, uint32_t struct_size)
{
	char buf[LMM_NAME_MAX + 2];
	struct lmm_family *family;
	const char *name = family_name(struct_name, buf, sizeof(buf));
	int err = lmm_family_create(name, struct_size, NULL, &family);

	if (err)
		fprintf(stderr, "mm: cannot register '%s' (%u bytes): %s\n",
			struct_name ? struct_name : "(null)", struct_size,
			lmm_strerror(err));
}

/*
 * The identity cache: a few recent lookups of this thread, found by the
 * address of the name.  A hit costs a pointer compare.
 *
 * A pointer alone is not the name: a stack or heap buffer may hold another
 * name at the same address later.  So an entry also says whether the name
 * lies in a read-only segment of a loaded object (where string literals
 * live, and nothing can rewrite them); only then is the pointer believed.
 * Any other name is compared with our own copy of its text on every hit,
 * as before.  (An object unloaded with dlclose() and another loaded at the
 * same address could show other text under an old pointer: the one case
 * the identity cache does not see.  The seed's users pass literals of the
 * program itself.)
 */
#define NAME_CACHE_SLOTS	8	/* a power of two */

/*
 * An entry is split in two, so that the hit a literal makes reads 16
 * bytes at an index found with a shift: @literal is the name when it is
 * read-only (a pointer compare is a hit), else NULL and the name with our
 * copy of its text is in the slot's struct name_copy.
 */
struct name_hit {
	const char *literal;
	struct lmm_family *family;
};

struct name_copy {
	const char *name;		/* a writable name, or NULL */
	char text[LMM_NAME_MAX + 2];	/* what @name said */
};

static _Thread_local struct name_hit name_cache[NAME_CACHE_SLOTS];
static _Thread_local struct name_copy name_copies[NAME_CACHE_SLOTS];

static size_t name_slot(const char *name)
{
	unsigned long key = (unsigned long)name * 0x9e3779b97f4a7c15UL;

	return key >> (8 * sizeof(key) - 3);
}

struct segment_query {
	unsigned long addr;
	bool read_only;
};

/* dl_iterate_phdr() callback: is the address in a non-writable PT_LOAD? */
static int find_segment(struct dl_phdr_info *info, size_t size, void *data)
{
	struct segment_query *q = data;
	int i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		unsigned long lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type != PT_LOAD || q->addr < lo ||
		    q->addr - lo >= ph->p_memsz)
			continue;
		q->read_only = !(ph->p_flags & PF_W);
		return 1;
	}
	return 0;
}

/* Is @text in a read-only segment (a string literal)?  Asked on a miss. */
static bool in_read_only_segment(const char *text)
{
	struct segment_query q = { .addr = (unsigned long)text };

	dl_iterate_phdr(find_segment, &q);
	return q.read_only;
}

/* The text at @now is still @then (a tight loop: it runs on every hit). */
static bool same_text(const char *now, const char *then)
{
	while (*now == *then) {
		if (!*now)
			return true;
		now++;
		then++;
	}
	return false;
}

/* A writable name still says what it said when it was remembered. */
static bool copy_hit(size_t slot, const char *struct_name)
{
	const struct name_copy *copy = &name_copies[slot];

	return copy->name == struct_name && same_text(struct_name, copy->text);
}

/*
 * Look the name up and remember a hit; a miss is not remembered.  Out of
 * line, so that the hit path of xcalloc() saves no registers for it.
 */
static __attribute__((noinline, cold)) struct lmm_family *cache_fill(size_t slot,
				     const char *struct_name)
{
	struct name_hit *hit = &name_cache[slot];
	struct name_copy *copy = &name_copies[slot];
	char buf[LMM_NAME_MAX + 2];

	hit->literal = NULL;
	copy->name = NULL;
	hit->family = lmm_family_find(family_name(struct_name, buf,
						  sizeof(buf)));
	if (!hit->family)
		return NULL;	/* a family registered later must be found */
	if (in_read_only_segment(struct_name))
		hit->literal = struct_name;
	else if (snprintf(copy->text, sizeof(copy->text), "%s", struct_name) <
		 (int)sizeof(copy->text))
		copy->name = struct_name;	/* else too long: no cache */
	return hit->family;
}

static struct lmm_family *find_cached(const char *struct_name)
{
	size_t slot;

	if (!struct_name)
		return NULL;
	slot = name_slot(struct_name);
	if (likely(name_cache[slot].literal == struct_name) ||
	    copy_hit(slot, struct_name))
		return name_cache[slot].family;
	return cache_fill(slot, struct_name);
}

/* xcalloc() could not allocate: say why (out of line, as it is rare). */
static __attribute__((noinline, cold)) void *
xcalloc_failed(const char *struct_name, int units, bool known, int err)
{
	if (!known)
		fprintf(stderr, "xcalloc: no page family '%s' is registered\n",
			struct_name ? struct_name : "(null)");
	else if (units <= 0)
		fprintf(stderr, "xcalloc: %d units of '%s': units must be positive\n",
			units, struct_name);
	else	/* the caller's text: the family's may be rewritten */
		fprintf(stderr, "xcalloc: %d units of '%s': %s\n", units,
			struct_name, lmm_strerror(err));
	return NULL;
}

/*
 * lmm_alloc() failed with @err.  -EINVAL, with positive units, means the
 * remembered family went away: look the name up again, and try once more.
 */
static __attribute__((noinline, cold)) void *
xcalloc_again(const char *struct_name, int units, int err)
{
	struct lmm_family *family;
	void *p;

	if (err != -EINVAL)
		return xcalloc_failed(struct_name, units, true, err);
	family = cache_fill(name_slot(struct_name), struct_name);
	if (!family)
		return xcalloc_failed(struct_name, units, false, 0);
	p = lmm_alloc(family, (size_t)units, &err);
	return p ? p : xcalloc_failed(struct_name, units, true, err);
}

void *xcalloc(char *struct_name, int units)
{
	struct lmm_family *family = find_cached(struct_name);
	void *p;
	int err;

	if (unlikely(!family || units <= 0))
		return xcalloc_failed(struct_name, units, family, 0);
	p = lmm_alloc(family, (size_t)units, &err);
	if (likely(p))
		return p;
	return xcalloc_again(struct_name, units, err);
}

/*
 * The refusal names no address: a bad pointer belongs to no page lmm can
 * name, and a raw address would make saved output differ on every run.
 */
void xfree(void *app_data)
{
	int err = lmm_free(NULL, app_data);

	if (err)
		fprintf(stderr, "xfree: %s\n", lmm_strerror(err));
}

void mm_print_memory_usage(char *struct_name)
{
	struct lmm_printer out = lmm_stdio_printer(stdout);
	struct lmm_family *family = NULL;
	char buf[LMM_NAME_MAX + 2];

	if (struct_name) {
		family = lmm_family_find(family_name(struct_name, buf,
						     sizeof(buf)));
		if (!family) {
			fprintf(stderr, "mm_print_memory_usage: no page family '%s'\n",
				struct_name);
			return;
		}
	}
	lmm_report_legend(&out);
	lmm_report_usage(&out, family);
}

void mm_print_block_usage(void)
{
	struct lmm_printer out = lmm_stdio_printer(stdout);

	lmm_report_legend(&out);
	lmm_report_blocks(&out, NULL);
}

void mm_print_registered_page_families(void)
{
	struct lmm_printer out = lmm_stdio_printer(stdout);

	lmm_report_families(&out);
}
