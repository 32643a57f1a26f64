/* SPDX-License-Identifier: MIT */
/*
 * t.h - the smallest test harness: checks count, failures print where and
 * what, t_done() prints "N passed, N failed" and gives the exit code.
 */
#ifndef T_H
#define T_H

#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define T_CHECK(cond, ...)                                                  \
	do {                                                                \
		if (cond) {                                                 \
			t_pass++;                                           \
		} else {                                                    \
			t_fail++;                                           \
			fprintf(stderr, "%s:%d: check failed: %s: ",        \
				__FILE__, __LINE__, #cond);                 \
			fprintf(stderr, __VA_ARGS__);                       \
			fputc('\n', stderr);                                \
		}                                                           \
	} while (0)

#define T_STREQ(got, want, what)                                            \
	do {                                                                \
		const char *t_g_ = (got), *t_w_ = (want);                   \
		T_CHECK((t_g_ == NULL && t_w_ == NULL) ||                   \
				(t_g_ && t_w_ && strcmp(t_g_, t_w_) == 0),  \
			"%s: got \"%s\", want \"%s\"", (what),              \
			t_g_ ? t_g_ : "(null)", t_w_ ? t_w_ : "(null)");    \
	} while (0)

#define T_INTEQ(got, want, what)                                            \
	do {                                                                \
		long long t_g_ = (long long)(got), t_w_ = (long long)(want); \
		T_CHECK(t_g_ == t_w_, "%s: got %lld, want %lld", (what),    \
			t_g_, t_w_);                                        \
	} while (0)

static inline int
t_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, t_pass, t_fail);
	return t_fail ? 1 : 0;
}

#endif
