// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mm.c - the LMM seed's API (uapi_mm.h) on top of the native one.
 *
 * The seed looks families up by name on every call.  XCALLOC(units, T)
 * passes the same string literal every time it runs, so each thread
 * remembers the last name pointer it looked up and the family it found;
 * the registry's generation says when a family went away and the answer
 * must be looked up again (through the name hash, O(1) on average).  A
 * program that wants no lookup at all keeps the handle of
 * lmm_family_create() instead.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lmm_frontend.h"
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

/* The last lookup of this thread: a name pointer and what it found. */
static _Thread_local struct {
	const char *name;
	char text[LMM_NAME_MAX + 2];	/* what @name said then, as it was */
	struct lmm_family *family;
	unsigned long generation;
} last;

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

static struct lmm_family *find_cached(const char *struct_name)
{
	char buf[LMM_NAME_MAX + 2];
	const char *name;
	unsigned long generation = lmm_family_generation();

	/*
	 * The same pointer may hold another name now: compare the text too,
	 * with our own copy (the family's may be rewritten by a thread that
	 * destroys it and registers another).
	 */
	if (struct_name && struct_name == last.name &&
	    generation == last.generation && same_text(struct_name, last.text))
		return last.family;
	name = family_name(struct_name, buf, sizeof(buf));
	last.family = lmm_family_find(name);
	/* Only a hit is cached: a family registered later must be found. */
	last.name = last.family ? struct_name : NULL;
	if (last.family &&
	    snprintf(last.text, sizeof(last.text), "%s", struct_name) >=
	    (int)sizeof(last.text))
		last.name = NULL;	/* too long to remember: no cache */
	last.generation = generation;
	return last.family;
}

void *xcalloc(char *struct_name, int units)
{
	struct lmm_family *family = find_cached(struct_name);
	/* The caller's text: the family's may be rewritten by a destroy. */
	const char *name = struct_name;
	void *p;
	int err;

	if (!family) {
		fprintf(stderr, "xcalloc: no page family '%s' is registered\n",
			struct_name ? struct_name : "(null)");
		return NULL;
	}
	if (units <= 0) {
		fprintf(stderr, "xcalloc: %d units of '%s': units must be positive\n",
			units, name);
		return NULL;
	}
	p = lmm_alloc(family, (size_t)units, &err);
	if (!p)
		fprintf(stderr, "xcalloc: %d units of '%s': %s\n", units, name,
			lmm_strerror(err));
	return p;
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
