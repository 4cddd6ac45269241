// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * proc_cmd.c - the command language of /proc/lmm: parsing, nothing else.
 *
 * One write() is one command.  The parser takes the bytes as they came
 * from userspace and either fills a struct lmm_cmd or says -EINVAL; it
 * keeps no state, takes no lock and allocates nothing, so it can be fed
 * any hostile input from a unit test.
 *
 *   command = [blanks] keyword [blanks argument]... [blanks] ["\n"]
 *   blanks  = one or more spaces or tabs
 *
 *   register NAME SIZE    unregister NAME    alloc NAME UNITS
 *   free HANDLE           reset              check
 *
 *   NAME    = 1 to 31 of [A-Za-z0-9_]  (what the core accepts)
 *   SIZE, UNITS, HANDLE = 1 to 20 decimal digits, 1 .. 2^64 - 1
 *
 * Strict on purpose: keywords are lower case, numbers have no sign, no
 * base prefix and no suffix, the only control characters allowed are tab
 * and one final newline (what echo adds).  Whatever is not a command of
 * this grammar is -EINVAL; the limits of values (family exists, size
 * allowed) are for the caller to judge.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "proc_cmd.h"

#define MAX_WORDS		3	/* keyword and two arguments */
#define NUMBER_MAX_DIGITS	20	/* U64_MAX has 20 */

enum arg_kind {
	ARG_NONE,
	ARG_NAME,
	ARG_NUMBER,
};

struct cmd_syntax {
	const char *keyword;
	enum lmm_cmd_op op;
	enum arg_kind args[MAX_WORDS - 1];
};

static const struct cmd_syntax syntax[] = {
	{ "register", LMM_CMD_REGISTER, { ARG_NAME, ARG_NUMBER } },
	{ "unregister", LMM_CMD_UNREGISTER, { ARG_NAME } },
	{ "alloc", LMM_CMD_ALLOC, { ARG_NAME, ARG_NUMBER } },
	{ "free", LMM_CMD_FREE, { ARG_NUMBER } },
	{ "reset", LMM_CMD_RESET, { } },
	{ "check", LMM_CMD_CHECK, { } },
};

/* A word of the command: not NUL-terminated, it points into the input. */
struct word {
	const char *start;
	size_t len;
};

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static bool is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Printable ASCII and blanks only: no NUL, no escape, no UTF-8. */
static bool bytes_valid(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = buf[i];

		if (!is_blank(c) && (c < 0x21 || c > 0x7e))
			return false;
	}
	return true;
}

/* Return: the number of words, or -EINVAL when there are too many. */
static int split_words(const char *buf, size_t len, struct word *words)
{
	size_t i = 0;
	int nwords = 0;

	while (i < len) {
		if (is_blank(buf[i])) {
			i++;
			continue;
		}
		if (nwords == MAX_WORDS)
			return -EINVAL;
		words[nwords].start = buf + i;
		while (i < len && !is_blank(buf[i]))
			i++;
		words[nwords].len = buf + i - words[nwords].start;
		nwords++;
	}
	return nwords;
}

static bool word_is(const struct word *w, const char *keyword)
{
	return w->len == strlen(keyword) && !memcmp(w->start, keyword, w->len);
}

static int parse_name(const struct word *w, char *name)
{
	size_t i;

	if (w->len < 1 || w->len > LMM_NAME_MAX)
		return -EINVAL;
	for (i = 0; i < w->len; i++)
		if (!is_name_char(w->start[i]))
			return -EINVAL;
	memcpy(name, w->start, w->len);
	name[w->len] = '\0';
	return 0;
}

static int parse_number(const struct word *w, u64 *number)
{
	u64 value = 0;
	size_t i;

	if (w->len < 1 || w->len > NUMBER_MAX_DIGITS)
		return -EINVAL;
	for (i = 0; i < w->len; i++) {
		unsigned char c = w->start[i];

		if (c < '0' || c > '9')
			return -EINVAL;
		if (check_mul_overflow(value, (u64)10, &value) ||
		    check_add_overflow(value, (u64)(c - '0'), &value))
			return -EINVAL;
	}
	if (!value)
		return -EINVAL;	/* sizes, units and handles start at 1 */
	*number = value;
	return 0;
}

static int parse_args(const struct cmd_syntax *s, const struct word *words,
		      int nwords, struct lmm_cmd *cmd)
{
	int i, err;

	for (i = 1; i < MAX_WORDS; i++) {
		enum arg_kind kind = s->args[i - 1];
		bool given = i < nwords;
		bool wanted = kind != ARG_NONE;

		if (given != wanted)
			return -EINVAL;	/* an argument too few or too many */
		if (kind == ARG_NAME)
			err = parse_name(&words[i], cmd->name);
		else if (kind == ARG_NUMBER)
			err = parse_number(&words[i], &cmd->number);
		else
			err = 0;
		if (err)
			return err;
	}
	return 0;
}

/**
 * lmm_cmd_parse() - parse one command written to /proc/lmm
 * @buf: the bytes written, not NUL-terminated, any content
 * @len: how many; 1 to LMM_CMD_MAX_BYTES
 * @cmd: filled in on success; unspecified on failure
 *
 * Return: 0, or -EINVAL for anything that is not one well-formed command.
 */
int lmm_cmd_parse(const char *buf, size_t len, struct lmm_cmd *cmd)
{
	struct word words[MAX_WORDS];
	int nwords;
	size_t i;

	if (!buf || !cmd || !len || len > LMM_CMD_MAX_BYTES)
		return -EINVAL;
	if (buf[len - 1] == '\n')
		len--;
	if (!bytes_valid(buf, len))
		return -EINVAL;
	nwords = split_words(buf, len, words);
	if (nwords <= 0)
		return -EINVAL;
	memset(cmd, 0, sizeof(*cmd));
	for (i = 0; i < ARRAY_SIZE(syntax); i++) {
		if (word_is(&words[0], syntax[i].keyword)) {
			cmd->op = syntax[i].op;
			return parse_args(&syntax[i], words, nwords, cmd);
		}
	}
	return -EINVAL;
}
