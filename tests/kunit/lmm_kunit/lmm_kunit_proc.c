// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * lmm_kunit_proc.c - the /proc/lmm command parser (kernel/proc_cmd.c) fed
 * what a hostile or careless writer sends.
 *
 * Each input is copied into a kmalloc() buffer of exactly its length, not
 * NUL-terminated, as a write() hands it over: KASAN then catches a parser
 * that reads one byte too far.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "proc_cmd.h"
#include "lmm_kunit.h"

/**
 * struct bad_input - an input the parser must refuse
 * @desc: what it is (a KTAP name: no '#', no blanks)
 * @buf: its bytes, NULs allowed
 * @len: how many
 */
struct bad_input {
	const char *desc;
	const char *buf;
	size_t len;
};

/* sizeof() - 1, not strlen(): the literal may hold NUL bytes. */
#define BAD(d, s) { .desc = d, .buf = s, .len = sizeof(s) - 1 }

static const struct bad_input bad_inputs[] = {
	BAD("empty", ""),
	BAD("only_newline", "\n"),
	BAD("only_blanks", " \t  \t"),
	BAD("unknown_keyword", "allocate x 1"),
	BAD("upper_case_keyword", "REGISTER emp 36"),
	BAD("keyword_prefix", "reg emp 36"),
	BAD("keyword_glued_to_argument", "registeremp 36"),
	BAD("missing_size", "register emp"),
	BAD("missing_everything", "register"),
	BAD("argument_too_many", "register emp 36 7"),
	BAD("reset_with_argument", "reset now"),
	BAD("check_with_argument", "check all"),
	BAD("free_without_handle", "free"),
	BAD("free_of_a_name", "free emp"),
	BAD("size_zero", "register emp 0"),
	BAD("units_zero_padded", "alloc emp 0000"),
	BAD("negative_units", "alloc emp -1"),
	BAD("plus_sign", "alloc emp +1"),
	BAD("hex_number", "alloc emp 0x10"),
	BAD("size_suffix", "register emp 36k"),
	BAD("decimal_point", "alloc emp 1.5"),
	BAD("exponent", "alloc emp 1e3"),
	BAD("u64_max_plus_one", "free 18446744073709551616"),
	BAD("overflow_by_far", "free 99999999999999999999"),
	BAD("twenty_one_digits", "free 000000000000000000001"),
	BAD("name_of_32_chars", "unregister abcdefghij_abcdefghij_abcdefghij"),
	BAD("name_with_dash", "register my-type 8"),
	BAD("name_with_dot", "register ../etc 8"),
	BAD("name_with_slash", "unregister /proc"),
	BAD("name_with_percent", "register %s%n%x 8"),
	BAD("name_utf8", "register caf\xc3\xa9 8"),
	BAD("shell_injection", "register a;reboot 8"),
	BAD("nul_first", "\0check"),
	BAD("nul_inside_name", "register em\0p 36"),
	BAD("nul_after_command", "check\0"),
	BAD("nul_before_newline", "reset\0\n"),
	BAD("all_nuls", "\0\0\0\0\0\0\0\0"),
	BAD("carriage_return", "check\r\n"),
	BAD("two_newlines", "check\n\n"),
	BAD("newline_inside", "alloc emp\n1"),
	BAD("newline_first", "\ncheck"),
	BAD("vertical_tab", "check\v"),
	BAD("form_feed_separator", "free\f1"),
	BAD("escape_sequence", "\x1b[2Jcheck"),
	BAD("delete_byte", "check\x7f"),
	BAD("high_bytes", "\xff\xfe\xfd\x80"),
	BAD("binary_noise", "\x01\x02\x03\x04\x05\x06\x07\x08"),
	BAD("length_prefixed", "\x05reset"),
};

static void bad_input_desc(const struct bad_input *in, char *desc)
{
	strscpy(desc, in->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_input, bad_inputs, bad_input_desc);

/* Parse @len bytes from an exactly sized heap copy of @buf. */
static int parse_copy(struct kunit *test, const char *buf, size_t len,
		      struct lmm_cmd *cmd)
{
	char *copy = kunit_kmalloc(test, len ? len : 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, buf, len);
	return lmm_cmd_parse(copy, len, cmd);
}

static void bad_input_is_einval(struct kunit *test)
{
	const struct bad_input *in = test->param_value;
	struct lmm_cmd cmd;

	KUNIT_EXPECT_EQ(test, parse_copy(test, in->buf, in->len, &cmd), -EINVAL);
}

/**
 * struct good_input - a command the parser must take
 * @desc: what it is
 * @buf: the command, as echo writes it or not
 * @op: the operation it names
 * @name: the family name it carries, or ""
 * @number: its number, or 0
 */
struct good_input {
	const char *desc;
	const char *buf;
	enum lmm_cmd_op op;
	const char *name;
	u64 number;
};

static const struct good_input good_inputs[] = {
	{ "register_from_echo", "register emp_t 36\n", LMM_CMD_REGISTER,
	  "emp_t", 36 },
	{ "blanks_around", " \t alloc\t emp \t7 \t\n", LMM_CMD_ALLOC, "emp", 7 },
	{ "leading_zeros", "alloc emp 007", LMM_CMD_ALLOC, "emp", 7 },
	{ "u64_max", "free 18446744073709551615", LMM_CMD_FREE, "",
	  18446744073709551615ULL },
	{ "name_of_31_chars", "unregister abcdefghij_abcdefghij_abcdefghi",
	  LMM_CMD_UNREGISTER, "abcdefghij_abcdefghij_abcdefghi", 0 },
	{ "reset", "reset", LMM_CMD_RESET, "", 0 },
	{ "check_from_echo", "check\n", LMM_CMD_CHECK, "", 0 },
};

static void good_input_desc(const struct good_input *in, char *desc)
{
	strscpy(desc, in->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(good_input, good_inputs, good_input_desc);

static void good_input_is_parsed(struct kunit *test)
{
	const struct good_input *in = test->param_value;
	struct lmm_cmd cmd;

	KUNIT_ASSERT_EQ(test, parse_copy(test, in->buf, strlen(in->buf), &cmd), 0);
	KUNIT_EXPECT_EQ(test, cmd.op, in->op);
	KUNIT_EXPECT_STREQ(test, cmd.name, in->name);
	KUNIT_EXPECT_EQ(test, cmd.number, in->number);
}

/* A command of exactly LMM_CMD_MAX_BYTES is taken, one byte more is not. */
static void longest_command_is_taken_one_more_is_not(struct kunit *test)
{
	char *buf = kunit_kmalloc(test, LMM_CMD_MAX_BYTES + 1, GFP_KERNEL);
	struct lmm_cmd cmd;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* "alloc", blanks, "x 5": blanks pad it to the limit. */
	memset(buf, ' ', LMM_CMD_MAX_BYTES + 1);
	memcpy(buf, "alloc", 5);
	memcpy(buf + LMM_CMD_MAX_BYTES - 3, "x 5", 3);
	KUNIT_EXPECT_EQ(test, lmm_cmd_parse(buf, LMM_CMD_MAX_BYTES, &cmd), 0);
	KUNIT_EXPECT_EQ(test, cmd.number, 5ULL);
	memcpy(buf + LMM_CMD_MAX_BYTES - 3, " x 5", 4);
	KUNIT_EXPECT_EQ(test, lmm_cmd_parse(buf, LMM_CMD_MAX_BYTES + 1, &cmd),
			-EINVAL);
}

/* Sizes a broken caller could pass: the parser must not even look. */
static void oversized_and_null_arguments_are_refused(struct kunit *test)
{
	static const char check[] = "check";
	struct lmm_cmd cmd;

	KUNIT_EXPECT_EQ(test, lmm_cmd_parse(check, SIZE_MAX, &cmd), -EINVAL);
	KUNIT_EXPECT_EQ(test, lmm_cmd_parse(check, (size_t)-EINVAL, &cmd),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, lmm_cmd_parse(check, 1UL << 32, &cmd), -EINVAL);
	KUNIT_EXPECT_EQ(test, lmm_cmd_parse(NULL, 5, &cmd), -EINVAL);
	KUNIT_EXPECT_EQ(test, lmm_cmd_parse(check, 5, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, lmm_cmd_parse(check, 0, &cmd), -EINVAL);
}

/*
 * Random bytes, mostly from the command alphabet so that some parse: each
 * answer is 0 or -EINVAL, and what parses carries a valid name and number.
 */
static void random_input_never_misparses(struct kunit *test)
{
	static const char alphabet[] = "registerunallocfheck 0123456789_\t\n";
	char *buf = kunit_kmalloc(test, LMM_CMD_MAX_BYTES, GFP_KERNEL);
	struct lmm_rng rng;
	int round, parsed = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	lmm_rng_seed(&rng, 0x70c0);
	for (round = 0; round < 3000; round++) {
		size_t len = lmm_rng_range(&rng, 1, round % 10 ? 24 : LMM_CMD_MAX_BYTES);
		struct lmm_cmd cmd;
		size_t i;
		int err;

		for (i = 0; i < len; i++)
			buf[i] = lmm_rng_percent(&rng, 90) ?
				alphabet[lmm_rng_below(&rng, sizeof(alphabet) - 1)] :
				(char)lmm_rng_below(&rng, 256);
		/* Sometimes a real keyword in front. */
		if (len > 6 && lmm_rng_percent(&rng, 30))
			memcpy(buf, "alloc ", 6);
		/* Moved to the end of the buffer: a read past it is KASAN's. */
		memmove(buf + LMM_CMD_MAX_BYTES - len, buf, len);
		err = lmm_cmd_parse(buf + LMM_CMD_MAX_BYTES - len, len, &cmd);
		KUNIT_ASSERT_TRUE_MSG(test, err == 0 || err == -EINVAL,
				      "round %d: %d", round, err);
		if (err)
			continue;
		parsed++;
		KUNIT_EXPECT_LE(test, strnlen(cmd.name, sizeof(cmd.name)),
				(size_t)LMM_NAME_MAX);
		if (cmd.op == LMM_CMD_REGISTER || cmd.op == LMM_CMD_ALLOC ||
		    cmd.op == LMM_CMD_FREE)
			KUNIT_EXPECT_GE(test, cmd.number, 1ULL);
	}
	kunit_info(test, "%d of 3000 random inputs parsed", parsed);
}

/* Its list is in lmm_kunit_cases.h, where the count of cases is taken. */
static struct kunit_case proc_cases[] = {
	LMM_KUNIT_PROC_CASES(LMM_KUNIT_CASE, LMM_KUNIT_CASE_PARAM)
	{}
};

static struct kunit_suite lmm_kunit_proc_suite = {
	.name = "lmm_proc_parser",
	.test_cases = proc_cases,
};

kunit_test_suite(lmm_kunit_proc_suite);
