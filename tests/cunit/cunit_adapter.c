// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * cunit_adapter.c - lmm_test.h on top of CUnit.
 *
 * Every check becomes one CUnit assertion (so the run summary counts
 * them); a failed comparison shows both values.  CUnit test functions take
 * no argument, so all cases share one trampoline that finds its case
 * through CU_get_current_test().  Test memory is malloc()ed and freed when
 * the case ends.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "cunit_adapter.h"

struct test_mem {
	struct test_mem *next;
	max_align_t data[];
};

struct adapter {
	struct test_mem *mem;
};

bool lmm_test_report(struct lmm_test *t, bool ok, const char *file, int line,
		     const char *what)
{
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned int)line,
				what, file, t->name, CU_FALSE);
	if (!ok)
		t->failures++;
	return ok;
}

bool lmm_test_report_cmp(struct lmm_test *t, bool ok, const char *file,
			 int line, const char *what, long long left,
			 long long right)
{
	char msg[512];

	if (ok)
		return lmm_test_report(t, true, file, line, what);
	snprintf(msg, sizeof(msg), "%s (left %lld, right %lld)", what, left,
		 right);
	return lmm_test_report(t, false, file, line, msg);
}

void *lmm_test_mem(struct lmm_test *t, size_t bytes)
{
	struct adapter *a = t->adapter;
	struct test_mem *m = calloc(1, sizeof(*m) + bytes);

	if (!m)
		return NULL;
	m->next = a->mem;
	a->mem = m;
	return m->data;
}

int lmm_test_vformat(char *buf, size_t size, const char *fmt, va_list args)
{
	return vsnprintf(buf, size, fmt, args);
}

/* Which case each registered CUnit test runs. */
struct registration {
	CU_pTest test;
	const struct lmm_test_case *tcase;
};

static struct registration *registrations;
static size_t nregistrations;

static void run_current_case(void)
{
	CU_pTest current = CU_get_current_test();
	const struct lmm_test_case *tcase = NULL;
	struct adapter a = { NULL };
	struct lmm_test t = { .adapter = &a };
	size_t i;

	for (i = 0; i < nregistrations; i++)
		if (registrations[i].test == current)
			tcase = registrations[i].tcase;
	if (!tcase) {
		CU_FAIL("no lmm case is registered for this CUnit test");
		return;
	}
	lmm_test_case_begin(&t, tcase->name);
	tcase->run(&t);
	lmm_test_case_end(&t);
	while (a.mem) {
		struct test_mem *next = a.mem->next;

		free(a.mem);
		a.mem = next;
	}
}

int lmm_cunit_add_suite(const struct lmm_test_suite *suite,
			bool (*wanted)(const char *suite, const char *tcase))
{
	const struct lmm_test_case *c;
	CU_pSuite cs = NULL;

	for (c = suite->cases; c->name; c++) {
		struct registration *r = realloc(registrations,
						 (nregistrations + 1) *
						 sizeof(*r));
		CU_pTest test;

		if (!r)
			return -1;
		registrations = r;
		if (!wanted(suite->name, c->name))
			continue;
		if (!cs)
			cs = CU_add_suite(suite->name, NULL, NULL);
		if (!cs)
			return -1;
		test = CU_add_test(cs, c->name, run_current_case);
		if (!test)
			return -1;
		registrations[nregistrations].test = test;
		registrations[nregistrations].tcase = c;
		nregistrations++;
	}
	return 0;
}

void lmm_cunit_forget_suites(void)
{
	free(registrations);
	registrations = NULL;
	nregistrations = 0;
}

static int capture_file(void)
{
	FILE *f = tmpfile();
	int fd;

	if (!f)
		return -1;
	fd = dup(fileno(f));
	fclose(f);
	return fd;
}

static void read_back(int fd, char *buf, size_t size)
{
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
}

bool capture_begin(struct capture *c)
{
	fflush(stdout);
	fflush(stderr);
	c->file_out = capture_file();
	c->file_err = capture_file();
	c->saved_out = dup(STDOUT_FILENO);
	c->saved_err = dup(STDERR_FILENO);
	if (c->file_out < 0 || c->file_err < 0 || c->saved_out < 0 ||
	    c->saved_err < 0) {
		int *fd[] = { &c->file_out, &c->file_err, &c->saved_out,
			      &c->saved_err };
		size_t i;

		for (i = 0; i < 4; i++)
			if (*fd[i] >= 0)
				close(*fd[i]);
		return false;
	}
	dup2(c->file_out, STDOUT_FILENO);
	dup2(c->file_err, STDERR_FILENO);
	return true;
}

void capture_end(struct capture *c)
{
	fflush(stdout);
	fflush(stderr);
	dup2(c->saved_out, STDOUT_FILENO);
	dup2(c->saved_err, STDERR_FILENO);
	close(c->saved_out);
	close(c->saved_err);
	read_back(c->file_out, c->out, sizeof(c->out));
	read_back(c->file_err, c->err, sizeof(c->err));
}
