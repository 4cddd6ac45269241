/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * fuzz_port.h - what the corruption target's port tells the harness.
 *
 * fuzz_port.c serves lmm's pages with a PROT_NONE guard page on each side
 * and records every mapping it hands out, so the harness can ask whether
 * memory belongs to lmm at all, and to which mapping.
 */
#ifndef LMM_FUZZ_PORT_H
#define LMM_FUZZ_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One mapping lmm holds now: [start, end), and a number never reused. */
struct fuzz_mapping {
	uintptr_t start;
	uintptr_t end;
	uint64_t serial;
};

/* The mapping holding @p, if lmm holds one now. */
bool fuzz_port_mapping_of(const void *p, struct fuzz_mapping *mapping);
/* Does [p, p + bytes) lie inside one mapping lmm holds now? */
bool fuzz_port_owns(const void *p, size_t bytes);
/* How many damage lines lmm logged (they are not printed). */
uint64_t fuzz_port_damage_logged(void);

#endif /* LMM_FUZZ_PORT_H */
