/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * lmm_kunit_cases.h - the cases of the kernel-only suites of lmm_kunit.ko,
 * as X-macro lists: C(case) for a case, P(case, generator) for a case run
 * once per parameter (it counts once, as KUnit reports it).
 *
 * Each suite's file builds its case table from its list, so a case left
 * out is an unused static function (an error), and
 * tests/kunit/count-cases.sh counts these lists with the preprocessor,
 * next to the portable cases of tests/cases/: the count the QEMU run
 * must see comes from the lists, never from a number kept by hand.  The
 * portable suites have their lists at the end of their own files.
 *
 * Only macros here, no include: the host's preprocessor reads this file.
 */
#ifndef LMM_KUNIT_CASES_H
#define LMM_KUNIT_CASES_H

/* lmm_kunit_adapter.c: the KUnit adapter itself */
#define LMM_KUNIT_ADAPTER_CASES(C, P) \
	C(suites_refuse_to_run_beside_other_users) \
	C(test_mem_is_zeroed_and_aligned) \
	C(text_printer_formats_and_truncates)

/* lmm_kunit_port.c: the kernel port */
#define LMM_KUNIT_PORT_CASES(C, P) \
	C(single_page_is_aligned_vmalloc_memory) \
	P(run_is_contiguous_aligned_and_writable, run_pages_gen_params) \
	C(zero_and_huge_requests_are_refused) \
	C(many_pages_are_distinct_and_freed) \
	P(lock_of_each_kind_works, lock_kind_gen_params) \
	C(locks_nest_in_the_documented_order) \
	C(unknown_lock_kind_is_refused) \
	C(random_values_vary) \
	C(family_blocks_live_in_vmalloc_pages)

/* lmm_kunit_proc.c: the /proc/lmm command parser */
#define LMM_KUNIT_PROC_CASES(C, P) \
	P(bad_input_is_einval, bad_input_gen_params) \
	P(good_input_is_parsed, good_input_gen_params) \
	C(longest_command_is_taken_one_more_is_not) \
	C(oversized_and_null_arguments_are_refused) \
	C(random_input_never_misparses)

/* lmm_kunit_thread.c: kernel threads sharing or splitting families */
#define LMM_KUNIT_THREAD_CASES(C, P) \
	P(threads_share_or_split_families, thread_gen_params)

/* lmm_kunit_race.c: the race scenarios of tests/cases/race_ops.c */
#define LMM_KUNIT_RACE_CASES(C, P) \
	C(second_destroy_is_refused) \
	C(stale_handle_never_reaches_a_new_family) \
	C(destroyed_region_refuses_everything) \
	P(races_destroy, race_gen_params)

/* lmm_kunit_unload.c: unloading with blocks live */
#define LMM_KUNIT_UNLOAD_CASES(C, P) \
	C(shutdown_reclaims_live_blocks) \
	C(registry_is_usable_after_shutdown) \
	C(shutdown_twice_is_harmless)

/* lmm_kunit_owner.c: family names are unique per owner */
#define LMM_KUNIT_OWNER_CASES(C, P) \
	C(client_calls_land_in_the_module_name_space) \
	C(two_owners_may_register_one_name) \
	C(default_name_space_is_separate) \
	C(one_owner_cannot_register_a_name_twice) \
	C(destroy_leaves_the_other_owners_family)

/* Every list above, for counting: C and P both get @C. */
#define LMM_KUNIT_ONLY_CASES(C) \
	LMM_KUNIT_ADAPTER_CASES(C, C) \
	LMM_KUNIT_PORT_CASES(C, C) \
	LMM_KUNIT_PROC_CASES(C, C) \
	LMM_KUNIT_THREAD_CASES(C, C) \
	LMM_KUNIT_RACE_CASES(C, C) \
	LMM_KUNIT_UNLOAD_CASES(C, C) \
	LMM_KUNIT_OWNER_CASES(C, C)

#endif /* LMM_KUNIT_CASES_H */
