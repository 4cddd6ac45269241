// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * seed_api.c - the LMM seed's API (uapi_mm.h) under LeakSanitizer: the seed
 * has no teardown, so the program ends with its families registered and
 * some blocks live, and LSan must report nothing.
 */
#include <pthread.h>

#include "lsan_check.h"
#include "uapi_mm.h"

typedef struct emp_ {
	char name[32];
	unsigned int id;
} emp_t;

typedef struct student_ {
	char name[32];
	unsigned int rollno;
	struct student_ *next;
} student_t;

#define NEMPS	300

static void *churn(void *arg)
{
	emp_t *emps[NEMPS];
	int i;

	(void)arg;
	for (i = 0; i < NEMPS; i++) {
		emps[i] = XCALLOC(1, emp_t);
		LSAN_CHECK(emps[i]);
		emps[i]->id = (unsigned int)i;
	}
	for (i = 0; i < NEMPS; i += 2)
		XFREE(emps[i]);
	return NULL;
}

int main(void)
{
	student_t *students;
	pthread_t thread;

	mm_init();
	MM_REG_STRUCT(emp_t);
	MM_REG_STRUCT(student_t);
	students = XCALLOC(4, student_t);
	LSAN_CHECK(students);
	students[0].next = &students[1];
	churn(NULL);
	LSAN_CHECK(!pthread_create(&thread, NULL, churn, NULL));
	LSAN_CHECK(!pthread_join(thread, NULL));
	return 0;
}
