// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * secret.c - the two keys that make lmm's metadata hard to forge.
 *
 * Every block header carries a check value keyed by the header secret
 * (lmm_block_check() in internal.h), and every free-list link is stored
 * XOR'ed with the link secret (lmm_link_key()).  A caller who can read one
 * header learns nothing that lets it forge another.
 *
 * Both are drawn from the port once, before the first family or region
 * writes a header, and kept until the end: a region's headers outlive
 * lmm_shutdown() and must still check.  So they belong to neither the
 * registry of families nor to regions: both ask for them here.  Only this
 * file writes them; the hot path reads them through inline accessors.
 */
#include "internal.h"

u64 lmm_secret_for_headers;
unsigned long lmm_secret_for_links;

/**
 * lmm_secrets_ready() - draw the secrets, the first time only
 *
 * Takes the registry lock (the port's) when they are not drawn yet: call
 * it with no lmm lock held, before the first header is written.
 */
void lmm_secrets_ready(void)
{
	u64 header;

	if (__atomic_load_n(&lmm_secret_for_headers, __ATOMIC_ACQUIRE))
		return;
	lmm_port_lock(lmm_port_registry_lock());
	if (!lmm_secret_for_headers) {
		/* | 1: never 0, which means "not drawn" */
		header = ((u64)lmm_port_random() << 32 | lmm_port_random()) | 1;
		lmm_secret_for_links = ((unsigned long)lmm_port_random() <<
					(LMM_LONG_BITS / 2)) ^
				       lmm_port_random();
		/* Whoever sees the header secret sees the link secret too. */
		__atomic_store_n(&lmm_secret_for_headers, header, __ATOMIC_RELEASE);
	}
	lmm_port_unlock(lmm_port_registry_lock());
}
