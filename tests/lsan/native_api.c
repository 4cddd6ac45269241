// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * native_api.c - the native API under LeakSanitizer.
 *
 *   native_api            ends with live families, blocks and a region
 *   native_api shutdown   destroys the region and calls lmm_shutdown()
 *
 * Either way LSan must report nothing: lmm's own memory (pages, page
 * metadata, locks) comes from mmap() and is not the program's to free.
 * More families are created than one page of locks holds, some are
 * destroyed and created again, and a second thread allocates too, so the
 * port's lock pool grows, reuses slots, and its locks are really taken.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "lmm_frontend.h"
#include "lsan_check.h"

#define NFAMILIES	200	/* more than one page of lock slots */
#define NBLOCKS		64

static struct lmm_family *families[NFAMILIES];

static void create_family(int i)
{
	struct lmm_family_opts opts = {
		.policy = LMM_WORST_FIT,
		.cache_pages = -1,
		.debug = i % 2,
	};
	char name[LMM_NAME_MAX + 1];

	snprintf(name, sizeof(name), "lsan_%d", i);
	LSAN_CHECK(!lmm_family_create(name, 24 + i, &opts, &families[i]));
}

/* Blocks that stay live: the program "forgets" them at exit. */
static void *allocate_some(void *arg)
{
	struct lmm_family *family = arg;
	void *blocks[NBLOCKS];
	int i;

	for (i = 0; i < NBLOCKS; i++) {
		blocks[i] = lmm_alloc(family, 1 + i % 5, NULL);
		LSAN_CHECK(blocks[i]);
	}
	for (i = 0; i < NBLOCKS; i += 2)
		LSAN_CHECK(!lmm_free(family, blocks[i]));
	return NULL;
}

static struct lmm_region *use_region(void)
{
	struct lmm_region *region;
	void *p;

	LSAN_CHECK(!lmm_region_create(1 << 16, LMM_BEST_FIT, &region));
	p = lmm_region_alloc(region, 1000, NULL);
	LSAN_CHECK(p);
	memset(p, 0x5a, 1000);
	LSAN_CHECK(lmm_region_alloc(region, 5000, NULL));
	LSAN_CHECK(!lmm_region_free(region, p));
	return region;
}

int main(int argc, char **argv)
{
	bool shutdown = argc > 1 && !strcmp(argv[1], "shutdown");
	struct lmm_region *region;
	pthread_t thread;
	int i;

	for (i = 0; i < NFAMILIES; i++)
		create_family(i);
	for (i = 0; i < NFAMILIES; i += 3)
		LSAN_CHECK(!lmm_family_destroy(families[i]));
	for (i = 0; i < NFAMILIES; i += 3)
		create_family(i);
	allocate_some(families[1]);
	LSAN_CHECK(!pthread_create(&thread, NULL, allocate_some, families[2]));
	LSAN_CHECK(!pthread_join(thread, NULL));
	allocate_some(families[3]);	/* now with the locks taken */
	region = use_region();
	LSAN_CHECK(lmm_check(NULL) == LMM_CHECK_OK);
	if (shutdown) {	/* a tidy program: everything handed back */
		lmm_region_destroy(region);
		lmm_shutdown();
	}
	return 0;
}
