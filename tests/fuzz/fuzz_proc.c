// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_proc.c - libFuzzer target: the /proc/lmm command parser.
 *
 * kernel/proc_cmd.c is compiled unchanged against the fake <linux/...>
 * headers in shim/.  The whole input is one write() to /proc/lmm, handed
 * over in a buffer of exactly its length, so AddressSanitizer sees any
 * read past the end.  The harness checks the parser three ways:
 *
 *   - its contract (proc_cmd.c): on success the name is 1 to 31 name
 *     characters, NUL-terminated, the number at least 1, and the fields a
 *     command does not take are zero;
 *   - against a second parser written here differently (C library string
 *     functions and strtoull), which must agree on every input: accept
 *     the same commands with the same fields, refuse the same;
 *   - a round trip: an accepted command printed in canonical form parses
 *     to the same command.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "proc_cmd.h"

#define NUMBER_DIGITS_MAX 20

struct reference_syntax {
	const char *keyword;
	enum lmm_cmd_op op;
	const char *args;	/* 'n' a name, '#' a number */
};

static const struct reference_syntax reference[] = {
	{ "register", LMM_CMD_REGISTER, "n#" },
	{ "unregister", LMM_CMD_UNREGISTER, "n" },
	{ "alloc", LMM_CMD_ALLOC, "n#" },
	{ "free", LMM_CMD_FREE, "#" },
	{ "reset", LMM_CMD_RESET, "" },
	{ "check", LMM_CMD_CHECK, "" },
};

static bool reference_name(const char *word, char *name)
{
	size_t len = strlen(word);

	if (!len || len > LMM_NAME_MAX ||
	    strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789_") != len)
		return false;
	strcpy(name, word);
	return true;
}

static bool reference_number(const char *word, u64 *number)
{
	size_t len = strlen(word);
	unsigned long long value;
	char *end;

	if (!len || len > NUMBER_DIGITS_MAX ||
	    strspn(word, "0123456789") != len)
		return false;
	errno = 0;
	value = strtoull(word, &end, 10);
	if (errno == ERANGE || *end || !value)
		return false;
	*number = value;
	return true;
}

/* The words of a NUL-free line, at most four (one too many is enough). */
static int reference_split(char *line, char **words)
{
	char *save = NULL, *word;
	int n = 0;

	for (word = strtok_r(line, " \t", &save); word && n < 4;
	     word = strtok_r(NULL, " \t", &save))
		words[n++] = word;
	return n;
}

static bool reference_args(const struct reference_syntax *s, char **words,
			   int nwords, struct lmm_cmd *cmd)
{
	int i;

	if ((size_t)nwords != 1 + strlen(s->args))
		return false;
	for (i = 1; i < nwords; i++) {
		bool ok = s->args[i - 1] == 'n' ?
			  reference_name(words[i], cmd->name) :
			  reference_number(words[i], &cmd->number);

		if (!ok)
			return false;
	}
	cmd->op = s->op;
	return true;
}

static bool reference_parse(const uint8_t *data, size_t len,
			    struct lmm_cmd *cmd)
{
	char line[LMM_CMD_MAX_BYTES + 1], *words[4];
	size_t i;
	int nwords;

	memset(cmd, 0, sizeof(*cmd));
	if (!len || len > LMM_CMD_MAX_BYTES)
		return false;
	if (data[len - 1] == '\n')
		len--;
	for (i = 0; i < len; i++)
		if (data[i] != ' ' && data[i] != '\t' &&
		    (data[i] < 0x21 || data[i] > 0x7e))
			return false;
	memcpy(line, data, len);
	line[len] = '\0';
	nwords = reference_split(line, words);
	if (!nwords || nwords > 3)
		return false;
	for (i = 0; i < ARRAY_SIZE(reference); i++)
		if (!strcmp(words[0], reference[i].keyword))
			return reference_args(&reference[i], words, nwords,
					      cmd);
	return false;
}

static void check_contract(const struct lmm_cmd *cmd)
{
	size_t len = strnlen(cmd->name, sizeof(cmd->name));
	bool named = cmd->op == LMM_CMD_REGISTER ||
		     cmd->op == LMM_CMD_UNREGISTER || cmd->op == LMM_CMD_ALLOC;
	bool numbered = cmd->op == LMM_CMD_REGISTER ||
			cmd->op == LMM_CMD_ALLOC || cmd->op == LMM_CMD_FREE;

	FUZZ_ASSERT((unsigned int)cmd->op <= LMM_CMD_CHECK, "op %d",
		    (int)cmd->op);
	FUZZ_ASSERT(len < sizeof(cmd->name), "name not terminated");
	FUZZ_ASSERT(named ? len >= 1 : !len, "op %d with a name of %zu bytes",
		    (int)cmd->op, len);
	FUZZ_ASSERT(strspn(cmd->name, "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == len,
		    "name '%s' has a character outside [A-Za-z0-9_]",
		    cmd->name);
	FUZZ_ASSERT(numbered ? cmd->number >= 1 : !cmd->number,
		    "op %d with number %llu", (int)cmd->op, cmd->number);
}

static void check_same(const struct lmm_cmd *a, const struct lmm_cmd *b,
		       const char *what)
{
	FUZZ_ASSERT(a->op == b->op && !strcmp(a->name, b->name) &&
		    a->number == b->number,
		    "%s: op %d '%s' %llu, but op %d '%s' %llu", what,
		    (int)a->op, a->name, a->number, (int)b->op, b->name,
		    b->number);
}

/* Print an accepted command the way a person would type it. */
static int canonical(const struct lmm_cmd *cmd, char *text, size_t size)
{
	static const char *const keywords[] = {
		[LMM_CMD_REGISTER] = "register",
		[LMM_CMD_UNREGISTER] = "unregister",
		[LMM_CMD_ALLOC] = "alloc",
		[LMM_CMD_FREE] = "free",
		[LMM_CMD_RESET] = "reset",
		[LMM_CMD_CHECK] = "check",
	};
	const char *kw = keywords[cmd->op];

	switch (cmd->op) {
	case LMM_CMD_REGISTER:
	case LMM_CMD_ALLOC:
		return snprintf(text, size, "%s %s %llu\n", kw, cmd->name,
				cmd->number);
	case LMM_CMD_UNREGISTER:
		return snprintf(text, size, "%s %s\n", kw, cmd->name);
	case LMM_CMD_FREE:
		return snprintf(text, size, "%s %llu\n", kw, cmd->number);
	default:
		return snprintf(text, size, "%s\n", kw);
	}
}

static void check_round_trip(const struct lmm_cmd *cmd)
{
	char text[LMM_CMD_MAX_BYTES];
	struct lmm_cmd again;
	int len = canonical(cmd, text, sizeof(text));

	FUZZ_ASSERT(!lmm_cmd_parse(text, (size_t)len, &again),
		    "canonical form '%s' refused", text);
	check_same(cmd, &again, "round trip");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);	/* exactly the bytes written */
	struct lmm_cmd cmd, expected;
	bool accepted, want;
	int err;

	FUZZ_ASSERT(buf, "out of memory");
	memcpy(buf, data, size);
	err = lmm_cmd_parse(buf, size, &cmd);
	accepted = !err;
	FUZZ_ASSERT(accepted || err == -EINVAL, "parse returned %d", err);
	want = reference_parse(data, size, &expected);
	FUZZ_ASSERT(accepted == want, "parser %s what the reference %s",
		    accepted ? "accepts" : "refuses",
		    want ? "accepts" : "refuses");
	if (accepted) {
		check_contract(&cmd);
		check_same(&cmd, &expected, "parser and reference");
		check_round_trip(&cmd);
	}
	FUZZ_ASSERT(lmm_cmd_parse(NULL, size, &cmd) == -EINVAL &&
		    lmm_cmd_parse(buf, size, NULL) == -EINVAL,
		    "NULL buffer or command accepted");
	free(buf);
	return 0;
}
