/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * uapi_mm.h - the LMM seed's API, served by lmm's page families.
 *
 *	mm_init();
 *	MM_REG_STRUCT(emp_t);
 *	emp_t *e = XCALLOC(3, emp_t);
 *	mm_print_memory_usage(NULL);
 *	XFREE(e);
 *
 * Errors print one line to stderr and return NULL (or nothing); nothing
 * aborts.  A struct name with spaces ("struct foo") is registered with
 * underscores ("struct_foo").  For family handles, statistics and the
 * choice of policy, use the native API in lmm.h.
 */
#ifndef UAPI_MM_H
#define UAPI_MM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void mm_init(void);
void mm_instantiate_new_page_family(char *struct_name, uint32_t struct_size);
void *xcalloc(char *struct_name, int units);
void xfree(void *app_data);
void mm_print_memory_usage(char *struct_name);
void mm_print_block_usage(void);
void mm_print_registered_page_families(void);

#define MM_REG_STRUCT(struct_name) \
	(mm_instantiate_new_page_family(#struct_name, sizeof(struct_name)))
#define XCALLOC(units, struct_name) (xcalloc(#struct_name, units))
#define XFREE(ptr) (xfree(ptr))

#ifdef __cplusplus
}
#endif

#endif /* UAPI_MM_H */
