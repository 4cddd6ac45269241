// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_port.c - the corruption target's pages and log (common/lmm_port.h).
 *
 * It replaces user/port_pages.c and user/port_log.c (locks and the rest
 * come from user/port.c).  Every run of pages is mapped with a PROT_NONE
 * guard page before and after it, so that a write by lmm just outside its
 * own pages faults at once instead of landing in a neighbour, and every
 * mapping is recorded (fuzz_port.h) so the harness can check that what
 * lmm hands out lies inside its pages.  Damage logs are counted, not
 * printed: the corruption target provokes thousands (FUZZ_VERBOSE=1
 * prints them).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fuzz_port.h"
#include "lmm_port.h"

#define MAX_MAPPINGS	4096
#define GUARD_BYTES	LMM_PAGE_SIZE

/* The mappings lmm holds; end == 0 marks a free slot. */
static struct fuzz_mapping mappings[MAX_MAPPINGS];
static uint64_t next_serial = 1;
static uint64_t damage_logged;

static struct fuzz_mapping *mapping_find(uintptr_t addr)
{
	size_t i;

	for (i = 0; i < MAX_MAPPINGS; i++)
		if (mappings[i].end && addr >= mappings[i].start &&
		    addr < mappings[i].end)
			return &mappings[i];
	return NULL;
}

static bool mapping_record(uintptr_t start, size_t bytes)
{
	size_t i;

	for (i = 0; i < MAX_MAPPINGS; i++) {
		if (!mappings[i].end) {
			mappings[i].start = start;
			mappings[i].end = start + bytes;
			mappings[i].serial = next_serial++;
			return true;
		}
	}
	return false;
}

void *lmm_port_pages_alloc(size_t npages)
{
	size_t bytes, total;
	char *base;

	if (!npages || npages > ((size_t)1 << 40) / LMM_PAGE_SIZE)
		return NULL;
	bytes = npages * LMM_PAGE_SIZE;
	total = bytes + 2 * GUARD_BYTES;
	base = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
		    MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	if (mprotect(base + GUARD_BYTES, bytes, PROT_READ | PROT_WRITE) ||
	    !mapping_record((uintptr_t)base + GUARD_BYTES, bytes)) {
		munmap(base, total);
		return NULL;
	}
	return base + GUARD_BYTES;
}

void lmm_port_pages_free(void *addr, size_t npages)
{
	struct fuzz_mapping *m = mapping_find((uintptr_t)addr);
	size_t bytes = npages * LMM_PAGE_SIZE;

	/* The core must give back exactly what it was given. */
	if (!m || m->start != (uintptr_t)addr || m->end - m->start != bytes) {
		fprintf(stderr, "fuzz port: bad page free %p, %zu pages\n",
			addr, npages);
		abort();
	}
	m->end = 0;
	munmap((char *)addr - GUARD_BYTES, bytes + 2 * GUARD_BYTES);
}

bool fuzz_port_mapping_of(const void *p, struct fuzz_mapping *mapping)
{
	struct fuzz_mapping *m = mapping_find((uintptr_t)p);

	if (m)
		*mapping = *m;
	return m;
}

bool fuzz_port_owns(const void *p, size_t bytes)
{
	struct fuzz_mapping *m = mapping_find((uintptr_t)p);

	return m && bytes <= m->end - (uintptr_t)p;
}

uint64_t fuzz_port_damage_logged(void)
{
	return damage_logged;
}

static bool log_verbose(void)
{
	static int verbose = -1;
	const char *env;

	if (verbose < 0) {
		env = getenv("FUZZ_VERBOSE");
		verbose = env && *env && strcmp(env, "0");
	}
	return verbose;
}

void lmm_port_log(enum lmm_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level == LMM_LOG_DAMAGE)
		damage_logged++;
	if (!log_verbose())
		return;
	va_start(ap, fmt);
	fputs(level == LMM_LOG_DAMAGE ? "lmm: damage: " : "lmm: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
