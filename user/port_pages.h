/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * port_pages.h - what the userspace port tells of its page pools.
 *
 * Not part of the allocator's API: for benchmarks and tests that count
 * system calls (bench/bench.c).
 */
#ifndef LMM_PORT_PAGES_H
#define LMM_PORT_PAGES_H

/**
 * struct lmm_port_page_calls - system calls of the page pools
 * @maps: mmap() calls (a chunk of pages, or a run)
 * @unmaps: munmap() and madvise(MADV_DONTNEED) calls (a range each)
 */
struct lmm_port_page_calls {
	unsigned long long maps;
	unsigned long long unmaps;
};

void lmm_port_page_calls(struct lmm_port_page_calls *out);

#endif /* LMM_PORT_PAGES_H */
